/**
 * Defaults the cluster components share (GKE and EKS), written once: the scaling of an accelerator pool and
 * the protection of a created cluster. The per-platform `*_DEFAULTS` (gke-options.ts, eks-options.ts) spread
 * these; the stack schema's shared pieces (`stacks/config/cluster-common.ts`) take them from here.
 */

/** A GPU pool scales from zero (it costs nothing while idle) to two nodes. */
export const ACCELERATOR_POOL_SCALING_DEFAULTS = { min: 0, max: 2 } as const;

/**
 * What every GPU pool of a created cluster has (`GkeAcceleratorPoolArgs`, `EksAcceleratorPoolArgs`): its key
 * and its scaling.
 * @optionDocs
 */
export interface AcceleratorPoolBaseArgs {
  /**
   * Stable key of the pool: names the node pool (node group on EKS), its
   * `kubeflow-platform.io/accelerator-pool` label and the PodDefault that selects it. Never an index.
   */
  name: string;
  /** Fewest nodes (0: the pool costs nothing while idle). @default ACCELERATOR_POOL_SCALING_DEFAULTS.min (0) */
  min?: number;
  /** Most nodes the autoscaler may create. @default ACCELERATOR_POOL_SCALING_DEFAULTS.max (2) */
  max?: number;
}

/** How a created cluster (GKE or EKS) is protected. Every default is in `CLUSTER_PROTECTION_DEFAULTS`. */
export interface ClusterProtectionOptions {
  /**
   * The cloud's own deletion protection on the cluster; turn it off (and `pulumi up`) before destroying it.
   * @default CLUSTER_PROTECTION_DEFAULTS.deletionProtection (true)
   */
  deletionProtection?: boolean;
  /**
   * Pulumi `protect` on the cluster and the encryption key it creates (EKS): a change that would replace
   * them fails at preview.
   * @default CLUSTER_PROTECTION_DEFAULTS.protect (true)
   */
  protect?: boolean;
}

/** A created cluster is protected twice: by the cloud's deletion protection and by Pulumi's `protect`. */
export const CLUSTER_PROTECTION_DEFAULTS = {
  deletionProtection: true,
  protect: true,
} as const satisfies Required<ClusterProtectionOptions>;

/** A frozen value of type T: arrays and objects read-only, all the way down. */
export type Frozen<T> =
  T extends ReadonlyArray<infer E>
    ? readonly Frozen<E>[]
    : T extends object
      ? { readonly [K in keyof T]: Frozen<T[K]> }
      : T;

/** The shape of a `*_DEFAULTS` constant for some keys of an options type: each key set, frozen. */
export type DefaultsOf<T, K extends keyof T> = { readonly [P in K]-?: Frozen<NonNullable<T[P]>> };
