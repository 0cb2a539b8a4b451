import { loadConfig } from "../../stacks/config";
import { deployedApplications, formatStackStep, stackStep } from "../../stacks/upgrade-guard";
import { setupMocks } from "../harness";

/** The parsed config of a stack on an existing cluster with this `kubeflow` section. */
function configOf(kubeflow: Record<string, unknown>) {
  setupMocks({ platform: "existing", cluster: { name: "kubeflow" }, kubeflow });
  return loadConfig();
}

describe("deployedApplications", () => {
  it("keeps the recorded applications this program knows, and drops unknown ones", () => {
    const cfg = configOf({ version: "26.03" });
    expect(
      deployedApplications(
        {
          kubeflowRelease: "26.03",
          kubeflowApplications: {
            katib: {
              mode: "default",
              protected: ["CustomResourceDefinition experiments.kubeflow.org"],
            },
            ray: { mode: "default", protected: [] },
          },
        },
        cfg,
      ),
    ).toEqual({
      katib: { mode: "default", protected: ["CustomResourceDefinition experiments.kubeflow.org"] },
    });
  });

  it("for a stack deployed before applications were recorded, infers the deployed release's selection", () => {
    const cfg = configOf({
      version: "v1.11.0",
      upgradeAcknowledgements: ["minioToSeaweedfsMigrated"],
    });
    const installed = deployedApplications({ kubeflowRelease: "v1.10.2" }, cfg);
    expect(installed?.trainingOperator).toEqual({ mode: "default", protected: [] });
    expect(installed?.trainer).toBeUndefined();
    expect(deployedApplications({}, cfg)).toBeUndefined();
  });
});

describe("stackStep", () => {
  it("keeps an application of an older deployment and enables it in the config it composes", () => {
    const cfg = configOf({
      version: "v1.11.0",
      upgradeAcknowledgements: ["minioToSeaweedfsMigrated"],
    });
    const step = stackStep(cfg, { kubeflowRelease: "v1.10.2" });
    expect(step.problems).toEqual([]);
    expect(step.applications.kept).toEqual(["trainingOperator"]);
    expect(step.config.kubeflow.applications.trainingOperator).toEqual({ enabled: true });
    expect(step.hazards.map((h) => [h.hazard.id, h.acknowledged])).toEqual([
      ["minio-to-seaweedfs", true],
    ]);
    // The stack's own config is left as given.
    expect(cfg.kubeflow.applications.trainingOperator).toBeUndefined();
  });

  it("is printed as upgrade-plan shows it", () => {
    const cfg = configOf({ version: "26.03", applications: { volumes: { enabled: false } } });
    const step = stackStep(cfg, {
      kubeflowRelease: "v1.11.0",
      kubeflowApplications: {
        core: { mode: "default", protected: [] },
        volumes: { mode: "default", protected: [] },
        trainingOperator: { mode: "default", protected: [] },
      },
    });
    expect(
      formatStackStep("dev", step, {
        added: 2,
        removed: ["urn:a", "urn:b"],
        removedProtected: ["urn:b"],
        unchanged: 7,
      }),
    ).toBe(
      [
        "Stack dev: Kubeflow v1.11.0 -> 26.03",
        "  Hazards: none catalogued for this step",
        "  Applications:",
        "    kept (installed by the deployed run, no longer a default): trainingOperator",
        `    added: ${step.applications.added.join(", ")}`,
        "    removed: volumes",
        "    unchanged: core",
        "  The guard lets the run through.",
        "  Resources: 2 added, 2 removed, 7 kept (by URN, aliases followed)",
        "    - removed: urn:a",
        "    - removed: urn:b (PROTECTED: Pulumi stops here)",
      ].join("\n"),
    );
    expect(step.applications.added).toContain("katib");
  });
});
