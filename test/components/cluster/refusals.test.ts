/**
 * The cluster components used as a library: arguments the stack config would refuse are refused by the
 * component itself, as one InputPropertiesError with property paths, before it registers any child.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- modules load after the mocks are set */
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
