/**
 * Pure queries over a platform object set: objects by kind and name, and the pod templates of workloads
 * (what the pods the cluster will run look like).
 */
import { K8sObject } from "../../components/kubeflow/types";
import { PlatformObject, PlatformSet } from "./types";

/** `Kind namespace/name`, or `Kind name` for objects without a namespace. */
export function describe(obj: K8sObject): string {
  const ns = obj.metadata.namespace;
  return `${obj.kind} ${ns !== undefined ? `${ns}/` : ""}${obj.metadata.name}`;
}

/** API group of an apiVersion (`""` for core). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** Objects of a kind (optionally of an API group), as K8sObjects. */
export function ofKind(set: PlatformSet, kind: string, group?: string): K8sObject[] {
  return set.objects
    .map((o) => o.obj)
    .filter((o) => o.kind === kind && (group === undefined || apiGroup(o.apiVersion) === group));
}

/** The object of a kind with that namespace and name, if the set has it. */
export function findObject(
  set: PlatformSet,
  kind: string,
  namespace: string | undefined,
  name: string,
): K8sObject | undefined {
  return set.objects.find(
    (o) =>
      o.obj.kind === kind && o.obj.metadata.name === name && o.obj.metadata.namespace === namespace,
  )?.obj;
}

/** Namespaces the platform creates (Namespace objects of the set). */
export function platformNamespaces(set: PlatformSet): Set<string> {
  return new Set(ofKind(set, "Namespace", "").map((n) => n.metadata.name));
}

/** A pod as a workload's template describes it. */
export interface PodTemplate {
  /** The workload that owns the template. */
  owner: K8sObject;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The pod spec (containers, volumes, serviceAccountName, securityContext, ...). */
  spec: Record<string, unknown>;
  /** Effective service account (`default` when unset). */
  serviceAccountName: string;
}

const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

function dig(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The pod template of one object, if it is a workload (or a bare Pod). */
export function podTemplateOf(obj: K8sObject): PodTemplate | undefined {
  const ns = obj.metadata.namespace ?? "default";
  if (obj.kind === "Pod" && apiGroup(obj.apiVersion) === "") {
    const spec = (obj.spec ?? {}) as Record<string, unknown>;
    return {
      owner: obj,
      namespace: ns,
      labels: obj.metadata.labels ?? {},
      annotations: obj.metadata.annotations ?? {},
      spec,
      serviceAccountName: (spec.serviceAccountName as string | undefined) ?? "default",
    };
  }
  const path = TEMPLATE_PATHS[obj.kind];
  if (path === undefined || !["apps", "batch", "extensions"].includes(apiGroup(obj.apiVersion)))
    return undefined;
  const template = dig(obj, path) as
    | {
        metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
        spec?: Record<string, unknown>;
      }
    | undefined;
  if (template === undefined) return undefined;
  const spec = template.spec ?? {};
  return {
    owner: obj,
    namespace: ns,
    labels: template.metadata?.labels ?? {},
    annotations: template.metadata?.annotations ?? {},
    spec,
    serviceAccountName:
      (spec.serviceAccountName as string | undefined) ??
      (spec.serviceAccount as string | undefined) ??
      "default",
  };
}

/** Every pod template of the set. */
export function podTemplates(set: PlatformSet): PodTemplate[] {
  return set.objects.flatMap((o: PlatformObject) => {
    const t = podTemplateOf(o.obj);
    return t !== undefined ? [t] : [];
  });
}

/** Whether a label selector's `matchLabels` map (or a plain map selector) matches labels. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A LabelSelector (`matchLabels` and `matchExpressions`) against labels; an empty selector selects all. */
export function matchesLabelSelector(
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
      }
    | undefined,
  labels: Record<string, string>,
): boolean {
  if (selector === undefined) return true;
  if (!selects(selector.matchLabels ?? {}, labels)) return false;
  return (selector.matchExpressions ?? []).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const v = labels[e.key];
    switch (e.operator) {
      case "In":
        return has && (e.values ?? []).includes(v!);
      case "NotIn":
        return !has || !(e.values ?? []).includes(v!);
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        return false;
    }
  });
}
