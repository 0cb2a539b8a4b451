/**
 * Names of a release that the stack config may refer to: the PersistentVolumeClaims (and StatefulSet claim
 * templates) whose size `kubeflow.storage.sizes` sets, and the Deployments and StatefulSets of each
 * application that `kubeflow.applications.<app>.workloads` overrides. A name the selected release does not
 * have would be silently ignored by the transforms, so it is refused with the nearest valid one.
 */
import { nearest } from "../shared/nearest";
import type { ApplicationKey } from "../catalog/types";
import { SelectedApplication } from "./applications";
import { K8sObject } from "./types";

/** The names a release's selected applications define. */
export interface ReleaseNames {
  /** PVC and claim-template names, across the selected applications. */
  claims: ReadonlySet<string>;
  /** Deployment and StatefulSet names per selected application. */
  workloads: ReadonlyMap<ApplicationKey, ReadonlySet<string>>;
}

/** Pure: the claim and workload names of the selected applications' objects (as the bundle renders them). */
export function releaseNames(
  apps: readonly SelectedApplication[],
  objectsOf: (path: string) => readonly K8sObject[],
): ReleaseNames {
  const claims = new Set<string>();
  const workloads = new Map<ApplicationKey, Set<string>>();
  for (const app of apps) {
    const names = workloads.get(app.key) ?? new Set<string>();
    workloads.set(app.key, names);
    for (const p of app.paths) {
      for (const o of objectsOf(p)) {
        if (o.kind === "PersistentVolumeClaim") claims.add(o.metadata.name);
        if (o.kind !== "Deployment" && o.kind !== "StatefulSet") continue;
        names.add(o.metadata.name);
        const templates = (o.spec as { volumeClaimTemplates?: unknown } | undefined)
          ?.volumeClaimTemplates;
        for (const t of Array.isArray(templates) ? templates : []) {
          const name = (t as { metadata?: { name?: unknown } }).metadata?.name;
          if (typeof name === "string") claims.add(name);
        }
      }
    }
  }
  return { claims, workloads };
}

/** What the config names: sizes by claim, and workload overrides per application. */
export interface NamedThings {
  storage: { sizes: Readonly<Record<string, unknown>> };
  applications: Partial<Record<ApplicationKey, { workloads?: Readonly<Record<string, unknown>> }>>;
}

export interface NameProblem {
  /** The key path under `kubeflow`. */
  path: string[];
  message: string;
}

function unknownName(what: string, name: string, known: ReadonlySet<string>, release: string) {
  const list = [...known].sort();
  const guess = nearest(name, list);
  return (
    `"${name}" is not ${what} of Kubeflow ${release}, so it would be ignored.` +
    (guess !== undefined ? ` Did you mean "${guess}"?` : "") +
    (list.length > 0 ? ` Known: ${list.join(", ")}.` : " It has none.") +
    " Rename or remove the key"
  );
}

/** Pure: every name the config gives that the selected release does not define. */
export function nameProblems(
  params: NamedThings,
  names: ReleaseNames,
  release: string,
): NameProblem[] {
  const problems: NameProblem[] = [];
  for (const claim of Object.keys(params.storage.sizes)) {
    if (names.claims.has(claim)) continue;
    problems.push({
      path: ["storage", "sizes", claim],
      message: unknownName(
        "a PersistentVolumeClaim of the selected applications",
        claim,
        names.claims,
        release,
      ),
    });
  }
  for (const [app, choice] of Object.entries(params.applications) as Array<
    [ApplicationKey, NamedThings["applications"][ApplicationKey]]
  >) {
    const known = names.workloads.get(app);
    // An application that is not installed is refused by the selection checks, not here.
    if (known === undefined) continue;
    for (const w of Object.keys(choice?.workloads ?? {})) {
      if (known.has(w)) continue;
      problems.push({
        path: ["applications", app, "workloads", w],
        message: unknownName(`a Deployment or StatefulSet of ${app}`, w, known, release),
      });
    }
  }
  return problems;
}
