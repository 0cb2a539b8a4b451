/**
 * `npm run upgrade-plan -- --stack <name>` on the example stacks: it reports the step the program's guard
 * takes (the same functions), and its problems are exactly those the program refuses the run with.
 */
import * as path from "path";
import { ConfigError } from "../../../stacks/config";
import { planStackUpgrade } from "../../../tools/offline/upgrade-plan";
import { readStackConfig, runOffline, standInSecrets } from "../../../tools/offline/stack";
import { upstreamDir } from "../../harness/upstream";
import { EXAMPLE_STACKS } from "../verify/sets";

const bundles = () => path.join(upstreamDir(), "kubeflow");

describe("upgrade-plan --stack", () => {
  it.each(EXAMPLE_STACKS)(
    "%s: at the newest release, says there is nothing to step to",
    async (s) => {
      const plan = await planStackUpgrade({ stack: s, bundles: bundles() });
      expect(plan.text).toBe(
        `Stack ${s}: Kubeflow 26.03 is the newest catalogued release; nothing to upgrade to (pass ` +
          "--from <release> to plan the step from an older one to it)",
      );
      expect(plan.ok).toBe(true);
    },
  );

  it("dev from v1.11.0: no hazard, every application unchanged, nothing protected removed", async () => {
    const plan = await planStackUpgrade({ stack: "dev", from: "v1.11.0", bundles: bundles() });
    const step = plan.step!;
    expect([step.from, step.to]).toEqual(["v1.11.0", "26.03"]);
    expect(step.hazards).toEqual([]);
    expect([step.applications.kept, step.applications.removed, step.problems]).toEqual([
      [],
      [],
      [],
    ]);
    // dev disables spark in its file: it was never installed, so it is neither kept nor removed.
    expect(step.applications.unchanged).not.toContain("spark");
    expect(plan.text).toContain("  The guard lets the run through.");
    expect(plan.text).not.toContain("PROTECTED");
    expect(plan.text).toMatch(/ {2}Resources: \d+ added, \d+ removed, \d+ kept/);
    expect(plan.ok).toBe(true);
  });

  it("eks-example from v1.10.2: the unacknowledged hazard, Training Operator kept, as the program refuses it", async () => {
    const plan = await planStackUpgrade({
      stack: "eks-example",
      from: "v1.10.2",
      to: "v1.11.0",
      bundles: bundles(),
    });
    const step = plan.step!;
    expect(step.hazards.map((h) => [h.hazard.id, h.acknowledged])).toEqual([
      ["minio-to-seaweedfs", false],
    ]);
    expect(step.applications.kept).toEqual(["trainingOperator"]);
    expect(step.applications.added).toEqual(["trainer"]);
    expect(plan.text).toContain(
      "    - minio-to-seaweedfs: NOT acknowledged (kubeflow.upgradeAcknowledgements: " +
        "minioToSeaweedfsMigrated)",
    );
    expect(plan.text).toContain(
      "    kept (installed by the deployed run, no longer a default): trainingOperator",
    );
    expect(plan.ok).toBe(false);

    // The program itself, run at v1.10.2 and then at v1.11.0 on those outputs, refuses with the same problems.
    const file = readStackConfig("eks-example");
    const at = (version: string) => ({
      ...file.config,
      kubeflow: {
        ...(file.config.kubeflow as object | undefined),
        version,
        bundleDir: path.join(bundles(), version),
      },
    });
    const old = await runOffline("eks-example", at("v1.10.2"), standInSecrets(file));
    const { kubeflowRelease, kubeflowApplications, setOnce } = old.outputs as Record<
      string,
      unknown
    >;
    const error = await runOffline(
      "eks-example",
      at("v1.11.0"),
      standInSecrets(file),
      JSON.parse(JSON.stringify({ kubeflowRelease, kubeflowApplications, setOnce })) as Record<
        string,
        unknown
      >,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(step.problems).toHaveLength(1);
    expect((error as ConfigError).problems).toEqual(step.problems);
  });

  it("reads the deployed outputs from a file's content and keeps what they record", async () => {
    const plan = await planStackUpgrade({
      stack: "teams-example",
      bundles: bundles(),
      deployed: {
        kubeflowRelease: "v1.11.0",
        kubeflowApplications: {
          core: { mode: "default", protected: [] },
          trainingOperator: {
            mode: "default",
            protected: ["CustomResourceDefinition pytorchjobs.kubeflow.org"],
          },
        },
      },
    });
    const step = plan.step!;
    expect([step.from, step.to]).toEqual(["v1.11.0", "26.03"]);
    expect(step.applications.kept).toEqual(["trainingOperator"]);
    expect(step.applications.unchanged).toEqual(["core"]);
    expect(step.problems).toEqual([]);
    expect(plan.ok).toBe(true);
  });
});
