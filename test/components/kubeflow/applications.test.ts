import { getRelease } from "../../../components/catalog";
import {
  formatSelectionProblems,
  selectApplications,
} from "../../../components/kubeflow/applications";

describe("selectApplications", () => {
  it("installs upstream's example by default: Trainer in 26.03, Training Operator in v1.10.2", () => {
    const keys = (tag: string) =>
      selectApplications(getRelease(tag)).applications.map((a) => a.key);
    expect(keys("26.03")).toContain("trainer");
    expect(keys("26.03")).not.toContain("trainingOperator");
    expect(keys("26.03")).not.toContain("modelRegistry");
    expect(keys("v1.10.2")).toContain("trainingOperator");
    expect(keys("v1.10.2")).not.toContain("trainer");
  });

  it("takes the paths of the chosen mode", () => {
    const sel = selectApplications(getRelease("26.03"), {
      pipelines: { mode: "k8s-native" },
      knative: { mode: "serving-and-eventing" },
    });
    const paths = (k: string) => sel.applications.find((a) => a.key === k)!.paths;
    expect(paths("pipelines")).toEqual([
      "applications/pipeline/upstream/env/cert-manager/platform-agnostic-multi-user-k8s-native",
    ]);
    expect(paths("knative")).toContain("common/knative/knative-eventing/base");
    expect(sel.problems).toEqual([]);
  });

  it("lets KServe run raw without Knative", () => {
    const sel = selectApplications(getRelease("26.03"), {
      kserve: { mode: "raw" },
      knative: { enabled: false },
    });
    expect(sel.problems).toEqual([]);
    expect(sel.applications.map((a) => a.key)).not.toContain("knative");
  });

  it("places Model Registry objects rendered without a namespace into kubeflow", () => {
    const sel = selectApplications(getRelease("26.03"), { modelRegistry: { enabled: true } });
    expect(sel.applications.find((a) => a.key === "modelRegistry")!.placeIn).toBe("kubeflow");
  });

  it("reports every problem at once, naming the settings by the keys given", () => {
    const keys = { applications: "apps", release: "version" };
    const sel = selectApplications(
      getRelease("v1.10.2"),
      { trainer: { enabled: true }, knative: { enabled: false }, pipelines: { mode: "x" } },
      keys,
    );
    expect(formatSelectionProblems(sel.problems, keys)).toEqual([
      'apps.pipelines.mode: not a mode of Kubeflow Pipelines in Kubeflow v1.10.2; allowed: "argo"',
      "apps.trainer.enabled: Kubeflow Trainer v2 is not part of Kubeflow v1.10.2; remove apps.trainer, " +
        "or pick a version that has it (26.03, v1.11.0)",
      'apps.knative.enabled: KServe and the models web app in mode "serverless" needs Knative Serving ' +
        "and the cluster-local gateway (serverless InferenceServices run on Knative Serving); set " +
        "apps.knative.enabled: true, or apps.kserve.enabled: false, or choose another apps.kserve.mode",
    ]);
  });

  it("speaks of KubeflowRelease's args by default, never of a stack's config keys", () => {
    const sel = selectApplications(getRelease("v1.10.2"), {
      trainer: { enabled: true },
      knative: { enabled: false },
    });
    const lines = formatSelectionProblems(sel.problems);
    expect(lines[0]).toBe(
      "applications.trainer.enabled: Kubeflow Trainer v2 is not part of Kubeflow v1.10.2; remove " +
        "applications.trainer, or pick a release that has it (26.03, v1.11.0)",
    );
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(/kubeflow\.(version|applications)/);
  });
});
