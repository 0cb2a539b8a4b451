/** The cluster layer: one component per platform, each giving the same `ClusterHandle`. */
export { ExistingCluster } from "./existing";
export type { ExistingAcceleratorArgs, ExistingClusterArgs } from "./existing";
export { GkeCluster } from "./gke";
export type { GkeClusterArgs, GkeNetworkArgs, GkeSystemPoolArgs } from "./gke";
export type { GkeAcceleratorPoolArgs } from "./gke-plan";
export { EksCluster } from "./eks";
export type { EksClusterArgs, EksNetworkArgs, EksSystemPoolArgs } from "./eks";
export type { EksAcceleratorPoolArgs } from "./eks-plan";
export { EksVpc } from "./eks-vpc";
export type { EksVpcArgs } from "./eks-vpc";
export { ClusterAutoscaler } from "./cluster-autoscaler";
export type { ClusterAutoscalerArgs } from "./cluster-autoscaler";
export { PlatformSnapshotClass } from "./snapshot-class";
export type { VolumeSnapshotClassArgs, VolumeSnapshotClassOptions } from "./snapshot-class";
export { CloudFactError } from "./problems";
export {
  DEFAULT_CNI_BIN_DIR,
  DEFAULT_SERVICE_ACCOUNT_ISSUER,
  EBS_CSI_DRIVER,
  GKE_PD_CSI_DRIVER,
  platformLoadBalancer,
} from "./handle";
export type {
  AcceleratorPool,
  ClusterHandle,
  GpuDriverMode,
  PlatformKind,
  SnapshotControllerSource,
  VolumeSnapshotSupport,
} from "./handle";
