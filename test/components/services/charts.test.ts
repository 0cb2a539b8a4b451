/**
 * Where the pinned charts come from: the chart reference each source gives a Release, and the check that a
 * local chart folder holds every pinned chart. No mocks: pure functions and a temporary folder.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { certManagerHelmOptions } from "../../../components/services/cert-manager";
import {
  chartDirectoryProblems,
  chartFetchCommand,
  chartReference,
  CHARTS,
  releaseArgs,
} from "../../../components/services/charts";
import { chartDir, upstreamDir } from "../../harness/upstream";

const upstreamCharts = path.join(upstreamDir(), "charts");

describe("chartReference", () => {
  it("names the chart, its pinned version and its public repository by default", () => {
    expect(chartReference(CHARTS.istiod)).toEqual({
      chart: "istiod",
      version: "1.29.6",
      repositoryOpts: { repo: "https://istio-release.storage.googleapis.com/charts" },
    });
  });

  it("points a directory source at <directory>/<chart>/<version>, with no repository", () => {
    expect(chartReference(CHARTS.dex, { source: "directory", directory: "/srv/charts" })).toEqual({
      chart: "/srv/charts/dex/0.24.0",
      version: "0.24.0",
    });
  });

  it("makes a relative directory absolute, since the provider reads a bare relative path as a repository name", () => {
    const ref = chartReference(CHARTS.dex, { source: "directory", directory: "charts" });
    expect(ref.chart).toBe(path.resolve("charts", "dex", "0.24.0"));
  });

  it("pulls an OCI source as oci://<registry>/<chart> at the pinned version", () => {
    expect(
      chartReference(CHARTS.gpuOperator, { source: "oci", registry: "harbor.corp/helm" }),
    ).toEqual({ chart: "oci://harbor.corp/helm/gpu-operator", version: "v26.7.0" });
  });

  it("keeps a Release's other arguments whatever the source", () => {
    const oci: Record<string, unknown> = releaseArgs(CHARTS.dex, "dex", "auth", {
      source: "oci",
      registry: "r.corp/h",
    });
    const repo: Record<string, unknown> = releaseArgs(CHARTS.dex, "dex", "auth");
    const others = (r: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(r).filter(([k]) => !["chart", "version", "repositoryOpts"].includes(k)),
      );
    expect(others(oci)).toEqual(others(repo));
    expect([oci.chart, oci.version, oci.repositoryOpts]).toEqual([
      "oci://r.corp/h/dex",
      "0.24.0",
      undefined,
    ]);
  });
});

describe("certManagerHelmOptions", () => {
  it("names the public repository by default", () => {
    const h = certManagerHelmOptions({ source: "repository" }, {});
    expect([h.chart, h.version, h.repositoryOpts]).toEqual([
      "cert-manager",
      "v1.19.6",
      { repo: "https://charts.jetstack.io" },
    ]);
  });

  it("sets an empty repository for a local chart, so the component's default repository is not used", () => {
    const h = certManagerHelmOptions({ source: "directory", directory: "/srv/charts" }, {});
    expect([h.chart, h.version, h.repositoryOpts]).toEqual([
      "/srv/charts/cert-manager/v1.19.6",
      "v1.19.6",
      { repo: "" },
    ]);
  });

  it("sets an empty repository for an OCI chart", () => {
    const h = certManagerHelmOptions({ source: "oci", registry: "harbor.corp/helm" }, {});
    expect([h.chart, h.version, h.repositoryOpts]).toEqual([
      "oci://harbor.corp/helm/cert-manager",
      "v1.19.6",
      { repo: "" },
    ]);
  });
});

describe("chartFetchCommand", () => {
  it("pulls the pinned chart and renames its folder to the version", () => {
    expect(chartFetchCommand(CHARTS.istioBase, "/srv/charts")).toBe(
      "helm pull base --repo https://istio-release.storage.googleapis.com/charts --version 1.29.6 " +
        "--untar --untardir /srv/charts/base && mv /srv/charts/base/base /srv/charts/base/1.29.6",
    );
  });
});

describe("chartDirectoryProblems", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "charts-dir-"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A folder with every pinned chart linked from the upstream data, but for the ones left out. */
  const linkCharts = (except: readonly string[] = []) => {
    for (const ref of Object.values(CHARTS)) {
      if (except.includes(ref.chart)) continue;
      fs.mkdirSync(path.join(tmp, ref.chart), { recursive: true });
      fs.symlinkSync(
        path.join(chartDir(ref.chart), ref.version),
        path.join(tmp, ref.chart, ref.version),
      );
    }
  };

  it("accepts the layout of the shared upstream charts, which holds every pinned chart", () => {
    expect(chartDirectoryProblems(upstreamCharts)).toEqual([]);
  });

  it("refuses a folder that does not exist", () => {
    const missing = path.join(tmp, "nope");
    expect(chartDirectoryProblems(missing)).toEqual([
      `${missing} is not a directory; create it holding the pinned charts as <directory>/<chart>/<version>/ ` +
        "(the README's air-gapped installs lists the commands), or fix the path",
    ]);
  });

  it("names each missing chart and the command that fetches it", () => {
    linkCharts(["dex"]);
    expect(chartDirectoryProblems(tmp)).toEqual([
      `${tmp} has no chart dex/0.24.0 (expected ${tmp}/dex/0.24.0/Chart.yaml); fetch it with ` +
        `\`helm pull dex --repo https://charts.dexidp.io --version 0.24.0 --untar --untardir ${tmp}/dex ` +
        `&& mv ${tmp}/dex/dex ${tmp}/dex/0.24.0\``,
    ]);
  });

  it("refuses a folder holding another version than the pinned one", () => {
    linkCharts(["base"]);
    fs.mkdirSync(path.join(tmp, "base"));
    fs.symlinkSync(path.join(chartDir("base"), "1.28.10"), path.join(tmp, "base", "1.29.6"));
    expect(chartDirectoryProblems(tmp)).toEqual([
      `${tmp}/base/1.29.6/Chart.yaml is chart base 1.28.10, not the pinned base 1.29.6; remove ` +
        `${tmp}/base/1.29.6 and fetch the pinned chart: \`helm pull base --repo ` +
        "https://istio-release.storage.googleapis.com/charts --version 1.29.6 --untar --untardir " +
        `${tmp}/base && mv ${tmp}/base/base ${tmp}/base/1.29.6\``,
    ]);
  });

  it("checks Istio's four charts, which share a version, each in its own folder", () => {
    linkCharts(["cni", "gateway"]);
    expect(chartDirectoryProblems(tmp).map((p) => p.split(" (expected")[0])).toEqual([
      `${tmp} has no chart cni/1.29.6`,
      `${tmp} has no chart gateway/1.29.6`,
    ]);
  });
});
