import * as fs from "fs";
import * as path from "path";
import {
  CATALOG,
  DEFAULT_RELEASE,
  getRelease,
  kubernetesVersionProblem,
  RELEASE_TAGS,
} from "../../../components/catalog";
import { BundleIndex } from "../../../components/kubeflow/bundle";
import { bundleDir, chartDir, TEST_RELEASES } from "../../harness/upstream";

const index = (tag: string) =>
  JSON.parse(fs.readFileSync(path.join(bundleDir(tag), "bundle.json"), "utf8")) as BundleIndex;

describe("the release catalog", () => {
  it("catalogues exactly the releases the tests have bundles of, 26.03 by default", () => {
    expect([...RELEASE_TAGS].sort()).toEqual([...TEST_RELEASES].sort());
    expect(DEFAULT_RELEASE).toBe("26.03");
    expect(getRelease(DEFAULT_RELEASE).tag).toBe("26.03");
  });

  it("refuses an unknown release, naming the catalogued ones", () => {
    expect(() => getRelease("v1.9.0")).toThrow(
      'Kubeflow release "v1.9.0" is not in the catalog; catalogued releases: 26.03, v1.11.0, v1.10.2',
    );
    expect(() => getRelease("toString")).toThrow(
      'Kubeflow release "toString" is not in the catalog',
    );
  });

  it.each(TEST_RELEASES)("%s: tag and commit match the bundle", (tag) => {
    const r = getRelease(tag);
    const b = index(tag);
    expect({ tag: r.tag, commit: r.commit, date: r.commitDate }).toEqual({
      tag: b.ref,
      commit: b.commit,
      date: b.commitDate,
    });
  });

  it.each(TEST_RELEASES)(
    "%s: every rendered path is either one application's or replaced, never both or twice",
    (tag) => {
      const r = getRelease(tag);
      const owners = new Map<string, string[]>();
      const own = (p: string, by: string) => owners.set(p, [...(owners.get(p) ?? []), by]);
      for (const [key, app] of Object.entries(r.applications)) {
        const paths = new Set(Object.values(app!.modes).flatMap((m) => m.paths));
        for (const p of paths) own(p, key);
      }
      for (const rp of r.replaced) own(rp.path, `replaced:${rp.by}`);
      const rendered = Object.keys(index(tag).paths).sort();
      expect([...owners.keys()].sort()).toEqual(rendered);
      for (const [p, by] of owners) expect({ p, by: by.length }).toEqual({ p, by: 1 });
    },
  );

  it.each(TEST_RELEASES)("%s: the default applications are upstream's example install", (tag) => {
    const r = getRelease(tag);
    const b = index(tag);
    const defaults = Object.values(r.applications)
      .filter((a) => a!.enabledByDefault)
      .flatMap((a) => a!.modes[a!.defaultMode]!.paths);
    const replaced = new Set(r.replaced.map((p) => p.path));
    const example = (b.example ?? []).filter((p) => !replaced.has(p));
    expect([...new Set(defaults)].sort()).toEqual(example.sort());
  });

  it("names the Training Operator, Pipelines k8s-native and Knative eventing alternatives where upstream has them", () => {
    expect(Object.keys(getRelease("26.03").applications.pipelines!.modes)).toEqual([
      "argo",
      "k8s-native",
    ]);
    expect(Object.keys(getRelease("v1.10.2").applications.pipelines!.modes)).toEqual(["argo"]);
    expect(getRelease("26.03").applications.trainingOperator!.enabledByDefault).toBe(false);
    expect(getRelease("v1.10.2").applications.trainingOperator!.enabledByDefault).toBe(true);
    expect(getRelease("v1.10.2").applications.trainer).toBeUndefined();
    expect(getRelease("v1.11.0").applications.modelRegistry).toBeUndefined();
    const eks = getRelease("26.03").replaced.find((p) => p.variant === "eks");
    expect(eks).toEqual({
      path: "common/oauth2-proxy/overlays/m2m-dex-and-eks",
      by: "oauth2Proxy",
      variant: "eks",
    });
  });

  it.each(TEST_RELEASES)(
    "%s: every pinned chart version has its values in the chart data",
    (tag) => {
      for (const pin of Object.values(getRelease(tag).charts)) {
        expect(fs.existsSync(path.join(chartDir(pin.chart), pin.version))).toBe(true);
      }
    },
  );

  it("links each release to the one before, with its upgrade hazards and acknowledgement keys", () => {
    expect(getRelease("26.03").previous).toBe("v1.11.0");
    expect(getRelease("v1.11.0").previous).toBe("v1.10.2");
    expect(getRelease("v1.10.2").previous).toBeUndefined();
    expect(getRelease("v1.11.0").hazards.map((h) => h.id)).toEqual(["minio-to-seaweedfs"]);
    expect(getRelease("26.03").nextHazards?.map((h) => h.id)).toEqual([
      "jobset-deployment-selector",
    ]);
    const keys = Object.values(CATALOG).flatMap((r) =>
      [...r.hazards, ...(r.nextHazards ?? [])].map((h) => h.acknowledgementKey),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("refuses a cluster older than upstream supports, and allows newer ones", () => {
    expect(kubernetesVersionProblem(getRelease("26.03"), "1.33")).toBe(
      'Kubernetes 1.33 is older than Kubeflow 26.03 supports (upstream: "Kubernetes 1.34+"); upgrade ' +
        "the cluster to 1.34 or newer, or pick an older release",
    );
    expect(kubernetesVersionProblem(getRelease("26.03"), "1.34")).toBeUndefined();
    expect(kubernetesVersionProblem(getRelease("26.03"), "1.35")).toBeUndefined();
    expect(kubernetesVersionProblem(getRelease("v1.10.2"), "1.31")).toBeUndefined();
    expect(kubernetesVersionProblem(getRelease("v1.10.2"), "1.30")).toMatch(
      /older than Kubeflow v1\.10\.2/,
    );
  });
});
