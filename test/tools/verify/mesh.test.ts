import { K8sObject } from "../../../components/kubeflow/types";
import {
  admittedLabels,
  findService,
  mtlsModeFor,
  routeAtGateway,
} from "../../../tools/verify/mesh";
import { podTemplateOf } from "../../../tools/verify/objects";
import { PlatformSet } from "../../../tools/verify/types";

const set = (objs: K8sObject[]): PlatformSet => ({
  stack: "t",
  release: "26.03",
  objects: objs.map((obj) => ({ obj, source: { via: "program", resource: "t" } })),
});
const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels },
});
const deploy = (namespace: string, name: string, labels: Record<string, string>): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace },
  spec: { template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "x" }] } } },
});
const gateway = deploy("istio-system", "gw", { istio: "ingressgateway" });
(
  gateway.spec as { template: { metadata: { annotations: Record<string, string> } } }
).template.metadata.annotations = {
  "inject.istio.io/templates": "gateway",
};
const vs = (name: string, prefix: string, host: string): K8sObject => ({
  apiVersion: "networking.istio.io/v1",
  kind: "VirtualService",
  metadata: { name, namespace: "kubeflow" },
  spec: {
    gateways: ["kubeflow-gateway"],
    hosts: ["*"],
    http: [
      { match: [{ uri: { prefix } }], route: [{ destination: { host, port: { number: 80 } } }] },
    ],
  },
});
const gw = (servers: unknown[]): K8sObject => ({
  apiVersion: "networking.istio.io/v1",
  kind: "Gateway",
  metadata: { name: "kubeflow-gateway", namespace: "kubeflow" },
  spec: { selector: { istio: "ingressgateway" }, servers },
});
const http80 = { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] };

describe("routing at an Istio gateway", () => {
  it("tries a catch-all route last, whatever the order of the VirtualServices", () => {
    const s = set([
      gw([http80]),
      vs("dashboard", "/", "dash.kubeflow.svc.cluster.local"),
      vs("jupyter", "/jupyter/", "jwa.kubeflow.svc.cluster.local"),
    ]);
    const pod = podTemplateOf(gateway)!;
    const r = routeAtGateway(s, pod, {
      host: "kf.example.com",
      port: 80,
      path: "/jupyter/x",
      tls: false,
    });
    expect(r).toMatchObject({ ok: true, host: "jwa.kubeflow.svc.cluster.local" });
  });

  it("redirects plain HTTP when the server says httpsRedirect", () => {
    const s = set([
      gw([{ ...http80, tls: { httpsRedirect: true } }]),
      vs("dashboard", "/", "dash"),
    ]);
    const r = routeAtGateway(s, podTemplateOf(gateway)!, {
      host: "h",
      port: 80,
      path: "/",
      tls: false,
    });
    expect(r).toMatchObject({ ok: true, redirect: { scheme: "https", status: 301 } });
  });

  it("finds no route on a port no Gateway server declares", () => {
    const s = set([gw([http80]), vs("dashboard", "/", "dash")]);
    const r = routeAtGateway(s, podTemplateOf(gateway)!, {
      host: "h",
      port: 443,
      path: "/",
      tls: true,
    });
    expect(r).toEqual({
      ok: false,
      reason: "no Gateway selecting the pods of gw has a server on port 443 for host h",
    });
  });
});

describe("the mTLS mode of a workload port", () => {
  const pod = podTemplateOf(deploy("kubeflow", "hook", { app: "hook" }))!;
  const pa = (name: string, namespace: string, spec: Record<string, unknown>): K8sObject => ({
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name, namespace },
    spec,
  });

  it("is the mesh's STRICT unless a workload policy opens the port", () => {
    const mesh = pa("default", "istio-system", { mtls: { mode: "STRICT" } });
    expect(mtlsModeFor(set([mesh]), pod, 9443)).toBe("STRICT");
    const exception = pa("x", "kubeflow", {
      selector: { matchLabels: { app: "hook" } },
      portLevelMtls: { "9443": { mode: "PERMISSIVE" } },
    });
    expect(mtlsModeFor(set([mesh, exception]), pod, 9443)).toBe("PERMISSIVE");
    expect(mtlsModeFor(set([mesh, exception]), pod, 8080)).toBe("STRICT");
  });

  it("is PERMISSIVE with no PeerAuthentication at all (Istio's default)", () => {
    expect(mtlsModeFor(set([]), pod, 9443)).toBe("PERMISSIVE");
  });
});

describe("a pod as admission leaves it", () => {
  it("gets Istio's canonical-name label from app.kubernetes.io/name, else app, else the workload, when injected", () => {
    const s = set([ns("kubeflow-system", { "istio-injection": "enabled" })]);
    const named = podTemplateOf(
      deploy("kubeflow-system", "trainer-manager", { "app.kubernetes.io/name": "trainer" }),
    )!;
    const bare = podTemplateOf(
      deploy("kubeflow-system", "jobset-controller-manager", {
        "control-plane": "controller-manager",
      }),
    )!;
    expect(admittedLabels(s, named)["service.istio.io/canonical-name"]).toBe("trainer");
    expect(admittedLabels(s, bare)["service.istio.io/canonical-name"]).toBe(
      "jobset-controller-manager",
    );
  });

  it("gets the TLS mode label from the sidecar template, but not from the gateway template", () => {
    const s = set([ns("kubeflow", { "istio-injection": "enabled" }), ns("istio-system")]);
    const sidecar = podTemplateOf(deploy("kubeflow", "ui", { app: "ui" }))!;
    const gw = {
      ...podTemplateOf(gateway)!,
      labels: { istio: "ingressgateway", "sidecar.istio.io/inject": "true" },
    };
    expect(admittedLabels(s, sidecar)["security.istio.io/tlsMode"]).toBe("istio");
    expect(admittedLabels(s, gw)).toEqual({
      istio: "ingressgateway",
      "sidecar.istio.io/inject": "true",
      "service.istio.io/canonical-name": "gw",
      "service.istio.io/canonical-revision": "latest",
    });
  });

  it("gets no Istio label outside the mesh", () => {
    const s = set([ns("auth")]);
    const pod = podTemplateOf(deploy("auth", "dex", { app: "dex" }))!;
    expect(admittedLabels(s, pod)).toEqual({ app: "dex" });
  });
});

describe("Service names", () => {
  const svc: K8sObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "dex", namespace: "auth" },
    spec: {},
  };
  it.each([
    ["dex", "auth", true],
    ["dex.auth", "kubeflow", true],
    ["dex.auth.svc.cluster.local", "kubeflow", true],
    ["dex", "kubeflow", false],
    ["dex.example.com", "auth", false],
  ])("%s seen from %s resolves: %s", (host, from, found) => {
    expect(findService(set([svc]), host, from) !== undefined).toBe(found);
  });
});
