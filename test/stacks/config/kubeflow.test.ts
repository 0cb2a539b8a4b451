import { ConfigError, loadConfig } from "../../../stacks/config";
import { bundleDirOf } from "../../../stacks/kubeflow";
import { cases } from "../config-corpus/kubeflow";

const source = (config: Record<string, unknown>) => {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    values[`kubeflow-platform:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return { namespace: "kubeflow-platform", values, isSecret: () => false };
};

describe("the kubeflow config section", () => {
  it("defaults to release 26.03, its bundle under manifests/, and the example install", () => {
    const cfg = loadConfig(source({ platform: "existing" }));
    expect(cfg.kubeflow.version).toBe("26.03");
    expect(cfg.kubeflow.applications).toEqual({});
    expect(bundleDirOf(cfg, "/project")).toBe("/project/manifests/kubeflow/26.03");
  });

  it("resolves a relative bundleDir against the project root and keeps an absolute one", () => {
    const rel = loadConfig(source({ platform: "existing", kubeflow: { bundleDir: "bundles/x" } }));
    expect(bundleDirOf(rel, "/project")).toBe("/project/bundles/x");
    const abs = loadConfig(source({ platform: "existing", kubeflow: { bundleDir: "/srv/b" } }));
    expect(bundleDirOf(abs, "/project")).toBe("/srv/b");
  });

  it("accepts a release's alternatives and a supported cluster version", () => {
    const cfg = loadConfig(
      source({
        platform: "existing",
        cluster: { kubernetesVersion: "1.34" },
        kubeflow: {
          version: "26.03",
          applications: {
            pipelines: { mode: "k8s-native" },
            trainer: { enabled: false },
            trainingOperator: { enabled: true },
            kserve: { mode: "raw" },
            knative: { enabled: false },
            modelRegistry: { enabled: true },
          },
        },
      }),
    );
    expect(cfg.kubeflow.applications.pipelines).toEqual({ mode: "k8s-native" });
  });

  it.each(cases.map((c) => [c.name, c] as const))("refuses %s with exact problems", (_n, c) => {
    let problems: string[] = [];
    try {
      loadConfig(source(c.config));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual(c.problems);
  });
});
