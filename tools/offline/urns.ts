/**
 * The URNs a stack's resources have in a real deployment, and the URNs their aliases stand for, from a mocked
 * run of the program (the recorder of ./run.ts). A URN is the identity of a resource in the stack's state:
 * a resource whose URN changes without an alias naming the old one is deleted and created again. The URN
 * baseline (`npm run urns`, test/fixtures/urns/) holds every change of the code to that.
 *
 * Why not the recorder's `urn`: the mock monitor builds it from the parent's *last* type only
 * (`Parent$Child`), while the engine chains every ancestor's type (`Grand$Parent$Child`), so from the
 * third level down the mocked URNs are not the deployed ones. Here they are computed as the engine does.
 *
 * Aliases, as the recorder receives them (the SDK sends structured aliases when the engine supports them,
 * as the mocks and every current CLI do; the engine then resolves them):
 * - a URN string (`aliases: ["urn:pulumi:..."]`): taken as is;
 * - a spec `{ name, type, stack, project, parent | parentUrn | noParent }`: the fields it leaves empty are the
 *   resource's own; `parent`/`parentUrn` name the old parent (a registered resource's mocked URN is mapped to
 *   its real one), `noParent` (or `parent: undefined`) means it was top-level;
 * - inherited from the parent: for each alias of the parent, the child under the parent's old URN (with its
 *   name's prefix renamed when it starts with the parent's name, as the SDK's `inheritedChildAlias` does), and
 *   each of the child's own aliases under it too. As the engine does, the parent's aliases include what it
 *   inherited itself, so a renamed component carries its whole subtree.
 *
 * Children a provider registers itself (a remote component's) never reach the program, so the mocks do not
 * see them. For `kubernetes:yaml/v2:ConfigGroup` (the CRDs of each application) they follow from its inputs
 * as the Kubernetes provider names them: `<resourcePrefix, default the group's name>:<namespace/>name`, type
 * `kubernetes:<group or core>/<version>:<Kind>`, under the group; they inherit the group's aliases.
 */
import { parseAllDocuments } from "yaml";
import { jsonDocuments } from "./json-stream";

/** What the URN computation needs of a recorded resource (a `RecordedResource` fits). */
export interface UrnSource {
  /** The URN the mocks gave it (used only to find its children). */
  urn: string;
  type: string;
  name: string;
  /** The mocked URN of its parent, "" for a top-level resource. */
  parent: string;
  /** As recorded: alias URN strings and `{ urn, spec }` objects of the wire format. */
  aliases: readonly unknown[];
  /** Its inputs (read for the children a provider registers from them). @default {} */
  inputs?: Record<string, unknown>;
}

export interface ResourceUrns {
  type: string;
  name: string;
  /** Its URN as the engine computes it. */
  urn: string;
  /** The URNs its aliases stand for (own and inherited), without duplicates or its own URN. */
  aliases: string[];
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** Pure: the qualified type of a URN (`Grand$Parent$Child`). */
export function urnQualifiedType(urn: string): string {
  const parts = urn.split("::");
  if (parts.length < 4 || !urn.startsWith("urn:pulumi:")) throw new Error(`not a URN: ${urn}`);
  return parts[2];
}

/** Pure: the name of a URN (everything after the type; a name may itself hold `::`). */
export function urnName(urn: string): string {
  urnQualifiedType(urn);
  return urn.split("::").slice(3).join("::");
}

/** Pure: the resource's own type of a URN (the last of its qualified type). */
export function urnType(urn: string): string {
  return urnQualifiedType(urn).split("$").pop() as string;
}

/**
 * Pure: a URN as Pulumi makes it (the SDK's `createUrn`, the engine's `NewURN`):
 * `urn:pulumi:<stack>::<project>::<parent's qualified type>$<type>::<name>`, no prefix for a top-level
 * resource or a child of the stack.
 */
export function createUrn(
  name: string,
  type: string,
  parentUrn: string | undefined,
  project: string,
  stack: string,
): string {
  let qualified = type;
  if (parentUrn !== undefined && parentUrn !== "") {
    const parentType = urnQualifiedType(parentUrn);
    if (parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** An alias in the form this module resolves. */
export type AliasForm =
  | { urn: string }
  | {
      name?: string;
      type?: string;
      stack?: string;
      project?: string;
      /** The old parent's URN (a mocked URN of a registered resource is mapped to its real one). */
      parentUrn?: string;
      noParent?: boolean;
    };

/**
 * Pure: a recorded alias in the form resolved here. The recorder keeps alias URN strings as strings and
 * structured aliases as the wire message's `toObject()`: `{ urn, spec: { name, type, stack, project,
 * parenturn, noparent } }` (empty strings for unset fields).
 */
export function aliasForm(recorded: unknown): AliasForm {
  if (typeof recorded === "string") return { urn: recorded };
  const o = (recorded ?? {}) as { urn?: unknown; spec?: Record<string, unknown> };
  if (typeof o.urn === "string" && o.urn !== "") return { urn: o.urn };
  if (o.spec === undefined || o.spec === null || typeof o.spec !== "object") {
    throw new Error(`unrecognised alias: ${JSON.stringify(recorded)}`);
  }
  const str = (k: string): string | undefined => {
    const v = o.spec?.[k];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const out: AliasForm = {};
  for (const [k, key] of [
    ["name", "name"],
    ["type", "type"],
    ["stack", "stack"],
    ["project", "project"],
    ["parenturn", "parentUrn"],
  ] as const) {
    const v = str(k);
    if (v !== undefined) out[key] = v;
  }
  if (o.spec.noparent === true) out.noParent = true;
  return out;
}

/** The resource an alias belongs to, as it is registered now. */
interface Goal {
  name: string;
  type: string;
  /** Real URN of its parent, undefined for a top-level resource. */
  parentUrn: string | undefined;
}

/** Pure: the URN one alias stands for (the engine's `collapseAliasToUrn`). */
export function collapseAlias(
  alias: AliasForm,
  goal: Goal,
  project: string,
  stack: string,
  realUrnOf: (urn: string) => string = (u) => u,
): string {
  if ("urn" in alias) return alias.urn;
  const parent =
    alias.noParent === true
      ? undefined
      : alias.parentUrn !== undefined
        ? realUrnOf(alias.parentUrn)
        : goal.parentUrn;
  return createUrn(
    alias.name ?? goal.name,
    alias.type ?? goal.type,
    parent,
    alias.project ?? project,
    alias.stack ?? stack,
  );
}

/**
 * Pure: the alias a child gets from one alias of its parent (the SDK's `inheritedChildAlias`): the child
 * under the parent's old URN, its name's prefix renamed when it starts with the parent's current name.
 */
export function inheritedChildAlias(
  childName: string,
  childType: string,
  parentName: string,
  parentAliasUrn: string,
): string {
  const parentUrnParts = parentAliasUrn.split("::");
  const stack = parentUrnParts[0].slice("urn:pulumi:".length);
  const project = parentUrnParts[1];
  const name = childName.startsWith(parentName)
    ? urnName(parentAliasUrn) + childName.slice(parentName.length)
    : childName;
  return createUrn(name, childType, parentAliasUrn, project, stack);
}

const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";

/** Pure: the Pulumi type token of a Kubernetes object (`kubernetes:core/v1:ConfigMap`). */
export function kubernetesType(apiVersion: string, kind: string): string {
  return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

/**
 * Pure: the children the Kubernetes provider registers for a `yaml/v2` ConfigGroup from its `yaml` and `objs`
 * inputs: [type, name] each. Other resources: none. A `files` input cannot be read here: an error.
 */
export function providerChildren(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Array<[string, string]> {
  if (type !== CONFIG_GROUP) return [];
  if (inputs.files !== undefined) {
    throw new Error(
      `${type}::${name}: its files input is read by the provider; URNs cannot be computed`,
    );
  }
  const objects: unknown[] = [];
  const yamls = inputs.yaml === undefined ? [] : [inputs.yaml].flat();
  for (const text of yamls) {
    // The program's CRD groups are JSON documents: read as JSON, they are what the YAML parser gives.
    const json = jsonDocuments(String(text));
    if (json !== undefined) {
      objects.push(...json);
      continue;
    }
    for (const doc of parseAllDocuments(String(text))) {
      const o: unknown = doc.toJS();
      if (o !== null && o !== undefined) objects.push(o);
    }
  }
  if (Array.isArray(inputs.objs)) objects.push(...(inputs.objs as unknown[]));
  const prefix = typeof inputs.resourcePrefix === "string" ? inputs.resourcePrefix : name;
  return objects.map((o) => {
    const obj = o as {
      apiVersion?: string;
      kind?: string;
      metadata?: { name?: string; namespace?: string };
    };
    if (
      obj.apiVersion === undefined ||
      obj.kind === undefined ||
      obj.metadata?.name === undefined
    ) {
      throw new Error(`${type}::${name}: an object without apiVersion, kind or metadata.name`);
    }
    const ns = obj.metadata.namespace;
    const base = ns !== undefined && ns !== "" ? `${ns}/${obj.metadata.name}` : obj.metadata.name;
    return [kubernetesType(obj.apiVersion, obj.kind), prefix === "" ? base : `${prefix}:${base}`];
  });
}

/**
 * Pure: every recorded resource's real URN and alias URNs, in registration order (a ConfigGroup's
 * provider-registered children right after it). A parent is always
 * registered before its children (its URN must resolve first); a parent the run did not register, or a
 * mocked URN two resources share while a child names it, is an error (the result would be a guess).
 */
export function resourceUrns(
  resources: readonly UrnSource[],
  project: string,
  stack: string,
): ResourceUrns[] {
  const byMocked = new Map<
    string,
    { urn: string; name: string; aliases: string[] } | "ambiguous"
  >();
  const out: ResourceUrns[] = [];
  const realUrnOf = (mocked: string): string => {
    const hit = byMocked.get(mocked);
    return hit === undefined || hit === "ambiguous" ? mocked : hit.urn;
  };
  for (const r of resources) {
    let parent: { urn: string; name: string; aliases: string[] } | undefined;
    if (r.parent !== "") {
      const hit = byMocked.get(r.parent);
      if (hit === undefined) {
        throw new Error(
          `${r.type}::${r.name}: its parent ${r.parent} was not registered before it`,
        );
      }
      if (hit === "ambiguous") {
        throw new Error(
          `${r.type}::${r.name}: two registered resources have its parent's URN ${r.parent}`,
        );
      }
      parent = hit;
    }
    const goal: Goal = { name: r.name, type: r.type, parentUrn: parent?.urn };
    const urn = createUrn(r.name, r.type, goal.parentUrn, project, stack);
    const own = r.aliases.map((a) => collapseAlias(aliasForm(a), goal, project, stack, realUrnOf));
    const all = [...own];
    for (const parentAlias of parent?.aliases ?? []) {
      all.push(inheritedChildAlias(r.name, r.type, parent?.name ?? "", parentAlias));
      for (const a of own) {
        all.push(inheritedChildAlias(urnName(a), urnType(a), parent?.name ?? "", parentAlias));
      }
    }
    const aliases = [...new Set(all)].filter((a) => a !== urn);
    out.push({ type: r.type, name: r.name, urn, aliases });
    for (const [type, name] of providerChildren(r.type, r.name, r.inputs ?? {})) {
      const inherited = aliases.map((a) => inheritedChildAlias(name, type, r.name, a));
      out.push({ type, name, urn: createUrn(name, type, urn, project, stack), aliases: inherited });
    }
    byMocked.set(r.urn, byMocked.has(r.urn) ? "ambiguous" : { urn, name: r.name, aliases });
  }
  return out;
}

export interface UrnComparison {
  /** Baseline URNs neither registered nor an alias of a registered resource: these would be deleted. */
  missing: string[];
  /** Baseline URNs now carried by an alias: [old URN, URN of the resource that takes it over]. */
  aliased: Array<[string, string]>;
  /** Registered URNs the baseline does not hold (new resources; not a problem). */
  added: string[];
  /** URNs two or more registered resources share (the engine refuses the second). */
  duplicates: string[];
  /** Baseline URNs claimed as an alias by more than one registered resource (the engine refuses that). */
  contested: string[];
}

/** Pure: compare a baseline (URNs of the last deployment) with the URNs of a run. */
export function compareUrns(
  baseline: readonly string[],
  now: readonly ResourceUrns[],
): UrnComparison {
  const registered = new Map<string, number>();
  for (const r of now) registered.set(r.urn, (registered.get(r.urn) ?? 0) + 1);
  const claimedBy = new Map<string, string[]>();
  for (const r of now) {
    for (const a of r.aliases) {
      if (registered.has(a)) continue; // a URN still registered is that resource's, not the alias's
      claimedBy.set(a, [...(claimedBy.get(a) ?? []), r.urn]);
    }
  }
  const base = new Set(baseline);
  const missing: string[] = [];
  const aliased: Array<[string, string]> = [];
  const contested: string[] = [];
  for (const old of [...base].sort()) {
    if (registered.has(old)) continue;
    const by = claimedBy.get(old);
    if (by === undefined) missing.push(old);
    else if (by.length > 1) contested.push(old);
    else aliased.push([old, by[0]]);
  }
  return {
    missing,
    aliased,
    contested,
    added: [...registered.keys()].filter((u) => !base.has(u)).sort(),
    duplicates: [...registered]
      .filter(([, n]) => n > 1)
      .map(([u]) => u)
      .sort(),
  };
}

/** Pure: whether a comparison holds a problem (a replaced, duplicated or contested resource). */
export function hasUrnProblem(c: UrnComparison): boolean {
  return c.missing.length + c.duplicates.length + c.contested.length > 0;
}

/** Pure: a baseline file's text: the registered URNs, sorted, one a line. */
export function baselineText(now: readonly ResourceUrns[]): string {
  return [...new Set(now.map((r) => r.urn))].sort().join("\n") + "\n";
}

/** Pure: the URNs of a baseline file's text (blank lines ignored). */
export function parseBaseline(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** Pure: the report of a comparison for a stack, problems first, each naming its fix. */
export function formatComparison(stack: string, c: UrnComparison): string[] {
  const lines: string[] = [];
  for (const u of c.missing) {
    lines.push(
      `${stack}: ${u} is no longer registered and no resource aliases it, so \`pulumi up\` would delete it: ` +
        `add an alias to the resource that replaces it, or, if the removal is intended and its data is ` +
        `protected, refresh the baseline with \`npm run urns -- ${stack} --write\``,
    );
  }
  for (const u of c.duplicates) {
    lines.push(`${stack}: ${u} is registered more than once: give each resource its own name`);
  }
  for (const u of c.contested) {
    lines.push(
      `${stack}: ${u} is an alias of more than one resource: keep it on the one that replaces it`,
    );
  }
  for (const [old, by] of c.aliased) lines.push(`${stack}: moved ${old} -> ${by} (aliased)`);
  for (const u of c.added) lines.push(`${stack}: added ${u}`);
  return lines;
}
