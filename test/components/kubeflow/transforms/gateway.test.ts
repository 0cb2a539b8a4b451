import {
  gatewayServers,
  gatewayTlsTransform,
} from "../../../../components/kubeflow/transforms/gateway";
import { K8sObject, TransformContext } from "../../../../components/kubeflow/types";

const ctx = {} as TransformContext;
const kubeflowGateway: K8sObject = {
  apiVersion: "networking.istio.io/v1beta1",
  kind: "Gateway",
  metadata: { name: "kubeflow-gateway", namespace: "kubeflow" },
  spec: {
    selector: { istio: "ingressgateway" },
    servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] }],
  },
};
const tls = {
  credentialName: "kubeflow-gateway-tls",
  hostname: "kf.example.com",
  httpsRedirect: true,
};

describe("HTTPS on kubeflow-gateway", () => {
  it("serves 443 with the issued certificate and redirects 80, keeping the gateway's selector", () => {
    const out = gatewayTlsTransform(tls)(kubeflowGateway, ctx)!;
    expect(out.spec).toEqual({
      selector: { istio: "ingressgateway" },
      servers: gatewayServers(tls),
    });
    expect((out.spec as { servers: Array<{ tls?: unknown }> }).servers.map((s) => s.tls)).toEqual([
      { httpsRedirect: true },
      { mode: "SIMPLE", credentialName: "kubeflow-gateway-tls" },
    ]);
  });

  it("keeps port 80 plain for ACME's HTTP-01 challenge", () => {
    expect(gatewayServers({ ...tls, httpsRedirect: false })[0]).toEqual({
      port: { number: 80, name: "http", protocol: "HTTP" },
      hosts: ["*"],
    });
  });

  it("leaves every object unchanged without TLS, and every other Gateway with it", () => {
    expect(gatewayTlsTransform(undefined)(kubeflowGateway, ctx)).toBe(kubeflowGateway);
    const other = {
      ...kubeflowGateway,
      metadata: { name: "knative-local-gateway", namespace: "knative-serving" },
    };
    expect(gatewayTlsTransform(tls)(other, ctx)).toBe(other);
  });
});
