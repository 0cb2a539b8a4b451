/**
 * Kubernetes quantities in the stack config: every PVC size, quota and resource request or limit is parsed
 * by the one parser (components/shared/quantity.ts) and checked for what it measures, so that `"10"` bytes for
 * a volume, a negative quota or a 100 TiB claim is refused before anything is created.
 */
import { z } from "zod";
import {
  MAX_VOLUME_BYTES,
  QuantityKind,
  quantityProblems,
  QuantityRules,
} from "../../components/shared/quantity";
import { QUOTA_RULES } from "../../components/profiles/plan";

export { MAX_VOLUME_BYTES };

/** A quantity checked under `rules`; YAML numbers are read as their text (`4` → `"4"`). */
export function quantityOf(rules: QuantityRules) {
  return z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .superRefine((v, ctx) => {
      for (const message of quantityProblems(v, rules)) ctx.addIssue({ code: "custom", message });
    });
}

/** What a resource name measures: cpu in cores, memory and storage in bytes, extended resources in units. */
export function resourceKind(name: string): QuantityKind {
  if (name === "cpu") return "cpu";
  if (name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-")) {
    return "bytes";
  }
  return "count";
}

/** A request or limit of a container resource; zero is allowed (a request of 0 asks for nothing). */
export const cpuQuantity = quantityOf({ kind: "cpu", allowZero: true });
export const bytesQuantity = quantityOf({ kind: "bytes", allowZero: true });

/** A map of container resources (`{ cpu: 100m, memory: 128Mi }`), each checked for what it measures. */
export const resourceQuantities = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .superRefine((m, ctx) => {
    for (const [name, v] of Object.entries(m)) {
      for (const message of quantityProblems(String(v), {
        kind: resourceKind(name),
        allowZero: true,
      })) {
        ctx.addIssue({ code: "custom", path: [name], message });
      }
    }
  })
  .transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])));

/** The size of one PersistentVolumeClaim: bytes with a unit, more than zero, at most 64Ti. */
export const volumeSize = quantityOf({
  kind: "bytes",
  max: MAX_VOLUME_BYTES,
  maxReason: "the largest volume GCE Persistent Disk and EBS provision",
});

/** ResourceQuota totals, under the Profile component's own rules: more than zero (omit the key for no limit). */
export const quotaCpu = quantityOf(QUOTA_RULES.cpu);
export const quotaBytes = quantityOf(QUOTA_RULES.memory);
