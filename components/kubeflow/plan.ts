/**
 * Planning a release install, without registering anything: select the applications, read and verify the
 * bundle, run the transformation chain on every object, and compute the dependency graph. Every problem is
 * found here, so a bad bundle or config fails before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApplicationKey, getRelease, kubernetesVersionProblem, Release } from "../catalog";
import {
  APPLICATIONS,
  ApplicationChoices,
  selectApplications,
  SelectedApplication,
} from "./applications";
import { readBundle } from "./bundle";
import { computeGraph, Graph } from "./graph";
import { CrdFacts, crdFacts, isCrd, SERVICE_NAMESPACES } from "./kinds";
import { clearClusterScopedNamespace, dropServiceNamespaces, placeInNamespace } from "./structural";
import { additivePolicies } from "./additive-policies";
import { inputError, InputProblem } from "../shared/input-error";
import { K8sObject, ObjectOrigin, ObjectTransform, objectKey, TransformContext } from "./types";

export interface PlanOptions {
  /** Catalogued release tag. */
  release: string;
  /** Directory of the release's bundle. */
  bundleDir: string;
  /** Which applications to install and in which mode. @default - the release's example install */
  applications?: ApplicationChoices;
  /** Kubernetes minor version of the cluster, checked against the release when known. */
  kubernetesVersion?: string;
  /** Parameter transformations, applied after the structural ones. */
  transforms?: readonly ObjectTransform[];
  /**
   * Secrets the transformations read, by stable key; or a function given the raw objects of the selected
   * applications (before any transformation) that returns them, e.g. to generate only the secrets needed.
   */
  secrets?: SecretsSource;
  /** Parse cache directory for bundle files, or false. */
  bundleCacheDir?: string | false;
  /**
   * Objects the platform adds to an application (e.g. Istio's mTLS exceptions for Kubeflow's webhooks, which
   * live in Kubeflow's namespaces). Ordered by the same graph; one whose namespace the release does not
   * create is left out. @default []
   */
  extraObjects?: ReadonlyArray<ExtraObject>;
}

/** An object the platform adds to an application. */
export interface ExtraObject {
  app: ApplicationKey;
  obj: K8sObject;
  source: string;
  /**
   * A NetworkPolicy that must only add to the isolation the release already has (see `additivePolicies`):
   * applied as is where the namespace is isolated as a whole, narrowed to the pods each isolating policy
   * selects where only some are, left out where none is. @default false
   */
  additive?: boolean;
}

export type Secrets = Readonly<Record<string, pulumi.Output<string>>>;
export type SecretsSource = Secrets | ((raw: readonly K8sObject[]) => Secrets);

export interface PlannedObject {
  key: string;
  app: ApplicationKey;
  obj: K8sObject;
  origin: ObjectOrigin;
}

export interface ReleasePlan {
  release: Release;
  applications: SelectedApplication[];
  objects: PlannedObject[];
  /** Objects the transformation chain dropped, with where they came from. */
  dropped: Array<{ key: string; origin: ObjectOrigin }>;
  graph: Graph;
}

/**
 * The structural transformations the loader always applies, for a set of applications whose CRDs (by
 * `group/Kind`) are `crds`.
 */
export function structuralTransforms(
  apps: readonly SelectedApplication[],
  crds: ReadonlyMap<string, CrdFacts> = new Map(),
): ObjectTransform[] {
  const placements = apps
    .filter((a) => a.placeIn !== undefined)
    .map((a) => placeInNamespace(a.paths, a.placeIn!, crds));
  return [...placements, clearClusterScopedNamespace(crds), dropServiceNamespaces];
}

/**
 * Plan the install of a release. Bad input (a cluster version the release does not support, application
 * choices, an unusable bundle directory) throws one InputPropertiesError naming every property; the stack
 * config refuses the same input first. Objects that cannot be ordered are a defect of the bundle or the
 * program, and stay a plain Error.
 */
export function planRelease(options: PlanOptions): ReleasePlan {
  const release = getRelease(options.release);
  const what = `Cannot install Kubeflow ${release.tag}`;
  const problems: InputProblem[] = [];
  if (options.kubernetesVersion !== undefined) {
    const p = kubernetesVersionProblem(release, options.kubernetesVersion);
    if (p !== undefined) problems.push({ path: ["kubernetesVersion"], message: p });
  }
  const selection = selectApplications(release, options.applications);
  for (const p of selection.problems) {
    problems.push({ path: ["applications", ...p.path], message: p.message });
  }
  if (problems.length > 0) throw inputError(what, problems);
  const needed = selection.applications.flatMap((a) => a.paths);
  let bundle: ReturnType<typeof readBundle>;
  try {
    bundle = readBundle(options.bundleDir, release.tag, needed, {
      ...(options.bundleCacheDir !== undefined ? { cacheDir: options.bundleCacheDir } : {}),
    });
  } catch (e) {
    // Missing, foreign or edited bundles: the directory given is wrong (the message says how to fix it).
    throw inputError(what, [{ path: ["bundleDir"], message: (e as Error).message }]);
  }
  const rendered = selection.applications.flatMap((app) =>
    app.paths.map((p) => ({ app, path: p, objects: bundle.objects(p) })),
  );
  const crds = new Map<string, CrdFacts>();
  for (const r of rendered) {
    for (const o of r.objects) if (isCrd(o)) crds.set(crdFacts(o).key, crdFacts(o));
  }
  const secrets: Secrets =
    typeof options.secrets === "function"
      ? options.secrets(rendered.flatMap((r) => r.objects))
      : (options.secrets ?? {});
  const chain = [
    ...structuralTransforms(selection.applications, crds),
    ...(options.transforms ?? []),
  ];
  const objects: PlannedObject[] = [];
  const dropped: ReleasePlan["dropped"] = [];
  for (const { app, path: p, objects: raws } of rendered) {
    raws.forEach((raw, index) => {
      const origin: ObjectOrigin = { release: release.tag, path: p, index };
      const ctx: TransformContext = {
        release: release.tag,
        application: app.key,
        origin,
        secrets,
      };
      let obj: K8sObject | undefined = raw;
      for (const t of chain) {
        obj = t(obj, ctx);
        if (obj === undefined) break;
      }
      if (obj === undefined) dropped.push({ key: objectKey(raw), origin });
      else objects.push({ key: objectKey(obj), app: app.key, obj, origin });
    });
  }
  const namespaces = new Set(
    objects.filter((o) => o.obj.kind === "Namespace").map((o) => o.obj.metadata.name),
  );
  // In a namespace neither the release nor a platform service creates, an object could never apply.
  const applies = (e: ExtraObject) => {
    const ns = e.obj.metadata.namespace;
    if (ns !== undefined && !namespaces.has(ns) && !(ns in SERVICE_NAMESPACES)) return false;
    return selection.applications.some((a) => a.key === e.app);
  };
  const extras = (options.extraObjects ?? []).filter(applies);
  // What isolates pods on the cluster: the release's policies and the platform's own non-additive ones.
  const isolating = [
    ...objects.map((o) => o.obj),
    ...extras.filter((e) => e.additive !== true).map((e) => e.obj),
  ];
  extras
    .flatMap((e) =>
      e.additive === true ? additivePolicies(e.obj, isolating).map((obj) => ({ ...e, obj })) : [e],
    )
    .forEach((e, index) => {
      objects.push({
        key: objectKey(e.obj),
        app: e.app,
        obj: e.obj,
        origin: { release: release.tag, path: e.source, index },
      });
    });
  const graph = computeGraph(objects, {
    applicationServices: (app) => APPLICATIONS[app].services ?? [],
  });
  if (graph.problems.length > 0) {
    throw new Error(
      `The objects of Kubeflow ${release.tag} cannot be ordered:\n  - ${graph.problems.join("\n  - ")}`,
    );
  }
  return { release, applications: selection.applications, objects, dropped, graph };
}
