/** The profiles layer of a stack. Placeholder until profiles are built: nothing is created. */
import { ClusterHandle } from "../components/cluster/handle";
import { ServicesHandle } from "../components/services/handle";
import { PlatformConfig } from "./config";
import { KubeflowHandle } from "./kubeflow";

export function createProfiles(
  _cfg: PlatformConfig,
  _cluster: ClusterHandle,
  _services: ServicesHandle,
  _kubeflow: KubeflowHandle,
): void {}
