/**
 * The cluster components used as a library: arguments the stack config would refuse are refused by the
 * component itself, as one InputPropertiesError with property paths, before it registers any child.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- modules load after the mocks are set */
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { CloudFactError } from "../../../components/cluster/problems";
import { settle, setupMocks } from "../../harness";
import { refusal } from "../../harness/library";

describe("cluster components given bad arguments directly", () => {
  it("EksCluster refuses a VPC too small to split, a duplicate zone and a mismatched autoscaler", async () => {
    const recorded = setupMocks();
    const { EksCluster } =
      require("../../../components/cluster/eks") as typeof import("../../../components/cluster/eks");
    const e = refusal(
      () =>
        new EksCluster("kf", {
          region: "eu-west-1",
          kubernetesVersion: "1.34",
          network: { vpcCidr: "10.0.0.0/28", availabilityZones: ["eu-west-1a", "eu-west-1a"] },
          clusterAutoscaler: { version: "v1.35.1" },
        }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual([
      "network.vpcCidr",
      "network.availabilityZones[1]",
      "clusterAutoscaler.version",
    ]);
    expect(e.message).toMatch(/^EksCluster kf: 3 invalid arguments: network\.vpcCidr: is a \/28;/);
    // Only the component itself: no provider, VPC or cluster.
    expect(recorded.map((r) => r.type)).toEqual(["kubeflow:cluster:EksCluster"]);
  });

  it("EksVpc refuses a block it cannot split, in its own argument names", async () => {
    const recorded = setupMocks();
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const { EksVpc } =
      require("../../../components/cluster/eks-vpc") as typeof import("../../../components/cluster/eks-vpc");
    const provider = new aws.Provider("p", { region: "eu-west-1" });
    const e = refusal(
      () =>
        new EksVpc("net", {
          cidr: "10.0.0.0/24",
          availabilityZones: ["eu-west-1a", "eu-west-1b"],
          provider,
        }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["cidr"]);
    expect(recorded.filter((r) => r.type.startsWith("aws:ec2"))).toEqual([]);
  });

  it("GkeCluster refuses a control plane range that is not a /28 and overlapping ranges", async () => {
    const recorded = setupMocks();
    const { GkeCluster } =
      require("../../../components/cluster/gke") as typeof import("../../../components/cluster/gke");
    const e = refusal(
      () =>
        new GkeCluster("kf", {
          project: "p",
          region: "europe-west4",
          network: { podsCidr: "10.10.0.0/16", masterCidr: "172.16.0.0/24" },
        }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["network.masterCidr", "network.podsCidr"]);
    expect(recorded.map((r) => r.type)).toEqual(["kubeflow:cluster:GkeCluster"]);
  });
});

/**
 * cidrSubnet's and zoneSlot's RangeErrors are invariants: every VPC block and zone a new VPC is planned from
 * was refused before, as an InputPropertiesError on its property path, with no child registered.
 */
describe("EKS inputs that would reach the subnet arithmetic's RangeError", () => {
  const eks = () =>
    require("../../../components/cluster/eks") as typeof import("../../../components/cluster/eks");
  const vpcModule = () =>
    require("../../../components/cluster/eks-vpc") as typeof import("../../../components/cluster/eks-vpc");
  const aws = () => require("@pulumi/aws") as typeof import("@pulumi/aws");

  /** Blocks a new VPC cannot be split from: too small for a private and a public subnet per zone, or none. */
  const BLOCKS = [
    "10.0.0.0/21",
    "10.0.0.0/26",
    "10.0.0.0/29",
    "10.0.0.0/32",
    "10.0.0.0/33",
    "10.0.0.0/99",
    "10.0.0.0",
    "300.0.0.0/16",
    "10.0.0.0/16 ",
    "",
  ];

  it.each(BLOCKS)("EksCluster refuses the VPC block %j at network.vpcCidr", async (vpcCidr) => {
    const recorded = setupMocks();
    const e = refusal(
      () => new (eks().EksCluster)("kf", { region: "eu-west-1", network: { vpcCidr } }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["network.vpcCidr"]);
    expect(recorded.map((r) => r.type)).toEqual(["kubeflow:cluster:EksCluster"]);
  });

  it.each(BLOCKS)("EksVpc refuses the block %j at cidr", async (cidr) => {
    const recorded = setupMocks();
    const provider = new (aws().Provider)("p", { region: "eu-west-1" });
    const e = refusal(
      () =>
        new (vpcModule().EksVpc)("net", {
          cidr,
          availabilityZones: ["eu-west-1a", "eu-west-1b"],
          provider,
        }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["cidr"]);
    expect(recorded.filter((r) => r.type.startsWith("aws:ec2"))).toEqual([]);
  });

  it("names the block without planning it: a prefix past /32 is no CIDR block", () => {
    setupMocks();
    const e = refusal(
      () =>
        new (eks().EksCluster)("kf", { region: "eu-west-1", network: { vpcCidr: "10.0.0.0/33" } }),
    );
    expect(e.errors[0]!.reason).toBe(
      '"10.0.0.0/33" is not an IPv4 CIDR block; use e.g. 10.0.0.0/16',
    );
  });

  /** Zones whose subnets would have no slot: a suffix other than a-f, or none. */
  const ZONES = [
    "eu-west-1g",
    "eu-west-1z",
    "eu-west-1A",
    "eu-west-1",
    "eu-west-1ab",
    "eu-west-1-",
    "",
  ];

  it.each(ZONES)("EksCluster refuses the zone %j at network.availabilityZones[j]", async (zone) => {
    const recorded = setupMocks();
    const e = refusal(
      () =>
        new (eks().EksCluster)("kf", {
          region: "eu-west-1",
          network: { availabilityZones: ["eu-west-1a", zone] },
        }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["network.availabilityZones[1]"]);
    expect(recorded.map((r) => r.type)).toEqual(["kubeflow:cluster:EksCluster"]);
  });

  it.each(["eu-west-1g", "eu-west-1Z", "1", ""])(
    "EksVpc refuses the zone %j at availabilityZones[j]",
    async (zone) => {
      const recorded = setupMocks();
      const provider = new (aws().Provider)("p", { region: "eu-west-1" });
      const e = refusal(
        () =>
          new (vpcModule().EksVpc)("net", { availabilityZones: ["eu-west-1a", zone], provider }),
      );
      await settle();
      expect(e.errors.map((x) => x.propertyPath)).toEqual(["availabilityZones[1]"]);
      expect(recorded.filter((r) => r.type.startsWith("aws:ec2"))).toEqual([]);
    },
  );

  it("reads the region as text, not as a pattern, when it checks a zone", async () => {
    setupMocks();
    // As a pattern, "eu-west-1|" would let "eu-west-1z" through to zoneSlot.
    const e = refusal(
      () =>
        new (eks().EksCluster)("kf", {
          region: "eu-west-1|",
          network: { availabilityZones: ["eu-west-1|a", "eu-west-1z"] },
        }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["network.availabilityZones[1]"]);
  });

  it("either refuses a new VPC's block and zones or plans them: never a RangeError", async () => {
    setupMocks();
    const { EksCluster } = eks();
    const octet = fc.oneof(fc.constantFrom(0, 10, 16, 255), fc.integer({ min: 0, max: 300 }));
    const prefix = fc.oneof(fc.integer({ min: 14, max: 22 }), fc.integer({ min: 0, max: 99 }));
    const block = fc.oneof(
      fc.tuple(octet, octet, prefix).map(([a, b, p]) => `${a}.${b}.0.0/${p}`),
      fc.string(),
    );
    const zone = fc.oneof(
      fc.constantFrom(..."abcdef".split("")).map((l) => `eu-west-1${l}`),
      fc.constantFrom("g", "z", "A", "-", "", "ab").map((l) => `eu-west-1${l}`),
      fc.string(),
    );
    let planned = 0;
    fc.assert(
      fc.property(block, fc.uniqueArray(zone, { minLength: 1, maxLength: 3 }), (vpcCidr, zones) => {
        try {
          new EksCluster(`kf-${planned}-${Math.random().toString(36).slice(2)}`, {
            region: "eu-west-1",
            network: { vpcCidr, availabilityZones: zones },
          });
          planned++;
        } catch (e) {
          if (!pulumi.InputPropertiesError.isInstance(e)) throw e;
        }
      }),
      { numRuns: 300 },
    );
    await settle();
    // Not vacuous: some of the inputs were good enough to plan.
    expect(planned).toBeGreaterThan(0);
  });
});

describe("CloudFactError", () => {
  it("names the argument as the caller names it, and prints without a stack trace (a RunError)", () => {
    const e = new CloudFactError("kubeflow-platform:cluster", {
      path: ["accelerators", 1, "zones", 0],
      message: "no subnet there",
    });
    expect(pulumi.RunError.isInstance(e)).toBe(true);
    expect(e.message).toBe("kubeflow-platform:cluster.accelerators[1].zones[0]: no subnet there");
  });
});
