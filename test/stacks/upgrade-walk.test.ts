/**
 * Upgrades walked as a sequence of runs: the program runs under mocks for a stack config, its outputs become
 * the deployed outputs the next run's guard reads, and each step follows the catalogued hazard's manual
 * steps (or the guard's own message) in order until the runs pass.
 */
import { getRelease, manualStep } from "../../components/catalog";
import { KUBEFLOW_CONFIG_KEYS } from "../../stacks/config/kubeflow";
import type { GuardOutputs } from "../../stacks/guards";
import { guardedRun, RecordedResource, StackConfig } from "../harness";

interface Run {
  resources: RecordedResource[];
  /** The guard outputs the run recorded (absent when refused); the program always records the applications. */
  outputs?: GuardOutputs & Required<Pick<GuardOutputs, "kubeflowApplications">>;
  problems?: string[];
  /** The outputs as Pulumi stores them (JSON), for the next run's guard. */
  deployed: Record<string, unknown>;
}

/** One `pulumi preview`/`up` of `config` against the stack's last deployment (shared: ../harness). */
async function run(config: StackConfig, deployed: Record<string, unknown> = {}): Promise<Run> {
  const r = await guardedRun(config, deployed);
  return {
    resources: r.resources,
    ...(r.problems !== undefined ? { problems: r.problems } : {}),
    ...(r.guardOutputs !== undefined
      ? { outputs: r.guardOutputs as NonNullable<Run["outputs"]> }
      : {}),
    deployed: r.guardOutputs ?? deployed,
  };
}

const stack = (kubeflow: Record<string, unknown>): StackConfig => ({
  platform: "existing",
  cluster: { name: "kubeflow" },
  kubeflow,
});

const find = (r: Run, type: string, name: string) =>
  r.resources.find((x) => x.type === type && x.name === name);
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const MINIO_PVC = "kubeflow-pipelines-kubeflow.minio-pvc";
const TRAINING_OPERATOR = "kubeflow:apps:TrainingOperator";
const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";
const MINIO = "PersistentVolumeClaim kubeflow/minio-pvc";
const ACK = "minioToSeaweedfsMigrated";

describe("v1.10.2 -> v1.11.0 -> 26.03, following the minio-to-seaweedfs steps in order", () => {
  const hazard = getRelease("v1.11.0").hazards.find((h) => h.id === "minio-to-seaweedfs")!;
  let deployed: Run;
  let acknowledgedOnOld: Run;

  beforeAll(async () => {
    deployed = await run(stack({ version: "v1.10.2" }));
  });

  it("records the applications installed and the objects protected, MinIO's claim among them", () => {
    const apps = deployed.outputs!.kubeflowApplications;
    expect(apps.trainingOperator).toBeDefined();
    expect(apps.trainer).toBeUndefined();
    expect(apps.pipelines!.protected).toContain(MINIO);
    expect(hazard.releasesData).toEqual([MINIO]);
    expect(find(deployed, PVC, MINIO_PVC)).toMatchObject({ protect: true, retainOnDelete: true });
  });

  it("refuses the version change without the acknowledgement, with the steps in order", async () => {
    const r = await run(stack({ version: "v1.11.0" }), deployed.deployed);
    expect(r.problems).toEqual([
      "kubeflow.version: got v1.11.0; upgrading the deployed v1.10.2 to it needs a manual step " +
        `(minio-to-seaweedfs): ${hazard.description} First snapshot the data volumes ` +
        '(`npm run snapshot -- test --apply`, README "Snapshots before an upgrade") and wait until every ' +
        `snapshot is ready. ${manualStep(hazard, KUBEFLOW_CONFIG_KEYS)} The acknowledgement is ` +
        `"${ACK}" in kubeflow.upgradeAcknowledgements (now: none)`,
    ]);
    expect(manualStep(hazard, KUBEFLOW_CONFIG_KEYS)).toMatch(
      /2\. With kubeflow\.version still v1\.10\.2, add minioToSeaweedfsMigrated.*3\. Set kubeflow\.version: v1\.11\.0/,
    );
    expect(r.resources).toEqual([]);
  });

  it("refuses the version change acknowledged in the same run, since the claim is still protected", async () => {
    const r = await run(
      stack({ version: "v1.11.0", upgradeAcknowledgements: [ACK] }),
      deployed.deployed,
    );
    expect(r.problems).toEqual([
      `kubeflow.upgradeAcknowledgements: "${ACK}" is given, but the deployed stack still protects ` +
        `${MINIO} (minio-to-seaweedfs), so the upgrade to v1.11.0 would stop at it. Set kubeflow.version ` +
        "back to v1.10.2, keep the acknowledgement and run `pulumi up` (it lifts the protection; the " +
        "objects stay retained on delete), then set kubeflow.version: v1.11.0 again",
    ]);
    expect(r.resources).toEqual([]);
  });

  describe("step 2: the acknowledgement on v1.10.2", () => {
    beforeAll(async () => {
      acknowledgedOnOld = await run(
        stack({ version: "v1.10.2", upgradeAcknowledgements: [ACK] }),
        deployed.deployed,
      );
    });

    it("passes and lifts the protection of the claim only, which stays retained on delete", () => {
      expect(acknowledgedOnOld.problems).toBeUndefined();
      expect(find(acknowledgedOnOld, PVC, MINIO_PVC)).toMatchObject({
        protect: false,
        retainOnDelete: true,
      });
      const stillProtected = acknowledgedOnOld.outputs!.kubeflowApplications.pipelines!.protected;
      expect(stillProtected).not.toContain(MINIO);
      expect(stillProtected).toEqual(
        deployed.outputs!.kubeflowApplications.pipelines!.protected.filter((o) => o !== MINIO),
      );
    });

    describe("step 3: kubeflow.version v1.11.0", () => {
      let upgraded: Run;
      beforeAll(async () => {
        upgraded = await run(
          stack({ version: "v1.11.0", upgradeAcknowledgements: [ACK] }),
          acknowledgedOnOld.deployed,
        );
      });

      it("passes, keeps Training Operator v1 (no longer a default) and adds Trainer v2", () => {
        expect(upgraded.problems).toBeUndefined();
        expect(getRelease("v1.11.0").applications.trainingOperator!.enabledByDefault).toBe(false);
        expect(upgraded.resources.filter((r) => r.type === TRAINING_OPERATOR)).toHaveLength(1);
        expect(find(upgraded, CONFIG_GROUP, "kubeflow-trainingOperator-crds")).toMatchObject({
          protect: true,
        });
        expect(Object.keys(upgraded.outputs!.kubeflowApplications)).toEqual(
          expect.arrayContaining(["trainingOperator", "trainer"]),
        );
        expect(find(upgraded, PVC, MINIO_PVC)).toBeUndefined();
      });

      it("then steps to 26.03 keeping Training Operator v1 again", async () => {
        const next = await run(stack({ version: "26.03" }), upgraded.deployed);
        expect(next.problems).toBeUndefined();
        expect(getRelease("26.03").applications.trainingOperator!.enabledByDefault).toBe(false);
        expect(next.outputs!.kubeflowApplications.trainingOperator).toBeDefined();
        expect(Object.keys(next.outputs!.kubeflowApplications).sort()).toEqual(
          Object.keys(upgraded.outputs!.kubeflowApplications).sort(),
        );
      });
    });
  });
});

describe("v1.11.0 -> 26.03 (no catalogued hazard) from a default install", () => {
  it("passes at once and installs the same applications", async () => {
    const old = await run(stack({ version: "v1.11.0" }));
    const next = await run(stack({ version: "26.03" }), old.deployed);
    expect(getRelease("26.03").hazards).toEqual([]);
    expect(next.problems).toBeUndefined();
    expect(Object.keys(next.outputs!.kubeflowApplications).sort()).toEqual(
      Object.keys(old.outputs!.kubeflowApplications).sort(),
    );
  });
});

describe("disabling an application whose data the deployed run protects", () => {
  let deployed: Run;
  beforeAll(async () => {
    deployed = await run(
      stack({ version: "26.03", applications: { trainingOperator: { enabled: true } } }),
    );
  });

  const refusal = (n: number, objects: string) =>
    "kubeflow.applications.trainingOperator.enabled: false removes Training Operator v1, which the " +
    `deployed stack installed with ${n} protected objects (${objects}): Pulumi would stop at the first ` +
    "one. Allowed: true, to keep it (or remove the key); or, to delete it, first set " +
    "kubeflow.applications.trainingOperator.allowDeletion: true with the application still enabled and " +
    "run `pulumi up` (it lifts the protection; objects retained on delete by kubeflow.dataProtection stay " +
    "in the cluster), then set kubeflow.applications.trainingOperator.enabled: false";

  it("is refused naming the key and the protected data, and the way to accept", async () => {
    const held = deployed.outputs!.kubeflowApplications.trainingOperator!.protected;
    expect(held.length).toBeGreaterThan(3);
    expect(held.every((o) => o.startsWith("CustomResourceDefinition "))).toBe(true);
    const r = await run(
      stack({ version: "26.03", applications: { trainingOperator: { enabled: false } } }),
      deployed.deployed,
    );
    expect(r.problems).toEqual([
      refusal(held.length, `${held.slice(0, 3).join(", ")} and ${held.length - 3} more`),
    ]);
    expect(r.resources).toEqual([]);
    // Asking for deletion in the same run does not help: the deployed objects are still protected.
    const both = await run(
      stack({
        version: "26.03",
        applications: { trainingOperator: { enabled: false, allowDeletion: true } },
      }),
      deployed.deployed,
    );
    expect(both.problems).toEqual(r.problems);
  });

  it("passes following the message: allowDeletion with it enabled, then enabled: false", async () => {
    const lifted = await run(
      stack({ version: "26.03", applications: { trainingOperator: { allowDeletion: true } } }),
      deployed.deployed,
    );
    expect(lifted.problems).toBeUndefined();
    expect(find(lifted, CONFIG_GROUP, "kubeflow-trainingOperator-crds")).toMatchObject({
      protect: false,
      retainOnDelete: true,
    });
    expect(lifted.outputs!.kubeflowApplications.trainingOperator!.protected).toEqual([]);
    const removed = await run(
      stack({
        version: "26.03",
        applications: { trainingOperator: { enabled: false, allowDeletion: true } },
      }),
      lifted.deployed,
    );
    expect(removed.problems).toBeUndefined();
    expect(removed.resources.filter((r) => r.type === TRAINING_OPERATOR)).toEqual([]);
    expect(removed.outputs!.kubeflowApplications.trainingOperator).toBeUndefined();
  });
});
