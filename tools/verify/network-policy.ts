/**
 * Kubernetes NetworkPolicy semantics as a pure evaluator: may this peer open a connection to that pod on that
 * port, given every NetworkPolicy of the platform?
 *
 * What it models, with the source of each fact:
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/ (cited below as "the NetworkPolicy
 * page") and the NetworkPolicy API reference,
 * https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/.
 *
 * Left out, on purpose:
 * - `ipBlock` against pod IPs. The page says ipBlock should name cluster-external IPs, since pod IPs are ephemeral,
 *   and whether in-cluster traffic is matched by ipBlock after NAT is up to the network plugin. Here an ipBlock
 *   matches only `{ ip }` peers, never a {@link PodEndpoint}.
 * - The node exception: traffic between a pod and its own node is always allowed; a `{ ip }` peer is not known to be
 *   the node, so it is judged by the policies like any other address.
 * - A pod's connection to itself (which cannot be blocked): endpoints carry no identity to tell it apart.
 * - AdminNetworkPolicy and CNI-specific policy kinds; only `networking.k8s.io` NetworkPolicy objects count.
 */
import { K8sObject } from "../../components/kubeflow/types";
import { apiGroup, matchesLabelSelector, PodTemplate } from "./objects";

/** Layer-4 protocols a NetworkPolicy port can name. */
export type Protocol = "TCP" | "UDP" | "SCTP";

/** One container port of a pod, as `spec.containers[].ports[]` declares it. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  /** @default "TCP" */
  protocol?: string;
}

/** A pod as a NetworkPolicy sees it: where it runs and its labels. */
export interface PodEndpoint {
  namespace: string;
  labels: Record<string, string>;
  /**
   * Labels of the pod's namespace. `kubernetes.io/metadata.name` may be omitted: the evaluator adds it, as the API
   * server always does.
   */
  namespaceLabels: Record<string, string>;
  /** Container ports by name, to resolve named ports in policies. */
  ports?: ContainerPort[];
}

/** An address outside the cluster's pods (the API server, a load balancer node, the internet). */
export interface IpPeer {
  ip: string;
}

/** The other end of a connection: a pod or an address. */
export type Peer = PodEndpoint | IpPeer;

/** What the policies decide about one connection, and why. */
export interface NetworkDecision {
  allowed: boolean;
  /** `NetworkPolicy ns/name` of the policy whose rule allowed it (both, joined by ` and `, for a connection). */
  by?: string;
  /** One sentence on how the decision was reached, naming the isolating policies when denied. */
  reason: string;
}

type Direction = "Ingress" | "Egress";

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}

interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}

interface PolicySpec {
  podSelector?: LabelSelector;
  policyTypes?: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

/** The label the API server sets on every namespace to its name (NetworkPolicy page, "Targeting a Namespace by its name"). */
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

function isPod(peer: Peer): peer is PodEndpoint {
  return !("ip" in peer);
}

function policyName(p: K8sObject): string {
  return `NetworkPolicy ${policyNamespace(p)}/${p.metadata.name}`;
}

/** A namespaced object read without a namespace lands in `default`, as kubectl would put it. */
function policyNamespace(p: K8sObject): string {
  return p.metadata.namespace ?? "default";
}

function specOf(p: K8sObject): PolicySpec {
  return (p.spec ?? {}) as PolicySpec;
}

/**
 * policyTypes as the API server defaults them: when unset, `Ingress` always, plus `Egress` when the policy has at
 * least one egress rule (`egress: []` does not count).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/networking/v1/defaults.go
 */
function policyTypes(spec: PolicySpec): Direction[] {
  const set = spec.policyTypes ?? [];
  if (set.length > 0) return set.filter((t): t is Direction => t === "Ingress" || t === "Egress");
  return (spec.egress ?? []).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Namespace labels with the name label the API server always sets, whatever the caller passed for it. */
function namespaceLabelsOf(pod: PodEndpoint): Record<string, string> {
  return { ...pod.namespaceLabels, [NAMESPACE_NAME_LABEL]: pod.namespace };
}

function describePeer(peer: Peer): string {
  if (!isPod(peer)) return `address ${peer.ip}`;
  const labels = Object.entries(peer.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return `pod {${labels}} in ${peer.namespace}`;
}

/**
 * Policies that isolate a pod for a direction: NetworkPolicies of the pod's namespace whose podSelector selects it
 * and whose (defaulted) policyTypes include the direction (NetworkPolicy page, "The two sorts of pod isolation").
 */
function isolating(policies: K8sObject[], pod: PodEndpoint, direction: Direction): K8sObject[] {
  return policies.filter(
    (p) =>
      p.kind === "NetworkPolicy" &&
      apiGroup(p.apiVersion) === "networking.k8s.io" &&
      policyNamespace(p) === pod.namespace &&
      matchesLabelSelector(specOf(p).podSelector ?? {}, pod.labels) &&
      policyTypes(specOf(p)).includes(direction),
  );
}

/**
 * One element of `from`/`to` against a peer (NetworkPolicy page, "Behavior of to and from selectors"):
 * podSelector alone selects pods of the policy's namespace; namespaceSelector alone all pods of the selected
 * namespaces (`{}`: every namespace); both in one element select the pods matching both; ipBlock selects addresses.
 */
function peerMatches(element: PolicyPeer, policyNs: string, peer: Peer): boolean {
  if (element.ipBlock !== undefined) {
    // ipBlock is meant for cluster-external addresses; see the module comment.
    if (isPod(peer)) return false;
    const { cidr, except } = element.ipBlock;
    return inCidr(peer.ip, cidr) && !(except ?? []).some((e) => inCidr(peer.ip, e));
  }
  if (!isPod(peer)) return false;
  if (element.podSelector === undefined && element.namespaceSelector === undefined) return false;
  const namespaceOk =
    element.namespaceSelector !== undefined
      ? matchesLabelSelector(element.namespaceSelector, namespaceLabelsOf(peer))
      : peer.namespace === policyNs;
  return namespaceOk && matchesLabelSelector(element.podSelector ?? {}, peer.labels);
}

/**
 * A rule's ports against the destination port (API reference, NetworkPolicyPort): no ports means every port; a
 * protocol defaults to TCP; `endPort` makes a numeric port an inclusive range; a named port is the destination
 * pod's container port of that name and protocol, so it never matches an address.
 */
function portsMatch(
  ports: PolicyPort[] | undefined,
  port: number,
  protocol: Protocol,
  destination: Peer,
): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? "TCP") !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "number") {
      return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
    }
    if (!isPod(destination)) return false;
    return (destination.ports ?? []).some(
      (c) => c.name === p.port && c.containerPort === port && (c.protocol ?? "TCP") === protocol,
    );
  });
}

function evaluate(
  direction: Direction,
  policies: K8sObject[],
  selected: PodEndpoint,
  other: Peer,
  destination: Peer,
  port: number,
  protocol: Protocol,
): NetworkDecision {
  const word = direction.toLowerCase();
  const isolatedBy = isolating(policies, selected, direction);
  const what = `${word} of ${describePeer(selected)}`;
  if (isolatedBy.length === 0) {
    return {
      allowed: true,
      reason: `${what} is not isolated: no NetworkPolicy with policyType ${direction} selects it`,
    };
  }
  const peerWord = direction === "Ingress" ? "from" : "to";
  for (const p of isolatedBy) {
    const rules = (direction === "Ingress" ? specOf(p).ingress : specOf(p).egress) ?? [];
    for (const [i, rule] of rules.entries()) {
      const peers = (direction === "Ingress" ? rule.from : rule.to) ?? [];
      // Rules are OR'ed across every policy selecting the pod; an empty from/to admits every peer.
      const peerOk =
        peers.length === 0 || peers.some((e) => peerMatches(e, policyNamespace(p), other));
      if (peerOk && portsMatch(rule.ports, port, protocol, destination)) {
        return {
          allowed: true,
          by: policyName(p),
          reason: `${word} rule ${i} of ${policyName(p)} allows ${peerWord} ${describePeer(other)} on ${port}/${protocol}`,
        };
      }
    }
  }
  return {
    allowed: false,
    reason: `${what} is isolated by ${isolatedBy.map(policyName).join(", ")} and no rule allows ${peerWord} ${describePeer(other)} on ${port}/${protocol}`,
  };
}

/**
 * Whether the destination pod's ingress policies admit a connection from a peer to one of its ports.
 * @param policies Any objects; only `networking.k8s.io` NetworkPolicies are read.
 * @param protocol @default "TCP"
 */
export function ingressAllowed(
  policies: K8sObject[],
  from: Peer,
  to: PodEndpoint,
  port: number,
  protocol: Protocol = "TCP",
): NetworkDecision {
  return evaluate("Ingress", policies, to, from, to, port, protocol);
}

/**
 * Whether the source pod's egress policies let it open a connection to a peer's port. Named ports resolve against
 * the destination pod's container ports.
 * @param protocol @default "TCP"
 */
export function egressAllowed(
  policies: K8sObject[],
  from: PodEndpoint,
  to: Peer,
  port: number,
  protocol: Protocol = "TCP",
): NetworkDecision {
  return evaluate("Egress", policies, from, to, to, port, protocol);
}

/**
 * Whether a connection gets through: the source's egress (when the source is a pod) and the destination's
 * ingress must both allow it (NetworkPolicy page: "both the egress policy on the source pod and the ingress policy
 * on the destination pod need to allow the connection").
 * @param protocol @default "TCP"
 */
export function connectionAllowed(
  policies: K8sObject[],
  from: Peer,
  to: PodEndpoint,
  port: number,
  protocol: Protocol = "TCP",
): NetworkDecision {
  const egress = isPod(from) ? egressAllowed(policies, from, to, port, protocol) : undefined;
  if (egress !== undefined && !egress.allowed) return egress;
  const ingress = ingressAllowed(policies, from, to, port, protocol);
  if (!ingress.allowed || egress === undefined) return ingress;
  const by = [egress.by, ingress.by].filter((b): b is string => b !== undefined);
  return {
    allowed: true,
    ...(by.length > 0 ? { by: by.join(" and ") } : {}),
    reason: `${egress.reason}; ${ingress.reason}`,
  };
}

/**
 * The endpoint of a workload's pods: its template's labels, its namespace's labels (with
 * `kubernetes.io/metadata.name` set) and the ports of `spec.containers[]`, for named ports.
 */
export function podEndpointFor(
  template: PodTemplate,
  namespaceLabels: Record<string, string>,
): PodEndpoint {
  const containers = (template.spec.containers ?? []) as Array<{ ports?: ContainerPort[] }>;
  return {
    namespace: template.namespace,
    labels: template.labels,
    namespaceLabels: { ...namespaceLabels, [NAMESPACE_NAME_LABEL]: template.namespace },
    ports: containers.flatMap((c) =>
      (c.ports ?? []).map((p) => ({
        ...(p.name !== undefined ? { name: p.name } : {}),
        containerPort: p.containerPort,
        protocol: p.protocol ?? "TCP",
      })),
    ),
  };
}

/** An IP address as a number of its family's width, or undefined when it is not a valid address. */
function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (text.includes(":")) return parseIpv6(text);
  const v4 = parseIpv4(text);
  return v4 === undefined ? undefined : { value: v4, bits: 32 };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): { value: bigint; bits: 128 } | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] | undefined => {
    if (s === "") return [];
    const out: string[] = [];
    const parts = s.split(":");
    for (const [i, p] of parts.entries()) {
      // A dotted IPv4 tail (::ffff:10.0.0.1) counts as two groups.
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIpv4(p);
        if (v4 === undefined) return undefined;
        out.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
        out.push(p);
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(missing).fill("0"), ...tail];
  return { value: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/** Whether an address lies in a CIDR of the same family (an address alone is its own /32 or /128). */
function inCidr(ip: string, cidr: string): boolean {
  const [base, lengthText] = cidr.split("/");
  const addr = parseIp(ip);
  const net = parseIp(base ?? "");
  if (addr === undefined || net === undefined || addr.bits !== net.bits) return false;
  const length = lengthText === undefined ? net.bits : Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > net.bits) return false;
  const shift = BigInt(net.bits - length);
  return addr.value >> shift === net.value >> shift;
}
