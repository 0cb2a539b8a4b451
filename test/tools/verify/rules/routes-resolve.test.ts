import { K8sObject } from "../../../../components/kubeflow/types";
import { resolveHost, routesResolve } from "../../../../tools/verify/rules/routes-resolve";
import { bundleFileSet, namespace, service, setOf } from "./fixtures";

const dashboard = service("kubeflow", "centraldashboard", { app: "centraldashboard" }, [
  { name: "http", port: 80, targetPort: 8082 },
]);
const pipelinesUi = service("kubeflow", "ml-pipeline-ui", { app: "ml-pipeline-ui" }, [
  { name: "http", port: 80, targetPort: 3000 },
  { name: "metrics", port: 9090 },
]);
const kubeflowGateway: K8sObject = {
  apiVersion: "networking.istio.io/v1",
  kind: "Gateway",
  metadata: { name: "kubeflow-gateway", namespace: "kubeflow" },
  spec: { selector: { istio: "ingressgateway" }, servers: [] },
};

function virtualService(
  ns: string,
  gateways: string[],
  destination: Record<string, unknown>,
): K8sObject {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "centraldashboard", namespace: ns },
    spec: {
      gateways,
      hosts: ["*"],
      http: [{ match: [{ uri: { prefix: "/" } }], route: [{ destination }] }],
    },
  };
}

describe("routes-resolve", () => {
  it("resolves hosts as Istio does: short names in the config's namespace, dotted names as written", () => {
    const ns = new Set(["kubeflow", "auth"]);
    expect(resolveHost("centraldashboard", "kubeflow", ns)).toEqual({
      kind: "service",
      namespace: "kubeflow",
      name: "centraldashboard",
    });
    expect(resolveHost("dex.auth.svc.cluster.local", "kubeflow", ns)).toEqual({
      kind: "service",
      namespace: "auth",
      name: "dex",
    });
    expect(resolveHost("dex.auth", "kubeflow", ns)).toEqual({
      kind: "partial",
      namespace: "auth",
      name: "dex",
    });
    expect(resolveHost("dex.auth.svc", "kubeflow", ns)).toEqual({
      kind: "partial",
      namespace: "auth",
      name: "dex",
    });
    expect(resolveHost("notebook.alice.svc.cluster.local", "kubeflow", ns)).toEqual({
      kind: "skip",
    });
    expect(resolveHost("oauth2.googleapis.com", "kubeflow", ns)).toEqual({ kind: "skip" });
    expect(resolveHost("*.knative-serving.svc.cluster.local", "kubeflow", ns)).toEqual({
      kind: "skip",
    });
  });

  it("reports a destination host that resolves to no Service of the set", () => {
    const vs = virtualService("kubeflow", ["kubeflow/kubeflow-gateway"], {
      host: "central-dashboard.kubeflow.svc.cluster.local",
      port: { number: 80 },
    });
    expect(routesResolve.check(setOf(dashboard, kubeflowGateway, vs))).toEqual([
      {
        rule: "routes-resolve",
        object: "VirtualService kubeflow/centraldashboard",
        message:
          "http[0].route[0].destination host central-dashboard.kubeflow.svc.cluster.local resolves to Service " +
          "kubeflow/central-dashboard, which the set does not hold; Services in kubeflow: centraldashboard",
        fix: expect.stringContaining("point the host at an existing Service") as string,
      },
    ]);
  });

  it("reports a destination port the Service does not expose", () => {
    const vs = virtualService("kubeflow", ["kubeflow-gateway"], {
      host: "centraldashboard.kubeflow.svc.cluster.local",
      port: { number: 8082 },
    });
    expect(
      routesResolve.check(setOf(dashboard, kubeflowGateway, vs)).map((v) => v.message),
    ).toEqual([
      "http[0].route[0].destination port 8082 is not a port of Service kubeflow/centraldashboard (ports 80)",
    ]);
  });

  it("reports a destination without a port to a Service with several ports", () => {
    const vs = virtualService("kubeflow", ["kubeflow-gateway"], { host: "ml-pipeline-ui" });
    expect(
      routesResolve.check(setOf(pipelinesUi, kubeflowGateway, vs)).map((v) => v.message),
    ).toEqual([
      "http[0].route[0].destination to ml-pipeline-ui names no port, and Service kubeflow/ml-pipeline-ui has 2 ports (80 and 9090)",
    ]);
  });

  it("reports `name.namespace` hosts, which Istio does not expand, with the FQDN to use", () => {
    const vs = virtualService("kubeflow", ["kubeflow-gateway"], {
      host: "centraldashboard.kubeflow",
    });
    expect(routesResolve.check(setOf(dashboard, kubeflowGateway, vs))).toEqual([
      expect.objectContaining({
        message:
          "http[0].route[0].destination host centraldashboard.kubeflow is not in Istio's registry: Istio expands " +
          "only names without a dot, and Kubernetes Services are registered as centraldashboard.kubeflow.svc.cluster.local",
        fix: "write the host as centraldashboard.kubeflow.svc.cluster.local",
      }),
    ]);
  });

  it("reports a gateway reference naming no Gateway of the set, reading a bare name in the VirtualService's namespace", () => {
    const vs = virtualService("istio-system", ["kubeflow-gateway", "mesh"], {
      host: "centraldashboard.kubeflow.svc.cluster.local",
    });
    expect(
      routesResolve
        .check(setOf(namespace("istio-system"), dashboard, kubeflowGateway, vs))
        .map((v) => v.message),
    ).toEqual([
      "spec.gateways[0] names Gateway istio-system/kubeflow-gateway, which the set does not hold; Gateways: kubeflow/kubeflow-gateway",
    ]);
  });

  it("accepts routes to existing Services through existing Gateways, and skips hosts outside the set", () => {
    const vs: K8sObject = {
      ...virtualService("kubeflow", ["kubeflow/kubeflow-gateway"], {
        host: "centraldashboard.kubeflow.svc.cluster.local",
        port: { number: 80 },
      }),
    };
    const external = virtualService("kubeflow", ["mesh"], {
      host: "notebook.alice.svc.cluster.local",
      port: { number: 80 },
    });
    expect(routesResolve.check(setOf(dashboard, kubeflowGateway, vs, external))).toEqual([]);
  });

  it("accepts a host a ServiceEntry declares, on its ports", () => {
    const entry: K8sObject = {
      apiVersion: "networking.istio.io/v1",
      kind: "ServiceEntry",
      metadata: { name: "google", namespace: "kubeflow" },
      spec: {
        hosts: ["oauth2.googleapis.com"],
        ports: [{ number: 443, name: "https", protocol: "TLS" }],
      },
    };
    const ok = virtualService("kubeflow", ["mesh"], {
      host: "oauth2.googleapis.com",
      port: { number: 443 },
    });
    const bad = virtualService("kubeflow", ["mesh"], {
      host: "oauth2.googleapis.com",
      port: { number: 80 },
    });
    expect(routesResolve.check(setOf(entry, ok))).toEqual([]);
    expect(routesResolve.check(setOf(entry, bad)).map((v) => v.message)).toEqual([
      "http[0].route[0].destination port 80 is not a port of ServiceEntry host oauth2.googleapis.com (ports 443)",
    ]);
  });

  it("reports a DestinationRule host with no Service, and skips wildcard hosts", () => {
    const rule = (name: string, host: string): K8sObject => ({
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata: { name, namespace: "kubeflow" },
      spec: { host, trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } } },
    });
    const set = setOf(
      dashboard,
      rule("ml-pipeline-ui", "ml-pipeline-ui.kubeflow.svc.cluster.local"),
      rule("knative", "*.knative-serving.svc.cluster.local"),
    );
    expect(routesResolve.check(set).map((v) => [v.object, v.message.split(",")[0]])).toEqual([
      [
        "DestinationRule kubeflow/ml-pipeline-ui",
        "spec.host ml-pipeline-ui.kubeflow.svc.cluster.local resolves to Service kubeflow/ml-pipeline-ui",
      ],
    ]);
  });

  it("resolves the real central dashboard route but not its Gateway, which common/istio/kubeflow-istio-resources provides", () => {
    const set = bundleFileSet(
      "26.03",
      "applications__centraldashboard__overlays__oauth2-proxy.yaml",
    );
    expect(routesResolve.check(set).map((v) => [v.object, v.message.split(";")[0]])).toEqual([
      [
        "VirtualService kubeflow/centraldashboard",
        "spec.gateways[0] names Gateway kubeflow/kubeflow-gateway, which the set does not hold",
      ],
    ]);
  });

  it("resolves every route and DestinationRule of the real Pipelines bundle but the shared Gateway", () => {
    const set = bundleFileSet("26.03", "applications__pipeline__overlays.yaml");
    expect(set.objects.filter((o) => o.obj.kind === "DestinationRule")).toHaveLength(6);
    expect(routesResolve.check(set).map((v) => v.object)).toEqual([
      "VirtualService kubeflow/metadata-grpc",
      "VirtualService kubeflow/ml-pipeline-ui",
    ]);
  });
});
