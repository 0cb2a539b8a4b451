/** Test helpers: the pinned charts' values.yaml / values.schema.json, and a walk of the keys we set. */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ChartRef } from "../../../components/services/charts";
import { chartDir } from "../../harness/upstream";

export function chartFile(ref: ChartRef, file: string): string {
  return path.join(chartDir(ref.chart), ref.version, file);
}

/**
 * The chart's defaults. Istio's charts keep them under `_internal_defaults_do_not_set` (their templates merge
 * the user's values over it), so that subtree is the root users set keys against.
 */
export function chartDefaults(ref: ChartRef): Record<string, unknown> {
  const doc = parse(fs.readFileSync(chartFile(ref, "values.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  const internal = doc["_internal_defaults_do_not_set"];
  return (internal as Record<string, unknown> | undefined) ?? doc;
}

export function chartSchema(ref: ChartRef): object | undefined {
  const f = chartFile(ref, "values.schema.json");
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, "utf8")) as object) : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Every dotted key path in `values` that the chart does not have. Arrays are leaves (their items are the
 * user's list, not chart keys). `freeForm` paths are maps whose keys are the user's (annotations, pod
 * security contexts, the mesh config); `commented` paths are keys the chart documents only in comments.
 */
export function unknownKeys(
  values: Record<string, unknown>,
  defaults: Record<string, unknown>,
  freeForm: readonly string[],
  commented: readonly string[] = [],
  prefix = "",
): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (commented.includes(p)) continue;
    if (!(k in defaults)) {
      out.push(p);
      continue;
    }
    if (freeForm.includes(p)) continue;
    const d = defaults[k];
    if (isObject(v) && isObject(d)) out.push(...unknownKeys(v, d, freeForm, commented, p));
    else if (isObject(v) && !isObject(d) && d !== null && d !== undefined)
      out.push(`${p} (not a map)`);
  }
  return out;
}

/** The value at a dotted path of the chart defaults, or undefined. */
export function defaultAt(defaults: Record<string, unknown>, dotted: string): unknown {
  let v: unknown = defaults;
  for (const part of dotted.split(".")) {
    if (!isObject(v)) return undefined;
    v = v[part];
  }
  return v;
}

/** Whether a key appears, commented out, in the chart's values.yaml (`# key:`). */
export function commentedKeyDocumented(ref: ChartRef, dotted: string): boolean {
  const key = dotted.split(".").pop()!;
  const text = fs.readFileSync(chartFile(ref, "values.yaml"), "utf8");
  return new RegExp(`^\\s*#\\s*${key}:`, "m").test(text);
}
