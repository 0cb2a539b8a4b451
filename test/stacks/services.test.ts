/**
 * The services layer under Pulumi mocks: what the dev stack installs, in which order, with which secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../components/services/charts";
import { ServicesHandle } from "../../components/services/handle";
import { NAMESPACES } from "../../components/shared/constants";
import { Inventory, runProgram, settle, setupMocks } from "../harness";
import { readStackFile } from "../harness/stackfile";
import { bundleDir } from "../harness/upstream";
import { CR, generated, isSecret, RELEASE, run, urnOf } from "./services-run";

describe("the whole program on the dev stack", () => {
  it("installs every service, and stores no generated credential in plain text", async () => {
    const inv = await runProgram({
      ...readStackFile("dev"),
      kubeflow: { bundleDir: bundleDir("26.03") },
    });
    const components = inv.resources
      .filter((r) => r.type.startsWith("kubeflow:services:"))
      .map((r) => r.type)
      .sort();
    expect(components).toEqual([
      "kubeflow:services:CertManager",
      "kubeflow:services:Dex",
      "kubeflow:services:GpuSupport",
      "kubeflow:services:Istio",
      // Present with no monitor: dev's existing cluster has no scraper by default.
      "kubeflow:services:Metrics",
      "kubeflow:services:OAuth2Proxy",
    ]);
    expect(
      inv
        .byType(RELEASE)
        .map((r) => r.inputs.name)
        .sort(),
    ).toEqual([
      "dex",
      "istio-base",
      "istio-cni",
      "istio-ingressgateway",
      "istiod-1-29",
      "oauth2-proxy",
    ]);
    expect(inv.plaintext(generated(inv))).toEqual([]);
  });
});

describe("the dev stack's services", () => {
  let inv: Inventory;
  let handle: ServicesHandle;
  beforeAll(async () => {
    ({ inv, handle } = await run(readStackFile("dev")));
  });

  it("installs cert-manager, Istio, Dex and oauth2-proxy from their pinned charts", () => {
    const releases = inv
      .byType(RELEASE)
      .map((r) => [
        r.inputs.name,
        r.inputs.namespace,
        r.inputs.chart,
        r.inputs.version,
        (r.inputs.repositoryOpts as { repo: string }).repo,
      ]);
    const row = (name: string, ns: string, c: { chart: string; version: string; repo: string }) => [
      name,
      ns,
      c.chart,
      c.version,
      c.repo,
    ];
    expect(releases).toEqual(
      expect.arrayContaining([
        row("istio-base", NAMESPACES.istio, CHARTS.istioBase),
        row("istio-cni", "kube-system", CHARTS.istioCni),
        row("istiod-1-29", NAMESPACES.istio, CHARTS.istiod),
        row("istio-ingressgateway", NAMESPACES.istio, CHARTS.istioGateway),
        row("dex", NAMESPACES.auth, CHARTS.dex),
        row("oauth2-proxy", NAMESPACES.oauth2Proxy, CHARTS.oauth2Proxy),
      ]),
    );
    const cm = inv.get("kubernetes-cert-manager:index:CertManager", "kubeflow-cert-manager-chart");
    const helm = cm.inputs.helmOptions as Record<string, unknown>;
    expect([helm.name, helm.namespace, helm.chart, helm.version]).toEqual([
      "cert-manager",
      NAMESPACES.certManager,
      CHARTS.certManager.chart,
      CHARTS.certManager.version,
    ]);
    expect((helm.values as { crds: unknown }).crds).toEqual({ enabled: true, keep: true });
  });

  it("installs nothing for GPUs on a cluster without accelerators", () => {
    expect(inv.byType(RELEASE).filter((r) => String(r.inputs.chart).includes("nvidia"))).toEqual(
      [],
    );
    expect(handle.gpu.ready).toEqual([]);
  });

  it("creates each service namespace with upstream's Pod Security labels, kept on delete", () => {
    const ns = inv.byType("kubernetes:core/v1:Namespace").map((r) => {
      const m = r.inputs.metadata as { name: string; labels: Record<string, string> };
      return [m.name, m.labels["pod-security.kubernetes.io/enforce"], r.retainOnDelete];
    });
    expect(ns).toEqual(
      expect.arrayContaining([
        [NAMESPACES.certManager, "restricted", true],
        [NAMESPACES.istio, "restricted", true],
        [NAMESPACES.auth, "restricted", true],
        [NAMESPACES.oauth2Proxy, "restricted", true],
      ]),
    );
  });

  it("orders cert-manager before its issuers, and Istio's CRDs and istiod before every Istio resource", () => {
    const cmChart = urnOf(
      inv,
      "kubernetes-cert-manager:index:CertManager",
      "kubeflow-cert-manager-chart",
    );
    const issuer = inv.get(
      "kubernetes:cert-manager.io/v1:ClusterIssuer",
      "kubeflow-cert-manager-self-signing-issuer",
    );
    expect(issuer.dependsOn).toContain(cmChart);

    const base = urnOf(inv, RELEASE, "kubeflow-istio-base");
    const cni = urnOf(inv, RELEASE, "kubeflow-istio-cni");
    const istiod = urnOf(inv, RELEASE, "kubeflow-istio-istiod");
    expect(inv.get(RELEASE, "kubeflow-istio-istiod").dependsOn).toEqual(
      expect.arrayContaining([base, cni]),
    );
    expect(inv.get(RELEASE, "kubeflow-istio-gateway").dependsOn).toContain(istiod);
    const istioObjects = inv.resources.filter((r) =>
      /^kubernetes:(security|networking)\.istio\.io\//.test(r.type),
    );
    expect(istioObjects.length).toBeGreaterThanOrEqual(8);
    for (const r of istioObjects)
      expect([r.name, r.dependsOn.includes(istiod)]).toEqual([r.name, true]);
  });

  it("fills the handle's ready lists with the resources the layers above wait for", () => {
    const urns = (rs: readonly pulumi.Resource[]) =>
      Promise.all(rs.map((r) => new Promise<string>((res) => r.urn.apply(res))));
    return Promise.all([
      urns(handle.certManager.ready),
      urns(handle.istio.ready),
      urns(handle.auth.ready),
    ]).then(([cm, istio, auth]) => {
      expect(cm).toEqual([
        urnOf(inv, "kubernetes-cert-manager:index:CertManager", "kubeflow-cert-manager-chart"),
      ]);
      expect(istio).toEqual([
        urnOf(inv, RELEASE, "kubeflow-istio-base"),
        urnOf(inv, RELEASE, "kubeflow-istio-cni"),
        urnOf(inv, RELEASE, "kubeflow-istio-istiod"),
      ]);
      expect(auth).toEqual([
        urnOf(inv, RELEASE, "kubeflow-dex-chart"),
        urnOf(inv, RELEASE, "kubeflow-oauth2-proxy-chart"),
      ]);
      expect(handle.certManager.clusterIssuer).toBe("kubeflow-self-signing-issuer");
      expect(handle.istio.ingressGateway).toEqual({
        namespace: "istio-system",
        service: "istio-ingressgateway",
      });
      expect(handle.istio.revision).toBe("1-29");
    });
  });

  it("keeps every credential a secret: Secrets' data wrapped, Helm values free of credentials", () => {
    const secrets = inv.byType("kubernetes:core/v1:Secret");
    expect(secrets.map((s) => s.name).sort()).toEqual([
      "kubeflow-dex-config",
      "kubeflow-oauth2-proxy-credentials",
    ]);
    for (const s of secrets)
      expect([s.name, isSecret(s.wireInputs.stringData)]).toEqual([s.name, true]);
    for (const r of inv.byType(RELEASE))
      expect([r.name, isSecret(r.wireInputs.values)]).toEqual([r.name, false]);
    for (const r of inv.byType("random:index/randomPassword:RandomPassword")) {
      expect(r.additionalSecretOutputs).toContain("result");
    }
  });

  it("stores no generated credential in plain text anywhere", () => {
    const needles = generated(inv);
    expect(needles.length).toBeGreaterThanOrEqual(4);
    expect(inv.plaintext(needles)).toEqual([]);
  });

  it("enforces STRICT mTLS mesh-wide and hands Kubeflow's webhook exceptions to the Kubeflow layer", () => {
    const pa = inv.resources.filter(CR("PeerAuthentication"));
    expect(pa.map((r) => [r.inputs.metadata, r.inputs.spec])).toEqual([
      [{ name: "default", namespace: NAMESPACES.istio }, { mtls: { mode: "STRICT" } }],
    ]);
    // Each exception: a PERMISSIVE port, an ALLOW policy for it (the API server has no mesh identity) and a
    // NetworkPolicy admitting it, under one name.
    const exceptions = handle.istio.mtlsExceptions ?? [];
    const byKind = (kind: string) =>
      exceptions
        .filter((o) => o.kind === kind)
        .map((o) => `${o.metadata.namespace}/${o.metadata.name}`)
        .sort();
    expect(byKind("PeerAuthentication")).toEqual([
      "kubeflow-system/mtls-exception-jobset-webhook",
      "kubeflow-system/mtls-exception-trainer-webhook",
      "kubeflow/mtls-exception-kserve-llmisvc-webhook",
      "kubeflow/mtls-exception-pipelines-cache-webhook",
      "kubeflow/mtls-exception-pvcviewer-webhook",
    ]);
    expect(byKind("AuthorizationPolicy")).toEqual(byKind("PeerAuthentication"));
    expect(byKind("NetworkPolicy")).toEqual(byKind("PeerAuthentication"));
  });

  it("creates a first user with a generated password, since the dev stack configures none", async () => {
    expect(handle.auth.initialUser?.email).toBe("user@example.com");
    expect(pulumi.Output.isInstance(handle.auth.initialUser?.password)).toBe(true);
    expect(await pulumi.isSecret(handle.auth.initialUser!.password)).toBe(true);
  });

  it("exports the first user as a stack output, its password a secret", async () => {
    const recorded = setupMocks({
      ...readStackFile("dev"),
      kubeflow: { bundleDir: bundleDir("26.03") },
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../../index") as typeof import("../../index");
    const outputs = await program();
    await settle();
    expect(recorded.length).toBeGreaterThan(0);
    expect(outputs.initialUser?.email).toBe("user@example.com");
    expect(await pulumi.isSecret(outputs.initialUser!.password)).toBe(true);
  });

  it("puts every service's Kubernetes objects on the cluster's provider", () => {
    const services = inv.resources.filter((r) => r.type.startsWith("kubeflow:services:"));
    const children = services
      .flatMap((s) => inv.descendants(s))
      .filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(children.length).toBeGreaterThan(10);
    for (const r of children)
      expect([r.name, r.provider]).toEqual([r.name, expect.stringContaining("kubeflow-k8s")]);
  });
});
