/**
 * Rule `monitors-scrape`: every scrape configuration of the set (GKE Managed Prometheus `PodMonitoring` and
 * `ClusterPodMonitoring`, Prometheus Operator `PodMonitor` and `ServiceMonitor`) scrapes something the cluster
 * would let it scrape: its selector matches pods (a ServiceMonitor: Services whose selector has pods) in the
 * namespaces it covers, the port it names exists on each of them, and a plain-HTTP scraper outside the mesh
 * gets through: the pod's sidecar does not demand mTLS on that port, and the NetworkPolicies admit the
 * scraper's namespace. A monitor that fails any of these shows an empty target list, or `down` targets,
 * and nothing else tells why.
 *
 * Facts modelled:
 * - Managed Prometheus scrapes from its collectors in `gmp-system`; a numeric port is scraped even where no
 *   container declares it, a named one must be declared.
 *   @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
 * - A Prometheus Operator monitor is scraped by the Prometheus of its own namespace (where the platform puts
 *   them); a PodMonitor's `port`/`portNumber` must be declared container ports, a ServiceMonitor's `port` a
 *   named Service port. @see https://prometheus-operator.dev/docs/api-reference/api/
 * - Istio's injector adds the proxy container (declared `http-envoy-prom` 15090) and its labels; the ports
 *   15020, 15021 and 15090 bypass the inbound capture, every other port of an injected pod is subject to its
 *   PeerAuthentication. @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
import { K8sObject } from "../../../components/kubeflow/types";
import {
  ENVOY_STATS_PORT_NAME,
  GMP_NAMESPACE,
  SIDECAR_PORTS,
} from "../../../components/services/metrics";
import { admittedLabels, inMesh, mtlsModeFor, namespaceLabels } from "../mesh";
import { ingressAllowed, PodEndpoint, podEndpointFor } from "../network-policy";
import { apiGroup, matchesLabelSelector, PodTemplate, podTemplates } from "../objects";
import { operatorManagedObjects } from "../operated";
import { PlatformSet, Rule, Violation } from "../types";
import {
  ContainerPort,
  field,
  fmtLabels,
  fmtList,
  list,
  owners,
  podPorts,
  resolveTargetPort,
  servicePods,
  servicePorts,
  services,
  str,
  violation,
} from "./common";

const NAME = "monitors-scrape";

const GMP = "monitoring.googleapis.com";
const COREOS = "monitoring.coreos.com";
const BYPASS = new Set<number>(Object.values(SIDECAR_PORTS));

type Selector = Parameters<typeof matchesLabelSelector>[0];

/** One monitor of the set, as the rule reads it. */
interface Monitor {
  obj: K8sObject;
  /** Managed Prometheus (`gmp`) or Prometheus Operator (`coreos`). */
  flavour: "gmp" | "coreos";
  /** Pods or Services. */
  targets: "pods" | "services";
  /** Namespaces covered, or `*` for all. */
  namespaces: string[] | "*";
  selector: Selector;
  endpoints: Array<{ port?: string | number; portNumber?: number; targetPort?: string | number }>;
}

function monitorOf(obj: K8sObject): Monitor | undefined {
  const group = apiGroup(obj.apiVersion);
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const ns = obj.metadata.namespace ?? "default";
  const selector = field(spec, "selector") as Selector;
  if (group === GMP && (obj.kind === "PodMonitoring" || obj.kind === "ClusterPodMonitoring")) {
    return {
      obj,
      flavour: "gmp",
      targets: "pods",
      namespaces: obj.kind === "ClusterPodMonitoring" ? "*" : [ns],
      selector,
      endpoints: list(spec, "endpoints") as Monitor["endpoints"],
    };
  }
  if (group === COREOS && (obj.kind === "PodMonitor" || obj.kind === "ServiceMonitor")) {
    const nsSel = field(spec, "namespaceSelector") as { any?: boolean; matchNames?: string[] };
    return {
      obj,
      flavour: "coreos",
      targets: obj.kind === "ServiceMonitor" ? "services" : "pods",
      // No namespaceSelector: the monitor's own namespace.
      namespaces: nsSel.any === true ? "*" : (nsSel.matchNames ?? [ns]),
      selector,
      endpoints: list(spec, obj.kind === "ServiceMonitor" ? "endpoints" : "podMetricsEndpoints"),
    };
  }
  return undefined;
}

/** A pod template as admitted: the injector's labels, and for injected pods the proxy's ports. */
interface AdmittedPod {
  template: PodTemplate;
  labels: Record<string, string>;
  mesh: boolean;
  declared: ContainerPort[];
}

function admit(set: PlatformSet, p: PodTemplate): AdmittedPod {
  const mesh = inMesh(set, p);
  const declared = podPorts(p);
  if (mesh && !declared.some((c) => c.name === ENVOY_STATS_PORT_NAME)) {
    declared.push({ name: ENVOY_STATS_PORT_NAME, containerPort: SIDECAR_PORTS.envoyStats });
  }
  return { template: p, labels: admittedLabels(set, p), mesh, declared };
}

/** The port number an endpoint scrapes on one pod, or a reason it scrapes nothing there. */
function podPort(
  m: Monitor,
  ep: Monitor["endpoints"][number],
  pod: AdmittedPod,
): number | { missing: string } {
  const byName = (name: string) => pod.declared.find((c) => c.name === name)?.containerPort;
  const byNumber = (n: number) => pod.declared.find((c) => c.containerPort === n)?.containerPort;
  const raw = ep.port ?? ep.portNumber ?? ep.targetPort;
  if (raw === undefined) return { missing: "no port" };
  const numeric = typeof raw === "number" || /^\d+$/.test(raw);
  if (!numeric) return byName(String(raw)) ?? { missing: `port "${raw}"` };
  const n = Number(raw);
  // Managed Prometheus scrapes a numeric port whether or not it is declared; what must hold is that something
  // listens there: a declared port, or one of the injected proxy's own.
  if (m.flavour === "gmp" && pod.mesh && BYPASS.has(n)) return n;
  return byNumber(n) ?? { missing: `port ${n}` };
}

/** The scraper as a NetworkPolicy peer. */
function scraperOf(set: PlatformSet, m: Monitor): PodEndpoint {
  if (m.flavour === "gmp") {
    return {
      namespace: GMP_NAMESPACE,
      labels: { "app.kubernetes.io/name": "collector" },
      namespaceLabels: {},
    };
  }
  const ns = m.obj.metadata.namespace ?? "default";
  return {
    namespace: ns,
    labels: { "app.kubernetes.io/name": "prometheus" },
    namespaceLabels: namespaceLabels(set, ns),
  };
}

/** Owners of pods for a message: the first five and how many more. */
function fmtOwners(pods: readonly AdmittedPod[]): string {
  const names = owners(pods.map((p) => p.template));
  return names.length <= 5
    ? fmtList(names)
    : `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`;
}

function covers(m: Monitor, namespace: string): boolean {
  return m.namespaces === "*" || m.namespaces.includes(namespace);
}

function where(m: Monitor): string {
  return m.namespaces === "*" ? "any namespace" : `namespace ${fmtList(m.namespaces)}`;
}

/** A LabelSelector for messages: `{k: v}` and `key In (a, b)` terms, joined by `and`. */
function fmtSelector(s: Selector): string {
  const terms = [
    ...(Object.keys(s?.matchLabels ?? {}).length > 0 ? [fmtLabels(s!.matchLabels!)] : []),
    ...(s?.matchExpressions ?? []).map(
      (e) => `${e.key} ${e.operator}${e.values !== undefined ? ` (${e.values.join(", ")})` : ""}`,
    ),
  ];
  return terms.length > 0 ? terms.join(" and ") : "{} (every pod)";
}

/** Pods (with the port they are scraped on) a monitor's endpoint reaches, or the violation it makes. */
function endpointPods(
  set: PlatformSet,
  m: Monitor,
  ep: Monitor["endpoints"][number],
  pods: readonly AdmittedPod[],
  svcs: readonly K8sObject[],
  all: readonly PodTemplate[],
): { pods: Array<{ pod: AdmittedPod; port: number }>; problem?: Violation } {
  if (m.targets === "pods") {
    const selected = pods.filter(
      (p) => covers(m, p.template.namespace) && matchesLabelSelector(m.selector, p.labels),
    );
    if (selected.length === 0) {
      return {
        pods: [],
        problem: violation(
          NAME,
          m.obj,
          `selector ${fmtSelector(m.selector)} matches no pod in ${where(m)}`,
          "make spec.selector match the labels of the pods to scrape (as admitted: Istio adds " +
            "the canonical-name labels to injected pods and tlsMode to sidecars), or remove the monitor",
        ),
      };
    }
    const out: Array<{ pod: AdmittedPod; port: number }> = [];
    const lacking: AdmittedPod[] = [];
    for (const pod of selected) {
      const port = podPort(m, ep, pod);
      if (typeof port === "number") out.push({ pod, port });
      else lacking.push(pod);
    }
    if (lacking.length > 0) {
      const declared = [
        ...new Set(
          lacking.flatMap((p) =>
            p.declared.map((c) => `${c.name ?? "(unnamed)"}=${c.containerPort}`),
          ),
        ),
      ];
      return {
        pods: out,
        problem: violation(
          NAME,
          m.obj,
          `endpoint port ${JSON.stringify(ep.port ?? ep.portNumber ?? ep.targetPort)} is not a ` +
            `declared port of ${fmtOwners(lacking)}; their ports: ` +
            `${fmtList(declared)}`,
          "name a declared container port of those pods (Managed Prometheus: or the number of one)",
        ),
      };
    }
    return { pods: out };
  }
  // ServiceMonitor: Services by label, their named port, the pods behind it.
  const selected = svcs.filter(
    (s) =>
      covers(m, s.metadata.namespace ?? "default") &&
      matchesLabelSelector(m.selector, s.metadata.labels ?? {}),
  );
  if (selected.length === 0) {
    return {
      pods: [],
      problem: violation(
        NAME,
        m.obj,
        `selector ${fmtSelector(m.selector)} matches the labels of no Service in ${where(m)}`,
        "make spec.selector match the metadata.labels of the Service in front of the pods to scrape",
      ),
    };
  }
  const out: Array<{ pod: AdmittedPod; port: number }> = [];
  for (const svc of selected) {
    const sp = servicePorts(svc).find((p) => p.name === ep.port);
    if (sp === undefined) {
      return {
        pods: out,
        problem: violation(
          NAME,
          m.obj,
          `endpoint port ${JSON.stringify(ep.port)} is not a named port of Service ` +
            `${svc.metadata.namespace ?? "default"}/${svc.metadata.name} (its ports: ` +
            `${fmtList(servicePorts(svc).map((p) => `${p.name ?? "(unnamed)"}=${p.port}`))})`,
          "name one of the Service's ports (a ServiceMonitor's port is the Service port's name)",
        ),
      };
    }
    for (const t of servicePods(set, svc, all)) {
      const n = resolveTargetPort(sp, t);
      if (n !== undefined) out.push({ pod: pods.find((p) => p.template === t)!, port: n });
    }
  }
  if (out.length === 0) {
    return {
      pods: out,
      problem: violation(
        NAME,
        m.obj,
        `the Services it selects have no pod behind port ${JSON.stringify(ep.port)}`,
        "fix the Service's selector or targetPort (see service-selects-pods)",
      ),
    };
  }
  return { pods: out };
}

function check(set: PlatformSet): Violation[] {
  const monitors = set.objects.flatMap((o) => {
    const m = monitorOf(o.obj);
    return m !== undefined ? [m] : [];
  });
  if (monitors.length === 0) return [];
  // What the operators would create is as real to a monitor as what the charts render.
  const full: PlatformSet = { ...set, objects: [...set.objects, ...operatorManagedObjects(set)] };
  const all = podTemplates(full);
  const pods = all.map((p) => admit(full, p));
  const svcs = services(full);
  const objects = full.objects.map((o) => o.obj);
  const out: Violation[] = [];
  for (const m of monitors) {
    if (m.endpoints.length === 0) {
      out.push(violation(NAME, m.obj, "has no endpoints", "add an endpoint with a port and path"));
      continue;
    }
    const scraper = scraperOf(full, m);
    for (const ep of m.endpoints) {
      const { pods: reached, problem } = endpointPods(full, m, ep, pods, svcs, all);
      if (problem !== undefined) {
        out.push(problem);
        continue;
      }
      const strict = reached.filter(
        ({ pod, port }) =>
          pod.mesh &&
          !BYPASS.has(port) &&
          mtlsModeFor(full, pod.template, port) === "STRICT" &&
          str(ep, "scheme") !== "https",
      );
      if (strict.length > 0) {
        out.push(
          violation(
            NAME,
            m.obj,
            `port ${strict[0]!.port} of ${fmtOwners(strict.map((s) => s.pod))} is ` +
              `behind the Istio sidecar under STRICT mTLS: the scraper, outside the mesh, is refused`,
            `scrape Istio's merged metrics on ${SIDECAR_PORTS.mergedMetrics} /stats/prometheus (with ` +
              "prometheus.io/* pod annotations the sidecar merges the application's metrics there), or " +
              "exempt the port with a port-level PERMISSIVE PeerAuthentication",
          ),
        );
        continue;
      }
      const blocked = reached
        .map(({ pod, port }) => ({
          pod,
          port,
          d: ingressAllowed(
            objects,
            scraper,
            podEndpointFor(
              { ...pod.template, labels: pod.labels },
              namespaceLabels(full, pod.template.namespace),
            ),
            port,
          ),
        }))
        .filter((x) => !x.d.allowed);
      if (blocked.length > 0) {
        const first = blocked[0]!;
        out.push(
          violation(
            NAME,
            m.obj,
            `NetworkPolicies refuse the scrape from namespace ${scraper.namespace} to port ${first.port} ` +
              `of ${fmtOwners(blocked.map((b) => b.pod))}: ${first.d.reason}`,
            `add a NetworkPolicy in ${first.pod.template.namespace} admitting namespace ` +
              `${scraper.namespace} to port ${first.port} of those pods`,
          ),
        );
      }
    }
  }
  return out;
}

/** Every monitor selects pods, names a port they have, and its scraper gets through mTLS and policies. */
export const monitorsScrape: Rule = {
  name: NAME,
  description:
    "Every PodMonitoring, ClusterPodMonitoring, PodMonitor and ServiceMonitor selects pods (or Services " +
    "with pods) in the namespaces it covers, names a port they declare, and reaches it: no STRICT mTLS " +
    "sidecar port and no NetworkPolicy refuses the scraper.",
  check,
};
