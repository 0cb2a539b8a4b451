/**
 * Application versions are read from the release's own objects: every application of every catalogued
 * release (each mode) resolves to a version from the real bundle, and an image mirror does not change it.
 */
import { APPLICATION_KEYS, CATALOG } from "../../../components/catalog";
import {
  APPLICATION_STATUS_FACTS,
  applicationVersion,
  imagesIn,
  splitImage,
  versionFrom,
} from "../../../components/kubeflow/app-status";
import { readBundle } from "../../../components/kubeflow/bundle";
import { K8sObject } from "../../../components/kubeflow/types";
import { bundleDir, TEST_RELEASES } from "../../harness/upstream";

const deployment = (image: string, labels: Record<string, string> = {}): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "d", labels },
  spec: { template: { spec: { containers: [{ name: "c", image }] } } },
});

describe("splitImage", () => {
  it.each([
    ["ghcr.io/kubeflow/kfp-frontend:2.16.0", "ghcr.io/kubeflow/kfp-frontend", "2.16.0"],
    [
      "localhost:5000/kubeflow/kfp-frontend:2.16.0",
      "localhost:5000/kubeflow/kfp-frontend",
      "2.16.0",
    ],
    ["localhost:5000/kubeflow/kfp-frontend", "localhost:5000/kubeflow/kfp-frontend", undefined],
    ["gcr.io/knative-releases/x@sha256:abc", "gcr.io/knative-releases/x", undefined],
    ["mysql:8.0@sha256:abc", "mysql", "8.0"],
  ])("splits %s", (ref, repository, tag) => {
    expect(splitImage(ref)).toEqual(tag === undefined ? { repository } : { repository, tag });
  });
});

describe("versionFrom", () => {
  it("reads the tag of the named image whatever registry or mirror prefix serves it", () => {
    const source = { image: "kubeflow/kfp-frontend" };
    expect(versionFrom([deployment("ghcr.io/kubeflow/kfp-frontend:2.16.0")], source)).toBe(
      "2.16.0",
    );
    expect(
      versionFrom([deployment("mirror.corp/ghcr.io/kubeflow/kfp-frontend:2.16.0")], source),
    ).toBe("2.16.0");
  });

  it("does not take an image whose name only ends like the named one", () => {
    const source = { image: "kubeflow/kfp-frontend" };
    expect(versionFrom([deployment("ghcr.io/other/kubeflow/kfp-frontend-x:9.9")], source)).toBe(
      undefined,
    );
    expect(versionFrom([deployment("ghcr.io/notkubeflow/kfp-frontend:9.9")], source)).toBe(
      undefined,
    );
  });

  it("reads a label when the images are pinned by digest", () => {
    const objs = [
      deployment("gcr.io/knative/x@sha256:abc", { "app.kubernetes.io/version": "1.21.1" }),
    ];
    expect(versionFrom(objs, { label: "app.kubernetes.io/version" })).toBe("1.21.1");
    expect(versionFrom(objs, { image: "knative/x" })).toBeUndefined();
  });

  it("finds images anywhere in an object, not only in Deployments", () => {
    expect(
      imagesIn({ spec: { a: [{ image: "x:1" }, { b: { image: "y:2" } }], image: "" } }),
    ).toEqual(["x:1", "y:2"]);
  });
});

describe("APPLICATION_STATUS_FACTS", () => {
  it("has web paths that start and end with a slash", () => {
    const paths = APPLICATION_KEYS.flatMap((k) => APPLICATION_STATUS_FACTS[k].webPath ?? []);
    expect(paths.length).toBeGreaterThanOrEqual(8);
    for (const p of paths) expect(p).toMatch(/^\/([a-z-]+\/)*$/);
  });

  const cases = TEST_RELEASES.flatMap((release) =>
    APPLICATION_KEYS.flatMap((key) =>
      Object.entries(CATALOG[release]!.applications[key]?.modes ?? {}).map(
        ([mode, variant]) => [release, key, mode, variant.paths] as const,
      ),
    ),
  );

  it.each(cases)(
    "%s %s (%s): the version resolves from the bundle's objects",
    (release, key, _mode, paths) => {
      const bundle = readBundle(bundleDir(release), release, paths);
      const objects = paths.flatMap((p) => bundle.objects(p));
      expect(objects.length).toBeGreaterThan(0);
      const version = applicationVersion(key, objects);
      if (key === "core") expect(version).toBeUndefined();
      else expect(version).toMatch(/^v?\d+[.-]/);
    },
  );

  it("reads the versions upstream states for 26.03 (Pipelines 2.16.0, Katib v0.19.0, KServe v0.16.0, Knative 1.21.1)", () => {
    const release = CATALOG["26.03"]!;
    const bundle = readBundle(bundleDir("26.03"), "26.03", [
      ...release.applications.pipelines!.modes.argo!.paths,
      ...release.applications.katib!.modes.default!.paths,
      ...release.applications.kserve!.modes.serverless!.paths,
      ...release.applications.knative!.modes.serving!.paths,
    ]);
    const of = (paths: readonly string[]) => paths.flatMap((p) => bundle.objects(p));
    expect(
      applicationVersion("pipelines", of(release.applications.pipelines!.modes.argo!.paths)),
    ).toBe("2.16.0");
    expect(applicationVersion("katib", of(release.applications.katib!.modes.default!.paths))).toBe(
      "v0.19.0",
    );
    expect(
      applicationVersion("kserve", of(release.applications.kserve!.modes.serverless!.paths)),
    ).toBe("v0.16.0");
    expect(
      applicationVersion("knative", of(release.applications.knative!.modes.serving!.paths)),
    ).toBe("1.21.1");
  });
});
