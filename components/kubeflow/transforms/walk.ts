/**
 * Copy-on-write helpers for transforms: they never mutate their input, and return the very same object
 * when nothing changed, so an unchanged object costs no allocation and compares equal by reference.
 */
import { K8sObject } from "../types";

/** Where a string sits: the keys from the object root, and the env var name when it is an env `value`. */
export interface StringSite {
  keys: readonly string[];
  /** Name of the env var when the string is `env[].value`. */
  envName?: string;
}

/** Map every string leaf of a JSON value; unchanged subtrees are returned by reference. */
export function mapStrings<T>(value: T, fn: (s: string, site: StringSite) => string): T {
  const visit = (v: unknown, keys: string[], envName: string | undefined): unknown => {
    if (typeof v === "string") return fn(v, envName !== undefined ? { keys, envName } : { keys });
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((x) => {
        const y = visit(x, keys, undefined);
        if (y !== x) changed = true;
        return y;
      });
      return changed ? out : v;
    }
    if (v !== null && typeof v === "object") {
      const rec = v as Record<string, unknown>;
      const env = typeof rec.name === "string" && "value" in rec ? rec.name : undefined;
      let out: Record<string, unknown> | undefined;
      for (const [k, x] of Object.entries(rec)) {
        const y = visit(x, [...keys, k], k === "value" ? env : undefined);
        if (y !== x) {
          out ??= { ...rec };
          out[k] = y;
        }
      }
      return out ?? v;
    }
    return v;
  };
  return visit(value, [], undefined) as T;
}

/** Pod specs of workload kinds, with the path that leads to each (for copy-on-write updates). */
const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  Pod: ["spec"],
};

export function podSpecPath(kind: string): readonly string[] | undefined {
  return POD_SPEC_PATHS[kind];
}

export function getIn(obj: unknown, path: readonly string[]): unknown {
  let v: unknown = obj;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** Return a copy of `obj` with the value at `path` replaced by `update(old)`; copies only along the path. */
export function updateIn<T>(obj: T, path: readonly string[], update: (old: unknown) => unknown): T {
  if (path.length === 0) return update(obj) as T;
  const [head, ...rest] = path;
  const rec = (obj ?? {}) as Record<string, unknown>;
  const old = rec[head!];
  const next = updateIn(old, rest, update);
  if (next === old) return obj;
  return { ...rec, [head!]: next } as T;
}

/** Apply `fn` to the pod spec of a workload object; other kinds pass through. */
export function updatePodSpec(
  obj: K8sObject,
  fn: (podSpec: Record<string, unknown>) => Record<string, unknown>,
): K8sObject {
  const path = podSpecPath(obj.kind);
  if (!path || getIn(obj, path) === undefined) return obj;
  return updateIn(obj, path, (old) => fn(old as Record<string, unknown>));
}

/** Apply `fn` to every container and initContainer of a pod spec. */
export function updateContainers(
  podSpec: Record<string, unknown>,
  fn: (container: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  let out = podSpec;
  for (const field of ["initContainers", "containers"]) {
    const list = podSpec[field];
    if (!Array.isArray(list)) continue;
    let changed = false;
    const next = list.map((c: Record<string, unknown>) => {
      const d = fn(c);
      if (d !== c) changed = true;
      return d;
    });
    if (changed) out = { ...out, [field]: next };
  }
  return out;
}

/** True when a ConfigMap's name is `base` or `base-<kustomize hash>`. */
export function isConfigMapNamed(obj: K8sObject, base: string): boolean {
  if (obj.kind !== "ConfigMap") return false;
  const n = obj.metadata.name;
  return n === base || new RegExp(`^${base}-[a-z0-9]{10}$`).test(n);
}

/**
 * Pure: a Secret with `field` set to the literal `value` in `stringData` (no base64), and removed from `data`
 * (which would otherwise win or conflict); `data` goes when it is left empty.
 */
export function setSecretString(obj: K8sObject, field: string, value: string): K8sObject {
  const data = { ...((obj.data ?? {}) as Record<string, unknown>) };
  delete data[field];
  const stringData = { ...((obj.stringData ?? {}) as Record<string, unknown>), [field]: value };
  const out: K8sObject = { ...obj, stringData };
  if (Object.keys(data).length > 0) out.data = data;
  else delete out.data;
  return out;
}
