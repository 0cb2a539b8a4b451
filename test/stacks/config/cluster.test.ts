import { ConfigError, loadConfig } from "../../../stacks/config";
import { PROJECT } from "../../harness";
import { readStackFile } from "../../harness/stackfile";
import { cases } from "../config-corpus/cluster";

function load(config: Record<string, unknown>) {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    values[`${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return loadConfig({ namespace: PROJECT, values, isSecret: () => false });
}

function problemsOf(config: Record<string, unknown>): string[] {
  try {
    load(config);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("the cluster section of the config corpus", () => {
  it("has at least ten cases, each with at least one problem", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const c of cases) expect(c.problems.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.name, c] as const))("rejects %s with the exact problems", (_n, c) => {
    expect(problemsOf(c.config)).toEqual(c.problems);
  });
});

describe("the example stacks", () => {
  it("load without a problem and keep GPU pools at zero nodes while idle", () => {
    for (const stack of ["gke-example", "eks-example"]) {
      const cfg = load(readStackFile(stack));
      if (cfg.platform !== "gcp" && cfg.platform !== "aws")
        throw new Error(`${stack}: wrong platform`);
      expect(cfg.cluster.accelerators.length).toBeGreaterThan(0);
      for (const pool of cfg.cluster.accelerators) expect(pool.min).toBe(0);
      expect(cfg.cluster.protect).toBe(true);
      expect(cfg.cluster.deletionProtection).toBe(true);
    }
  });
});

describe("defaults of the cloud cluster schemas", () => {
  it("take the machine type's GPU count on GKE and leave count unset", () => {
    const cfg = load({
      platform: "gcp",
      cluster: {
        project: "p",
        region: "europe-west4",
        accelerators: [{ name: "l4", type: "nvidia-l4", machineType: "g2-standard-48" }],
      },
    });
    if (cfg.platform !== "gcp") throw new Error("gcp expected");
    expect(cfg.cluster.accelerators[0]).toMatchObject({ min: 0, max: 2, spot: false });
    expect(cfg.cluster.accelerators[0]!.count).toBeUndefined();
    expect(cfg.cluster.network.masterCidr).toBe("172.16.0.0/28");
    expect(cfg.cluster.dataplaneV2).toBe(true);
  });

  it("default the EKS network to the region's zones a, b and c only when the component runs", () => {
    const cfg = load({ platform: "aws", cluster: { region: "eu-west-1" } });
    if (cfg.platform !== "aws") throw new Error("aws expected");
    expect(cfg.cluster.network.availabilityZones).toBeUndefined();
    expect(cfg.cluster.logTypes).toEqual([
      "api",
      "audit",
      "authenticator",
      "controllerManager",
      "scheduler",
    ]);
  });
});
