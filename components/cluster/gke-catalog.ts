/**
 * Which GPUs GKE offers on which Compute Engine machine types, and how many per node. Pure data and checks,
 * used by the config schema (before any resource) and by GkeCluster.
 *
 * Facts from https://cloud.google.com/compute/docs/gpus and
 * https://cloud.google.com/compute/docs/accelerator-optimized-machines: A2, A3 and G2 machine types have a
 * fixed GPU count built in; only N1 machines take a chosen number of T4s, within a vCPU limit.
 */

/** One accelerator GKE can attach, keyed by its `guestAccelerators.type`. */
export interface GkeAccelerator {
  /** Accelerator type as GKE names it (`nvidia-l4`). */
  type: string;
  /** Model shown to users. */
  model: string;
  /** The machine family this accelerator needs, for messages. */
  family: string;
  /** GPUs per node allowed on a machine type, or undefined when the machine cannot carry this accelerator. */
  countsFor(machineType: string): readonly number[] | undefined;
  /** Why a machine/count is refused beyond the table (e.g. an availability restriction), or undefined. */
  restriction?(machineType: string, spot: boolean): string | undefined;
}

/** Machine types with a fixed, built-in GPU count. */
function fixed(table: Record<string, number>): (m: string) => readonly number[] | undefined {
  return (m) => (table[m] !== undefined ? [table[m]] : undefined);
}

// N1 + T4: 1 or 2 GPUs allow at most 48 vCPUs, 4 GPUs at most 96
// (https://cloud.google.com/compute/docs/gpus#t4-gpus).
function n1WithT4(machineType: string): readonly number[] | undefined {
  const m = /^n1-(standard|highmem|highcpu)-(\d+)$/.exec(machineType);
  if (!m) return undefined;
  const vcpus = Number(m[2]);
  return [1, 2, 4].filter((n) => vcpus <= (n === 4 ? 96 : 48));
}

export const GKE_ACCELERATORS: readonly GkeAccelerator[] = [
  { type: "nvidia-tesla-t4", model: "NVIDIA T4", family: "n1-*", countsFor: n1WithT4 },
  {
    type: "nvidia-l4",
    model: "NVIDIA L4",
    family: "g2-standard-*",
    countsFor: fixed({
      "g2-standard-4": 1,
      "g2-standard-8": 1,
      "g2-standard-12": 1,
      "g2-standard-16": 1,
      "g2-standard-32": 1,
      "g2-standard-24": 2,
      "g2-standard-48": 4,
      "g2-standard-96": 8,
    }),
  },
  {
    type: "nvidia-tesla-a100",
    model: "NVIDIA A100 40GB",
    family: "a2-highgpu-* / a2-megagpu-16g",
    countsFor: fixed({
      "a2-highgpu-1g": 1,
      "a2-highgpu-2g": 2,
      "a2-highgpu-4g": 4,
      "a2-highgpu-8g": 8,
      "a2-megagpu-16g": 16,
    }),
  },
  {
    type: "nvidia-a100-80gb",
    model: "NVIDIA A100 80GB",
    family: "a2-ultragpu-*",
    countsFor: fixed({
      "a2-ultragpu-1g": 1,
      "a2-ultragpu-2g": 2,
      "a2-ultragpu-4g": 4,
      "a2-ultragpu-8g": 8,
    }),
  },
  {
    type: "nvidia-h100-80gb",
    model: "NVIDIA H100 80GB",
    family: "a3-highgpu-*",
    countsFor: fixed({
      "a3-highgpu-1g": 1,
      "a3-highgpu-2g": 2,
      "a3-highgpu-4g": 4,
      "a3-highgpu-8g": 8,
    }),
    // A3 High with 1, 2 or 4 GPUs is sold only as Spot or Flex-start capacity
    // (https://cloud.google.com/compute/docs/accelerator-optimized-machines#a3-high-vms).
    restriction: (m, spot) =>
      m !== "a3-highgpu-8g" && !spot
        ? `${m} is only available as Spot (or Flex-start) capacity; set spot: true or use a3-highgpu-8g`
        : undefined,
  },
  {
    type: "nvidia-h100-mega-80gb",
    model: "NVIDIA H100 80GB (Mega)",
    family: "a3-megagpu-8g",
    countsFor: fixed({ "a3-megagpu-8g": 8 }),
  },
  {
    type: "nvidia-h200-141gb",
    model: "NVIDIA H200 141GB",
    family: "a3-ultragpu-8g",
    countsFor: fixed({ "a3-ultragpu-8g": 8 }),
  },
];

export const GKE_ACCELERATOR_TYPES = GKE_ACCELERATORS.map((a) => a.type) as [string, ...string[]];

export function gkeAccelerator(type: string): GkeAccelerator | undefined {
  return GKE_ACCELERATORS.find((a) => a.type === type);
}

/** A pool's accelerator choice, as the config gives it. */
export interface GkeAcceleratorChoice {
  type: string;
  machineType: string;
  /** GPUs per node; undefined takes the machine's only (or smallest) count. */
  count?: number;
  spot: boolean;
}

/** Problems with an accelerator/machine/count choice, keyed by the offending field. Empty when valid. */
export function checkGkeAccelerator(
  c: GkeAcceleratorChoice,
): Array<{ field: "machineType" | "count" | "spot"; message: string }> {
  const acc = gkeAccelerator(c.type);
  if (!acc) return []; // the enum check reports unknown types
  const counts = acc.countsFor(c.machineType);
  if (counts === undefined || counts.length === 0) {
    return [
      {
        field: "machineType",
        message:
          `${c.type} (${acc.model}) cannot be attached to machine type "${c.machineType}"; ` +
          `use a machine type of ${acc.family}`,
      },
    ];
  }
  const out: Array<{ field: "machineType" | "count" | "spot"; message: string }> = [];
  if (c.count !== undefined && !counts.includes(c.count)) {
    out.push({
      field: "count",
      message:
        `${c.machineType} takes ${counts.join(" or ")} ${c.type} per node, not ${c.count}; ` +
        `set count to ${counts.join(" or ")} or remove it`,
    });
  }
  const why = acc.restriction?.(c.machineType, c.spot);
  if (why) out.push({ field: "spot", message: why });
  return out;
}

/** GPUs per node for a valid choice. */
export function gkeCountPerNode(c: GkeAcceleratorChoice): number {
  const counts = gkeAccelerator(c.type)?.countsFor(c.machineType) ?? [];
  return c.count ?? counts[0] ?? 1;
}
