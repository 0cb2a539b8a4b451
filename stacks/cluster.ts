/** The cluster layer of a stack: one component per platform, all giving the same ClusterHandle. */
import { EksCluster } from "../components/cluster/eks";
import { ExistingCluster } from "../components/cluster/existing";
import { GkeCluster } from "../components/cluster/gke";
import { ClusterHandle } from "../components/cluster/handle";
import * as pulumi from "@pulumi/pulumi";
import { PlatformSnapshotClass } from "../components/cluster/snapshot-class";
import { PlatformConfig } from "./config";

/**
 * The cluster of the stack, and the VolumeSnapshotClass of its storage where the cluster offers snapshots
 * (GKE, EKS, an existing cluster with `cluster.snapshots.driver`).
 */
export function createCluster(cfg: PlatformConfig): ClusterHandle {
  const handle = createPlatformCluster(cfg);
  if (handle.snapshots !== undefined) {
    new PlatformSnapshotClass(`${handle.name}-snapshots`, { cluster: handle });
  }
  return handle;
}

function createPlatformCluster(cfg: PlatformConfig): ClusterHandle {
  // Problems only the cloud reveals at preview (zone offerings) name the config key.
  const argsName = `${pulumi.getProject()}:cluster`;
  switch (cfg.platform) {
    case "existing": {
      const c = cfg.cluster;
      return new ExistingCluster(c.name, {
        ...(c.context !== undefined ? { context: c.context } : {}),
        ...(c.kubeconfigPath !== undefined ? { kubeconfigPath: c.kubeconfigPath } : {}),
        ...(c.kubeconfigSecret !== undefined ? { kubeconfig: c.kubeconfigSecret.value() } : {}),
        ...(c.storageClass !== undefined ? { storageClass: c.storageClass } : {}),
        loadBalancer: c.loadBalancer,
        ...(c.kubernetesVersion !== undefined ? { kubernetesVersion: c.kubernetesVersion } : {}),
        accelerators: c.accelerators,
        ...(c.snapshots.driver !== undefined ? { snapshotDriver: c.snapshots.driver } : {}),
      }).handle;
    }
    case "gcp": {
      // The entry is composed beside the cluster (stacks/entry.ts), not by it.
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { name, network, accelerators, entry, ...rest } = cfg.cluster;
      return new GkeCluster(name, {
        ...rest,
        clusterName: name,
        network,
        accelerators: accelerators.map((a) => ({ ...a })),
        argsName,
      }).handle;
    }
    case "aws": {
      const { name, network, accelerators, ...rest } = cfg.cluster;
      return new EksCluster(name, {
        ...rest,
        clusterName: name,
        network,
        accelerators: accelerators.map((a) => ({ ...a })),
        ...(cfg.kubeflow.imageRegistry !== undefined
          ? { imageMirror: cfg.kubeflow.imageRegistry }
          : {}),
        argsName,
      }).handle;
    }
  }
}
