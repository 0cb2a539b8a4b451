/**
 * Metrics: scrape configuration for the platform's own components (Istio's control plane and proxies,
 * cert-manager, Kubeflow's controllers that serve plain-HTTP metrics, NVIDIA's DCGM exporter), as GKE Managed
 * Prometheus `PodMonitoring`s or Prometheus Operator `PodMonitor`/`ServiceMonitor`s, plus the NetworkPolicies
 * that let the scraper in where Kubeflow's namespaces are isolated. Which targets exist is decided by the
 * stack; everything here is a pure function of that, except the thin component at the end.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ApplicationKey } from "../catalog";
import { K8sObject } from "../shared/k8s-object";
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, NAMESPACES } from "../shared/constants";

/** Who scrapes: GKE's Managed Service for Prometheus, a Prometheus Operator's Prometheus, or nobody. */
export type ScrapeBackend = "managed-prometheus" | "prometheus-operator" | "none";

/**
 * Namespace of Managed Prometheus' collectors on GKE (the scraper NetworkPolicies must admit).
 * @see https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
 */
export const GMP_NAMESPACE = "gmp-system";

/**
 * Ports of an Istio sidecar that iptables leaves outside the inbound capture, so a plain-HTTP scraper outside
 * the mesh reaches them under STRICT mTLS: 15020 (merged metrics, `/stats/prometheus`), 15021 (health),
 * 15090 (Envoy's own stats, declared `http-envoy-prom` on the injected container).
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const SIDECAR_PORTS = { mergedMetrics: 15020, health: 15021, envoyStats: 15090 } as const;
/** Name of Envoy's stats port on every injected (and gateway) proxy container. */
export const ENVOY_STATS_PORT_NAME = "http-envoy-prom";

/**
 * Namespaces whose pods Kubeflow's NetworkPolicies may isolate (26.03's `default-allow-same-namespace-*`): a
 * scraper from another namespace needs its own allow policy there. The Kubeflow layer applies each policy
 * only to pods the release already isolates (`additive`), since elsewhere it would isolate the pods it
 * selects.
 */
export const ISOLATED_NAMESPACES = [
  NAMESPACES.istio,
  NAMESPACES.kubeflow,
  NAMESPACES.kubeflowSystem,
  NAMESPACES.knativeServing,
] as const;

/** A Kubernetes LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** One thing to scrape: pods (or a Service, for `via: "service"`) selected by labels in a namespace. */
export interface ScrapeTarget {
  /** Stable key, used in object names. */
  key: string;
  /** Namespace of the pods (or Service), or `"*"` for every namespace. */
  namespace: string;
  selector: LabelSelector;
  /** Container port name or number (for `via: "service"`, the Service port's name). */
  port: string | number;
  /** The number behind `port`, for NetworkPolicies. */
  portNumber: number;
  path: string;
  /** Scrape pods directly, or through a Service's endpoints (Prometheus Operator only). @default "pods" */
  via?: "pods" | "service";
  /** The Kubeflow application whose pods these are, when one is. @default "core" */
  application?: ApplicationKey;
}

/** Which platform components run, so that only their targets are planned. */
export interface MetricsTargets {
  /** istiod is installed by this program (its labels are known). */
  istiod: boolean;
  /** cert-manager is installed by this program. */
  certManager: boolean;
  /** Kubeflow's Katib is installed (its controller serves plain-HTTP metrics outside the mesh). */
  katib: boolean;
  /** The GPU operator runs the DCGM exporter. */
  dcgmExporter: boolean;
}

/**
 * Pure: the scrape targets of the platform for a backend. Istio's proxies are scraped on their merged-metrics
 * port (15020) with Managed Prometheus, whose numeric ports need no declaration; a PodMonitor selects only
 * declared ports, so with the Prometheus Operator they are scraped on Envoy's declared `http-envoy-prom`.
 * Kubeflow controllers inside the mesh (STRICT mTLS) or behind kube-rbac-proxy (HTTPS with a bearer token) are
 * not targets: a plain-HTTP scraper outside the mesh cannot reach them.
 */
export function scrapeTargets(backend: ScrapeBackend, t: MetricsTargets): ScrapeTarget[] {
  if (backend === "none") return [];
  const gmp = backend === "managed-prometheus";
  const out: ScrapeTarget[] = [
    {
      key: "istio-proxies",
      namespace: "*",
      // Istio's injector gives every pod it injects, sidecar or gateway, its canonical service name (the TLS
      // mode label only goes on sidecars); upstream's cluster-local gateway sets it in its template.
      selector: {
        matchExpressions: [{ key: "service.istio.io/canonical-name", operator: "Exists" }],
      },
      port: gmp ? SIDECAR_PORTS.mergedMetrics : ENVOY_STATS_PORT_NAME,
      portNumber: gmp ? SIDECAR_PORTS.mergedMetrics : SIDECAR_PORTS.envoyStats,
      path: "/stats/prometheus",
    },
  ];
  if (t.istiod) {
    out.push({
      key: "istiod",
      namespace: NAMESPACES.istio,
      selector: { matchLabels: { app: "istiod" } },
      port: "http-monitoring",
      portNumber: 15014,
      path: "/metrics",
    });
  }
  if (t.certManager) {
    out.push({
      key: "cert-manager",
      namespace: NAMESPACES.certManager,
      // The chart's controller, cainjector and webhook all serve `http-metrics` (9402); not its Job.
      selector: {
        matchLabels: { "app.kubernetes.io/instance": "cert-manager" },
        matchExpressions: [
          {
            key: "app.kubernetes.io/component",
            operator: "In",
            values: ["controller", "cainjector", "webhook"],
          },
        ],
      },
      port: "http-metrics",
      portNumber: 9402,
      path: "/metrics",
    });
  }
  if (t.katib) {
    out.push({
      key: "katib-controller",
      namespace: NAMESPACES.kubeflow,
      selector: { matchLabels: { "katib.kubeflow.org/component": "controller" } },
      port: "metrics",
      portNumber: 8080,
      path: "/metrics",
      application: "katib",
    });
  }
  if (t.dcgmExporter) {
    // The GPU operator creates the exporter's DaemonSet (port `metrics`) and Service (port `gpu-metrics`),
    // both labelled app=nvidia-dcgm-exporter (gpu-operator assets/state-dcgm-exporter).
    out.push(
      gmp
        ? {
            key: "dcgm-exporter",
            namespace: NAMESPACES.gpu,
            selector: { matchLabels: { app: "nvidia-dcgm-exporter" } },
            port: "metrics",
            portNumber: 9400,
            path: "/metrics",
          }
        : {
            key: "dcgm-exporter",
            namespace: NAMESPACES.gpu,
            selector: { matchLabels: { app: "nvidia-dcgm-exporter" } },
            port: "gpu-metrics",
            portNumber: 9400,
            path: "/metrics",
            via: "service",
          },
    );
  }
  return out;
}

/** Where the Prometheus Operator's monitors go and what they carry. */
export interface PrometheusOperatorOptions {
  /**
   * With the Prometheus Operator: the namespace of the Prometheus that scrapes; the monitors are created
   * there and NetworkPolicies admit its pods.
   */
  namespace: string;
  /**
   * With the Prometheus Operator: labels the Prometheus selects monitors by (its `serviceMonitorSelector`
   * and `podMonitorSelector`), e.g. { release: kube-prometheus-stack }.
   */
  monitorLabels: Record<string, string>;
}

const SCRAPE_INTERVAL = "30s";

/** Pure: the monitor objects of the targets (GKE PodMonitoring/ClusterPodMonitoring, or PodMonitor/ServiceMonitor). */
export function monitorObjects(
  backend: ScrapeBackend,
  targets: readonly ScrapeTarget[],
  operator: PrometheusOperatorOptions,
): K8sObject[] {
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  if (backend === "none") return [];
  if (backend === "managed-prometheus") {
    return targets.map((t) => ({
      apiVersion: "monitoring.googleapis.com/v1",
      kind: t.namespace === "*" ? "ClusterPodMonitoring" : "PodMonitoring",
      metadata: {
        name: `kubeflow-${t.key}`,
        ...(t.namespace === "*" ? {} : { namespace: t.namespace }),
        labels,
      },
      spec: {
        selector: t.selector,
        endpoints: [{ port: t.port, path: t.path, interval: SCRAPE_INTERVAL }],
      },
    }));
  }
  return targets.map((t) => {
    const namespaceSelector = t.namespace === "*" ? { any: true } : { matchNames: [t.namespace] };
    const endpoint = { port: String(t.port), path: t.path, interval: SCRAPE_INTERVAL };
    return {
      apiVersion: "monitoring.coreos.com/v1",
      kind: t.via === "service" ? "ServiceMonitor" : "PodMonitor",
      metadata: {
        name: `kubeflow-${t.key}`,
        // In the Prometheus' own namespace: a Prometheus watches it whatever its namespace selectors.
        namespace: operator.namespace,
        labels: { ...operator.monitorLabels, ...labels },
      },
      spec: {
        selector: t.selector,
        namespaceSelector,
        ...(t.via === "service" ? { endpoints: [endpoint] } : { podMetricsEndpoints: [endpoint] }),
      },
    };
  });
}

/** A NetworkPolicy of the plan and the Kubeflow application it is applied with. */
export interface ScrapePolicy {
  application: ApplicationKey;
  obj: K8sObject;
}

/**
 * Pure: NetworkPolicies admitting the scraper's namespace to the metrics port of each target in a namespace
 * Kubeflow may isolate (none for cert-manager's or the GPU operator's namespaces, which nothing isolates).
 */
export function scrapeNetworkPolicies(
  targets: readonly ScrapeTarget[],
  scraperNamespace: string,
): ScrapePolicy[] {
  const isolated = new Set<string>(ISOLATED_NAMESPACES);
  const out: ScrapePolicy[] = [];
  for (const t of targets) {
    const namespaces = t.namespace === "*" ? [...ISOLATED_NAMESPACES] : [t.namespace];
    for (const ns of namespaces.filter((n) => isolated.has(n))) {
      out.push({
        application: t.application ?? "core",
        obj: {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: {
            name: `allow-metrics-${t.key}`,
            namespace: ns,
            labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
          },
          spec: {
            podSelector: t.selector,
            policyTypes: ["Ingress"],
            ingress: [
              {
                from: [
                  {
                    namespaceSelector: {
                      matchLabels: { "kubernetes.io/metadata.name": scraperNamespace },
                    },
                  },
                ],
                ports: [{ port: t.portNumber, protocol: "TCP" }],
              },
            ],
          },
        },
      });
    }
  }
  return out;
}

/** The namespace scrapes come from. */
export function scraperNamespace(
  backend: ScrapeBackend,
  operator: PrometheusOperatorOptions,
): string {
  return backend === "managed-prometheus" ? GMP_NAMESPACE : operator.namespace;
}

/** Pure: every object of the metrics plan, split by who applies it. */
export function planMetrics(
  backend: ScrapeBackend,
  targets: MetricsTargets,
  operator: PrometheusOperatorOptions,
): { monitors: K8sObject[]; networkPolicies: ScrapePolicy[] } {
  const t = scrapeTargets(backend, targets);
  return {
    monitors: monitorObjects(backend, t, operator),
    networkPolicies:
      backend === "none" ? [] : scrapeNetworkPolicies(t, scraperNamespace(backend, operator)),
  };
}

/**
 * Settings of the metrics scraping. Every default is in `METRICS_DEFAULTS`; the stack schema
 * (`services.metrics`) takes its defaults from there.
 */
export interface MetricsOptions {
  /**
   * Who scrapes the platform's components: "managed-prometheus" (GKE PodMonitorings),
   * "prometheus-operator" (PodMonitors and ServiceMonitors; its CRDs must be on the cluster) or "none"
   * (nothing registered).
   */
  backend: ScrapeBackend;
  /**
   * With the Prometheus Operator: its Prometheus' namespace and the labels it selects monitors by.
   * @default METRICS_DEFAULTS.prometheusOperator ({ namespace: "monitoring", monitorLabels: {} })
   */
  prometheusOperator?: Partial<PrometheusOperatorOptions>;
}

/** The defaults of `MetricsOptions`, written once. */
export const METRICS_DEFAULTS = {
  prometheusOperator: { namespace: "monitoring", monitorLabels: {} },
} as const satisfies { prometheusOperator: PrometheusOperatorOptions };

/** The scraping's settings and its wiring. */
export interface MetricsArgs extends MetricsOptions {
  /** Which platform components run. */
  targets: MetricsTargets;
  /** Resources the monitors wait for (the namespaces and workloads they select, the monitoring CRDs). */
  dependsOn?: readonly pulumi.Resource[];
}

/** Defaults of the Prometheus Operator options. */
export function operatorOptions(o?: Partial<PrometheusOperatorOptions>): PrometheusOperatorOptions {
  return {
    namespace: o?.namespace ?? METRICS_DEFAULTS.prometheusOperator.namespace,
    monitorLabels: o?.monitorLabels ?? { ...METRICS_DEFAULTS.prometheusOperator.monitorLabels },
  };
}

/**
 * The platform's scrape configuration: one monitor per target. The NetworkPolicies of the plan
 * (`planMetrics(...).networkPolicies`) live in Kubeflow's namespaces and are applied by the Kubeflow layer,
 * which knows which of those namespaces the release creates and which of their pods it isolates.
 */
export class Metrics extends pulumi.ComponentResource {
  public readonly backend: ScrapeBackend;
  /** `Kind namespace/name` of every monitor registered. */
  public readonly monitors: readonly string[];

  constructor(name: string, args: MetricsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:services:Metrics", name, {}, opts);
    this.backend = args.backend;
    const plan = planMetrics(args.backend, args.targets, operatorOptions(args.prometheusOperator));
    for (const m of plan.monitors) {
      new k8s.apiextensions.CustomResource(
        `${name}-${m.kind.toLowerCase()}-${m.metadata.name}`,
        m,
        {
          parent: this,
          dependsOn: [...(args.dependsOn ?? [])],
        },
      );
    }
    this.monitors = plan.monitors.map(
      (m) => `${m.kind} ${m.metadata.namespace ?? ""}/${m.metadata.name}`,
    );
    this.registerOutputs({ backend: this.backend, monitors: this.monitors });
  }
}
