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
import { cidrsOverlap, hostBitsProblem, parseCidr } from "./cidr";
import { checkGkeAccelerator, gkeAccelerator, gkeCountPerNode } from "./gke-catalog";
import { GKE_GPU_POOL_DEFAULTS, GKE_NETWORK_DEFAULTS } from "./gke-options";
import { AcceleratorPool } from "./handle";
import type { AcceleratorPoolBaseArgs } from "./options";
import { ArgProblem } from "./problems";

export { GKE_NETWORK_DEFAULTS } from "./gke-options";

/**
 * One GPU node pool of a GKE cluster; its key and scaling are `AcceleratorPoolBaseArgs`' (`min` and `max` as
 * GKE_GPU_POOL_DEFAULTS spreads them).
 * @optionDocs
 */
export interface GkeAcceleratorPoolArgs extends AcceleratorPoolBaseArgs {
  /**
   * Accelerator type as GKE names it (nvidia-tesla-t4, nvidia-l4, nvidia-h100-80gb, ...). Replaces the
   * pool's nodes.
   */
  type: string;
  /**
   * Machine type that carries the accelerator (n1-* for T4, g2-standard-* for L4, a2-/a3-* for
   * A100/H100/H200).
   */
  machineType: string;
  /** GPUs per node; fixed by the machine type except on N1. @default - the machine type's count (1 on N1) */
  count?: number;
  /** Use Spot VMs (cheaper, may be preempted). @default GKE_GPU_POOL_DEFAULTS.spot (false) */
  spot?: boolean;
  /**
   * Zones of the pool; must offer the accelerator (and hold your GPU quota).
   * @default - the region's zones that offer the machine type
   */
  zones?: string[];
  /** Boot disk size per GPU node, in GB. @default GKE_GPU_POOL_DEFAULTS.diskSizeGb (200) */
  diskSizeGb?: number;
  /**
   * NVIDIA driver GKE installs (gpuDriverInstallationConfig): DEFAULT or LATEST for the node version.
   * @default GKE_GPU_POOL_DEFAULTS.driverVersion ("LATEST")
   */
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
  const spot = p.spot ?? GKE_GPU_POOL_DEFAULTS.spot;
  const min = p.min ?? GKE_GPU_POOL_DEFAULTS.min;
  const countPerNode = gkeCountPerNode({ ...p, spot });
  const labels = { [ACCELERATOR_POOL_LABEL]: p.name, [ACCELERATOR_TYPE_LABEL]: p.type };
  return {
    name: p.name,
    machineType: p.machineType,
    countPerNode,
    min,
    max: p.max ?? GKE_GPU_POOL_DEFAULTS.max,
    spot,
    ...(p.zones !== undefined ? { zones: p.zones } : {}),
    diskSizeGb: p.diskSizeGb ?? GKE_GPU_POOL_DEFAULTS.diskSizeGb,
    diskType: gkeDiskType(p.machineType),
    guestAccelerator: {
      type: p.type,
      count: countPerNode,
      // GKE installs the driver itself; no driver DaemonSet is needed
      // (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create-gpu-pool-auto-drivers).
      gpuDriverInstallationConfig: {
        gpuDriverVersion: p.driverVersion ?? GKE_GPU_POOL_DEFAULTS.driverVersion,
      },
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

// ------------------------------------------------------------------------------------------------ checks

/** What the checks read of a GkeCluster's arguments (network and subnetwork only for being set). */
export interface GkeCheckedArgs {
  network?: {
    network?: unknown;
    subnetwork?: unknown;
    nodesCidr?: string;
    podsCidr?: string;
    servicesCidr?: string;
    masterCidr?: string;
  };
  masterAuthorizedNetworks?: ReadonlyArray<{ cidr: string }>;
  accelerators?: ReadonlyArray<{
    type: string;
    machineType: string;
    count?: number;
    spot?: boolean;
    zones?: readonly string[];
  }>;
}

const RANGE_NAMES = {
  nodesCidr: "nodes",
  podsCidr: "pods",
  servicesCidr: "Services",
  masterCidr: "control plane",
} as const;

/**
 * Pure: the problems of a GKE cluster's IP ranges that need no cloud call. The control plane's private
 * endpoint takes exactly a /28; a subnetwork's primary range is at most a /29; GKE gives every node a /24 of
 * the pods range (110 pods per node), so that range is a /24 or larger; the ranges of a new subnetwork and the
 * control plane's must not overlap; no block may have host bits set
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/alias-ips). Unparseable values are the schema's.
 */
export function gkeNetworkProblems(args: GkeCheckedArgs): ArgProblem[] {
  const out: ArgProblem[] = [];
  const net = args.network ?? {};
  const newSubnet = net.network === undefined;
  const keys = newSubnet
    ? (["nodesCidr", "podsCidr", "servicesCidr", "masterCidr"] as const)
    : (["masterCidr"] as const);
  const value = (k: (typeof keys)[number]) => net[k] ?? GKE_NETWORK_DEFAULTS[k];
  for (const k of keys) {
    const text = value(k);
    const cidr = parseCidr(text);
    if (cidr === undefined) continue;
    const at = (message: string) => out.push({ path: ["network", k], message });
    if (k === "masterCidr" && cidr.prefix !== 28) {
      at(
        `is a /${cidr.prefix}; the control plane's private endpoint takes exactly a /28 (GKE). ` +
          `Use e.g. ${GKE_NETWORK_DEFAULTS.masterCidr}`,
      );
    }
    if (k === "nodesCidr" && cidr.prefix > 29) {
      at(
        `is a /${cidr.prefix}; a subnetwork's primary range is a /29 or larger (Google Cloud). ` +
          `Use e.g. ${GKE_NETWORK_DEFAULTS.nodesCidr}`,
      );
    }
    if (k === "podsCidr" && cidr.prefix > 24) {
      at(
        `is a /${cidr.prefix}; GKE gives each node a /24 of the pods range (110 pods per node), so it ` +
          `must be a /24 or larger. Use e.g. ${GKE_NETWORK_DEFAULTS.podsCidr}`,
      );
    }
    const hostBits = hostBitsProblem(text);
    if (hostBits !== undefined) at(hostBits);
  }
  // Each range against the ones before it, reported on the later key.
  keys.forEach((k, i) => {
    for (const earlier of keys.slice(0, i)) {
      if (cidrsOverlap(value(k), value(earlier))) {
        out.push({
          path: ["network", k],
          message:
            `the ${RANGE_NAMES[k]} range ${value(k)} overlaps the ${RANGE_NAMES[earlier]} range ` +
            `${value(earlier)} (network.${earlier}); a cluster's ranges must be disjoint: move one`,
        });
      }
    }
  });
  (args.masterAuthorizedNetworks ?? []).forEach((a, j) => {
    const hostBits = hostBitsProblem(a.cidr);
    if (hostBits !== undefined) {
      out.push({ path: ["masterAuthorizedNetworks", j, "cidr"], message: hostBits });
    }
  });
  (args.accelerators ?? []).forEach((p, i) =>
    (p.zones ?? []).forEach((z, j) => {
      if ((p.zones ?? []).indexOf(z) < j) {
        out.push({
          path: ["accelerators", i, "zones", j],
          message: `zone "${z}" is listed twice; list each zone once`,
        });
      }
    }),
  );
  return out;
}

/**
 * Pure: an existing network named without its subnetwork, or a subnetwork without its network: GKE needs
 * both, and a new network would otherwise be created beside the one meant. On the key that is missing.
 */
export function gkeNetworkPairProblems(net: {
  network?: unknown;
  subnetwork?: unknown;
}): ArgProblem[] {
  if ((net.network === undefined) === (net.subnetwork === undefined)) return [];
  return [
    {
      path: ["network", net.network === undefined ? "network" : "subnetwork"],
      message:
        "network and subnetwork go together: set both to use an existing network, or neither",
    },
  ];
}

/**
 * Pure: every problem of a GkeCluster's arguments that needs no cloud call: the network pair, the IP ranges, and accelerator,
 * machine type and count against the catalog. The stack config's schema runs the same checks (the catalog's
 * through `checkGkeAccelerator`, unknown types through its enum) before any resource.
 */
export function gkeClusterProblems(args: GkeCheckedArgs): ArgProblem[] {
  const out = [...gkeNetworkPairProblems(args.network ?? {}), ...gkeNetworkProblems(args)];
  (args.accelerators ?? []).forEach((p, i) => {
    if (!gkeAccelerator(p.type)) {
      out.push({
        path: ["accelerators", i, "type"],
        message: `unknown GKE accelerator type "${p.type}"; use one of the catalog's types`,
      });
      return;
    }
    for (const c of checkGkeAccelerator({ ...p, spot: p.spot ?? false })) {
      out.push({ path: ["accelerators", i, c.field], message: c.message });
    }
  });
  return out;
}

/**
 * Pure: the zones a GPU pool without its own zones runs in — the region's zones whose listing has the machine
 * type — or the problem, on the pool's machine type. The listings come from data sources, known at preview.
 */
export function poolZonesOffering(
  pool: { name: string; machineType: string },
  index: number,
  listings: ReadonlyArray<{ zone: string; machineTypes: ReadonlyArray<{ name: string }> }>,
): { zones: string[] } | { problem: ArgProblem } {
  const zones = listings
    .filter((l) => l.machineTypes.some((m) => m.name === pool.machineType))
    .map((l) => l.zone)
    .sort();
  if (zones.length > 0) return { zones };
  return {
    problem: {
      path: ["accelerators", index, "machineType"],
      message:
        `no zone of the cluster's region offers machine type ${pool.machineType} (pool "${pool.name}"); ` +
        "choose another machine type or region, or list the pool's zones",
    },
  };
}

/**
 * Pure: the problem of a pool's own zones when one of them does not offer its machine type (the pool could
 * never get a node there), on that zone; undefined when all do.
 */
export function listedZonesProblem(
  pool: { name: string; machineType: string; zones: readonly string[] },
  index: number,
  listings: ReadonlyArray<{ zone: string; machineTypes: ReadonlyArray<{ name: string }> }>,
): ArgProblem | undefined {
  const offers = (zone: string) =>
    listings.some(
      (l) => l.zone === zone && l.machineTypes.some((m) => m.name === pool.machineType),
    );
  const j = pool.zones.findIndex((z) => !offers(z));
  if (j < 0) return undefined;
  return {
    path: ["accelerators", index, "zones", j],
    message:
      `zone "${pool.zones[j]}" does not offer machine type ${pool.machineType} (pool "${pool.name}"), or ` +
      "is not a zone of the region; list zones that offer it (gcloud compute machine-types list " +
      `--filter="name=${pool.machineType}")`,
  };
}
