/**
 * Objects the cloud platform puts on a cluster it creates, which no resource of the program registers but
 * which the platform's objects rely on: GKE's Persistent Disk StorageClasses, the default class every
 * Kubeflow PVC without a `storageClassName` is provisioned by. Modelled from the registered cluster resource
 * and GKE's documentation, so the rules see the provisioner the cluster will use.
 */
import { K8sObject } from "../../components/kubeflow/types";
import { GKE_PD_CSI_DRIVER } from "../../components/cluster/handle";
import { RegisteredResource } from "./render";
import { PlatformObject } from "./types";

/** The annotation that makes a StorageClass the cluster's default. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

const GKE_CLUSTER_TYPE = "gcp:container/cluster:Cluster";

/**
 * GKE's Persistent Disk StorageClasses on a cluster with the PD CSI driver: `standard-rwo` (balanced PD, the
 * default) and `premium-rwo` (SSD PD), both provisioned by `pd.csi.storage.gke.io`.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver
 */
export function gkeStorageClasses(): K8sObject[] {
  const sc = (name: string, type: string, isDefault: boolean): K8sObject => ({
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: {
      name,
      ...(isDefault ? { annotations: { [DEFAULT_STORAGE_CLASS_ANNOTATION]: "true" } } : {}),
    },
    provisioner: GKE_PD_CSI_DRIVER,
    parameters: { type },
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
  });
  return [sc("standard-rwo", "pd-balanced", true), sc("premium-rwo", "pd-ssd", false)];
}

/** Pure: whether a registered GKE cluster runs the Persistent Disk CSI driver (the program enables it). */
function gkePdCsiEnabled(r: RegisteredResource): boolean {
  const addons = r.inputs.addonsConfig as
    { gcePersistentDiskCsiDriverConfig?: { enabled?: boolean } } | undefined;
  return addons?.gcePersistentDiskCsiDriverConfig?.enabled === true;
}

/** Pure: the objects the platforms of the registered clusters provide. */
export function platformProvidedObjects(
  resources: readonly RegisteredResource[],
): PlatformObject[] {
  const out: PlatformObject[] = [];
  for (const r of resources) {
    if (r.type === GKE_CLUSTER_TYPE && gkePdCsiEnabled(r)) {
      for (const obj of gkeStorageClasses()) {
        out.push({ obj, source: { via: "program", resource: `platform model (GKE ${r.name})` } });
      }
    }
  }
  return out;
}
