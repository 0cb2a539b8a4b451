/**
 * Upgrades between catalogued releases: which jumps are supported, which hazards need a manual step, and what
 * a move from one release's resource graph to the next's changes. Pure functions, used by the program's guard
 * (refuses at preview) and by `npm run upgrade-plan -- <from> <to>`.
 */
import {
  CATALOG,
  getRelease,
  manualStep,
  Release,
  RELEASE_ARG_KEYS,
  ReleaseKeys,
  UpgradeHazard,
} from "../catalog";
import { isCrd } from "./kinds";
import { ReleasePlan } from "./plan";
import { objectLabel, resourceName, typeToken } from "./release";
import { K8sObject } from "./types";

/** The catalogued releases, oldest first, following each release's `previous`. */
export function releaseChain(catalog: Readonly<Record<string, Release>> = CATALOG): string[] {
  const tags = Object.keys(catalog);
  const oldest = tags.filter((t) => catalog[t]!.previous === undefined);
  const chain: string[] = [...oldest];
  for (;;) {
    const next = tags.find((t) => catalog[t]!.previous === chain[chain.length - 1]);
    if (next === undefined || chain.includes(next)) break;
    chain.push(next);
  }
  return chain;
}

/** Whether `to` is the release right after `from`: the only upgrade the program performs. */
export function supportedStep(from: string, to: string): boolean {
  const chain = releaseChain();
  return chain.indexOf(from) >= 0 && chain.indexOf(to) === chain.indexOf(from) + 1;
}

/** The hazards of moving from `from` to `to` (one step). */
export function hazardsOf(from: string, to: string): readonly UpgradeHazard[] {
  const target = getRelease(to);
  return target.previous === from ? target.hazards : [];
}

/** Every acknowledgement key any catalogued hazard uses. */
export const ACKNOWLEDGEMENT_KEYS: readonly string[] = [
  ...new Set(
    Object.values(CATALOG).flatMap((r) => [
      ...r.hazards.map((h) => h.acknowledgementKey),
      ...(r.nextHazards ?? []).map((h) => h.acknowledgementKey),
    ]),
  ),
];

/** The command that snapshots a stack's data volumes (README, "Snapshots before an upgrade"). */
export function snapshotCommand(stack: string): string {
  return `npm run snapshot -- ${stack} --apply`;
}

/** What a hazard's message says first when the hazard touches data. */
export function snapshotAdvice(stack: string): string {
  return (
    `First snapshot the data volumes (\`${snapshotCommand(stack)}\`, README "Snapshots before an ` +
    `upgrade") and wait until every snapshot is ready.`
  );
}

/** The release right after `tag` in the chain, or undefined for the newest. */
export function nextRelease(tag: string): string | undefined {
  const chain = releaseChain();
  const at = chain.indexOf(tag);
  return at >= 0 ? chain[at + 1] : undefined;
}

/** The hazards of leaving `tag` for the next release: the next entry's, or those `tag` already knows. */
export function hazardsLeaving(tag: string): readonly UpgradeHazard[] {
  const next = nextRelease(tag);
  return next !== undefined ? hazardsOf(tag, next) : (getRelease(tag).nextHazards ?? []);
}

/**
 * The objects (`Kind namespace/name`) whose protection a run of `version` lifts because the hazard of
 * leaving it that releases them is acknowledged: the run before the version change makes them deletable
 * (they stay retained on delete), so the change's preview does not stop at them.
 */
export function releasedByAcknowledgements(
  version: string,
  acknowledged: readonly string[],
): ReadonlySet<string> {
  return new Set(
    hazardsLeaving(version)
      .filter((h) => acknowledged.includes(h.acknowledgementKey))
      .flatMap((h) => h.releasesData ?? []),
  );
}

/** The versions a stack deployed at `chain[from]` may set: the deployed one, or the next. */
function allowedFrom(chain: readonly string[], from: number): string {
  return chain.slice(from, from + 2).join(" or ");
}

/**
 * Problems with changing the deployed release to `target`: unsupported jumps and downgrades, hazards whose
 * manual step has not been acknowledged, and acknowledged hazards whose data the deployed stack still
 * protects (`deployedProtected`: the protected objects its last run recorded). Empty when nothing is
 * deployed or nothing changes.
 */
export function upgradeProblems(
  deployed: string | undefined,
  target: string,
  acknowledged: readonly string[],
  deployedProtected: readonly string[] = [],
  stack = "<stack>",
  keys: ReleaseKeys = RELEASE_ARG_KEYS,
): string[] {
  const version = keys.release;
  const acks = keys.upgradeAcknowledgements;
  if (deployed === undefined || deployed === target) return [];
  const chain = releaseChain();
  const from = chain.indexOf(deployed);
  const to = chain.indexOf(target);
  if (from < 0) {
    return [
      `${version}: got ${target}, but the stack runs Kubeflow ${deployed}, which this version of ` +
        `the program does not catalogue (catalogued: ${chain.join(", ")}); keep ${version}: ` +
        `${deployed} with the program version that deployed it, or redeploy in a new stack`,
    ];
  }
  if (to < from) {
    return [
      `${version}: got ${target}, older than the deployed ${deployed}: downgrades are not ` +
        `supported (CRDs and databases only move forward). Allowed: ${allowedFrom(chain, from)}. ` +
        `Set ${version} back to ${deployed}`,
    ];
  }
  if (to > from + 1) {
    const path = chain.slice(from, to + 1);
    return [
      `${version}: got ${target}, which skips ${path.slice(1, -1).join(", ")} from the deployed ` +
        `${deployed}: upgrade one release at a time (${path.join(" -> ")}), with a \`pulumi up\` at ` +
        `each step. Allowed: ${allowedFrom(chain, from)}. Set ${version} to ${path[1]} first`,
    ];
  }
  const problems: string[] = [];
  for (const h of hazardsOf(deployed, target)) {
    if (!acknowledged.includes(h.acknowledgementKey)) {
      problems.push(
        `${version}: got ${target}; upgrading the deployed ${deployed} to it needs a manual step ` +
          `(${h.id}): ${h.description} ` +
          (h.touchesData ? `${snapshotAdvice(stack)} ` : "") +
          `${manualStep(h, keys)} The acknowledgement is ` +
          `"${h.acknowledgementKey}" in ${acks} (now: ` +
          `${acknowledged.length > 0 ? acknowledged.join(", ") : "none"})`,
      );
      continue;
    }
    const held = (h.releasesData ?? []).filter((o) => deployedProtected.includes(o));
    if (held.length === 0) continue;
    problems.push(
      `${acks}: "${h.acknowledgementKey}" is given, but the deployed stack still ` +
        `protects ${held.join(", ")} (${h.id}), so the upgrade to ${target} would stop at ${held.length === 1 ? "it" : "them"}. ` +
        `Set ${version} back to ${deployed}, keep the acknowledgement and run \`pulumi up\` (it lifts the ` +
        `protection; the objects stay retained on delete), then set ${version}: ${target} again`,
    );
  }
  return problems;
}

/** One resource of a planned release, as Pulumi identifies it (type and name under its parent). */
export interface PlannedResource {
  /** `<type token>::<resource name>`: equal across releases exactly when the URN is. */
  id: string;
  app: string;
  obj: K8sObject;
}

/** The resources a plan registers, by identity. CRDs are identified by their group's child. */
export function plannedResources(plan: ReleasePlan): Map<string, PlannedResource> {
  const out = new Map<string, PlannedResource>();
  for (const o of plan.objects) {
    const appName = `kubeflow-${o.app}`;
    const id = isCrd(o.obj)
      ? `crd::${appName}-crds::${o.obj.metadata.name}`
      : `${typeToken(o.obj)}::${resourceName(appName, o.obj)}`;
    out.set(id, { id, app: o.app, obj: o.obj });
  }
  return out;
}

/** Kinds whose removal loses data: PVCs, Namespaces (and everything in them), CRDs (and all their objects). */
export function holdsData(obj: K8sObject): boolean {
  return obj.kind === "PersistentVolumeClaim" || obj.kind === "Namespace" || isCrd(obj);
}

export interface UpgradeDiff {
  added: PlannedResource[];
  removed: PlannedResource[];
  changed: PlannedResource[];
  unchanged: number;
  /** Removed resources that hold data. */
  dataAtRisk: PlannedResource[];
}

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : x,
  );
}

/** Compare the resources of two plans (same stack config, two releases). */
export function diffPlans(from: ReleasePlan, to: ReleasePlan): UpgradeDiff {
  const a = plannedResources(from);
  const b = plannedResources(to);
  const added = [...b.values()].filter((r) => !a.has(r.id));
  const removed = [...a.values()].filter((r) => !b.has(r.id));
  let unchanged = 0;
  const changed: PlannedResource[] = [];
  for (const r of b.values()) {
    const old = a.get(r.id);
    if (old === undefined) continue;
    if (stable(old.obj) === stable(r.obj)) unchanged++;
    else changed.push(r);
  }
  return {
    added,
    removed,
    changed,
    unchanged,
    dataAtRisk: removed.filter((r) => holdsData(r.obj)),
  };
}

const describe = (r: PlannedResource): string => {
  const ns = r.obj.metadata.namespace;
  return `${r.obj.kind} ${ns ? `${ns}/` : ""}${r.obj.metadata.name} (${r.app})`;
};

/** The summary `npm run upgrade-plan` prints. */
export function formatUpgradePlan(
  fromTag: string,
  toTag: string,
  diff: UpgradeDiff,
  keys: ReleaseKeys = RELEASE_ARG_KEYS,
): string {
  const lines = [
    `Kubeflow ${fromTag} -> ${toTag}`,
    `  ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ` +
      `${diff.unchanged} unchanged`,
  ];
  const supported = supportedStep(fromTag, toTag);
  if (!supported) {
    lines.push(
      `  NOT SUPPORTED: ${upgradeProblems(fromTag, toTag, [], [], "<stack>", keys).join("; ")}`,
    );
  }
  for (const h of supported ? hazardsOf(fromTag, toTag) : []) {
    lines.push(`  Hazard ${h.id}: ${h.description}`);
    if (h.touchesData) lines.push(`    Snapshot first: ${snapshotCommand("<stack>")}`);
    lines.push(`    Manual step: ${manualStep(h, keys)}`);
    lines.push(`    Acknowledgement: ${keys.upgradeAcknowledgements}: [${h.acknowledgementKey}]`);
  }
  if (diff.dataAtRisk.length > 0) {
    const released = new Set(
      (supported ? hazardsOf(fromTag, toTag) : []).flatMap((h) => h.releasesData ?? []),
    );
    lines.push("  Removed resources that hold data:");
    for (const r of diff.dataAtRisk) {
      const label = objectLabel(r.obj);
      lines.push(
        `    - ${describe(r)}: ` +
          (released.has(label)
            ? "released by the hazard's acknowledged run of the old release (retained on delete)"
            : "protected: the preview fails until you act"),
      );
    }
  }
  const section = (title: string, rs: PlannedResource[]) => {
    if (rs.length === 0) return;
    lines.push(`  ${title}:`);
    for (const r of rs) lines.push(`    - ${describe(r)}`);
  };
  section("Added", diff.added);
  section("Removed", diff.removed);
  section("Changed", diff.changed);
  return lines.join("\n");
}
