/** The Kubeflow layer of a stack. Placeholder until release bundles are built: nothing is installed. */
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../components/cluster/handle";
import { ServicesHandle } from "../components/services/handle";
import { PlatformConfig } from "./config";

export interface KubeflowHandle {
  /** The release installed, e.g. `26.03`; undefined when Kubeflow is not installed. */
  release?: string;
  /** Resources user profiles must wait for (profile controller, CRDs, PodDefault webhook). */
  ready: readonly pulumi.Resource[];
}

export function createKubeflow(
  _cfg: PlatformConfig,
  _cluster: ClusterHandle,
  _services: ServicesHandle,
): KubeflowHandle {
  return { ready: [] };
}
