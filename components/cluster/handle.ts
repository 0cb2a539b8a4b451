import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export type PlatformKind = "gcp" | "aws" | "existing";

/** How pods reach one pool of accelerator nodes. Produced by the cluster layer, consumed by profiles. */
export interface AcceleratorPool {
  /** Stable key of the pool (from the stack config). */
  name: string;
  vendor: "nvidia";
  /** Accelerator model, e.g. `nvidia-l4`, when known. */
  type?: string;
  /** Extended resource pods request, e.g. `nvidia.com/gpu`. */
  resourceName: string;
  /** GPUs per node, when known. */
  countPerNode?: number;
  /** Labels that select the pool's nodes. */
  nodeSelector: Record<string, string>;
  /** Taints on the pool's nodes that pods must tolerate. */
  taints: Array<{
    key: string;
    value?: string;
    effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  }>;
}

/** Who installs the GPU driver and device plugin on this cluster. */
export type GpuDriverMode =
  /** The platform does both (GKE with `gpuDriverInstallationConfig`): install nothing. */
  | "platform-managed"
  /** Drivers are on the node image (EKS NVIDIA AMIs, most existing clusters): install the device plugin. */
  | "driver-on-node"
  /** No accelerators. */
  | "none";

/** Who installs the snapshot API (the `snapshot.storage.k8s.io` CRDs and the CSI snapshot controller). */
export type SnapshotControllerSource =
  /** The platform itself (GKE, control plane 1.17 or later). */
  | "platform-managed"
  /** A managed add-on this program installs (EKS `snapshot-controller`). */
  | "add-on"
  /** The operator of an existing cluster, who says so in its config. */
  | "cluster";

/** How volumes of the platform's StorageClass are snapshotted. */
export interface VolumeSnapshotSupport {
  /**
   * CSI driver that provisions the platform's StorageClass, and so takes its volumes' snapshots: a
   * VolumeSnapshotClass must name the same driver as the PersistentVolumes it snapshots.
   */
  driver: string;
  controller: SnapshotControllerSource;
}

/**
 * Facts of a GKE cluster that a cloud component beside it (public entry, managed stores) builds on. Read only
 * by components under `components/cloud/` and by `stacks/`; the services and Kubeflow layers never do.
 */
export interface GcpClusterFacts {
  kind: "gcp";
  project: string;
  region: string;
  /** The cluster's VPC network (id or self link). */
  network: pulumi.Input<string>;
  /** Its subnetwork (id or self link). */
  subnetwork: pulumi.Input<string>;
  /** Workload Identity pool, `<project>.svc.id.goog`. */
  workloadPool: string;
  /**
   * Zones of the cluster's nodes (GkeCluster: the cluster's `nodeLocations`, where the system pool and so
   * the gateway pods and their standalone NEGs are).
   * @default - the region's zones that are UP (a handle that does not know them)
   */
  zones?: pulumi.Input<string[]>;
  /** The provider the cluster's own Google resources use, when the component has one. */
  provider?: pulumi.ProviderResource;
}

/** Facts of an EKS cluster that a cloud component beside it builds on (see `GcpClusterFacts`). */
export interface AwsClusterFacts {
  kind: "aws";
  region: string;
  /** The cluster's name in EKS. */
  clusterName: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  privateSubnetIds: readonly pulumi.Input<string>[];
  /** The EKS-created security group on the control plane and every managed node (and so the pods). */
  clusterSecurityGroupId: pulumi.Input<string>;
  /** IAM OIDC provider of the cluster's service-account issuer, for IRSA trust policies. */
  oidcProviderArn: pulumi.Input<string>;
  /** The issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<id>`). */
  oidcIssuer: pulumi.Input<string>;
  /** The explicit AWS provider the cluster's resources use (the stack's region). */
  provider: pulumi.ProviderResource;
}

/**
 * Everything the layers above the cluster need to know about it. Services and Kubeflow depend on this and
 * never branch on the cloud: what differs by platform is a fact carried here.
 */
export interface ClusterHandle {
  /** Platform name from the stack config; prefixes resource names. */
  readonly name: string;
  readonly platform: PlatformKind;
  /** The provider every Kubernetes resource of the platform uses. */
  readonly provider: k8s.Provider;
  /** The kubeconfig, always a secret, when this program has one (not when the ambient context is used). */
  readonly kubeconfig?: pulumi.Output<string>;
  /** StorageClass for PVCs; undefined means the cluster's default StorageClass. */
  readonly storageClass?: string;
  /** Whether Services of type LoadBalancer get an external address. */
  readonly loadBalancer: boolean;
  /** Issuer of the cluster's service-account tokens, for oauth2-proxy machine-to-machine auth. */
  readonly oidcIssuer: pulumi.Input<string>;
  /** Host directory for CNI binaries: `/opt/cni/bin`, but `/home/kubernetes/bin` on GKE (read-only /opt). */
  readonly cniBinDir: string;
  /** Kubernetes minor version (`1.34`), when known. */
  readonly kubernetesVersion?: string;
  readonly gpuDriver: GpuDriverMode;
  /** Volume snapshots of the platform's storage; undefined when the cluster offers none the program knows. */
  readonly snapshots?: VolumeSnapshotSupport;
  readonly accelerators: readonly AcceleratorPool[];
  /** The cloud's facts, for the cloud components composed beside the cluster; absent on existing clusters. */
  readonly cloud?: GcpClusterFacts | AwsClusterFacts;
  /**
   * Resources that must exist before Kubernetes objects are applied (node pools, add-ons). Components pass
   * them as `dependsOn` of their first children.
   */
  readonly ready: readonly pulumi.Resource[];
}

/** The in-cluster issuer Kubernetes uses unless the platform says otherwise (kind, k3s, most on-prem). */
export const DEFAULT_SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";
export const DEFAULT_CNI_BIN_DIR = "/opt/cni/bin";

/** CSI driver of GKE's Persistent Disk StorageClasses (`standard-rwo`, `premium-rwo`). */
export const GKE_PD_CSI_DRIVER = "pd.csi.storage.gke.io";
/** CSI driver of EBS volumes, installed as the `aws-ebs-csi-driver` EKS add-on. */
export const EBS_CSI_DRIVER = "ebs.csi.aws.com";

/**
 * Pure: whether Services of type LoadBalancer get an address. GKE and EKS provision cloud load balancers; an
 * existing cluster has them only when its config says so. The stack config checks exposure against the same
 * fact before any resource exists.
 */
export function platformLoadBalancer(platform: PlatformKind, declared?: boolean): boolean {
  return platform === "existing" ? (declared ?? false) : true;
}
