import { ConfigError } from "../../stacks/config";
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

describe("setOnceValues", () => {
  it("records every set-once parameter of the platform, lists keyed by their elements' names", () => {
    const values = setOnceValues({
      ...config,
      cluster: { ...config.cluster, accelerators: [{ name: "l4" }, { name: "t4" }] },
    });
    expect(values).toEqual({
      platform: '"existing"',
      "cluster.name": '"kubeflow"',
      "cluster.context": "(unset)",
      "cluster.kubeconfigPath": "(unset)",
      "cluster.storageClass": '"standard"',
    });
  });
});

describe("setOnceChanges", () => {
  it("says nothing when nothing set-once changed", () => {
    const v = setOnceValues(config);
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
      { deployed: { setOnce: setOnceValues(config) } },
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
    const inv = await runProgram(config, { deployed: { setOnce: setOnceValues(config) } });
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
