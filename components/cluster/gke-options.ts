/**
 * Settings of a GkeCluster, each default written once. The stack schema (`stacks/config/cluster-gcp.ts`)
 * takes its defaults from these constants and checks at compile time that its `cluster` section fits
 * `GkeClusterOptions`; the component applies the same constants with `??`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { GkeAcceleratorPoolArgs } from "./gke-plan";
import { ACCELERATOR_POOL_SCALING_DEFAULTS, CLUSTER_PROTECTION_DEFAULTS } from "./options";

/** Where the cluster's network comes from. */
export interface GkeNetworkOptions {
  /**
   * Existing VPC network (name, id or self link; may be an Output of a network the caller creates), with
   * `subnetwork`. @default - a new network, subnetwork, router and Cloud NAT
   */
  network?: pulumi.Input<string>;
  /**
   * Existing subnetwork with the two secondary ranges, with `network` (may be an Output).
   * @default - a new subnetwork
   */
  subnetwork?: pulumi.Input<string>;
  /** Primary range of a new subnetwork. @default GKE_NETWORK_DEFAULTS.nodesCidr ("10.10.0.0/20") */
  nodesCidr?: string;
  /** Pods secondary range of a new subnetwork. @default GKE_NETWORK_DEFAULTS.podsCidr ("10.16.0.0/14") */
  podsCidr?: string;
  /** Services secondary range of a new subnetwork. @default GKE_NETWORK_DEFAULTS.servicesCidr ("10.20.0.0/20") */
  servicesCidr?: string;
  /** Name of the pods secondary range. @default GKE_NETWORK_DEFAULTS.podsRangeName ("pods") */
  podsRangeName?: string;
  /** Name of the Services secondary range. @default GKE_NETWORK_DEFAULTS.servicesRangeName ("services") */
  servicesRangeName?: string;
  /** Control-plane /28. @default GKE_NETWORK_DEFAULTS.masterCidr ("172.16.0.0/28") */
  masterCidr?: string;
}

/** The defaults of `GkeNetworkOptions` for a new subnetwork and the control plane, written once. */
export const GKE_NETWORK_DEFAULTS = {
  nodesCidr: "10.10.0.0/20",
  podsCidr: "10.16.0.0/14",
  servicesCidr: "10.20.0.0/20",
  podsRangeName: "pods",
  servicesRangeName: "services",
  masterCidr: "172.16.0.0/28",
} as const satisfies Required<Omit<GkeNetworkOptions, "network" | "subnetwork">>;

/** The system node pool. */
export interface GkeSystemPoolOptions {
  /** Machine type. @default GKE_SYSTEM_POOL_DEFAULTS.machineType ("e2-standard-8") */
  machineType?: string;
  /** Fewest nodes in total. @default GKE_SYSTEM_POOL_DEFAULTS.min (1) */
  min?: number;
  /** Most nodes in total. @default GKE_SYSTEM_POOL_DEFAULTS.max (6) */
  max?: number;
  /** Boot disk size in GB. @default GKE_SYSTEM_POOL_DEFAULTS.diskSizeGb (100) */
  diskSizeGb?: number;
}

/** The defaults of `GkeSystemPoolOptions`, written once. */
export const GKE_SYSTEM_POOL_DEFAULTS = {
  machineType: "e2-standard-8",
  min: 1,
  max: 6,
  diskSizeGb: 100,
} as const satisfies Required<GkeSystemPoolOptions>;

/** The defaults of a GPU pool's settings (`GkeAcceleratorPoolArgs`), written once. */
export const GKE_GPU_POOL_DEFAULTS = {
  ...ACCELERATOR_POOL_SCALING_DEFAULTS,
  spot: false,
  diskSizeGb: 200,
  driverVersion: "LATEST",
} as const satisfies Required<
  Pick<GkeAcceleratorPoolArgs, "min" | "max" | "spot" | "diskSizeGb" | "driverVersion">
>;

/** Settings of a GKE cluster: everything but the wiring. Every default is in `GKE_CLUSTER_DEFAULTS`. */
export interface GkeClusterOptions {
  /** Google Cloud project of the cluster. */
  project: string;
  /** Region of the regional cluster. */
  region: string;
  /** GKE cluster name. @default - the component name */
  clusterName?: string;
  /** Release channel. @default GKE_CLUSTER_DEFAULTS.releaseChannel ("REGULAR") */
  releaseChannel?: "RAPID" | "REGULAR" | "STABLE";
  /** Minimum control-plane minor version. @default - the channel's default */
  kubernetesVersion?: string;
  /** Network and IP ranges. @default {} (a new network, GKE_NETWORK_DEFAULTS) */
  network?: GkeNetworkOptions;
  /** Control plane reachable only on its private address. @default GKE_CLUSTER_DEFAULTS.privateEndpoint (false) */
  privateEndpoint?: boolean;
  /** CIDRs allowed to reach the control plane. @default [] (no restriction beyond IAM) */
  masterAuthorizedNetworks?: Array<{ name: string; cidr: string }>;
  /** Dataplane V2 (else Calico network policy). @default GKE_CLUSTER_DEFAULTS.dataplaneV2 (true) */
  dataplaneV2?: boolean;
  /**
   * Cloud KMS key id for application-layer Secrets encryption (may be an Output of a key the caller
   * creates). @default - none
   */
  secretsEncryptionKey?: pulumi.Input<string>;
  /** Managed Service for Prometheus. @default GKE_CLUSTER_DEFAULTS.managedPrometheus (true) */
  managedPrometheus?: boolean;
  /** GKE deletion protection. @default GKE_CLUSTER_DEFAULTS.deletionProtection (true) */
  deletionProtection?: boolean;
  /** Pulumi `protect` on the cluster. @default GKE_CLUSTER_DEFAULTS.protect (true) */
  protect?: boolean;
  /** System node pool. @default {} (GKE_SYSTEM_POOL_DEFAULTS) */
  systemPool?: GkeSystemPoolOptions;
  /** GPU node pools. @default [] */
  accelerators?: GkeAcceleratorPoolArgs[];
}

/** The defaults of `GkeClusterOptions`, written once. */
export const GKE_CLUSTER_DEFAULTS = {
  releaseChannel: "REGULAR",
  privateEndpoint: false,
  dataplaneV2: true,
  managedPrometheus: true,
  ...CLUSTER_PROTECTION_DEFAULTS,
} as const satisfies Required<
  Pick<
    GkeClusterOptions,
    | "releaseChannel"
    | "privateEndpoint"
    | "dataplaneV2"
    | "managedPrometheus"
    | "deletionProtection"
    | "protect"
  >
>;
