/**
 * Composes the layers of one stack from its validated config. `index.ts` calls `runStack()`; the tests call
 * the same function with mocks, so what they inventory is exactly what `pulumi up` would register.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../components/cluster/handle";
import { ServicesHandle } from "../components/services/handle";
import { createCluster } from "./cluster";
import { loadConfig, PlatformConfig } from "./config";
import { createKubeflow, KubeflowHandle } from "./kubeflow";
import { createProfiles } from "./profiles";
import { createServices } from "./services";

export interface StackOutputs {
  platform: string;
  clusterName: string;
  kubeconfig?: pulumi.Output<string>;
}

export interface Platform {
  config: PlatformConfig;
  cluster: ClusterHandle;
  services: ServicesHandle;
  kubeflow: KubeflowHandle;
  outputs: StackOutputs;
}

/** Build every layer for a validated config. */
export function composePlatform(config: PlatformConfig): Platform {
  const cluster = createCluster(config);
  const services = createServices(config, cluster);
  const kubeflow = createKubeflow(config, cluster, services);
  createProfiles(config, cluster, services, kubeflow);
  return {
    config,
    cluster,
    services,
    kubeflow,
    outputs: {
      platform: config.platform,
      clusterName: cluster.name,
      ...(cluster.kubeconfig !== undefined ? { kubeconfig: cluster.kubeconfig } : {}),
    },
  };
}

/** Load the stack config (failing before any resource is registered) and compose the platform. */
export function runStack(): StackOutputs {
  return composePlatform(loadConfig()).outputs;
}
