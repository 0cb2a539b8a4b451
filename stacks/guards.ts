/**
 * Guards that compare this run's config with what the stack last deployed, and refuse — before any resource
 * is registered, so `pulumi preview` fails — a change that would lose data or skip a required step.
 *
 * Why a guard on top of `protect`: protected resources already make a destructive replacement fail at preview,
 * but Pulumi's message names a resource URN, not the parameter that caused it. The guard names the parameter,
 * its old and new values, why it is set-once, and what to do.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { paramRows } from "./config/docs";

/** A set-once parameter as recorded in the stack's outputs: key path → JSON of its value. */
export type SetOnceRecord = Record<string, string>;

const UNSET = "(unset)";

function getPath(root: unknown, segments: string[]): unknown {
  let v: unknown = root;
  for (const s of segments) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

function show(v: unknown): string {
  return v === undefined ? UNSET : JSON.stringify(v);
}

/**
 * The values of every set-once parameter of a parsed config. Lists of maps are keyed by their elements'
 * `name` (a stable key): `cluster.accelerators[l4].type`. Element names themselves are not recorded: adding or
 * removing an element is not a change of a set-once value (removal is guarded by resource protection).
 */
export function setOnceValues(config: unknown): SetOnceRecord {
  const out: SetOnceRecord = {};
  const platform = (config as { platform?: string }).platform ?? "";
  for (const row of paramRows()) {
    if (row.class !== "set-once" || !row.platforms.includes(platform) || row.key.includes("<"))
      continue;
    const [listPart, fieldPart] = row.key.split("[].");
    if (fieldPart === undefined) {
      out[row.key] = show(getPath(config, row.key.split(".")));
      continue;
    }
    if (fieldPart === "name" || fieldPart.includes("[].")) continue;
    const list = getPath(config, listPart!.split("."));
    if (!Array.isArray(list)) continue;
    for (const el of list as Array<Record<string, unknown>>) {
      if (typeof el?.name !== "string") continue;
      out[`${listPart}[${el.name}].${fieldPart}`] = show(getPath(el, fieldPart.split(".")));
    }
  }
  return out;
}

/** Problems for every set-once value that differs from the deployed one. */
export function setOnceChanges(
  previous: SetOnceRecord,
  current: SetOnceRecord,
  allowed: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const descriptions = new Map(paramRows().map((r) => [r.key, r.description]));
  for (const [key, was] of Object.entries(previous)) {
    if (!(key in current)) continue; // the element or platform is gone: protection guards what it held
    const now = current[key]!;
    if (now === was || allowed.includes(key)) continue;
    const generic = key.replace(/\[[^\]]+\]/g, "[]");
    problems.push(
      `${key}: is set-once and was ${was} when the stack was deployed; the config now says ${now}. ` +
        `${descriptions.get(generic) ?? ""} Changing it would replace resources that hold data. ` +
        `Restore ${was}; or move the data first, then add "${key}" to allowSetOnceChanges ` +
        `(README: "Changing a set-once parameter")`,
    );
  }
  return problems;
}

/** The outputs a stack records for the guards, read back from its last deployment. */
export const guardOutputsSchema = z.object({
  setOnce: z.record(z.string(), z.string()).optional(),
  kubeflowRelease: z.string().optional(),
  // Applications a newer program knows are kept as recorded; the guard only looks up the ones it knows.
  kubeflowApplications: z
    .record(z.string(), z.object({ mode: z.string(), protected: z.array(z.string()) }))
    .optional(),
  // The StorageClass the program named on Kubeflow's claims ("" for none: the cluster's default).
  kubeflowClaimClass: z.string().optional(),
});
export type GuardOutputs = z.infer<typeof guardOutputsSchema>;

/** The names of the outputs the guards read back. */
export const GUARD_OUTPUTS = Object.keys(guardOutputsSchema.shape) as ReadonlyArray<
  keyof GuardOutputs
>;

/**
 * Read what the stack recorded at its last deployment, through a reference to the stack itself. A stack that
 * was never deployed has no outputs: nothing to compare, nothing refused.
 */
export async function readDeployed(): Promise<GuardOutputs> {
  const self = new pulumi.StackReference("deployed", {
    name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  });
  const values = await Promise.all(GUARD_OUTPUTS.map((k) => self.getOutputDetails(k)));
  const parsed = guardOutputsSchema.safeParse(
    Object.fromEntries(GUARD_OUTPUTS.map((k, i) => [k, values[i]!.value ?? undefined])),
  );
  // Outputs written by an older version of this program, or by hand, are not trusted: no comparison.
  return parsed.success ? parsed.data : {};
}
