/**
 * monitors-scrape on the example stacks' real object sets (charts rendered, bundle loaded): the monitors the
 * platform registers select real pods on real ports and get through the mesh and the NetworkPolicies, and
 * each way of breaking that is reported.
 */
import { K8sObject } from "../../../../components/kubeflow/types";
import { monitorsScrape } from "../../../../tools/verify/rules/monitors-scrape";
import { PlatformSet } from "../../../../tools/verify/types";
import { editing, without } from "../mutate";
import { platformSet } from "../sets";

const MONITOR_KINDS = new Set([
  "PodMonitoring",
  "ClusterPodMonitoring",
  "PodMonitor",
  "ServiceMonitor",
]);
const monitors = (set: PlatformSet) =>
  set.objects
    .filter((o) => MONITOR_KINDS.has(o.obj.kind))
    .map((o) => `${o.obj.kind} ${o.obj.metadata.namespace ?? ""}/${o.obj.metadata.name}`)
    .sort();
const messages = (set: PlatformSet) =>
  monitorsScrape.check(set).map((v) => `${v.object}: ${v.message}`);

/** eks-example with the GPU operator's DCGM exporter scraped by a Prometheus Operator. */
const OPERATOR_OVERRIDE = {
  services: {
    // eks-example is behind its ALB entry: the gateway Service stays ClusterIP.
    istio: { hostname: "kubeflow.acme.example.com" },
    gpu: { kind: "operator", dcgmExporter: true },
    metrics: { scrape: "prometheus-operator", monitorLabels: { release: "kube-prometheus-stack" } },
  },
};

let dev: PlatformSet;
let gke: PlatformSet;
let eksOperator: PlatformSet;

beforeAll(async () => {
  dev = await platformSet("dev");
  gke = await platformSet("gke-example");
  eksOperator = await platformSet("eks-example", undefined, OPERATOR_OVERRIDE);
}, 600_000);

describe("monitors-scrape on gke-example (Managed Prometheus by default)", () => {
  it("registers PodMonitorings for istiod, cert-manager and Katib, and a ClusterPodMonitoring for the proxies", () => {
    expect(monitors(gke)).toEqual([
      "ClusterPodMonitoring /kubeflow-istio-proxies",
      "PodMonitoring cert-manager/kubeflow-cert-manager",
      "PodMonitoring istio-system/kubeflow-istiod",
      "PodMonitoring kubeflow/kubeflow-katib-controller",
    ]);
    const sources = gke.objects.filter((o) => MONITOR_KINDS.has(o.obj.kind)).map((o) => o.source);
    for (const s of sources) expect(s.resource).toMatch(/^kubeflow-metrics-/);
  });

  it("finds every monitor scrapable as the cluster would run it", () => {
    expect(messages(gke)).toEqual([]);
  });

  it("reports a port name the selected pods do not declare", () => {
    const broken = editing(gke, "PodMonitoring", "istio-system", "kubeflow-istiod", (o) =>
      withEndpointPort(o, "endpoints", "http-metrics"),
    );
    expect(messages(broken)).toEqual([
      expect.stringMatching(
        /^PodMonitoring istio-system\/kubeflow-istiod: endpoint port "http-metrics" is not a declared port of Deployment istio-system\/istiod-1-29; their ports: .*http-monitoring=15014/,
      ),
    ]);
  });

  it("reports a numeric port nothing listens on, on the proxies", () => {
    const broken = editing(gke, "ClusterPodMonitoring", undefined, "kubeflow-istio-proxies", (o) =>
      withEndpointPort(o, "endpoints", 15000),
    );
    expect(messages(broken)).toEqual([
      expect.stringContaining(
        "ClusterPodMonitoring kubeflow-istio-proxies: endpoint port 15000 is not a declared port of",
      ),
    ]);
  });

  it("reports a selector label that matches no pod", () => {
    const broken = editing(gke, "PodMonitoring", "cert-manager", "kubeflow-cert-manager", (o) => {
      (o.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels = {
        "app.kubernetes.io/instance": "certmanager",
      };
      return o;
    });
    expect(messages(broken)).toEqual([
      "PodMonitoring cert-manager/kubeflow-cert-manager: selector {app.kubernetes.io/instance: certmanager} and app.kubernetes.io/component In (controller, cainjector, webhook) matches no pod in namespace cert-manager",
    ]);
  });

  it("reports an application port behind a STRICT mTLS sidecar (Argo's workflow-controller metrics)", () => {
    const broken = editing(gke, "PodMonitoring", "kubeflow", "kubeflow-katib-controller", (o) => {
      (o.spec as { selector: unknown }).selector = { matchLabels: { app: "workflow-controller" } };
      return o;
    });
    expect(messages(broken)).toEqual([
      "PodMonitoring kubeflow/kubeflow-katib-controller: port 9090 of Deployment kubeflow/workflow-controller is behind the Istio sidecar under STRICT mTLS: the scraper, outside the mesh, is refused",
    ]);
  });

  it("reports the scrape refused by Kubeflow's NetworkPolicies without the platform's allow policy", () => {
    const broken = without(gke, "NetworkPolicy", "kubeflow", "allow-metrics-katib-controller");
    expect(messages(broken)).toEqual([
      expect.stringMatching(
        /^PodMonitoring kubeflow\/kubeflow-katib-controller: NetworkPolicies refuse the scrape from namespace gmp-system to port 8080 of Deployment kubeflow\/katib-controller: .*isolated by NetworkPolicy kubeflow\/default-allow-same-namespace/,
      ),
    ]);
  });

  it("reports the proxies of a namespace whose allow policy is missing, and only those", () => {
    const broken = without(gke, "NetworkPolicy", "knative-serving", "allow-metrics-istio-proxies");
    const [v, ...rest] = messages(broken);
    expect(rest).toEqual([]);
    expect(v).toMatch(
      /^ClusterPodMonitoring kubeflow-istio-proxies: NetworkPolicies refuse the scrape from namespace gmp-system to port 15020 of Deployment knative-serving\//,
    );
    expect(v).not.toMatch(/Deployment kubeflow\//);
  });
});

describe("monitors-scrape with the Prometheus Operator and the GPU operator (eks-example override)", () => {
  it("registers PodMonitors and the DCGM ServiceMonitor in the Prometheus' namespace, with its selector labels", () => {
    expect(monitors(eksOperator)).toEqual([
      "PodMonitor monitoring/kubeflow-cert-manager",
      "PodMonitor monitoring/kubeflow-istio-proxies",
      "PodMonitor monitoring/kubeflow-istiod",
      "PodMonitor monitoring/kubeflow-katib-controller",
      "ServiceMonitor monitoring/kubeflow-dcgm-exporter",
    ]);
    for (const o of eksOperator.objects.filter((x) => MONITOR_KINDS.has(x.obj.kind))) {
      expect(o.obj.metadata.labels).toMatchObject({ release: "kube-prometheus-stack" });
    }
  });

  it("turns the chart's own DCGM ServiceMonitor off and the exporter on", () => {
    const policy = eksOperator.objects.find((o) => o.obj.kind === "ClusterPolicy")?.obj;
    expect(policy?.spec).toMatchObject({
      dcgmExporter: { enabled: true, serviceMonitor: { enabled: false } },
    });
  });

  it("finds every monitor scrapable, the DCGM one through the Service the GPU operator creates", () => {
    expect(messages(eksOperator)).toEqual([]);
  });

  it("reports the DCGM ServiceMonitor when the ClusterPolicy does not run the exporter", () => {
    const broken = editing(eksOperator, "ClusterPolicy", undefined, "cluster-policy", (o) => {
      (o.spec as { dcgmExporter: { enabled: boolean } }).dcgmExporter.enabled = false;
      return o;
    });
    expect(messages(broken)).toEqual([
      "ServiceMonitor monitoring/kubeflow-dcgm-exporter: selector {app: nvidia-dcgm-exporter} matches the labels of no Service in namespace gpu-system",
    ]);
  });

  it("reports a ServiceMonitor port that names the container port instead of the Service port", () => {
    const broken = editing(
      eksOperator,
      "ServiceMonitor",
      "monitoring",
      "kubeflow-dcgm-exporter",
      (o) => withEndpointPort(o, "endpoints", "metrics"),
    );
    expect(messages(broken)).toEqual([
      'ServiceMonitor monitoring/kubeflow-dcgm-exporter: endpoint port "metrics" is not a named port of Service gpu-system/nvidia-dcgm-exporter (its ports: gpu-metrics=9400)',
    ]);
  });

  it("reports a scrape from another namespace than the one the NetworkPolicies admit", () => {
    const broken = editing(eksOperator, "PodMonitor", "monitoring", "kubeflow-istiod", (o) => {
      o.metadata.namespace = "observability";
      return o;
    });
    expect(messages(broken)).toEqual([
      expect.stringMatching(
        /^PodMonitor observability\/kubeflow-istiod: NetworkPolicies refuse the scrape from namespace observability to port 15014 of Deployment istio-system\/istiod-1-29/,
      ),
    ]);
  });
});

describe("monitors-scrape on dev (no scraper on an existing cluster by default)", () => {
  it("registers no monitor and no scraper NetworkPolicy", () => {
    expect(monitors(dev)).toEqual([]);
    expect(dev.objects.filter((o) => o.obj.metadata.name.startsWith("allow-metrics-")).length).toBe(
      0,
    );
  });
});

function withEndpointPort(o: K8sObject, key: string, port: string | number): K8sObject {
  const spec = o.spec as Record<string, Array<Record<string, unknown>>>;
  spec[key] = spec[key]!.map((e) => ({ ...e, port }));
  return o;
}
