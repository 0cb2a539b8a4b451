/**
 * The dependency graph of a release's objects, computed from the objects themselves so that one
 * `pulumi up` converges without upstream's `while ! kubectl apply; do sleep 20; done`. Pure functions:
 * the loader turns the edges into `dependsOn`; tests assert the rules on every object.
 *
 * Rules (each edge carries the rule that made it):
 * - `namespace`: a namespaced object after its Namespace; `service-namespace`: objects in a namespace a
 *   platform service owns after that service;
 * - `crd`: a custom resource after its CRD; `service-crd`: after the service that installs its CRD
 *   (cert-manager, Istio);
 * - `issuer`: a cert-manager Certificate after its namespaced Issuer;
 * - `injection`: a namespace labelled for Istio injection after Istio (its pods would start without sidecars);
 * - `webhook-backend` / `webhook-ca`: a webhook configuration with `failurePolicy: Fail` after the Service
 *   and Deployment that serve it and the Certificate whose CA cert-manager injects;
 * - `webhook`: an object such a webhook intercepts (rules, namespaceSelector, objectSelector) after it;
 * - `application-service`: objects of an application that needs a service (KServe and Knative need Istio)
 *   after it; `cluster`: objects with no other dependency after the cluster is ready.
 * Only the first objects of an application's own chains get its service edges; the rest wait through them.
 */
import { ApplicationKey } from "../catalog";
import { ServiceDependency } from "./applications";
import {
  CrdFacts,
  crdFacts,
  groupOf,
  isBuiltinGroup,
  isCrd,
  isNamespaced,
  pluralOf,
  SERVICE_GROUPS,
  SERVICE_NAMESPACES,
  SYSTEM_NAMESPACES,
  versionOf,
} from "./kinds";
import { K8sObject, objectKey } from "./types";

/** An object the release will register, with its application. */
export interface GraphNode {
  key: string;
  app: ApplicationKey;
  obj: K8sObject;
}

/** External nodes: the platform services and the cluster. */
export const EXTERNAL = {
  certManager: "@certManager",
  istio: "@istio",
  auth: "@auth",
  cluster: "@cluster",
} as const;
export type ExternalNode = (typeof EXTERNAL)[keyof typeof EXTERNAL];

export type EdgeRule =
  | "namespace"
  | "service-namespace"
  | "crd"
  | "service-crd"
  | "issuer"
  | "injection"
  | "webhook-backend"
  | "webhook-ca"
  | "webhook"
  | "application-service"
  | "cluster";

/** `from` must be applied after `to`. */
export interface Edge {
  from: string;
  to: string;
  rule: EdgeRule;
}

export interface Graph {
  edges: Edge[];
  /** Dependencies of each object key (object keys and external nodes), without duplicates. */
  dependsOn: Map<string, string[]>;
  /** Longest chain of objects ending at each object (1 for an object that depends on nothing in the graph). */
  depthOf: Map<string, number>;
  /** Length of the critical path: the most objects that must be applied one after another. */
  depth: number;
  /** Every problem found: missing namespaces or CRDs, duplicates, cycles. Empty when the graph is usable. */
  problems: string[];
}

export interface GraphOptions {
  /** Services each application's objects wait for, beyond the object rules. */
  applicationServices?: (app: ApplicationKey) => readonly ServiceDependency[];
}

const ISTIO_INJECTION_LABELS = ["istio-injection", "istio.io/rev", "istio.io/dataplane-mode"];

/** Pure: compute the dependency graph of a set of objects. */
export function computeGraph(nodes: readonly GraphNode[], options: GraphOptions = {}): Graph {
  const problems: string[] = [];
  const edges: Edge[] = [];
  const byKey = new Map<string, GraphNode>();
  for (const n of nodes) {
    const seen = byKey.get(n.key);
    if (seen) {
      problems.push(
        `${n.key} is rendered by both ${seen.app} and ${n.app}; enable only one of them`,
      );
      continue;
    }
    byKey.set(n.key, n);
  }

  const crds = new Map<string, CrdFacts & { node: GraphNode }>();
  const namespaces = new Map<string, GraphNode>();
  for (const n of byKey.values()) {
    if (isCrd(n.obj)) {
      const f = crdFacts(n.obj);
      crds.set(f.key, { ...f, node: n });
    } else if (n.obj.kind === "Namespace" && n.obj.apiVersion === "v1") {
      namespaces.set(n.obj.metadata.name, n);
    }
  }
  const add = (from: GraphNode, to: string, rule: EdgeRule) => {
    if (to !== from.key) edges.push({ from: from.key, to, rule });
  };

  for (const n of byKey.values()) {
    const { obj } = n;
    const group = groupOf(obj.apiVersion);
    const unknownKind =
      !isBuiltinGroup(group) &&
      !crds.has(`${group}/${obj.kind}`) &&
      SERVICE_GROUPS[group] === undefined;
    // namespace (of a kind nothing defines, only the missing CRD is reported)
    if (!unknownKind && isNamespaced(obj, crds)) {
      const ns = obj.metadata.namespace;
      if (ns === undefined || ns === "") {
        problems.push(`${n.key} (${n.app}) is namespaced but has no namespace`);
      } else if (namespaces.has(ns)) {
        add(n, namespaces.get(ns)!.key, "namespace");
      } else if (SERVICE_NAMESPACES[ns] !== undefined) {
        add(n, EXTERNAL[SERVICE_NAMESPACES[ns]], "service-namespace");
      } else if (!SYSTEM_NAMESPACES.has(ns)) {
        problems.push(
          `${n.key} (${n.app}) is in namespace "${ns}", which no enabled application creates`,
        );
      }
    }
    // crd
    if (!isBuiltinGroup(group)) {
      const crd = crds.get(`${group}/${obj.kind}`);
      if (crd) add(n, crd.node.key, "crd");
      else if (SERVICE_GROUPS[group] !== undefined) {
        add(n, EXTERNAL[SERVICE_GROUPS[group]], "service-crd");
      } else {
        problems.push(
          `${n.key} (${n.app}) is a ${group}/${obj.kind}, whose CRD no enabled application installs`,
        );
      }
    }
    // issuer
    if (group === "cert-manager.io" && obj.kind === "Certificate") {
      const ref = (obj.spec as { issuerRef?: { name?: string; kind?: string } } | undefined)
        ?.issuerRef;
      if (ref?.name && (ref.kind ?? "Issuer") === "Issuer") {
        const issuer = `cert-manager.io/Issuer/${obj.metadata.namespace ?? ""}/${ref.name}`;
        if (byKey.has(issuer)) add(n, issuer, "issuer");
      }
    }
    // injection
    if (obj.kind === "Namespace" && group === "") {
      const labels = obj.metadata.labels ?? {};
      const injected = ISTIO_INJECTION_LABELS.some(
        (l) => labels[l] !== undefined && labels[l] !== "disabled",
      );
      if (injected) add(n, EXTERNAL.istio, "injection");
    }
  }

  // webhooks
  for (const w of byKey.values()) {
    if (!isWebhookConfiguration(w.obj)) continue;
    const hooks = ((w.obj.webhooks as Webhook[] | undefined) ?? []).filter(
      (h) => (h.failurePolicy ?? "Fail") === "Fail",
    );
    if (hooks.length === 0) continue;
    for (const h of hooks) {
      const svc = h.clientConfig?.service;
      if (svc?.name && svc.namespace) {
        const svcKey = `/Service/${svc.namespace}/${svc.name}`;
        const service = byKey.get(svcKey);
        if (service) {
          add(w, svcKey, "webhook-backend");
          for (const d of backingWorkloads(service.obj, byKey.values())) {
            add(w, d.key, "webhook-backend");
          }
        }
      }
    }
    const caFrom = w.obj.metadata.annotations?.["cert-manager.io/inject-ca-from"];
    if (caFrom) {
      const [ns, name] = caFrom.split("/");
      const cert = `cert-manager.io/Certificate/${ns}/${name}`;
      if (byKey.has(cert)) add(w, cert, "webhook-ca");
    }
    for (const o of byKey.values()) {
      if (o === w) continue;
      if (hooks.some((h) => intercepts(h, o.obj, crds, namespaces))) add(o, w.key, "webhook");
    }
  }

  // services of applications, and the cluster, for objects that wait for nothing else in the graph
  const dependsOn = new Map<string, string[]>();
  for (const n of byKey.values()) dependsOn.set(n.key, []);
  for (const e of edges) {
    const list = dependsOn.get(e.from)!;
    if (!list.includes(e.to)) list.push(e.to);
  }
  for (const n of byKey.values()) {
    const list = dependsOn.get(n.key)!;
    // The first objects of the application's own chains wait for its services; the rest wait through them.
    if (!list.some((d) => byKey.get(d)?.app === n.app)) {
      for (const s of options.applicationServices?.(n.app) ?? []) {
        if (!list.includes(EXTERNAL[s])) {
          list.push(EXTERNAL[s]);
          edges.push({ from: n.key, to: EXTERNAL[s], rule: "application-service" });
        }
      }
    }
    if (list.length === 0) {
      list.push(EXTERNAL.cluster);
      edges.push({ from: n.key, to: EXTERNAL.cluster, rule: "cluster" });
    }
  }

  const { depthOf, cycle } = depths(dependsOn);
  if (cycle) problems.push(`dependency cycle: ${cycle.join(" -> ")}`);
  let depth = 0;
  for (const d of depthOf.values()) depth = Math.max(depth, d);
  return { edges, dependsOn, depthOf, depth, problems };
}

/** Longest chain ending at each node, by depth-first search; reports the first cycle found. */
function depths(dependsOn: ReadonlyMap<string, readonly string[]>): {
  depthOf: Map<string, number>;
  cycle?: string[];
} {
  const depthOf = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let cycle: string[] | undefined;
  const visit = (key: string): number => {
    if (key.startsWith("@")) return 0;
    const known = depthOf.get(key);
    if (known !== undefined) return known;
    if (onStack.has(key)) {
      cycle ??= [...stack.slice(stack.indexOf(key)), key];
      return 0;
    }
    onStack.add(key);
    stack.push(key);
    let d = 0;
    for (const dep of dependsOn.get(key) ?? []) d = Math.max(d, visit(dep));
    stack.pop();
    onStack.delete(key);
    depthOf.set(key, d + 1);
    return d + 1;
  };
  for (const key of dependsOn.keys()) visit(key);
  return cycle ? { depthOf, cycle } : { depthOf };
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

interface Webhook {
  name: string;
  failurePolicy?: string;
  clientConfig?: { service?: { name?: string; namespace?: string } };
  rules?: Array<{
    apiGroups?: string[];
    apiVersions?: string[];
    operations?: string[];
    resources?: string[];
    scope?: string;
  }>;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
}

function isWebhookConfiguration(obj: K8sObject): boolean {
  return (
    groupOf(obj.apiVersion) === "admissionregistration.k8s.io" &&
    (obj.kind === "MutatingWebhookConfiguration" || obj.kind === "ValidatingWebhookConfiguration")
  );
}

/** Pure: whether a label selector matches labels. An empty selector matches everything. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has || !values.includes(labels[e.key]!)) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[e.key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Whether creating `obj` goes through webhook `h`. Namespace labels come from the graph's Namespace objects
 * (plus `kubernetes.io/metadata.name`); a namespace outside the graph is assumed to match, which can only
 * add an edge, never miss one.
 */
function intercepts(
  h: Webhook,
  obj: K8sObject,
  crds: ReadonlyMap<string, CrdFacts>,
  namespaces: ReadonlyMap<string, GraphNode>,
): boolean {
  const group = groupOf(obj.apiVersion);
  const version = versionOf(obj.apiVersion);
  const plural = pluralOf(obj, crds);
  const namespaced = isNamespaced(obj, crds);
  const ruleMatches = (h.rules ?? []).some((r) => {
    const any = (list: string[] | undefined, v: string) =>
      (list ?? []).some((x) => x === "*" || x === v);
    const scope = r.scope ?? "*";
    return (
      any(r.apiGroups, group) &&
      any(r.apiVersions, version) &&
      any(r.operations, "CREATE") &&
      (r.resources ?? []).some((x) => x === "*" || x === "*/*" || x === plural) &&
      (scope === "*" || (scope === "Namespaced") === namespaced)
    );
  });
  if (!ruleMatches) return false;
  if (!selectorMatches(h.objectSelector, obj.metadata.labels ?? {})) return false;
  if (obj.kind === "Namespace" && group === "") {
    return selectorMatches(h.namespaceSelector, {
      ...(obj.metadata.labels ?? {}),
      "kubernetes.io/metadata.name": obj.metadata.name,
    });
  }
  if (!namespaced) return true; // other cluster-scoped objects are never skipped by namespaceSelector
  const ns = obj.metadata.namespace ?? "";
  const nsNode = namespaces.get(ns);
  if (!nsNode) return true;
  return selectorMatches(h.namespaceSelector, {
    ...(nsNode.obj.metadata.labels ?? {}),
    "kubernetes.io/metadata.name": ns,
  });
}

/** Deployments, StatefulSets and DaemonSets in the Service's namespace whose pods it selects. */
function backingWorkloads(service: K8sObject, all: Iterable<GraphNode>): GraphNode[] {
  const selector = (service.spec as { selector?: Record<string, string> } | undefined)?.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  const out: GraphNode[] = [];
  for (const n of all) {
    if (groupOf(n.obj.apiVersion) !== "apps") continue;
    if (!["Deployment", "StatefulSet", "DaemonSet"].includes(n.obj.kind)) continue;
    if (n.obj.metadata.namespace !== service.metadata.namespace) continue;
    const labels =
      (n.obj.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)
        ?.template?.metadata?.labels ?? {};
    if (selectorMatches({ matchLabels: selector }, labels)) out.push(n);
  }
  return out;
}

/** Object keys of a list of objects, as the graph names them. */
export function keysOf(objs: readonly K8sObject[]): string[] {
  return objs.map(objectKey);
}
