import { ConfigError, loadConfig } from "../../stacks/config";
import { setOnceChanges, setOnceValues } from "../../stacks/guards";
import { runProgram, setupMocks, settle } from "../harness";

const config = {
  platform: "existing",
  cluster: {
    name: "kubeflow",
    storageClass: "standard",
    accelerators: [{ name: "l4", type: "nvidia-l4" }],
  },
};

/** The set-once record a deployment of `raw` leaves, computed from the parsed config as the program does. */
function deployedRecord(raw: Record<string, unknown>) {
  setupMocks(raw);
  return setOnceValues(loadConfig());
}

describe("setOnceValues", () => {
  it("records every set-once parameter of the platform, lists keyed by their elements' names", () => {
    const values = deployedRecord({
      ...config,
      cluster: { ...config.cluster, accelerators: [{ name: "l4" }, { name: "t4" }] },
    });
    expect(values).toMatchObject({
      platform: '"existing"',
      "cluster.name": '"kubeflow"',
      "cluster.context": "(unset)",
      "cluster.storageClass": '"standard"',
      "kubeflow.dataProtection": '"protect"',
      "kubeflow.pipelines.objectStore.type": '"in-cluster"',
      "kubeflow.pipelines.database.type": '"in-cluster"',
    });
    // Pool names are keys, not values: adding or removing a pool is not a set-once change.
    expect(Object.keys(values).filter((k) => k.includes("accelerators"))).toEqual([]);
  });
});

describe("setOnceChanges", () => {
  it("says nothing when nothing set-once changed", () => {
    const v = deployedRecord(config);
    expect(setOnceChanges(v, { ...v })).toEqual([]);
  });

  it("names the parameter, both values, why and what to do", () => {
    expect(
      setOnceChanges(
        { "cluster.storageClass": '"standard"' },
        { "cluster.storageClass": '"fast"' },
      ),
    ).toEqual([
      'cluster.storageClass: is set-once and was "standard" when the stack was deployed; the config ' +
        'now says "fast". StorageClass for every PersistentVolumeClaim the platform creates. Changing it ' +
        'would replace resources that hold data. Restore "standard"; or move the data first, then add ' +
        '"cluster.storageClass" to allowSetOnceChanges (README: "Changing a set-once parameter")',
    ]);
  });

  it("accepts a change the config explicitly allows", () => {
    expect(
      setOnceChanges(
        { "cluster.storageClass": '"standard"' },
        { "cluster.storageClass": '"fast"' },
        ["cluster.storageClass"],
      ),
    ).toEqual([]);
  });

  it("ignores parameters of list elements that are gone (their resources' protection guards them)", () => {
    expect(setOnceChanges({ "cluster.accelerators[l4].x": '"a"' }, {})).toEqual([]);
  });
});

describe("the set-once guard in the program", () => {
  it("refuses a changed set-once parameter before any resource is created", async () => {
    const recorded = setupMocks(
      { ...config, cluster: { ...config.cluster, storageClass: "premium" } },
      { deployed: { setOnce: deployedRecord(config) } },
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runStack = require("../../index") as typeof import("../../index");
    const error = await runStack().then(
      () => undefined,
      (e: unknown) => e,
    );
    await settle();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(
      /^The stack config changes what was deployed: 1 problem\.\n {2}- cluster\.storageClass: is set-once/,
    );
    // Reading the stack's own outputs is a read, not a registration: nothing was registered.
    expect(recorded).toEqual([]);
  });

  it("lets an unchanged stack through and records its set-once values again", async () => {
    const inv = await runProgram(config, { deployed: { setOnce: deployedRecord(config) } });
    expect(inv.byType("kubeflow:cluster:ExistingCluster")).toHaveLength(1);
  });

  it("does not trust outputs it cannot read (written by hand or an older version)", async () => {
    const inv = await runProgram(
      { ...config, cluster: { ...config.cluster, storageClass: "premium" } },
      { deployed: { setOnce: "not a map" } },
    );
    expect(inv.byType("kubeflow:cluster:ExistingCluster")).toHaveLength(1);
  });
});

describe("the upgrade guard in the program", () => {
  it("refuses to skip a release before any resource is registered", async () => {
    const recorded = setupMocks(
      { platform: "existing", kubeflow: { version: "26.03" } },
      { deployed: { kubeflowRelease: "v1.10.2" } },
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runStack = require("../../index") as typeof import("../../index");
    const error = await runStack().then(
      () => undefined,
      (e: unknown) => e,
    );
    await settle();
    expect((error as ConfigError).problems).toEqual([
      "kubeflow.version: got 26.03, which skips v1.11.0 from the deployed v1.10.2: upgrade one release " +
        "at a time (v1.10.2 -> v1.11.0 -> 26.03), with a `pulumi up` at each step. Allowed: v1.10.2 or " +
        "v1.11.0. Set kubeflow.version to v1.11.0 first",
    ]);
    expect(recorded).toEqual([]);
  });

  it("names the stack's snapshot command when the step has a hazard that touches data", async () => {
    const recorded = setupMocks(
      { platform: "existing", kubeflow: { version: "v1.11.0" } },
      { deployed: { kubeflowRelease: "v1.10.2" }, stack: "prod" },
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runStack = require("../../index") as typeof import("../../index");
    const error = await runStack().then(
      () => undefined,
      (e: unknown) => e,
    );
    await settle();
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("(minio-to-seaweedfs)");
    expect(problems[0]).toContain(
      "First snapshot the data volumes (`npm run snapshot -- prod --apply`",
    );
    expect(recorded).toEqual([]);
  });

  it("records the deployed release for the next run", async () => {
    setupMocks({ platform: "existing" });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runStack = require("../../index") as typeof import("../../index");
    const outputs = await runStack();
    await settle();
    expect(outputs.kubeflowRelease).toBe("26.03");
  });
});
