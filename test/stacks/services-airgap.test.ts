/**
 * Air-gapped installs under Pulumi mocks: `services.charts` decides where every service's Release takes its
 * chart from, and `kubeflow.imageRegistry` sends the charts' images (and the JWKS proxy's) to the mirror.
 */
import * as path from "path";
import { CHARTS } from "../../components/services/charts";
import { Inventory, runProgram, StackConfig } from "../harness";
import { REPO_ROOT } from "../harness/stackfile";
import { upstreamDir } from "../harness/upstream";
import { RELEASE, run } from "./services-run";

const CERT_MANAGER = "kubernetes-cert-manager:index:CertManager";
const gpuCluster = {
  accelerators: [{ name: "l4", type: "nvidia-l4", nodeSelector: { pool: "gpu-l4" } }],
};
const stack = (
  charts: Record<string, unknown>,
  gpu: "device-plugin" | "operator",
): StackConfig => ({
  platform: "existing",
  cluster: gpuCluster,
  services: { charts, gpu: { kind: gpu } },
});

/** Each Release's (and cert-manager's helmOptions') chart reference, by Helm release name. */
function chartRefs(inv: Inventory) {
  const refs: Record<string, unknown> = {};
  for (const r of inv.byType(RELEASE)) {
    refs[r.inputs.name as string] = {
      chart: r.inputs.chart,
      version: r.inputs.version,
      repositoryOpts: r.inputs.repositoryOpts,
    };
  }
  const h = inv.get(CERT_MANAGER, "kubeflow-cert-manager-chart").inputs.helmOptions as Record<
    string,
    unknown
  >;
  refs[h.name as string] = { chart: h.chart, version: h.version, repositoryOpts: h.repositoryOpts };
  return refs;
}

const upstreamCharts = path.join(upstreamDir(), "charts");
const local = (dir: string, c: { chart: string; version: string }, repositoryOpts?: unknown) => ({
  chart: path.join(dir, c.chart, c.version),
  version: c.version,
  repositoryOpts,
});

describe("services.charts", () => {
  it("installs every chart from its public repository by default", async () => {
    const { inv } = await run(stack({}, "device-plugin"));
    const repo = (c: { chart: string; version: string; repo: string }) => ({
      chart: c.chart,
      version: c.version,
      repositoryOpts: { repo: c.repo },
    });
    expect(chartRefs(inv)).toEqual({
      "cert-manager": repo(CHARTS.certManager),
      "istio-base": repo(CHARTS.istioBase),
      "istio-cni": repo(CHARTS.istioCni),
      "istiod-1-29": repo(CHARTS.istiod),
      "istio-ingressgateway": repo(CHARTS.istioGateway),
      dex: repo(CHARTS.dex),
      "oauth2-proxy": repo(CHARTS.oauth2Proxy),
      "nvidia-device-plugin": repo(CHARTS.nvidiaDevicePlugin),
    });
  });

  it("installs every chart from <directory>/<chart>/<version>, a relative directory resolved against the project root", async () => {
    const relative = path.relative(REPO_ROOT, upstreamCharts);
    const { inv } = await run(stack({ source: "directory", directory: relative }, "operator"));
    expect(chartRefs(inv)).toEqual({
      // The component would fill an unset repository with its default one.
      "cert-manager": local(upstreamCharts, CHARTS.certManager, { repo: "" }),
      "istio-base": local(upstreamCharts, CHARTS.istioBase),
      "istio-cni": local(upstreamCharts, CHARTS.istioCni),
      "istiod-1-29": local(upstreamCharts, CHARTS.istiod),
      "istio-ingressgateway": local(upstreamCharts, CHARTS.istioGateway),
      dex: local(upstreamCharts, CHARTS.dex),
      "oauth2-proxy": local(upstreamCharts, CHARTS.oauth2Proxy),
      "gpu-operator": local(upstreamCharts, CHARTS.gpuOperator),
    });
  });

  it("installs every chart from oci://<registry>/<chart> at its pinned version", async () => {
    const { inv } = await run(
      stack({ source: "oci", registry: "harbor.corp/helm" }, "device-plugin"),
    );
    const oci = (c: { chart: string; version: string }, repositoryOpts?: unknown) => ({
      chart: `oci://harbor.corp/helm/${c.chart}`,
      version: c.version,
      repositoryOpts,
    });
    expect(chartRefs(inv)).toEqual({
      "cert-manager": oci(CHARTS.certManager, { repo: "" }),
      "istio-base": oci(CHARTS.istioBase),
      "istio-cni": oci(CHARTS.istioCni),
      "istiod-1-29": oci(CHARTS.istiod),
      "istio-ingressgateway": oci(CHARTS.istioGateway),
      dex: oci(CHARTS.dex),
      "oauth2-proxy": oci(CHARTS.oauth2Proxy),
      "nvidia-device-plugin": oci(CHARTS.nvidiaDevicePlugin),
    });
  });

  it("changes only the chart reference between sources: names and values stay, so nothing is replaced", async () => {
    const strip = (inv: Inventory) =>
      inv
        .byType(RELEASE)
        .map((r) => [
          r.name,
          Object.entries(r.inputs).filter(([k]) => k !== "chart" && k !== "repositoryOpts"),
        ]);
    const repo = await run(stack({}, "device-plugin"));
    const dir = await run(
      stack({ source: "directory", directory: upstreamCharts }, "device-plugin"),
    );
    expect(strip(dir.inv)).toEqual(strip(repo.inv));
  });
});

describe("kubeflow.imageRegistry for the services", () => {
  const mirror = { prefix: "mirror.example.com/air" };
  const values = (inv: Inventory, name: string) =>
    inv.byType(RELEASE).find((r) => r.inputs.name === name)!.inputs.values as Record<
      string,
      Record<string, unknown>
    >;

  it("points each chart's image values at the mirror", async () => {
    const { inv } = await run({
      ...stack({}, "device-plugin"),
      kubeflow: { imageRegistry: mirror },
    });
    expect(values(inv, "istiod-1-29").global!.hub).toBe("mirror.example.com/air/docker.io/istio");
    expect(values(inv, "istio-cni").global!.hub).toBe("mirror.example.com/air/docker.io/istio");
    expect(values(inv, "dex").image).toEqual({
      tag: "v2.45.1",
      repository: "mirror.example.com/air/ghcr.io/dexidp/dex",
    });
    expect(values(inv, "oauth2-proxy").image).toEqual({
      tag: "v7.15.3",
      registry: "mirror.example.com/air/quay.io",
    });
    expect(values(inv, "nvidia-device-plugin").image).toEqual({
      repository: "mirror.example.com/air/nvcr.io/nvidia/k8s-device-plugin",
    });
    // cert-manager's component takes `image` and the per-component maps as typed arguments.
    const cm = inv.get(CERT_MANAGER, "kubeflow-cert-manager-chart").inputs;
    expect(cm.image).toEqual({
      repository: "mirror.example.com/air/quay.io/jetstack/cert-manager-controller",
    });
    expect((cm.webhook as { image: unknown }).image).toEqual({
      repository: "mirror.example.com/air/quay.io/jetstack/cert-manager-webhook",
    });
    const helm = (cm.helmOptions as { values: Record<string, { image?: unknown }> }).values;
    expect(helm.acmesolver!.image).toEqual({
      repository: "mirror.example.com/air/quay.io/jetstack/cert-manager-acmesolver",
    });
  });

  it("mirrors the JWKS proxy the program runs for an in-cluster token issuer", async () => {
    const { inv } = await run({ platform: "existing", kubeflow: { imageRegistry: mirror } });
    const proxy = inv.get("kubernetes:apps/v1:Deployment", "kubeflow-oauth2-proxy-jwks-proxy");
    const image = JSON.stringify(proxy.inputs.spec).match(/"image":"([^"]+)"/)![1]!;
    expect(image).toMatch(/^mirror\.example\.com\/air\/registry\.k8s\.io\/kubectl:v\d+\.\d+\.\d+$/);
  });

  it("lets the service's own values escape hatch win over the mirror", async () => {
    const { inv } = await run({
      platform: "existing",
      services: { dex: { values: { image: { repository: "other.corp/dex" } } } },
      kubeflow: { imageRegistry: mirror },
    });
    expect(values(inv, "dex").image!.repository).toBe("other.corp/dex");
  });

  it("leaves every chart's images alone without a mirror", async () => {
    const { inv } = await run(stack({}, "operator"));
    expect(values(inv, "istiod-1-29").global!.hub).toBe("docker.io/istio");
    expect(values(inv, "dex").image).toEqual({ tag: "v2.45.1" });
    expect(values(inv, "gpu-operator").operator).toBeUndefined();
    const cm = inv.get(CERT_MANAGER, "kubeflow-cert-manager-chart").inputs;
    expect(cm.image).toBeUndefined();
  });
});

describe("the CertManager component as a library", () => {
  const build = (args: Record<string, unknown>) =>
    runProgram({}, {}, () => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const k8s = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
      const { CertManager } =
        require("../../components/services/cert-manager") as typeof import("../../components/services/cert-manager");
      /* eslint-enable @typescript-eslint/no-require-imports */
      const provider = new k8s.Provider("k8s", {});
      new CertManager(
        "cm",
        {
          // Only what cert-manager waits for: the rest of a ClusterHandle is not its business.
          cluster: { ready: [] },
          ...args,
        },
        { providers: [provider] },
      );
    });
  const helmOptions = (inv: Inventory) =>
    inv.get(CERT_MANAGER, "cm-chart").inputs.helmOptions as Record<string, unknown>;

  it("defaults to the public repository and the chart's own images", async () => {
    const inv = await build({});
    expect([helmOptions(inv).chart, helmOptions(inv).repositoryOpts]).toEqual([
      "cert-manager",
      { repo: "https://charts.jetstack.io" },
    ]);
    expect(inv.get(CERT_MANAGER, "cm-chart").inputs.image).toBeUndefined();
  });

  it("takes a chart source and an image mirror as arguments", async () => {
    const inv = await build({
      charts: { source: "oci", registry: "harbor.corp/helm" },
      imageMirror: { includeSourceRegistry: true, mapping: { "quay.io": "harbor.corp/quay" } },
    });
    expect([helmOptions(inv).chart, helmOptions(inv).version]).toEqual([
      "oci://harbor.corp/helm/cert-manager",
      "v1.19.6",
    ]);
    expect(inv.get(CERT_MANAGER, "cm-chart").inputs.image).toEqual({
      repository: "harbor.corp/quay/jetstack/cert-manager-controller",
    });
  });
});
