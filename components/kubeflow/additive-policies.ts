/**
 * Allow policies that only ever add to the isolation a release already has. A NetworkPolicy that selects a pod
 * isolates it: every connection no policy allows is then dropped. So an allow policy for one peer (a metrics
 * scraper, say) applied to pods nothing isolated would cut them off from everyone else. Here such a policy is
 * kept where its namespace is isolated as a whole, narrowed to the pods each isolating policy selects where
 * only some pods are, and dropped where none is.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation
 */
import { K8sObject } from "./types";

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

interface PolicySpec {
  podSelector?: Selector;
  policyTypes?: string[];
}

const isNetworkPolicy = (o: K8sObject) =>
  o.kind === "NetworkPolicy" && o.apiVersion.startsWith("networking.k8s.io/");

/** Whether a policy isolates the pods it selects for ingress (no policyTypes: Ingress). */
function isolatesIngress(o: K8sObject): boolean {
  return ((o.spec as PolicySpec | undefined)?.policyTypes ?? ["Ingress"]).includes("Ingress");
}

function isEmpty(s: Selector | undefined): boolean {
  return Object.keys(s?.matchLabels ?? {}).length === 0 && (s?.matchExpressions ?? []).length === 0;
}

/** Pure: a selector matching the pods both select, or undefined when their matchLabels conflict. */
export function intersectSelectors(a: Selector, b: Selector): Selector | undefined {
  const labels = { ...(a.matchLabels ?? {}) };
  for (const [k, v] of Object.entries(b.matchLabels ?? {})) {
    if (labels[k] !== undefined && labels[k] !== v) return undefined;
    labels[k] = v;
  }
  const expressions = [...(a.matchExpressions ?? []), ...(b.matchExpressions ?? [])];
  return {
    ...(Object.keys(labels).length > 0 ? { matchLabels: labels } : {}),
    ...(expressions.length > 0 ? { matchExpressions: expressions } : {}),
  };
}

/** Pure: namespaces in which a NetworkPolicy of `objects` isolates every pod for ingress. */
export function isolatedNamespaces(objects: readonly K8sObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (!isNetworkPolicy(o) || o.metadata.namespace === undefined || !isolatesIngress(o)) continue;
    if (isEmpty((o.spec as PolicySpec | undefined)?.podSelector)) out.add(o.metadata.namespace);
  }
  return out;
}

/**
 * Pure: `allow` as policies that select only pods `objects` already isolate for ingress in its namespace:
 * itself when a policy there selects every pod; else one copy per isolating policy, named
 * `<name>--<policy>`, selecting the pods both select; none when nothing there isolates.
 */
export function additivePolicies(allow: K8sObject, objects: readonly K8sObject[]): K8sObject[] {
  const ns = allow.metadata.namespace;
  if (ns === undefined) return [];
  const here = objects.filter(
    (o) => isNetworkPolicy(o) && o.metadata.namespace === ns && isolatesIngress(o),
  );
  if (here.some((o) => isEmpty((o.spec as PolicySpec | undefined)?.podSelector))) return [allow];
  const own = ((allow.spec ?? {}) as PolicySpec).podSelector ?? {};
  return here.flatMap((p) => {
    const selector = intersectSelectors(own, (p.spec as PolicySpec).podSelector ?? {});
    if (selector === undefined) return [];
    return [
      {
        ...allow,
        metadata: { ...allow.metadata, name: `${allow.metadata.name}--${p.metadata.name}` },
        spec: { ...(allow.spec ?? {}), podSelector: selector },
      },
    ];
  });
}
