/**
 * What `npm run sync` renders: the plan of one release (from the catalog) and the command line.
 */
import type { Release } from "../../components/catalog";
import * as path from "path";
import { encodePath } from "../../components/kubeflow/bundle-format";

/** The Kubeflow manifests repository (formerly kubeflow/manifests; GitHub redirects the old name). */
export const MANIFESTS_REPO = "https://github.com/kubeflow/community-distribution";

/** What to render: one release of the catalog. Pure data; the sync command builds it from the catalog. */
export interface SyncPlan {
  /** The release tag, e.g. `26.03`. */
  release: string;
  /** Git URL recorded as the bundle's `source` and cloned when no other source is given. */
  repo: string;
  /** The commit the catalog pins for the tag; a tag that points elsewhere is refused. @default - not checked */
  commit?: string;
  /** Every kustomize path to render, relative to the repository root. */
  paths: string[];
  /** The paths upstream's example installs, in its order. */
  example: string[];
  /** Kustomize components the example applies on top. @default [] */
  exampleComponents?: string[];
  /** Paths upstream offers as commented-out alternatives. */
  alternatives: string[];
}

/** A failure the user can act on; the message says what happened and what to do. */
export class SyncError extends Error {
  override readonly name = "SyncError";
}

/** Checks that the plan is consistent before anything is cloned; throws one SyncError listing all problems. */
export function checkPlan(plan: SyncPlan): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of plan.paths) {
    try {
      encodePath(p);
    } catch (e) {
      problems.push((e as Error).message);
    }
    if (seen.has(p)) problems.push(`path "${p}" is listed twice`);
    seen.add(p);
  }
  for (const [list, entries] of [
    ["example", plan.example],
    ["alternatives", plan.alternatives],
  ] as const) {
    for (const p of entries) {
      if (!seen.has(p))
        problems.push(`${list} names "${p}", which is not among the paths to render`);
    }
  }
  if (plan.paths.length === 0) problems.push("no paths to render");
  if (plan.commit !== undefined && !/^[0-9a-f]{40}$/.test(plan.commit)) {
    problems.push(`commit "${plan.commit}" is not 40 hex digits`);
  }
  if (problems.length > 0) {
    throw new SyncError(
      `the sync plan of ${plan.release} is inconsistent:\n  - ${problems.join("\n  - ")}`,
    );
  }
}

/** A release as the catalog describes it: all the sync command needs. */
export interface SyncCatalogRelease {
  tag: string;
  commit?: string;
  paths: string[];
  example: string[];
  exampleComponents?: string[];
  alternatives: string[];
}

/**
 * Pure: what `npm run sync` renders for a catalogued release — every mode of every application and the paths the
 * platform services replace (kept in the bundle as the schema source of their custom resources), with
 * upstream's example install (each application's default mode) separated from the alternatives.
 */
export function syncReleaseOf(release: Release): SyncCatalogRelease {
  const example: string[] = [];
  const all: string[] = [];
  const add = (list: string[], p: string) => {
    if (!list.includes(p)) list.push(p);
  };
  for (const app of Object.values(release.applications)) {
    if (app === undefined) continue;
    for (const [mode, variant] of Object.entries(app.modes)) {
      for (const p of variant.paths) {
        add(all, p);
        if (app.enabledByDefault && mode === app.defaultMode) add(example, p);
      }
    }
  }
  for (const r of release.replaced) add(all, r.path);
  return {
    tag: release.tag,
    commit: release.commit,
    paths: all,
    example,
    alternatives: all.filter((p) => !example.includes(p)),
  };
}

/** The command line of `npm run sync`, parsed. */
export interface SyncArgs {
  release: string;
  source?: string;
  out: string;
}

export const SYNC_USAGE =
  "usage: npm run sync -- <release> [--source <git url or local checkout>] [--out <dir>]";

/** Parses `<release> [--source S] [--out D]`; `--out` defaults to `manifests/kubeflow/<release>`. */
export function parseSyncArgs(argv: string[]): SyncArgs {
  let release: string | undefined;
  let source: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = /^(--source|--out)=(.*)$/.exec(a);
    const flag = eq?.[1] ?? a;
    if (flag === "--source" || flag === "--out") {
      const value = eq ? eq[2] : argv[++i];
      if (value === undefined || value === "")
        throw new SyncError(`${flag} needs a value\n${SYNC_USAGE}`);
      if (flag === "--source") source = value;
      else out = value;
    } else if (a.startsWith("-")) {
      throw new SyncError(`unknown option ${a}\n${SYNC_USAGE}`);
    } else if (release === undefined) {
      release = a;
    } else {
      throw new SyncError(`unexpected argument ${a}: one release at a time\n${SYNC_USAGE}`);
    }
  }
  if (release === undefined) throw new SyncError(`no release given\n${SYNC_USAGE}`);
  return { release, source, out: out ?? path.join("manifests", "kubeflow", release) };
}

/** The plan for `release` from the catalog; an unknown release lists the known ones. */
export function planFor(
  release: string,
  catalog: Readonly<Record<string, SyncCatalogRelease>>,
  repo: string = MANIFESTS_REPO,
): SyncPlan {
  const entry = catalog[release];
  if (!entry) {
    const known = Object.keys(catalog);
    throw new SyncError(
      `unknown release ${release}; the catalog supports ${known.length > 0 ? known.join(", ") : "no release yet"} ` +
        `(components/catalog/ has one file per supported release)`,
    );
  }
  return {
    release: entry.tag,
    repo,
    commit: entry.commit,
    paths: [...entry.paths],
    example: [...entry.example],
    exampleComponents: [...(entry.exampleComponents ?? [])],
    alternatives: [...entry.alternatives],
  };
}
