/**
 * Settings of an EksCluster and its EksVpc, each default written once. The stack schema
 * (`stacks/config/cluster-aws.ts`) takes its defaults from these constants and checks at compile time that its
 * `cluster` section fits `EksClusterOptions`; the components apply the same constants with `??`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MirrorSpec } from "../shared/image-ref";
import type { GpuNodeOs } from "./eks-catalog";
import {
  ACCELERATOR_POOL_SCALING_DEFAULTS,
  type AcceleratorPoolBaseArgs,
  CLUSTER_PROTECTION_DEFAULTS,
  type ClusterProtectionOptions,
  DefaultsOf,
} from "./options";

/** The defaults of a new VPC (`EksVpcArgs`, `EksNetworkOptions`), written once. */
export const EKS_VPC_DEFAULTS = {
  cidr: "10.0.0.0/16",
  singleNatGateway: false,
} as const satisfies { cidr: string; singleNatGateway: boolean };

/** Where the cluster's network comes from. */
export interface EksNetworkOptions {
  /** CIDR of a new VPC (a /16 to /20). @default EKS_VPC_DEFAULTS.cidr ("10.0.0.0/16") */
  vpcCidr?: string;
  /**
   * Availability zones of a new VPC's subnets (two or more, suffixes a-f).
   * @default - the region's zones a, b and c
   */
  availabilityZones?: string[];
  /**
   * One NAT gateway for all zones (cheaper) instead of one per zone (survives a zone outage).
   * @default EKS_VPC_DEFAULTS.singleNatGateway (false)
   */
  singleNatGateway?: boolean;
  /**
   * Existing VPC to use, with `privateSubnetIds`.
   * @default - the VPC of the first private subnet, or a new VPC
   * @remarks May be an Output of a VPC the caller creates.
   */
  vpcId?: pulumi.Input<string>;
  /**
   * Private subnets of the existing VPC (two zones or more, with a route to a NAT); listing them is what
   * decides that no VPC is created.
   * @default - new subnets
   * @remarks Each may be an Output.
   */
  privateSubnetIds?: pulumi.Input<string>[];
}

/** The system managed node group. */
export interface EksSystemPoolOptions {
  /**
   * Instance types of the system node group. Replaces its nodes.
   * @default EKS_SYSTEM_POOL_DEFAULTS.instanceTypes (["m6i.2xlarge"])
   */
  instanceTypes?: string[];
  /** Fewest system nodes. @default EKS_SYSTEM_POOL_DEFAULTS.min (2) */
  min?: number;
  /** Most system nodes. @default EKS_SYSTEM_POOL_DEFAULTS.max (6) */
  max?: number;
  /** Root volume size per node, in GB. @default EKS_SYSTEM_POOL_DEFAULTS.diskSizeGb (100) */
  diskSizeGb?: number;
}

/** The defaults of `EksSystemPoolOptions`, written once. */
export const EKS_SYSTEM_POOL_DEFAULTS = {
  instanceTypes: ["m6i.2xlarge"],
  min: 2,
  max: 6,
  diskSizeGb: 100,
} as const satisfies DefaultsOf<EksSystemPoolOptions, keyof EksSystemPoolOptions>;

/**
 * One GPU managed node group; its key and scaling are `AcceleratorPoolBaseArgs`' (`min` and `max` as
 * EKS_GPU_POOL_DEFAULTS spreads them).
 * @optionDocs
 */
export interface EksAcceleratorPoolArgs extends AcceleratorPoolBaseArgs {
  /**
   * EC2 GPU instance type from the catalog (g5, g6, g6e, p4d, p5, ... sizes, e.g. `g6.xlarge`). Replaces the
   * pool's nodes.
   */
  instanceType: string;
  /** Use Spot capacity (cheaper, may be interrupted). @default EKS_GPU_POOL_DEFAULTS.spot (false) */
  spot?: boolean;
  /**
   * Node OS: the EKS AL2023 or Bottlerocket NVIDIA AMI (driver and container toolkit on the node).
   * @default EKS_GPU_POOL_DEFAULTS.os ("al2023")
   */
  os?: GpuNodeOs;
  /**
   * Availability zones to limit the pool to (where your capacity reservation or quota is); zones of the
   * cluster's subnets.
   * @default - every cluster zone that offers the instance type
   */
  zones?: string[];
  /**
   * Root (AL2023) or data (Bottlerocket) volume size per GPU node, in GB.
   * @default EKS_GPU_POOL_DEFAULTS.diskSizeGb (200)
   */
  diskSizeGb?: number;
}

/** The defaults of `EksAcceleratorPoolArgs`, written once. */
export const EKS_GPU_POOL_DEFAULTS = {
  ...ACCELERATOR_POOL_SCALING_DEFAULTS,
  spot: false,
  os: "al2023",
  diskSizeGb: 200,
} as const satisfies Required<
  Pick<EksAcceleratorPoolArgs, "min" | "max" | "spot" | "os" | "diskSizeGb">
>;

/**
 * Pinned add-on versions; undefined lets EKS choose the default for the cluster version.
 * @optionDocs
 */
export interface EksAddonVersions {
  /** vpc-cni add-on version. @default - EKS default */
  vpcCni?: string;
  /** coredns add-on version. @default - EKS default */
  coredns?: string;
  /** kube-proxy add-on version. @default - EKS default */
  kubeProxy?: string;
  /** aws-ebs-csi-driver add-on version. @default - EKS default */
  ebsCsiDriver?: string;
  /** snapshot-controller add-on version (the VolumeSnapshot CRDs and controller). @default - EKS default */
  snapshotController?: string;
}

/**
 * An IAM principal given cluster-admin through an EKS access entry.
 * @optionDocs
 */
export interface EksClusterAdmin {
  /** Stable key of the access entry. @remarks A plain string: it names the resource. */
  name: string;
  /** IAM role or user ARN given cluster-admin. @remarks May be an Output of a role the caller creates. */
  principalArn: pulumi.Input<string>;
}

/**
 * Whether the cluster runs cluster-autoscaler, and which release.
 * @optionDocs
 */
export interface EksClusterAutoscalerArgs {
  /**
   * Install cluster-autoscaler, which grows GPU node groups from zero and shrinks them back.
   * @default EKS_CLUSTER_DEFAULTS.clusterAutoscaler.enabled (true)
   */
  enabled?: boolean;
  /**
   * cluster-autoscaler image tag (ClusterAutoscalerOptions.version).
   * @default - the release catalogued for the Kubernetes version
   */
  version?: string;
}

/** Control-plane log types EKS can send to CloudWatch Logs. */
export const EKS_LOG_TYPES = [
  "api",
  "audit",
  "authenticator",
  "controllerManager",
  "scheduler",
] as const;

/** Settings of an EKS cluster: everything but the wiring. Every default is in `EKS_CLUSTER_DEFAULTS`. */
export interface EksClusterOptions extends ClusterProtectionOptions {
  /** AWS region of the cluster. */
  region: string;
  /** EKS cluster name. @default - the component name */
  clusterName?: string;
  /**
   * Kubernetes minor version; raise one minor at a time to upgrade.
   * @default EKS_CLUSTER_DEFAULTS.kubernetesVersion ("1.34")
   */
  kubernetesVersion?: string;
  /** VPC, subnets and NAT gateways. @default {} (a new VPC, EKS_VPC_DEFAULTS) */
  network?: EksNetworkOptions;
  /**
   * Reach the API server from inside the VPC on its private address.
   * @default EKS_CLUSTER_DEFAULTS.endpointPrivateAccess (true)
   */
  endpointPrivateAccess?: boolean;
  /**
   * Reach the API server from outside the VPC (restrict with publicAccessCidrs).
   * @default EKS_CLUSTER_DEFAULTS.endpointPublicAccess (true)
   */
  endpointPublicAccess?: boolean;
  /**
   * CIDR blocks allowed to reach the public endpoint.
   * @default EKS_CLUSTER_DEFAULTS.publicAccessCidrs (["0.0.0.0/0"])
   */
  publicAccessCidrs?: string[];
  /**
   * KMS key for envelope encryption of Kubernetes Secrets.
   * @default - a new key with rotation
   * @remarks The ARN may be an Output of a key the caller creates.
   */
  secretsEncryptionKeyArn?: pulumi.Input<string>;
  /** Control-plane log types sent to CloudWatch Logs. @default EKS_CLUSTER_DEFAULTS.logTypes (all five) */
  logTypes?: string[];
  /** IAM principals given cluster-admin through EKS access entries, each {name, principalArn}. @default [] */
  admins?: EksClusterAdmin[];
  /** Pinned versions of the EKS add-ons. @default {} */
  addons?: EksAddonVersions;
  /** The managed node group for system workloads. @default {} (EKS_SYSTEM_POOL_DEFAULTS) */
  systemPool?: EksSystemPoolOptions;
  /** Cluster-autoscaler, which scales the node groups (GPU groups from zero). @default { enabled: true } */
  clusterAutoscaler?: EksClusterAutoscalerArgs;
  /** Registry mirror of the images this component runs (cluster-autoscaler). @default - public registries */
  imageMirror?: MirrorSpec;
  /** GPU managed node groups, autoscaled from min (0 by default). @default [] */
  accelerators?: EksAcceleratorPoolArgs[];
}

/** The defaults of `EksClusterOptions`, written once. */
export const EKS_CLUSTER_DEFAULTS = {
  kubernetesVersion: "1.34",
  endpointPrivateAccess: true,
  endpointPublicAccess: true,
  publicAccessCidrs: ["0.0.0.0/0"],
  logTypes: EKS_LOG_TYPES,
  clusterAutoscaler: { enabled: true },
  ...CLUSTER_PROTECTION_DEFAULTS,
} as const satisfies DefaultsOf<
  EksClusterOptions,
  | "kubernetesVersion"
  | "endpointPrivateAccess"
  | "endpointPublicAccess"
  | "publicAccessCidrs"
  | "logTypes"
  | "clusterAutoscaler"
  | "deletionProtection"
  | "protect"
>;
