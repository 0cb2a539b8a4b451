/**
 * Composes the layers of one stack from its validated config. `index.ts` calls `runStack()`; the tests call
 * the same function with mocks, so what they inventory is exactly what `pulumi up` would register.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../components/cluster/handle";
import { createCluster } from "./cluster";
import { loadConfig, PlatformConfig } from "./config";

export interface StackOutputs {
  platform: string;
  clusterName: string;
  kubeconfig?: pulumi.Output<string>;
}

export interface Platform {
  config: PlatformConfig;
  cluster: ClusterHandle;
  outputs: StackOutputs;
}

/** Build every layer for a validated config. */
export function composePlatform(config: PlatformConfig): Platform {
  const cluster = createCluster(config);
  return {
    config,
    cluster,
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
