/** Pieces shared by the GKE and EKS cluster schemas. */
import { z } from "zod";
import {
  ACCELERATOR_POOL_SCALING_DEFAULTS,
  CLUSTER_PROTECTION_DEFAULTS,
} from "../../components/cluster/options";
import {
  ACCELERATOR_POOL_BASE_ARGS_DOCS as POOL,
  CLUSTER_PROTECTION_OPTION_DOCS,
} from "../../components/cluster/option-docs";
import { dnsLabel, setOnce, upgradeSafe } from "./schema";

/** An IPv4 CIDR block such as 10.0.0.0/16. */
export const ipv4Cidr = z.string().refine(
  (v) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
    return m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
  },
  { error: "must be an IPv4 CIDR block such as 10.0.0.0/16" },
);

/** The key and scaling every GPU pool has (`AcceleratorPoolBaseArgs`, which both platforms' pools extend). */
export const poolName = setOnce(dnsLabel.max(30), POOL.name);

export const scaling = {
  min: upgradeSafe(
    z
      .number()
      .int({ error: "must be a whole number" })
      .min(0, { error: "must be 0 or more" })
      .default(ACCELERATOR_POOL_SCALING_DEFAULTS.min),
    POOL.min,
  ),
  max: upgradeSafe(
    z
      .number()
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be 1 or more" })
      .default(ACCELERATOR_POOL_SCALING_DEFAULTS.max),
    POOL.max,
  ),
};

/** Problems common to every pool list: duplicate names, min above max. */
export function checkPools(
  pools: ReadonlyArray<{ name: string; min: number; max: number }>,
  path: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  pools.forEach((p, i) => {
    if (seen.has(p.name)) {
      ctx.addIssue({
        code: "custom",
        path: [path, i, "name"],
        message: `duplicate pool name "${p.name}"; names must be unique`,
      });
    }
    seen.add(p.name);
    if (p.min > p.max) {
      ctx.addIssue({
        code: "custom",
        path: [path, i, "min"],
        message: `min (${p.min}) is greater than max (${p.max}); lower min or raise max`,
      });
    }
  });
}

export const protect = upgradeSafe(
  z.boolean().default(CLUSTER_PROTECTION_DEFAULTS.protect),
  CLUSTER_PROTECTION_OPTION_DOCS.protect,
);
export const deletionProtection = upgradeSafe(
  z.boolean().default(CLUSTER_PROTECTION_DEFAULTS.deletionProtection),
  CLUSTER_PROTECTION_OPTION_DOCS.deletionProtection,
);
