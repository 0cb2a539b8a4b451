import { K8sObject } from "../../../components/kubeflow/types";
import {
  Metrics,
  monitorObjects,
  planMetrics,
  scrapeNetworkPolicies,
  scrapeTargets,
} from "../../../components/services/metrics";
import { resolveScrape } from "../../../stacks/config/services";
import { runProgram } from "../../harness";

const ALL = { istiod: true, certManager: true, katib: true, dcgmExporter: true };
const NONE = { istiod: false, certManager: false, katib: false, dcgmExporter: false };
const OPERATOR = { namespace: "monitoring", monitorLabels: { release: "kps" } };

describe("resolveScrape", () => {
  it.each([
    ["gcp", {}, "managed-prometheus"],
    ["gcp", { managedPrometheus: true }, "managed-prometheus"],
    ["gcp", { managedPrometheus: false }, "none"],
    ["aws", {}, "none"],
    ["existing", {}, "none"],
  ] as const)("auto on %s with cluster %j is %s", (platform, cluster, expected) => {
    expect(resolveScrape({ scrape: "auto" }, platform, cluster)).toBe(expected);
  });

  it("keeps an explicit choice whatever the platform", () => {
    expect(resolveScrape({ scrape: "prometheus-operator" }, "gcp", {})).toBe("prometheus-operator");
    expect(resolveScrape({ scrape: "none" }, "gcp", {})).toBe("none");
  });
});

describe("scrapeTargets", () => {
  it("plans nothing without a backend", () => {
    expect(scrapeTargets("none", ALL)).toEqual([]);
    expect(planMetrics("none", ALL, OPERATOR)).toEqual({ monitors: [], networkPolicies: [] });
  });

  it("scrapes Istio's proxies on the merged-metrics port with Managed Prometheus, Envoy's declared port with the operator", () => {
    const proxies = (b: "managed-prometheus" | "prometheus-operator") =>
      scrapeTargets(b, NONE).find((t) => t.key === "istio-proxies");
    expect(proxies("managed-prometheus")).toMatchObject({
      namespace: "*",
      port: 15020,
      path: "/stats/prometheus",
    });
    expect(proxies("prometheus-operator")).toMatchObject({
      namespace: "*",
      port: "http-envoy-prom",
      portNumber: 15090,
      path: "/stats/prometheus",
    });
  });

  it("plans a target only for the components that run", () => {
    expect(scrapeTargets("managed-prometheus", NONE).map((t) => t.key)).toEqual(["istio-proxies"]);
    expect(scrapeTargets("managed-prometheus", ALL).map((t) => t.key)).toEqual([
      "istio-proxies",
      "istiod",
      "cert-manager",
      "katib-controller",
      "dcgm-exporter",
    ]);
  });

  it("scrapes the DCGM exporter through the operator's Service with a ServiceMonitor, its pods with PodMonitoring", () => {
    const dcgm = (b: "managed-prometheus" | "prometheus-operator") =>
      scrapeTargets(b, ALL).find((t) => t.key === "dcgm-exporter");
    expect(dcgm("prometheus-operator")).toMatchObject({ via: "service", port: "gpu-metrics" });
    expect(dcgm("managed-prometheus")).toMatchObject({ port: "metrics" });
    expect(dcgm("managed-prometheus")?.via).toBeUndefined();
  });
});

describe("monitorObjects", () => {
  it("makes a ClusterPodMonitoring for every-namespace targets and a PodMonitoring in the target's namespace otherwise", () => {
    const objs = monitorObjects(
      "managed-prometheus",
      scrapeTargets("managed-prometheus", { ...NONE, istiod: true }),
      OPERATOR,
    );
    expect(objs.map((o) => [o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name])).toEqual([
      ["monitoring.googleapis.com/v1", "ClusterPodMonitoring", undefined, "kubeflow-istio-proxies"],
      ["monitoring.googleapis.com/v1", "PodMonitoring", "istio-system", "kubeflow-istiod"],
    ]);
    expect(objs[1]?.spec).toEqual({
      selector: { matchLabels: { app: "istiod" } },
      endpoints: [{ port: "http-monitoring", path: "/metrics", interval: "30s" }],
    });
  });

  it("puts every Prometheus Operator monitor in the Prometheus' namespace with its selector labels, naming the target namespaces", () => {
    const objs = monitorObjects(
      "prometheus-operator",
      scrapeTargets("prometheus-operator", ALL),
      OPERATOR,
    );
    expect(new Set(objs.map((o) => o.metadata.namespace))).toEqual(new Set(["monitoring"]));
    for (const o of objs) expect(o.metadata.labels).toMatchObject({ release: "kps" });
    const byName = Object.fromEntries(objs.map((o) => [o.metadata.name, o]));
    expect(byName["kubeflow-istio-proxies"]?.spec).toMatchObject({
      namespaceSelector: { any: true },
      podMetricsEndpoints: [{ port: "http-envoy-prom", path: "/stats/prometheus" }],
    });
    expect(byName["kubeflow-katib-controller"]?.spec).toMatchObject({
      namespaceSelector: { matchNames: ["kubeflow"] },
    });
    expect(byName["kubeflow-dcgm-exporter"]).toMatchObject({
      kind: "ServiceMonitor",
      spec: {
        namespaceSelector: { matchNames: ["gpu-system"] },
        endpoints: [{ port: "gpu-metrics", path: "/metrics" }],
      },
    });
  });
});

describe("scrapeNetworkPolicies", () => {
  it("admits the scraper's namespace to the port in each isolated namespace, and adds none where nothing isolates", () => {
    const policies = scrapeNetworkPolicies(scrapeTargets("managed-prometheus", ALL), "gmp-system");
    expect(
      policies.map((p) => [p.application, p.obj.metadata.namespace, p.obj.metadata.name]),
    ).toEqual([
      ["core", "istio-system", "allow-metrics-istio-proxies"],
      ["core", "kubeflow", "allow-metrics-istio-proxies"],
      ["core", "kubeflow-system", "allow-metrics-istio-proxies"],
      ["core", "knative-serving", "allow-metrics-istio-proxies"],
      ["core", "istio-system", "allow-metrics-istiod"],
      ["katib", "kubeflow", "allow-metrics-katib-controller"],
    ]);
    expect(policies[5]?.obj.spec).toEqual({
      podSelector: { matchLabels: { "katib.kubeflow.org/component": "controller" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gmp-system" } } },
          ],
          ports: [{ port: 8080, protocol: "TCP" }],
        },
      ],
    });
  });
});

describe("Metrics (the component under mocks)", () => {
  it("registers one monitor per target as its children, named by target, and nothing with backend none", async () => {
    const inv = await runProgram({}, {}, () => {
      new Metrics("m", {
        backend: "prometheus-operator",
        targets: { ...NONE, katib: true },
        prometheusOperator: { monitorLabels: { release: "kps" } },
      });
      new Metrics("off", { backend: "none", targets: ALL });
    });
    const m = inv.get("kubeflow:services:Metrics", "m");
    expect(
      inv
        .children(m)
        .map((r) => [
          r.type,
          r.name,
          r.inputs.kind,
          (r.inputs.metadata as K8sObject["metadata"]).namespace,
        ])
        .sort(),
    ).toEqual([
      [
        "kubernetes:monitoring.coreos.com/v1:PodMonitor",
        "m-podmonitor-kubeflow-istio-proxies",
        "PodMonitor",
        "monitoring",
      ],
      [
        "kubernetes:monitoring.coreos.com/v1:PodMonitor",
        "m-podmonitor-kubeflow-katib-controller",
        "PodMonitor",
        "monitoring",
      ],
    ]);
    expect(inv.children(inv.get("kubeflow:services:Metrics", "off"))).toEqual([]);
  });
});
