/**
 * Pure decisions of GkeCluster: node pool settings, cluster security settings, the handle's accelerator
 * facts. Tested without mocks; the component only turns them into resources.
 */
import {
  ACCELERATOR_POOL_LABEL,
  ACCELERATOR_TYPE_LABEL,
  NVIDIA_GPU_RESOURCE,
  NVIDIA_GPU_TAINT_KEY,
} from "../shared/constants";
import { gkeAccelerator, gkeCountPerNode } from "./gke-catalog";
import { AcceleratorPool } from "./handle";

/** One GPU node pool of a GKE cluster. */
export interface GkeAcceleratorPoolArgs {
  /** Stable key: the node pool's name and its `kubeflow-platform.io/accelerator-pool` label. */
  name: string;
  /** GKE accelerator type, e.g. `nvidia-l4`. */
  type: string;
  /** Machine type that carries the accelerator, e.g. `g2-standard-8`. */
  machineType: string;
  /** GPUs per node. @default - the machine type's count (1 on N1) */
  count?: number;
  /** Fewest nodes in the pool. @default 0 */
  min?: number;
  /** Most nodes in the pool. @default 2 */
  max?: number;
  /** Spot VMs. @default false */
  spot?: boolean;
  /** Zones of the pool. @default - the region's zones that offer the machine type */
  zones?: string[];
  /** Boot disk size in GB. @default 200 */
  diskSizeGb?: number;
  /** Driver GKE installs. @default "LATEST" */
  driverVersion?: "DEFAULT" | "LATEST";
}

/** GKE's own taint value on GPU nodes; we set the same so the pool spec and the nodes agree. */
export const GKE_GPU_TAINT_VALUE = "present";

/**
 * OAuth scopes of the node service account. Narrow on purpose: with Workload Identity, pods never use the
 * node's identity, and the node itself only writes logs and metrics and pulls images
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa).
 */
export const GKE_NODE_OAUTH_SCOPES = [
  "https://www.googleapis.com/auth/devstorage.read_only",
  "https://www.googleapis.com/auth/logging.write",
  "https://www.googleapis.com/auth/monitoring",
  "https://www.googleapis.com/auth/service.management.readonly",
  "https://www.googleapis.com/auth/servicecontrol",
  "https://www.googleapis.com/auth/trace.append",
] as const;

/**
 * IAM roles of the dedicated node service account: the role GKE documents for node service accounts
 * (logs, metrics, resource metadata), and pulling images from Artifact Registry (registry mirrors).
 */
export const GKE_NODE_ROLES = [
  "roles/container.defaultNodeServiceAccount",
  "roles/artifactregistry.reader",
] as const;

/** Node settings every pool shares: hardened boot, GKE metadata server, no legacy metadata endpoints. */
export function gkeNodeSecurity<T>(serviceAccountEmail: T) {
  return {
    serviceAccount: serviceAccountEmail,
    oauthScopes: [...GKE_NODE_OAUTH_SCOPES],
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    workloadMetadataConfig: { mode: "GKE_METADATA" as const },
    metadata: { "disable-legacy-endpoints": "true" },
    imageType: "COS_CONTAINERD",
  };
}

/**
 * Boot disk type a machine series supports: A3 Ultra only takes Hyperdisk
 * (https://cloud.google.com/compute/docs/accelerator-optimized-machines#a3-disks).
 */
export function gkeDiskType(machineType: string): string {
  return machineType.startsWith("a3-ultragpu-") ? "hyperdisk-balanced" : "pd-balanced";
}

export interface GkeGpuPoolPlan {
  name: string;
  machineType: string;
  countPerNode: number;
  min: number;
  max: number;
  spot: boolean;
  zones?: string[];
  diskSizeGb: number;
  diskType: string;
  guestAccelerator: {
    type: string;
    count: number;
    gpuDriverInstallationConfig: { gpuDriverVersion: "DEFAULT" | "LATEST" };
  };
  labels: Record<string, string>;
  taints: Array<{ key: string; value: string; effect: "NO_SCHEDULE" }>;
  /** Initial nodes per zone: 0 for a pool that scales from zero. */
  initialNodeCount: number;
  handle: AcceleratorPool;
}

/** Pure: every setting of one GPU node pool, with the defaults applied. */
export function planGkeGpuPool(p: GkeAcceleratorPoolArgs): GkeGpuPoolPlan {
  const spot = p.spot ?? false;
  const min = p.min ?? 0;
  const countPerNode = gkeCountPerNode({ ...p, spot });
  const labels = { [ACCELERATOR_POOL_LABEL]: p.name, [ACCELERATOR_TYPE_LABEL]: p.type };
  if (!gkeAccelerator(p.type)) throw new Error(`unknown GKE accelerator type "${p.type}"`);
  return {
    name: p.name,
    machineType: p.machineType,
    countPerNode,
    min,
    max: p.max ?? 2,
    spot,
    ...(p.zones !== undefined ? { zones: p.zones } : {}),
    diskSizeGb: p.diskSizeGb ?? 200,
    diskType: gkeDiskType(p.machineType),
    guestAccelerator: {
      type: p.type,
      count: countPerNode,
      // GKE installs the driver itself; no driver DaemonSet is needed
      // (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create-gpu-pool-auto-drivers).
      gpuDriverInstallationConfig: { gpuDriverVersion: p.driverVersion ?? "LATEST" },
    },
    labels,
    taints: [{ key: NVIDIA_GPU_TAINT_KEY, value: GKE_GPU_TAINT_VALUE, effect: "NO_SCHEDULE" }],
    // Autoscaling total limits govern the pool; a pool with min 0 must not start a GPU node per zone.
    initialNodeCount: min > 0 ? 1 : 0,
    handle: {
      name: p.name,
      vendor: "nvidia",
      type: p.type,
      resourceName: NVIDIA_GPU_RESOURCE,
      countPerNode,
      nodeSelector: { [ACCELERATOR_POOL_LABEL]: p.name },
      taints: [{ key: NVIDIA_GPU_TAINT_KEY, value: GKE_GPU_TAINT_VALUE, effect: "NoSchedule" }],
    },
  };
}

/** Pure: the zones (of those listed) whose machine-type listing includes the machine type. */
export function zonesOffering(
  machineType: string,
  listings: ReadonlyArray<{ zone: string; machineTypes: ReadonlyArray<{ name: string }> }>,
): string[] {
  const zones = listings
    .filter((l) => l.machineTypes.some((m) => m.name === machineType))
    .map((l) => l.zone)
    .sort();
  if (zones.length === 0) {
    throw new Error(
      `no zone of the cluster's region offers machine type ${machineType}; choose another machine ` +
        "type or region, or list the zones explicitly",
    );
  }
  return zones;
}

/** Short stable key of an IAM role for resource names: `roles/container.defaultNodeServiceAccount` → `container-defaultnodeserviceaccount`. */
export function roleKey(role: string): string {
  return role
    .replace(/^roles\//, "")
    .replace(/[^a-zA-Z0-9]+/g, "-")
    .toLowerCase();
}

/**
 * Pure: the node service account's id, `<cluster>-nodes`, shortened to IAM's 30-character limit
 * (`^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$`, https://cloud.google.com/iam/docs/service-accounts-create).
 */
export function gkeNodeAccountId(clusterName: string): string {
  return `${clusterName.slice(0, 24).replace(/-+$/, "")}-nodes`;
}
