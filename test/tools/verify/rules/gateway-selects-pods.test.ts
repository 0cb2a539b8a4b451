import { K8sObject } from "../../../../components/kubeflow/types";
import {
  DISABLE_PORT_TRANSLATION,
  gatewaySelectsPods,
} from "../../../../tools/verify/rules/gateway-selects-pods";
import { PlatformSet } from "../../../../tools/verify/types";
import { bundleFileSet, deployment, service, setOf } from "./fixtures";

const labels = { app: "istio-ingressgateway", istio: "ingressgateway" };

/** The ingress gateway as Istio's gateway chart renders it: image `auto`, the `gateway` injection template. */
const chartGateway = deployment(
  "istio-system",
  "istio-ingressgateway",
  labels,
  { containers: [{ name: "istio-proxy", image: "auto" }] },
  { "inject.istio.io/templates": "gateway", "sidecar.istio.io/inject": "true" },
);
const gatewayService = service("istio-system", "istio-ingressgateway", labels, [
  { name: "status-port", port: 15021, targetPort: 15021 },
  { name: "http2", port: 80, targetPort: 8080 },
  { name: "https", port: 443, targetPort: 8443 },
]);

function gateway(
  ns: string,
  name: string,
  selector: Record<string, string>,
  ports: number[],
): K8sObject {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name, namespace: ns },
    spec: {
      selector,
      servers: ports.map((number) => ({
        hosts: ["*"],
        port: { name: `http-${number}`, number, protocol: "HTTP" },
      })),
    },
  };
}

describe("gateway-selects-pods", () => {
  it("reports a Gateway whose selector matches no pod in any namespace, naming the nearest pods", () => {
    const gw = gateway(
      "kubeflow",
      "kubeflow-gateway",
      { app: "istio-ingress", istio: "ingressgateway" },
      [80],
    );
    expect(gatewaySelectsPods.check(setOf(chartGateway, gatewayService, gw))).toEqual([
      {
        rule: "gateway-selects-pods",
        object: "Gateway kubeflow/kubeflow-gateway",
        message:
          "selector {app: istio-ingress, istio: ingressgateway} matches no pod in any namespace of the set; " +
          "nearest pods: Deployment istio-system/istio-ingressgateway {app: istio-ingressgateway, istio: ingressgateway}",
        fix: expect.stringContaining(
          "set spec.selector to the pod labels of the ingress gateway",
        ) as string,
      },
    ]);
  });

  it("reports a Gateway that selects pods which are not gateway proxies", () => {
    const web = deployment("kubeflow", "centraldashboard", { app: "centraldashboard" });
    const gw = gateway("kubeflow", "kubeflow-gateway", { app: "centraldashboard" }, [80]);
    expect(gatewaySelectsPods.check(setOf(web, gw)).map((v) => v.message)).toEqual([
      "selector {app: centraldashboard} matches only pods that are not Istio gateway proxies: Deployment " +
        "kubeflow/centraldashboard",
    ]);
  });

  it("accepts a Gateway in kubeflow selecting the gateway chart's pods in istio-system on a Service port", () => {
    // Istio translates Gateway port 80 to the Service's targetPort 8080, where the proxy listens.
    const gw = gateway("kubeflow", "kubeflow-gateway", { istio: "ingressgateway" }, [80, 443]);
    expect(gatewaySelectsPods.check(setOf(chartGateway, gatewayService, gw))).toEqual([]);
  });

  it("accepts a Gateway port that is a targetPort of the gateway Service", () => {
    const gw = gateway("kubeflow", "kubeflow-gateway", { istio: "ingressgateway" }, [8080]);
    expect(gatewaySelectsPods.check(setOf(chartGateway, gatewayService, gw))).toEqual([]);
  });

  it("reports a server port that is neither a port nor a targetPort of the gateway's Services", () => {
    const gw = gateway("kubeflow", "kubeflow-gateway", { istio: "ingressgateway" }, [8004]);
    expect(gatewaySelectsPods.check(setOf(chartGateway, gatewayService, gw))).toEqual([
      {
        rule: "gateway-selects-pods",
        object: "Gateway kubeflow/kubeflow-gateway",
        message:
          "server port 8004 is unreachable: it is neither a port nor a targetPort of the Services of the " +
          "gateway pods (istio-system/istio-ingressgateway 15021->15021, istio-system/istio-ingressgateway " +
          "80->8080 and istio-system/istio-ingressgateway 443->8443), so the proxy listens on 8004 and no " +
          "Service sends traffic there",
        fix:
          "use one of the Service ports (15021, 80 and 443) as the server port, or add a port with " +
          "targetPort 8004 to the gateway Service",
      },
    ]);
  });

  it("does not translate through a Service labelled to opt out of port translation", () => {
    // Knative's local gateway: Service port 80 -> 8081 with the opt-out label; a Gateway on port 80 then
    // listens on 80, which no Service targets.
    const local = service(
      "istio-system",
      "knative-local-gateway",
      labels,
      [{ name: "http2", port: 80, targetPort: 8081 }],
      {
        [DISABLE_PORT_TRANSLATION]: "true",
      },
    );
    const on80 = gateway(
      "knative-serving",
      "knative-local-gateway",
      { istio: "ingressgateway" },
      [80],
    );
    const on8081 = gateway(
      "knative-serving",
      "knative-local-gateway",
      { istio: "ingressgateway" },
      [8081],
    );
    expect(
      gatewaySelectsPods.check(setOf(chartGateway, local, on80)).map((v) => v.message),
    ).toEqual([expect.stringContaining("server port 80 is unreachable")]);
    expect(gatewaySelectsPods.check(setOf(chartGateway, local, on8081))).toEqual([]);
  });

  it("reports server ports when no Service selects the gateway pods", () => {
    const gw = gateway("kubeflow", "kubeflow-gateway", { istio: "ingressgateway" }, [80]);
    expect(gatewaySelectsPods.check(setOf(chartGateway, gw)).map((v) => v.message)).toEqual([
      "server port 80 is unreachable: no Service selects the gateway pods (Deployment istio-system/istio-ingressgateway)",
    ]);
  });

  it("counts pods rendered by Istio's gateway chart as gateway proxies whatever their annotations", () => {
    const plain = deployment("istio-system", "istio-ingressgateway", labels);
    const gw = gateway("kubeflow", "kubeflow-gateway", { istio: "ingressgateway" }, [80]);
    const set: PlatformSet = setOf(plain, gatewayService, gw);
    expect(gatewaySelectsPods.check(set)).toHaveLength(1);
    set.objects[0]!.source = { via: "helm", resource: "istio-gateway", chart: "gateway@1.29.6" };
    expect(gatewaySelectsPods.check(set)).toEqual([]);
  });

  it("accepts the real cluster-local gateway: a proxyv2 Deployment and a Service mapping 80 to 8080", () => {
    const set = bundleFileSet("26.03", "common__istio__cluster-local-gateway__base.yaml");
    expect(set.objects.filter((o) => o.obj.kind === "Gateway")).toHaveLength(1);
    expect(gatewaySelectsPods.check(set)).toEqual([]);
  });

  it("accepts the real istio-ingressgateway Gateway of Kubeflow's Istio install", () => {
    const set = bundleFileSet("26.03", "common__istio__istio-install__overlays__oauth2-proxy.yaml");
    expect(set.objects.filter((o) => o.obj.kind === "Gateway")).toHaveLength(1);
    expect(gatewaySelectsPods.check(set)).toEqual([]);
  });

  it("reports the real kubeflow-gateway alone: its ingress gateway pods live in the Istio install", () => {
    const set = bundleFileSet("26.03", "common__istio__kubeflow-istio-resources__base.yaml");
    expect(gatewaySelectsPods.check(set).map((v) => [v.object, v.message])).toEqual([
      [
        "Gateway kubeflow/kubeflow-gateway",
        "selector {istio: ingressgateway} matches no pod in any namespace of the set",
      ],
    ]);
  });
});
