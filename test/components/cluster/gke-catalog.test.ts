import fc from "fast-check";
import {
  checkGkeAccelerator,
  GKE_ACCELERATORS,
  gkeCountPerNode,
} from "../../../components/cluster/gke-catalog";

// Pairs from https://cloud.google.com/compute/docs/gpus (machine type → built-in GPU count).
const VALID: Array<[string, string, number]> = [
  ["nvidia-l4", "g2-standard-4", 1],
  ["nvidia-l4", "g2-standard-32", 1],
  ["nvidia-l4", "g2-standard-24", 2],
  ["nvidia-l4", "g2-standard-48", 4],
  ["nvidia-l4", "g2-standard-96", 8],
  ["nvidia-tesla-a100", "a2-highgpu-1g", 1],
  ["nvidia-tesla-a100", "a2-highgpu-8g", 8],
  ["nvidia-tesla-a100", "a2-megagpu-16g", 16],
  ["nvidia-a100-80gb", "a2-ultragpu-2g", 2],
  ["nvidia-a100-80gb", "a2-ultragpu-8g", 8],
  ["nvidia-h100-80gb", "a3-highgpu-8g", 8],
  ["nvidia-h100-mega-80gb", "a3-megagpu-8g", 8],
  ["nvidia-h200-141gb", "a3-ultragpu-8g", 8],
  ["nvidia-tesla-t4", "n1-standard-8", 1],
];

const MISMATCHED: Array<[string, string]> = [
  ["nvidia-l4", "n1-standard-8"],
  ["nvidia-tesla-t4", "g2-standard-8"],
  ["nvidia-tesla-a100", "a2-ultragpu-1g"],
  ["nvidia-a100-80gb", "a2-highgpu-1g"],
  ["nvidia-h100-80gb", "a3-ultragpu-8g"],
  ["nvidia-h200-141gb", "a3-highgpu-8g"],
  ["nvidia-h100-mega-80gb", "a3-highgpu-8g"],
  ["nvidia-tesla-t4", "e2-standard-8"],
];

describe("the GKE accelerator catalog", () => {
  it.each(VALID)("accepts %s on %s with %i GPUs per node", (type, machineType, count) => {
    expect(checkGkeAccelerator({ type, machineType, count, spot: false })).toEqual([]);
    expect(gkeCountPerNode({ type, machineType, spot: false })).toBe(count);
  });

  it.each(MISMATCHED)("refuses %s on %s, naming the machine family to use", (type, machineType) => {
    const problems = checkGkeAccelerator({ type, machineType, spot: false });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe("machineType");
    const family = GKE_ACCELERATORS.find((a) => a.type === type)!.family;
    expect(problems[0]!.message).toContain(`use a machine type of ${family}`);
  });

  it("refuses a count other than the machine type's built-in one", () => {
    expect(
      checkGkeAccelerator({
        type: "nvidia-l4",
        machineType: "g2-standard-48",
        count: 8,
        spot: false,
      }),
    ).toEqual([
      {
        field: "count",
        message: "g2-standard-48 takes 4 nvidia-l4 per node, not 8; set count to 4 or remove it",
      },
    ]);
  });

  it("allows A3 High with fewer than 8 GPUs only as Spot capacity", () => {
    for (const m of ["a3-highgpu-1g", "a3-highgpu-2g", "a3-highgpu-4g"]) {
      const t = "nvidia-h100-80gb";
      expect(checkGkeAccelerator({ type: t, machineType: m, spot: true })).toEqual([]);
      expect(checkGkeAccelerator({ type: t, machineType: m, spot: false })[0]!.field).toBe("spot");
    }
  });

  it("allows 1, 2 or 4 T4s on N1 up to 48 vCPUs, and only 4 up to 96", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("standard", "highmem", "highcpu"),
        fc.constantFrom(1, 2, 4, 8, 16, 32, 64, 96),
        fc.constantFrom(1, 2, 3, 4, 8),
        (kind, vcpus, count) => {
          const problems = checkGkeAccelerator({
            type: "nvidia-tesla-t4",
            machineType: `n1-${kind}-${vcpus}`,
            count,
            spot: false,
          });
          const allowed = [1, 2, 4].includes(count) && vcpus <= (count === 4 ? 96 : 48);
          return allowed ? problems.length === 0 : problems[0]?.field === "count";
        },
      ),
    );
  });

  it("never accepts a machine of one accelerator's fixed family for another accelerator", () => {
    const fixedPairs = VALID.filter(([t]) => t !== "nvidia-tesla-t4");
    for (const [type] of fixedPairs) {
      for (const [otherType, machineType] of fixedPairs) {
        if (otherType === type) continue;
        expect(checkGkeAccelerator({ type, machineType, spot: true })[0]?.field).toBe(
          "machineType",
        );
      }
    }
  });
});
