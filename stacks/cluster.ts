/** The cluster layer of a stack: one component per platform, all giving the same ClusterHandle. */
import * as pulumi from "@pulumi/pulumi";
import { ExistingCluster } from "../components/cluster/existing";
import { ClusterHandle } from "../components/cluster/handle";
import { PlatformConfig } from "./config";

export function createCluster(cfg: PlatformConfig): ClusterHandle {
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
      }).handle;
    }
    case "gcp":
    case "aws":
      // Refused by the config schema; kept exhaustive for the type checker.
      throw new pulumi.RunError(`platform "${cfg.platform}" is not supported yet`);
  }
}
