import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { getRelease } from "../../../components/catalog";
import { planRelease } from "../../../components/kubeflow/plan";
import { ObjectTransform, TransformContext } from "../../../components/kubeflow/types";
import { bundleDir, TEST_RELEASES } from "../../harness/upstream";

describe("planRelease", () => {
  it.each(TEST_RELEASES)(
    "%s: every alternative mode plans an acyclic graph with each object of its paths",
    (tag) => {
      const release = getRelease(tag);
      for (const [key, app] of Object.entries(release.applications)) {
        for (const mode of Object.keys(app!.modes)) {
          if (mode === app!.defaultMode) continue;
          const plan = planRelease({
            release: tag,
            bundleDir: bundleDir(tag),
            applications: {
              [key]: { enabled: true, mode },
              ...(key === "kserve" && mode === "raw" ? { knative: { enabled: false } } : {}),
            },
          });
          expect(plan.graph.problems).toEqual([]);
          const paths = app!.modes[mode]!.paths;
          const mine = plan.objects.filter((o) => o.app === key).length;
          const dropped = plan.dropped.filter((d) => paths.includes(d.origin.path)).length;
          const index = JSON.parse(
            fs.readFileSync(path.join(bundleDir(tag), "bundle.json"), "utf8"),
          ) as { paths: Record<string, { objects: number }> };
          expect({ key, mode, n: mine + dropped }).toEqual({
            key,
            mode,
            n: paths.reduce((n, p) => n + index.paths[p]!.objects, 0),
          });
        }
      }
    },
  );

  it("runs the given transforms after the structural ones, on every object, with its origin", () => {
    const seen: TransformContext[] = [];
    const label: ObjectTransform = (obj, ctx) => {
      seen.push(ctx);
      return { ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, t: "1" } } };
    };
    const dropConfigMaps: ObjectTransform = (obj) => (obj.kind === "ConfigMap" ? undefined : obj);
    const plan = planRelease({
      release: "26.03",
      bundleDir: bundleDir("26.03"),
      transforms: [label, dropConfigMaps],
    });
    expect(plan.objects.every((o) => o.obj.metadata.labels?.t === "1")).toBe(true);
    expect(plan.objects.some((o) => o.obj.kind === "ConfigMap")).toBe(false);
    expect(plan.dropped.some((d) => d.key.startsWith("/ConfigMap/"))).toBe(true);
    // Service-owned Namespaces never reach the given transforms.
    expect(seen.length).toBe(plan.objects.length + plan.dropped.length - 1);
    const dashboard = seen.find((c) => c.origin.path.startsWith("applications/centraldashboard"));
    expect(dashboard?.application).toBe("centralDashboard");
    expect(dashboard?.release).toBe("26.03");
  });

  it("refuses a cluster older than the release supports and bad choices, before reading the bundle, by property path", () => {
    let error: unknown;
    try {
      planRelease({
        release: "26.03",
        bundleDir: "/nonexistent",
        kubernetesVersion: "1.32",
        applications: { modelRegistry: { mode: "x" } },
      });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      {
        propertyPath: "kubernetesVersion",
        reason:
          'Kubernetes 1.32 is older than Kubeflow 26.03 supports (upstream: "Kubernetes 1.34+"); ' +
          "upgrade the cluster to 1.34 or newer, or pick an older release",
      },
      {
        propertyPath: "applications.modelRegistry.mode",
        reason: 'not a mode of Model Registry in Kubeflow 26.03; allowed: "default"',
      },
    ]);
    expect((error as Error).message).toMatch(
      /^Cannot install Kubeflow 26\.03: 2 invalid inputs:\n/,
    );
  });

  it("refuses a bundle directory that holds no bundle as a bundleDir input", () => {
    let error: unknown;
    try {
      planRelease({ release: "26.03", bundleDir: "/nonexistent" });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    const errors = (error as pulumi.InputPropertiesError).errors;
    expect(errors.map((e) => e.propertyPath)).toEqual(["bundleDir"]);
    expect(errors[0]!.reason).toMatch(/^No Kubeflow 26\.03 bundle at \/nonexistent /);
  });
});
