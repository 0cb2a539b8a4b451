/**
 * Defaults the cluster components share (GKE and EKS), written once: the scaling of an accelerator pool and
 * the protection of a created cluster. The per-platform `*_DEFAULTS` (gke-options.ts, eks-options.ts) spread
 * these; the stack schema's shared pieces (`stacks/config/cluster-common.ts`) take them from here.
 */

/** A GPU pool scales from zero (it costs nothing while idle) to two nodes. */
export const ACCELERATOR_POOL_SCALING_DEFAULTS = { min: 0, max: 2 } as const;

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
