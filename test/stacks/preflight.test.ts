/**
 * The cloud's facts (zone offerings) are asked with data sources before the first resource: at preview too,
 * where a pool no zone can run must fail with the config key rather than at apply. The mocks offer P instances
 * in zones a and b only.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- modules load after the mocks are set */
import { ConfigError } from "../../stacks/config";
import { settle, setupMocks } from "../harness";
import { readStackFile } from "../harness/stackfile";

const unrunnable = {
  platform: "aws",
  cluster: {
    region: "eu-west-1",
    network: { availabilityZones: ["eu-west-1c", "eu-west-1d"] },
    accelerators: [{ name: "a100", instanceType: "p4d.24xlarge" }],
  },
};

async function run(config: Record<string, unknown>, preview: boolean) {
  const recorded = setupMocks(config, { preview });
  const runStack = require("../../index") as typeof import("../../index");
  let error: unknown;
  try {
    await runStack();
  } catch (e) {
    error = e;
  }
  await settle();
  return { recorded, error };
}

describe("zone offerings asked before the first resource", () => {
  it("fail `pulumi preview` with the config key, registering nothing", async () => {
    const { recorded, error } = await run(unrunnable, true);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(1);
    expect((error as ConfigError).problems[0]).toMatch(
      /^kubeflow-platform:cluster\.accelerators\[0\]\.instanceType: p4d\.24xlarge \(pool "a100"\) is not offered/,
    );
    expect(recorded).toEqual([]);
  });

  it("let the example stacks through, their pools in zones that offer them", async () => {
    const { cloudProblems } =
      require("../../stacks/preflight") as typeof import("../../stacks/preflight");
    const { loadConfig } = require("../../stacks/config") as typeof import("../../stacks/config");
    for (const stack of ["gke-example", "eks-example"]) {
      setupMocks(readStackFile(stack));
      const cfg = loadConfig();
      if (cfg.platform === "existing") throw new Error(`${stack}: a cloud stack expected`);
      expect(cfg.cluster.accelerators.length).toBeGreaterThan(0);
      expect(await cloudProblems(cfg, "kubeflow-platform")).toEqual([]);
    }
  });
});

describe("the cloud entry's DNS zone asked before the first resource", () => {
  const gke = readStackFile("gke-example");
  const withEntry = (entry: Record<string, unknown>, hostname: string) => {
    const cfg = structuredClone(gke) as Record<string, Record<string, unknown>>;
    cfg["cluster"] = { ...cfg["cluster"], entry };
    const services = cfg["services"] as { istio: Record<string, unknown> };
    cfg["services"] = { ...services, istio: { ...services.istio, hostname } };
    return cfg;
  };

  it("refuses a zone that serves another domain, naming dnsZoneDomain and the zone's real name", async () => {
    const { recorded, error } = await run(
      withEntry(
        { dnsZone: "acme-ml-example", dnsZoneDomain: "other.example.org" },
        "kf.other.example.org",
      ),
      true,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'kubeflow-platform:cluster.entry.dnsZoneDomain: Cloud DNS zone "acme-ml-example" serves acme-ml.example.com, not other.example.org; set dnsZoneDomain to acme-ml.example.com (and the hostname inside it) or name the zone that serves it (got "other.example.org")',
    ]);
    expect(recorded).toEqual([]);
  });

  it("refuses a private zone, naming dnsZone", async () => {
    const { recorded, error } = await run(
      withEntry(
        { dnsZone: "internal-zone", dnsZoneDomain: "internal-zone.example" },
        "kf.internal-zone.example",
      ),
      true,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'kubeflow-platform:cluster.entry.dnsZone: Cloud DNS zone "internal-zone" is private: its records are not resolvable from the internet; name a public zone (got "internal-zone")',
    ]);
    expect(recorded).toEqual([]);
  });

  it("tells a missing zone (the config's fault) from other failures of the lookup", () => {
    const { isNotFound } =
      require("../../stacks/preflight") as typeof import("../../stacks/preflight");
    expect(
      isNotFound(
        new Error(
          "googleapi: Error 404: The 'parameters.managedZone' resource named 'kf' does not exist., notFound",
        ),
      ),
    ).toBe(true);
    expect(
      isNotFound(new Error("googleapi: Error 403: Cloud DNS API has not been used in project 1")),
    ).toBe(false);
    expect(isNotFound(new Error("could not find default credentials"))).toBe(false);
  });
});
