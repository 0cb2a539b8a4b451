/** A literal GKE cluster handle, config and request for the GCP managed stores, built under mocks. */
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { ClusterHandle } from "../../../components/cluster/handle";
import { CloudConfig, StoresRequest } from "../../../stacks/cloud-factories";
import { gcpClusterSchema } from "../../../stacks/config/cluster-gcp";

export const NETWORK = "projects/acme-ml-prod/global/networks/kubeflow-network";

export function config(stores: unknown): CloudConfig<"gcp"> {
  const cluster = gcpClusterSchema.parse({
    project: "acme-ml-prod",
    region: "europe-west4",
    stores,
  });
  return { platform: "gcp", cluster } as unknown as CloudConfig<"gcp">;
}

export const REQUEST: StoresRequest = {
  objectStore: true,
  bucketPrincipals: [
    { namespace: "kubeflow", serviceAccount: "ml-pipeline" },
    { namespace: "team-a", serviceAccount: "default-editor" },
  ],
  databases: { pipelines: "mlpipeline", metadata: "metadb", katib: "katib" },
};

export function handle(provider: gcp.Provider): ClusterHandle {
  return {
    name: "kubeflow",
    platform: "gcp",
    provider: new k8s.Provider("k8s", {}),
    loadBalancer: true,
    oidcIssuer:
      "https://container.googleapis.com/v1/projects/acme-ml-prod/locations/europe-west4/clusters/kubeflow",
    cniBinDir: "/home/kubernetes/bin",
    gpuDriver: "none",
    accelerators: [],
    cloud: {
      kind: "gcp",
      project: "acme-ml-prod",
      region: "europe-west4",
      network: NETWORK,
      subnetwork: "projects/acme-ml-prod/regions/europe-west4/subnetworks/kubeflow-nodes",
      workloadPool: "acme-ml-prod.svc.id.goog",
      provider,
    },
    ready: [],
  };
}
