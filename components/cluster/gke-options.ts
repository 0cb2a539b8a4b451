/**
 * Settings of a GkeCluster, each default written once. The stack schema (`stacks/config/cluster-gcp.ts`)
 * takes its defaults from these constants and checks at compile time that its `cluster` section fits
 * `GkeClusterOptions`; the component applies the same constants with `??`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { GkeAcceleratorPoolArgs } from "./gke-plan";
import {
  ACCELERATOR_POOL_SCALING_DEFAULTS,
  CLUSTER_PROTECTION_DEFAULTS,
  type ClusterProtectionOptions,
} from "./options";

/** Where the cluster's network comes from. */
export interface GkeNetworkOptions {
  /**
   * Existing VPC network (name, id or self link) to use instead of creating one; needs `subnetwork` too.
   * @default - a new network, subnetwork, router and Cloud NAT
   * @remarks May be an Output of a network the caller creates.
   */
  network?: pulumi.Input<string>;
  /**
   * Existing subnetwork with secondary ranges named by podsRangeName and servicesRangeName; needs `network`
   * too.
   * @default - a new subnetwork
   * @remarks May be an Output.
   */
  subnetwork?: pulumi.Input<string>;
  /** Primary range of a new subnetwork (nodes), a /29 or larger. @default GKE_NETWORK_DEFAULTS.nodesCidr ("10.10.0.0/20") */
  nodesCidr?: string;
  /**
   * Secondary range for pods of a new subnetwork, a /24 or larger (a /24 per node).
   * @default GKE_NETWORK_DEFAULTS.podsCidr ("10.16.0.0/14")
   */
  podsCidr?: string;
  /**
   * Secondary range for Services of a new subnetwork.
   * @default GKE_NETWORK_DEFAULTS.servicesCidr ("10.20.0.0/20")
   */
  servicesCidr?: string;
  /** Name of the pods secondary range. @default GKE_NETWORK_DEFAULTS.podsRangeName ("pods") */
  podsRangeName?: string;
  /** Name of the Services secondary range. @default GKE_NETWORK_DEFAULTS.servicesRangeName ("services") */
  servicesRangeName?: string;
  /**
   * A /28 for the control plane's private endpoint; must not overlap the subnetwork's ranges.
   * @default GKE_NETWORK_DEFAULTS.masterCidr ("172.16.0.0/28")
   */
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
  /**
   * Machine type of the system pool (Kubeflow's controllers, Istio, Dex). Replaces its nodes.
   * @default GKE_SYSTEM_POOL_DEFAULTS.machineType ("e2-standard-8")
   */
  machineType?: string;
  /** Fewest system nodes in total. @default GKE_SYSTEM_POOL_DEFAULTS.min (1) */
  min?: number;
  /** Most system nodes in total. @default GKE_SYSTEM_POOL_DEFAULTS.max (6) */
  max?: number;
  /** Boot disk size per node, in GB. @default GKE_SYSTEM_POOL_DEFAULTS.diskSizeGb (100) */
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

/**
 * A CIDR block allowed to reach the control plane (GKE master authorized networks).
 * @optionDocs
 */
export interface GkeAuthorizedNetwork {
  /** Label of the network, shown in the GKE console. */
  name: string;
  /** CIDR block allowed to reach the control plane. */
  cidr: string;
}

/** Settings of a GKE cluster: everything but the wiring. Every default is in `GKE_CLUSTER_DEFAULTS`. */
export interface GkeClusterOptions extends ClusterProtectionOptions {
  /** Google Cloud project that holds the cluster. */
  project: string;
  /** Region of the regional cluster. */
  region: string;
  /** GKE cluster name. @default - the component name */
  clusterName?: string;
  /** GKE release channel: automatic control-plane and node upgrades. @default GKE_CLUSTER_DEFAULTS.releaseChannel ("REGULAR") */
  releaseChannel?: "RAPID" | "REGULAR" | "STABLE";
  /**
   * Minimum control-plane minor version; a Kubeflow release checks it against the versions it supports.
   * @default - the channel's default
   */
  kubernetesVersion?: string;
  /** VPC network and IP ranges (VPC-native). @default {} (a new network, GKE_NETWORK_DEFAULTS) */
  network?: GkeNetworkOptions;
  /**
   * Reach the control plane only on its private address (Pulumi must then run inside the network).
   * @default GKE_CLUSTER_DEFAULTS.privateEndpoint (false)
   */
  privateEndpoint?: boolean;
  /**
   * CIDR blocks allowed to reach the control plane, each {name, cidr}.
   * @default [] (no restriction beyond IAM)
   */
  masterAuthorizedNetworks?: GkeAuthorizedNetwork[];
  /**
   * GKE Dataplane V2 (eBPF, enforces NetworkPolicy; else Calico network policy). Changing it recreates the
   * cluster.
   * @default GKE_CLUSTER_DEFAULTS.dataplaneV2 (true)
   */
  dataplaneV2?: boolean;
  /**
   * Cloud KMS key for application-layer encryption of Kubernetes Secrets in etcd.
   * @default - none: Google-managed encryption only
   * @remarks May be an Output of a key the caller creates.
   */
  secretsEncryptionKey?: pulumi.Input<string>;
  /** Google Cloud Managed Service for Prometheus on the cluster. @default GKE_CLUSTER_DEFAULTS.managedPrometheus (true) */
  managedPrometheus?: boolean;
  /** The node pool for system workloads. @default {} (GKE_SYSTEM_POOL_DEFAULTS) */
  systemPool?: GkeSystemPoolOptions;
  /** GPU node pools, autoscaled from min (0 by default). @default [] */
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
