/**
 * Derives the README's parameter table from the schema itself, so the docs cannot drift from the code:
 * `npm run config-docs` prints it (or rewrites the README with `--write`), and a test checks the README.
 */
import { z } from "zod";
import { PLATFORMS } from "./cluster";
import { DEFAULT_PLATFORM, rootSchema } from "./root";
import { ParamMeta, params } from "./schema";

export interface ParamRow {
  key: string;
  platforms: string[];
  type: string;
  default: string;
  class: ParamMeta["class"] | "";
  description: string;
}

// zod 4 keeps each schema's definition in `_zod.def`; only the fields read here are typed.
interface Def {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  options?: z.ZodType[];
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "catch"]);

/** Peel wrappers, collecting the first metadata and default found on the way. */
function unwrap(schema: z.ZodType): {
  core: z.ZodType;
  meta?: ParamMeta;
  dflt?: unknown;
  optional: boolean;
} {
  let s = schema;
  let meta: ParamMeta | undefined;
  let dflt: unknown;
  let optional = false;
  for (;;) {
    meta ??= params.get(s);
    const d = defOf(s);
    if ((d.type === "default" || d.type === "prefault") && dflt === undefined)
      dflt = d.defaultValue;
    if (d.type === "optional") optional = true;
    if (WRAPPERS.has(d.type) && d.innerType) s = d.innerType;
    else if (d.type === "pipe" && d.in) s = d.in;
    else break;
  }
  return { core: s, ...(meta ? { meta } : {}), ...(dflt !== undefined ? { dflt } : {}), optional };
}

function typeName(core: z.ZodType, meta?: ParamMeta): string {
  if (meta?.secretRef) return "secret config key";
  const d = defOf(core);
  switch (d.type) {
    case "enum":
      return Object.values(d.entries ?? {})
        .map((v) => `\`${v}\``)
        .join(" \\| ");
    case "literal":
      return (d.values ?? []).map((v) => `\`${String(v)}\``).join(" \\| ");
    case "array": {
      const el = unwrap(d.element!).core;
      return defOf(el).type === "object" ? "list of maps" : `list of ${typeName(el)}`;
    }
    case "record":
      return "map";
    case "object":
      return "map";
    case "union":
      return (d.options ?? []).map((o) => typeName(unwrap(o).core)).join(" or ");
    default:
      return d.type;
  }
}

function showDefault(meta: ParamMeta | undefined, dflt: unknown): string {
  if (meta?.defaultText) return meta.defaultText;
  if (dflt === undefined) return "";
  return `\`${JSON.stringify(dflt)}\``;
}

/** Maps keyed by a fixed set of names (one entry per application) are documented once, as `<app>`. */
const COLLAPSED: Array<[RegExp, string]> = [
  [/^kubeflow\.applications\.[A-Za-z]+/, "kubeflow.applications.<app>"],
];

function collapse(key: string): string {
  for (const [re, to] of COLLAPSED) if (re.test(key)) return key.replace(re, to);
  return key;
}

/** Every parameter of every platform, in schema order, with the platforms that have it. */
export function paramRows(): ParamRow[] {
  const rows = new Map<string, ParamRow>();
  const add = (rawKey: string, platform: string, schema: z.ZodType, inParam = false): void => {
    const key = collapse(rawKey);
    const { core, meta, dflt } = unwrap(schema);
    const d = defOf(core);
    if (key === "platform") {
      // One literal per union member; the table shows them together, with Pulumi.yaml's default.
      const row = rows.get("platform");
      if (row) row.platforms.push(platform);
      else
        rows.set("platform", {
          key,
          platforms: [platform],
          type: PLATFORMS.map((p) => `\`${p}\``).join(" \\| "),
          default: `\`"${DEFAULT_PLATFORM}"\``,
          class: meta?.class ?? "",
          description: meta?.description ?? "",
        });
      return;
    }
    const objectOptions =
      d.type === "union" && (d.options ?? []).every((o) => defOf(unwrap(o).core).type === "object")
        ? (d.options ?? []).map((o) => unwrap(o).core)
        : undefined;
    if (objectOptions && !meta) {
      // A discriminated union of maps (e.g. an object store: in-cluster or s3): document each member's keys.
      for (const option of objectOptions)
        for (const [k, v] of Object.entries(defOf(option).shape ?? {}))
          add(`${rawKey}.${k}`, platform, v, inParam);
      return;
    }
    const isObject = d.type === "object";
    const elementCore = d.type === "array" ? unwrap(d.element!).core : undefined;
    const isObjectList = elementCore !== undefined && defOf(elementCore).type === "object";
    // A classified parameter documents its own structure (its type); unclassified parts inside it get no row.
    if (meta || (!isObject && !inParam)) {
      const id = `${key}\u0000${meta?.description ?? ""}`;
      const existing = rows.get(id);
      if (existing) {
        if (!existing.platforms.includes(platform)) existing.platforms.push(platform);
      } else
        rows.set(id, {
          key,
          platforms: [platform],
          type: typeName(core, meta),
          default: showDefault(meta, dflt),
          class: meta?.class ?? "",
          description: meta?.description ?? "",
        });
    }
    const nested = inParam || meta !== undefined;
    if (isObject) {
      for (const [k, v] of Object.entries(d.shape ?? {}))
        add(rawKey ? `${rawKey}.${k}` : k, platform, v, nested);
    } else if (isObjectList) {
      for (const [k, v] of Object.entries(defOf(elementCore).shape ?? {}))
        add(`${rawKey}[].${k}`, platform, v, nested);
    }
  };
  for (const option of rootSchema.options) {
    const platform = String(defOf(unwrap(option.shape.platform).core).values?.[0]);
    for (const [k, v] of Object.entries(option.shape)) add(k, platform, v as z.ZodType);
  }
  return [...rows.values()];
}

/** The Markdown table for the README. */
export function paramTable(rows: ParamRow[] = paramRows()): string {
  const all = new Set(rows.flatMap((r) => r.platforms)).size;
  const lines = [
    "| key | platforms | type | default | class | description |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| \`${r.key}\` | ${r.platforms.length === all ? "all" : r.platforms.join(", ")} | ${r.type} | ` +
        `${r.default} | ${r.class} | ${r.description.replace(/\|/g, "\\|")} |`,
    ),
  ];
  return lines.join("\n");
}

export const TABLE_START =
  "<!-- config-table:start (generated by `npm run config-docs -- --write`) -->";
export const TABLE_END = "<!-- config-table:end -->";

/** Replace the table between the markers of a README text. */
export function withTable(readme: string, table: string = paramTable()): string {
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a) throw new Error(`README has no ${TABLE_START} ... ${TABLE_END} markers`);
  return `${readme.slice(0, a + TABLE_START.length)}\n${table}\n${readme.slice(b)}`;
}
