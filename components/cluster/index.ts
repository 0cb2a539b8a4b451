/** The cluster layer: one component per platform, each giving the same `ClusterHandle`. */
export {
  EXISTING_ACCELERATOR_DEFAULTS,
  EXISTING_CLUSTER_DEFAULTS,
  ExistingCluster,
} from "./existing";
export type {
  ExistingAcceleratorArgs,
  ExistingClusterArgs,
  ExistingClusterOptions,
} from "./existing";
export { GkeCluster } from "./gke";
export type { GkeClusterArgs, GkeNetworkArgs, GkeSystemPoolArgs } from "./gke";
export type { GkeAuthorizedNetwork } from "./gke-options";
export {
  GKE_CLUSTER_DEFAULTS,
  GKE_GPU_POOL_DEFAULTS,
  GKE_NETWORK_DEFAULTS,
  GKE_SYSTEM_POOL_DEFAULTS,
} from "./gke-options";
export type { GkeClusterOptions, GkeNetworkOptions, GkeSystemPoolOptions } from "./gke-options";
export type { GkeAcceleratorPoolArgs } from "./gke-plan";
export { EksCluster } from "./eks";
export type { EksClusterArgs, EksNetworkArgs, EksSystemPoolArgs } from "./eks";
export {
  EKS_CLUSTER_DEFAULTS,
  EKS_GPU_POOL_DEFAULTS,
  EKS_LOG_TYPES,
  EKS_SYSTEM_POOL_DEFAULTS,
  EKS_VPC_DEFAULTS,
} from "./eks-options";
export type {
  EksAcceleratorPoolArgs,
  EksAddonVersions,
  EksClusterAdmin,
  EksClusterAutoscalerArgs,
  EksClusterOptions,
  EksNetworkOptions,
  EksSystemPoolOptions,
} from "./eks-options";
export { EksVpc } from "./eks-vpc";
export type { EksVpcArgs } from "./eks-vpc";
export { CLUSTER_AUTOSCALER_DEFAULTS, ClusterAutoscaler } from "./cluster-autoscaler";
export type { ClusterAutoscalerArgs, ClusterAutoscalerOptions } from "./cluster-autoscaler";
export { ACCELERATOR_POOL_SCALING_DEFAULTS, CLUSTER_PROTECTION_DEFAULTS } from "./options";
export type { AcceleratorPoolBaseArgs, ClusterProtectionOptions } from "./options";
export { PlatformSnapshotClass, SNAPSHOT_CLASS_DEFAULTS } from "./snapshot-class";
export type { VolumeSnapshotClassArgs, VolumeSnapshotClassOptions } from "./snapshot-class";
export { CloudFactError } from "./problems";
/**
 * The TSDoc summary of each field of the folder's `*Options` interfaces and `@optionDocs` types (generated:
 * npm run option-docs).
 */
export * from "./option-docs";
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
