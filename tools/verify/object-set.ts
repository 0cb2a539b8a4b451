/**
 * The platform object set of a stack: what the cluster holds after `pulumi up`. Built from the resources a
 * (mocked) run registered: the program's own Kubernetes objects, the objects inside its ConfigGroups, and
 * each Helm release rendered by its real chart with the values as registered.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AWS_LB_CONTROLLER_CHART } from "../../components/catalog/charts";
import { crdFacts, CrdFacts, isCrd } from "../../components/kubeflow/kinds";
import { K8sObject } from "../../components/kubeflow/types";
import {
  parseStream,
  RegisteredResource,
  releaseSpecs,
  renderRelease,
  RenderOptions,
  ReleaseSpec,
  withReleaseNamespace,
} from "./render";
import { platformProvidedObjects } from "./provided";
import { PlatformObject, PlatformSet } from "./types";

const CONFIG_GROUP_TYPES = new Set([
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:yaml:ConfigGroup",
]);

/** Pure: whether a registered resource is one Kubernetes object (typed or generic), not a Release or group. */
function isObjectResource(r: RegisteredResource): boolean {
  return (
    r.type.startsWith("kubernetes:") &&
    !r.type.startsWith("kubernetes:helm.sh/") &&
    !r.type.startsWith("kubernetes:yaml") &&
    !r.type.startsWith("kubernetes:kustomize") &&
    typeof r.inputs.apiVersion === "string" &&
    typeof r.inputs.kind === "string"
  );
}

/** Pure: the objects inside a ConfigGroup's inputs (`yaml` text or `objs`). */
export function configGroupObjects(r: RegisteredResource): K8sObject[] {
  const out: K8sObject[] = [];
  const yaml = r.inputs.yaml;
  const texts = typeof yaml === "string" ? [yaml] : Array.isArray(yaml) ? (yaml as string[]) : [];
  for (const text of texts) out.push(...parseStream(text));
  const objs = r.inputs.objs;
  if (Array.isArray(objs)) out.push(...(objs as K8sObject[]));
  return out;
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";

/**
 * Pure: a value with Pulumi's secret markers (`{ <sig>: <secret sig>, value }`) replaced by their values: the
 * cluster sees the plain object.
 */
export function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (SECRET_SIG_KEY in o && "value" in o) return unwrapSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

/**
 * Pure: the type token of the resource a URN names (`urn:pulumi:<stack>::<project>::<a>$<b>::<name>` →
 * `<b>`), or undefined for "" or a malformed URN.
 */
export function urnType(urn: string | undefined): string | undefined {
  const parts = (urn ?? "").split("::");
  if (parts.length < 4) return undefined;
  const chain = parts[2]!.split("$");
  return chain[chain.length - 1] || undefined;
}

/** Pure: whether a resource is a server-side-apply patch (`kubernetes:core/v1:ServiceAccountPatch`, ...). */
function isPatchResource(r: RegisteredResource): boolean {
  return /^kubernetes:[^:]+:[A-Za-z]+Patch$/.test(r.type);
}

/** Pure: `patch` merged into `base` as server-side apply merges maps (lists and scalars replaced). */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (
    base === null ||
    patch === null ||
    typeof base !== "object" ||
    typeof patch !== "object" ||
    Array.isArray(base) ||
    Array.isArray(patch)
  )
    return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>))
    out[k] = k in out ? mergePatch(out[k], v) : v;
  return out;
}

/**
 * Pure: the objects with the program's patches applied: a patch of an object the set holds is merged into it
 * (its fields under the program's field manager, as the cluster keeps them); a patch of an object someone
 * else creates at run time (a controller's ServiceAccount) is the object as far as the set can tell.
 */
export function applyPatches(
  objects: PlatformObject[],
  patches: readonly PlatformObject[],
): PlatformObject[] {
  const out = [...objects];
  for (const p of patches) {
    const i = out.findIndex(
      (o) =>
        o.obj.apiVersion === p.obj.apiVersion &&
        o.obj.kind === p.obj.kind &&
        o.obj.metadata.name === p.obj.metadata.name &&
        o.obj.metadata.namespace === p.obj.metadata.namespace,
    );
    if (i < 0) out.push(p);
    else out[i] = { ...out[i]!, obj: mergePatch(out[i]!.obj, p.obj) as K8sObject };
  }
  return out;
}

/** Pure: the set's objects the program registers itself (resources and ConfigGroup contents). */
export function programObjects(resources: readonly RegisteredResource[]): PlatformObject[] {
  const out: PlatformObject[] = [];
  const patches: PlatformObject[] = [];
  for (const r of resources) {
    const component = urnType(r.parent);
    const owner = component !== undefined ? { component } : {};
    if (isObjectResource(r) && isPatchResource(r)) {
      patches.push({
        obj: unwrapSecrets(r.inputs) as K8sObject,
        source: { via: "program", resource: r.name, ...owner },
      });
    } else if (isObjectResource(r)) {
      out.push({
        obj: unwrapSecrets(r.inputs) as K8sObject,
        source: { via: "program", resource: r.name, ...owner },
      });
    } else if (CONFIG_GROUP_TYPES.has(r.type)) {
      for (const obj of configGroupObjects({
        ...r,
        inputs: unwrapSecrets(r.inputs) as Record<string, unknown>,
      })) {
        out.push({ obj, source: { via: "config-group", resource: r.name, ...owner } });
      }
    }
  }
  return applyPatches(out, patches);
}

/** Charts pinned outside the offline chart set, by `<chart>@<version>`, with the catalog's reason. */
const NOT_OFFLINE = new Map(
  [AWS_LB_CONTROLLER_CHART]
    .filter((p) => p.notOffline !== undefined)
    .map((p) => [`${p.chart}@${p.version}`, p.notOffline!]),
);

/**
 * Pure: why a release is not rendered — its chart is one the catalog pins outside the offline set and the
 * charts directory lacks it. Any other missing chart is an error of the run (`chartPath` says what to fetch).
 */
export function notOfflineReason(spec: ReleaseSpec, chartsDir: string): string | undefined {
  const reason = NOT_OFFLINE.get(`${spec.chart}@${spec.version}`);
  if (reason === undefined) return undefined;
  return fs.existsSync(path.join(chartsDir, spec.chart, spec.version, "Chart.yaml"))
    ? undefined
    : reason;
}

/**
 * The whole set: program objects, what the cloud platform provides (GKE's StorageClasses), plus every
 * release rendered (`render` is swappable for tests).
 */
export function buildPlatformSet(
  stack: string,
  release: string,
  resources: readonly RegisteredResource[],
  options: RenderOptions,
  render: (spec: ReleaseSpec, options: RenderOptions) => K8sObject[] = renderRelease,
): PlatformSet {
  const own = [...programObjects(resources), ...platformProvidedObjects(resources)];
  const specs = releaseSpecs(
    resources.map((r) => ({ ...r, inputs: unwrapSecrets(r.inputs) as Record<string, unknown> })),
  );
  const unrendered: NonNullable<PlatformSet["unrendered"]> = [];
  const rendered = specs.flatMap((spec) => {
    const reason = notOfflineReason(spec, options.chartsDir);
    if (reason !== undefined) {
      unrendered.push({ release: spec.name, chart: `${spec.chart}@${spec.version}`, reason });
      return [];
    }
    return [{ spec, objects: render(spec, options) }];
  });
  const crds = new Map<string, CrdFacts>();
  for (const obj of [...own.map((o) => o.obj), ...rendered.flatMap((r) => r.objects)]) {
    if (isCrd(obj)) {
      const f = crdFacts(obj);
      crds.set(f.key, f);
    }
  }
  const fromHelm = rendered.flatMap(({ spec, objects }) =>
    objects.map((obj): PlatformObject => ({
      obj: withReleaseNamespace(obj, spec.namespace, crds),
      source: { via: "helm", resource: spec.resource, chart: `${spec.chart}@${spec.version}` },
    })),
  );
  return {
    stack,
    release,
    objects: [...own, ...fromHelm],
    ...(unrendered.length > 0 ? { unrendered } : {}),
  };
}
