/**
 * A claim's StorageClass cannot change in place: a deployed stack's Kubeflow claims keep the class they were
 * created with, across runs of the program, while a new stack gets the class its config names.
 */
import type { GuardOutputs } from "../../stacks/guards";
import { guardedRun, RecordedResource, StackConfig } from "../harness";

interface Run {
  resources: RecordedResource[];
  outputs?: GuardOutputs;
  deployed: Record<string, unknown>;
}

/** One run against the last deployment (shared: ../harness); a refusal fails the test with its problems. */
async function run(config: StackConfig, deployed: Record<string, unknown> = {}): Promise<Run> {
  const r = await guardedRun(config, deployed);
  if (r.problems !== undefined) throw new Error(`refused: ${r.problems.join("; ")}`);
  const outputs = r.guardOutputs!;
  return { resources: r.resources, outputs: outputs as GuardOutputs, deployed: outputs };
}

const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const MYSQL = "kubeflow-pipelines-kubeflow.mysql-pv-claim";

/** The StorageClass the run gives Pipelines' MySQL claim (undefined: the cluster's default). */
function mysqlClass(r: Run): unknown {
  const claim = r.resources.find((x) => x.type === PVC && x.name === MYSQL);
  if (claim === undefined) throw new Error(`no ${MYSQL} registered`);
  return (claim.inputs as { spec?: { storageClassName?: unknown } }).spec?.storageClassName;
}

const withClass = (extra: Record<string, unknown> = {}): StackConfig => ({
  platform: "existing",
  cluster: { name: "kubeflow", storageClass: "standard-rwo" },
  kubeflow: { version: "26.03" },
  ...extra,
});

describe("the StorageClass of Kubeflow's claims across runs", () => {
  it("a new stack names cluster.storageClass on its claims and records it", async () => {
    const r = await run(withClass());
    expect(mysqlClass(r)).toBe("standard-rwo");
    expect(r.outputs?.kubeflowClaimClass).toBe("standard-rwo");
    // The next run keeps it.
    const next = await run(withClass(), r.deployed);
    expect(mysqlClass(next)).toBe("standard-rwo");
  });

  it("a stack deployed by a program that named no class keeps its claims as they are (no replacement)", async () => {
    // Outputs of the earlier program: what a run records, without the claim class it did not record.
    const fresh = await run(withClass());
    const legacy = { ...fresh.deployed };
    delete legacy["kubeflowClaimClass"];
    const r = await run(withClass(), legacy);
    expect(mysqlClass(r)).toBeUndefined();
    expect(r.outputs?.kubeflowClaimClass).toBe("");
    // And it stays so on the runs after, now that the choice is recorded.
    const next = await run(withClass(), r.deployed);
    expect(mysqlClass(next)).toBeUndefined();
  });

  it("a reviewed change (allowSetOnceChanges) names the configured class", async () => {
    const r = await run(withClass({ allowSetOnceChanges: ["cluster.storageClass"] }), {
      kubeflowRelease: "26.03",
      kubeflowClaimClass: "",
    });
    expect(mysqlClass(r)).toBe("standard-rwo");
  });
});
