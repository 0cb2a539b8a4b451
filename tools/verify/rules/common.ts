/**
 * Queries the cross-object rules share: which pods a Service sends traffic to, what ports those pods
 * declare, how a Service port resolves to a pod port, and how values are printed in messages.
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { apiGroup, describe, ofKind, PodTemplate, podTemplates, selects } from "../objects";
import { PlatformSet, Violation } from "../types";

/** One port of a Service as written (`targetPort` may be a number or a container port name). */
export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

/** One declared port of a container. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/** A violation of `rule` at `obj`. */
export function violation(rule: string, obj: K8sObject, message: string, fix: string): Violation {
  return { rule, object: describe(obj), message, fix };
}

/** A label map as `{a: x, b: y}`, keys sorted, for messages. */
export function fmtLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${k}: ${v}`).join(", ")}}`;
}

/** `a, b and c` (or `none`), for messages. */
export function fmtList(items: readonly string[]): string {
  if (items.length === 0) return "none";
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]!}`;
}

/** A record field of an object, or `{}`. */
export function field(v: unknown, key: string): Record<string, unknown> {
  if (v === null || typeof v !== "object") return {};
  const f = (v as Record<string, unknown>)[key];
  return f !== null && typeof f === "object" && !Array.isArray(f)
    ? (f as Record<string, unknown>)
    : {};
}

/** An array field of an object, or `[]`. */
export function list(v: unknown, key: string): Record<string, unknown>[] {
  if (v === null || typeof v !== "object") return [];
  const f = (v as Record<string, unknown>)[key];
  return Array.isArray(f) ? (f.filter((e) => e !== null && typeof e === "object") as never) : [];
}

/** A string field of an object, if it is one. */
export function str(v: unknown, key: string): string | undefined {
  if (v === null || typeof v !== "object") return undefined;
  const f = (v as Record<string, unknown>)[key];
  return typeof f === "string" ? f : undefined;
}

/** Core-group Services of the set. */
export function services(set: PlatformSet): K8sObject[] {
  return ofKind(set, "Service", "");
}

/** The core-group Service `namespace/name`, if the set has it. */
export function findService(
  set: PlatformSet,
  namespace: string,
  name: string,
): K8sObject | undefined {
  return services(set).find(
    (s) => s.metadata.name === name && (s.metadata.namespace ?? "default") === namespace,
  );
}

/** A Service's `spec.selector` (empty when unset: such a Service has manually managed endpoints). */
export function serviceSelector(svc: K8sObject): Record<string, string> {
  return field(svc.spec, "selector") as Record<string, string>;
}

/** A Service's ports. */
export function servicePorts(svc: K8sObject): ServicePort[] {
  return list(svc.spec, "ports") as unknown as ServicePort[];
}

/**
 * Pod templates a Service selects: the pods of its own namespace whose labels carry every selector entry.
 * A Service without a selector selects nothing (its Endpoints are managed by someone else).
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 */
export function servicePods(
  set: PlatformSet,
  svc: K8sObject,
  pods: readonly PodTemplate[] = podTemplates(set),
): PodTemplate[] {
  const selector = serviceSelector(svc);
  if (Object.keys(selector).length === 0) return [];
  const ns = svc.metadata.namespace ?? "default";
  return pods.filter((p) => p.namespace === ns && selects(selector, p.labels));
}

/**
 * Containers whose ports a Service can target: the regular containers and native sidecars (init
 * containers with `restartPolicy: Always`), as the endpoints controller resolves named ports.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */
export function servingContainers(pod: PodTemplate): Record<string, unknown>[] {
  const sidecars = list(pod.spec, "initContainers").filter(
    (c) => str(c, "restartPolicy") === "Always",
  );
  return [...list(pod.spec, "containers"), ...sidecars];
}

/** Every declared port of a pod's serving containers. */
export function podPorts(pod: PodTemplate): ContainerPort[] {
  return servingContainers(pod).flatMap((c) => list(c, "ports") as unknown as ContainerPort[]);
}

/**
 * The pod port a Service port sends traffic to on one pod: a numeric targetPort as is, an omitted one is
 * the `port`, a named one is the container port of that name and protocol (TCP by default), or `undefined`
 * when the pod declares no such name (that pod is then no endpoint of the port).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
 */
export function resolveTargetPort(sp: ServicePort, pod: PodTemplate): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? "TCP";
  return podPorts(pod).find((p) => p.name === target && (p.protocol ?? "TCP") === protocol)
    ?.containerPort;
}

/** `Kind ns/name` of the workloads owning pod templates, for messages. */
export function owners(pods: readonly PodTemplate[]): string[] {
  return [...new Set(pods.map((p) => describe(p.owner)))];
}

/**
 * Namespaces the set holds anything in: its Namespace objects and the namespace of every namespaced
 * object. A reference into any other namespace points at something this platform does not install (a
 * user's namespace, a service of another cluster), which the rules cannot judge and skip.
 */
export function knownNamespaces(set: PlatformSet): Set<string> {
  const out = new Set<string>();
  for (const { obj } of set.objects) {
    if (obj.kind === "Namespace" && apiGroup(obj.apiVersion) === "") out.add(obj.metadata.name);
    if (obj.metadata.namespace !== undefined) out.add(obj.metadata.namespace);
  }
  return out;
}

/** `namespace/name` of an object (`name` alone when cluster-scoped). */
export function nsName(obj: K8sObject): string {
  return obj.metadata.namespace !== undefined
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : obj.metadata.name;
}

/** Levenshtein distance between two names. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Existing names for a message about a missing `target`: all of them when few, else the `limit` closest
 * by edit distance with the total, so a typo shows its correction without listing a whole namespace.
 */
export function fmtCandidates(target: string, names: readonly string[], limit = 5): string {
  const unique = [...new Set(names)].sort();
  if (unique.length <= limit) return fmtList(unique);
  // Names sharing a dash-separated word first (`jupyter-notebook` ~ `jupyter-web-app`), then edit distance.
  const words = new Set(target.split(/[-./]/));
  const shared = (n: string): number => n.split(/[-./]/).filter((w) => words.has(w)).length;
  const closest = unique
    .map((n) => ({ n, s: shared(n), d: distance(target, n) }))
    .sort((x, y) => y.s - x.s || x.d - y.d || x.n.localeCompare(y.n))
    .slice(0, limit)
    .map((x) => x.n);
  return `${closest.join(", ")} (closest ${limit} of ${unique.length})`;
}
