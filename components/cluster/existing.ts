import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NVIDIA_GPU_RESOURCE, NVIDIA_GPU_TAINT_KEY } from "../shared/constants";
import {
  AcceleratorPool,
  ClusterHandle,
  DEFAULT_CNI_BIN_DIR,
  DEFAULT_SERVICE_ACCOUNT_ISSUER,
  platformLoadBalancer,
} from "./handle";
import { throwArgProblems } from "./problems";

/**
 * A GPU pool the existing cluster already has.
 * @optionDocs
 */
export interface ExistingAcceleratorArgs {
  /** Stable key of this accelerator pool, used in PodDefault names. */
  name: string;
  /** GPU vendor of the pool. @default EXISTING_ACCELERATOR_DEFAULTS.vendor ("nvidia") */
  vendor?: "nvidia";
  /** Accelerator model shown to users, e.g. `nvidia-l4`. @default - none */
  type?: string;
  /** Extended resource the device plugin advertises. @default EXISTING_ACCELERATOR_DEFAULTS.resourceName ("nvidia.com/gpu") */
  resourceName?: string;
  /** Node labels that select this pool's nodes. @default {} */
  nodeSelector?: Record<string, string>;
  /**
   * Whether the pool's nodes carry the `nvidia.com/gpu` NoSchedule taint that pods must tolerate.
   * @default EXISTING_ACCELERATOR_DEFAULTS.tainted (true)
   */
  tainted?: boolean;
}

/** The defaults of `ExistingAcceleratorArgs`, written once. */
export const EXISTING_ACCELERATOR_DEFAULTS = {
  vendor: "nvidia",
  resourceName: NVIDIA_GPU_RESOURCE,
  tainted: true,
} as const satisfies Required<Pick<ExistingAcceleratorArgs, "vendor" | "resourceName" | "tainted">>;

/** Settings of an existing cluster: how to reach it and what it offers. Defaults in `EXISTING_CLUSTER_DEFAULTS`. */
export interface ExistingClusterOptions {
  /** Kube context to use from the kubeconfig. @default - the kubeconfig's current context */
  context?: string;
  /**
   * Path of a kubeconfig file; exclusive with a whole kubeconfig given as a secret (the stack's
   * kubeconfigSecret).
   * @default - $KUBECONFIG or ~/.kube/config
   */
  kubeconfigPath?: string;
  /**
   * StorageClass for every PersistentVolumeClaim the platform creates.
   * @default - the cluster's default StorageClass
   */
  storageClass?: string;
  /**
   * Whether Services of type LoadBalancer get an address in this cluster.
   * @default EXISTING_CLUSTER_DEFAULTS.loadBalancer (false)
   */
  loadBalancer?: boolean;
  /**
   * Issuer of service-account tokens (may be an Output).
   * @default EXISTING_CLUSTER_DEFAULTS.oidcIssuer ("https://kubernetes.default.svc.cluster.local")
   */
  oidcIssuer?: pulumi.Input<string>;
  /**
   * Kubernetes minor version of the cluster, e.g. `1.34`; a Kubeflow release checks it against the versions
   * it supports.
   * @default - unknown: not checked
   */
  kubernetesVersion?: string;
  /** GPU node pools the cluster already has. @default [] */
  accelerators?: ExistingAcceleratorArgs[];
  /**
   * CSI driver that provisions the cluster's StorageClass (its `provisioner`). When set, the cluster's
   * handle offers volume snapshots with it (a PlatformSnapshotClass registers a VolumeSnapshotClass for it,
   * which `npm run snapshot` uses); the cluster must run the snapshot CRDs and controller.
   * @default - none: the handle offers no snapshots
   */
  snapshotDriver?: string;
}

/** The defaults of `ExistingClusterOptions`, written once. */
export const EXISTING_CLUSTER_DEFAULTS = {
  loadBalancer: false,
  oidcIssuer: DEFAULT_SERVICE_ACCOUNT_ISSUER,
} as const satisfies Required<Pick<ExistingClusterOptions, "loadBalancer" | "oidcIssuer">>;

/** An existing cluster's settings and its kubeconfig, when the caller holds one. */
export interface ExistingClusterArgs extends ExistingClusterOptions {
  /** A whole kubeconfig, which must be a secret. Exclusive with `kubeconfigPath`. @default - none */
  kubeconfig?: pulumi.Output<string>;
}

/** Pure: the accelerator facts of an existing cluster, from its config. */
export function planExistingAccelerators(pools: ExistingAcceleratorArgs[]): AcceleratorPool[] {
  return pools.map((p) => ({
    name: p.name,
    vendor: p.vendor ?? EXISTING_ACCELERATOR_DEFAULTS.vendor,
    ...(p.type !== undefined ? { type: p.type } : {}),
    resourceName: p.resourceName ?? EXISTING_ACCELERATOR_DEFAULTS.resourceName,
    nodeSelector: p.nodeSelector ?? {},
    taints:
      (p.tainted ?? EXISTING_ACCELERATOR_DEFAULTS.tainted)
        ? [{ key: NVIDIA_GPU_TAINT_KEY, effect: "NoSchedule" as const }]
        : [],
  }));
}

/** Pure: the provider arguments for a kubeconfig source. */
export function existingProviderArgs(args: ExistingClusterArgs): k8s.ProviderArgs {
  if (args.kubeconfig !== undefined && args.kubeconfigPath !== undefined) {
    throwArgProblems("ExistingCluster", [
      {
        path: ["kubeconfigPath"],
        message: "kubeconfig and kubeconfigPath are exclusive; pass one",
      },
    ]);
  }
  return {
    // A file path is read by the provider itself; kubeconfig text is passed as a secret.
    ...(args.kubeconfig !== undefined ? { kubeconfig: pulumi.secret(args.kubeconfig) } : {}),
    ...(args.kubeconfigPath !== undefined ? { kubeconfig: args.kubeconfigPath } : {}),
    ...(args.context !== undefined ? { context: args.context } : {}),
    // Server-side apply: required for the CRDs over 256 KiB (last-applied annotation limit) and the
    // field ownership we rely on when services and Kubeflow touch the same objects.
    enableServerSideApply: true,
  };
}

/**
 * A cluster this program does not create, reached through a kubeconfig: a file, a secret config value, or
 * the ambient context. Gives the same `ClusterHandle` as the clusters the program creates.
 */
export class ExistingCluster extends pulumi.ComponentResource {
  public readonly handle: ClusterHandle;
  public readonly provider: k8s.Provider;

  constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cluster:ExistingCluster", name, {}, opts);

    this.provider = new k8s.Provider(`${name}-k8s`, existingProviderArgs(args), { parent: this });

    this.handle = {
      name,
      platform: "existing",
      provider: this.provider,
      ...(args.kubeconfig !== undefined ? { kubeconfig: pulumi.secret(args.kubeconfig) } : {}),
      ...(args.storageClass !== undefined ? { storageClass: args.storageClass } : {}),
      loadBalancer: platformLoadBalancer(
        "existing",
        args.loadBalancer ?? EXISTING_CLUSTER_DEFAULTS.loadBalancer,
      ),
      oidcIssuer: args.oidcIssuer ?? EXISTING_CLUSTER_DEFAULTS.oidcIssuer,
      cniBinDir: DEFAULT_CNI_BIN_DIR,
      ...(args.kubernetesVersion !== undefined
        ? { kubernetesVersion: args.kubernetesVersion }
        : {}),
      gpuDriver: (args.accelerators ?? []).length > 0 ? "driver-on-node" : "none",
      ...(args.snapshotDriver !== undefined
        ? { snapshots: { driver: args.snapshotDriver, controller: "cluster" as const } }
        : {}),
      accelerators: planExistingAccelerators(args.accelerators ?? []),
      ready: [],
    };

    this.registerOutputs({});
  }
}
