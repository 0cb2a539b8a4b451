/**
 * The cluster components used as a library, built directly with literal args: values a caller computes in
 * the same program (its network, subnets, KMS key, admin role) are taken as Outputs and reach the resources
 * that use them; the caller's provider is the one every cloud child gets; bad input is refused as one
 * InputPropertiesError with property paths, before any child is registered.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- modules load after the mocks are set */
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, settle, setupMocks } from "../../harness";
import { refusal } from "../../harness/library";
import { providerUrn } from "./run";

function one(recorded: RecordedResource[], type: string, name: string): RecordedResource {
  const found = recorded.filter((r) => r.type === type && r.name === name);
  expect(found.map((r) => r.name)).toEqual([name]);
  return found[0]!;
}

describe("GkeCluster given Outputs of the caller's own resources", () => {
  it("uses the caller's network, subnetwork and KMS key, on the caller's provider, and creates no network", async () => {
    const recorded = setupMocks();
    const gcp = require("@pulumi/gcp") as typeof import("@pulumi/gcp");
    const { GkeCluster } =
      require("../../../components/cluster/gke") as typeof import("../../../components/cluster/gke");
    const mine = new gcp.Provider("team-gcp", { project: "team-project", region: "europe-west4" });
    const net = new gcp.compute.Network("team-net", {}, { provider: mine });
    const subnet = new gcp.compute.Subnetwork(
      "team-subnet",
      { network: net.id, ipCidrRange: "10.0.0.0/20" },
      { provider: mine },
    );
    const key = new gcp.kms.CryptoKey("team-key", { keyRing: "ring" }, { provider: mine });
    const c = new GkeCluster(
      "kf",
      {
        project: "team-project",
        region: "europe-west4",
        network: { network: net.id, subnetwork: subnet.id },
        secretsEncryptionKey: key.id,
      },
      { provider: mine },
    );
    await settle();

    const cluster = one(recorded, "gcp:container/cluster:Cluster", "kf-cluster");
    expect(cluster.inputs).toMatchObject({
      network: "team-net-id",
      subnetwork: "team-subnet-id",
      databaseEncryption: { state: "ENCRYPTED", keyName: "team-key-id" },
    });
    const keyGrant = one(
      recorded,
      "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
      "kf-secrets-key-gke",
    );
    expect(keyGrant.inputs["cryptoKeyId"]).toBe("team-key-id");
    // No network of its own beside the caller's.
    expect(
      recorded.filter((r) => r.type.startsWith("gcp:compute/") && r.name.startsWith("kf-")),
    ).toEqual([]);
    // Every Google resource of the component is on the caller's provider.
    const ours = one(recorded, "pulumi:providers:gcp", "team-gcp");
    const children = recorded.filter(
      (r) => r.custom && r.type.startsWith("gcp:") && r.name.startsWith("kf-"),
    );
    expect(children.length).toBeGreaterThan(3);
    for (const r of children) expect([r.name, providerUrn(r.provider)]).toEqual([r.name, ours.urn]);
    // The handle hands the caller's network on to the cloud components.
    const cloud = c.handle.cloud;
    if (cloud?.kind !== "gcp") throw new Error("no GCP facts");
    await expect(
      new Promise((resolve) => pulumi.all([cloud.network, cloud.subnetwork]).apply(resolve)),
    ).resolves.toEqual(["team-net-id", "team-subnet-id"]);
  });

  it.each([
    [{ network: "projects/p/global/networks/team" }, "network.subnetwork"],
    [{ subnetwork: "projects/p/regions/europe-west4/subnetworks/team" }, "network.network"],
  ])("refuses a network without its pair (%j) on %s, before any child", async (network, path) => {
    const recorded = setupMocks();
    const { GkeCluster } =
      require("../../../components/cluster/gke") as typeof import("../../../components/cluster/gke");
    const e = refusal(
      () => new GkeCluster("kf", { project: "p", region: "europe-west4", network }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual([path]);
    expect(e.message).toBe(
      `GkeCluster kf: 1 invalid argument: ${path}: network and subnetwork go together: set both to ` +
        "use an existing network, or neither",
    );
    expect(recorded.map((r) => r.type)).toEqual(["kubeflow:cluster:GkeCluster"]);
  });
});

describe("EksCluster given Outputs of the caller's own resources", () => {
  it("uses the caller's VPC, subnets, KMS key and admin role, on the caller's provider, and creates no VPC or key", async () => {
    const recorded = setupMocks();
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const { EksCluster } =
      require("../../../components/cluster/eks") as typeof import("../../../components/cluster/eks");
    const mine = new aws.Provider("team-aws", { region: "eu-west-1" });
    const vpc = new aws.ec2.Vpc("team-vpc", { cidrBlock: "10.0.0.0/16" }, { provider: mine });
    const subnets = ["a", "b"].map(
      (z, i) =>
        new aws.ec2.Subnet(
          `team-private-${z}`,
          { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24`, availabilityZone: `eu-west-1${z}` },
          { provider: mine },
        ),
    );
    const key = new aws.kms.Key("team-key", {}, { provider: mine });
    const admin = new aws.iam.Role("team-admin", { assumeRolePolicy: "{}" }, { provider: mine });
    const c = new EksCluster(
      "kf",
      {
        region: "eu-west-1",
        network: { vpcId: vpc.id, privateSubnetIds: subnets.map((s) => s.id) },
        secretsEncryptionKeyArn: key.arn,
        admins: [{ name: "platform", principalArn: admin.arn }],
        clusterAutoscaler: { enabled: false },
      },
      { providers: [mine] },
    );
    await settle();

    const cluster = one(recorded, "aws:eks/cluster:Cluster", "kf-cluster");
    expect(cluster.inputs).toMatchObject({
      vpcConfig: { subnetIds: ["team-private-a-id", "team-private-b-id"] },
    });
    // The mocks give a key named "team-key" (8 characters) this ARN, and a role its name.
    expect(cluster.inputs["encryptionConfig"]).toEqual({
      provider: {
        keyArn: "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000008",
      },
      resources: ["secrets"],
    });
    expect(recorded.filter((r) => r.type === "aws:kms/key:Key").map((r) => r.name)).toEqual([
      "team-key",
    ]);
    expect(recorded.filter((r) => r.type === "kubeflow:cluster:EksVpc")).toEqual([]);
    const entry = one(recorded, "aws:eks/accessEntry:AccessEntry", "kf-admin-platform");
    expect(entry.inputs["principalArn"]).toBe("arn:aws:iam::123456789012:role/team-admin");
    const ours = one(recorded, "pulumi:providers:aws", "team-aws");
    const children = recorded.filter(
      (r) => r.custom && r.type.startsWith("aws:") && r.name.startsWith("kf-"),
    );
    expect(children.length).toBeGreaterThan(10);
    for (const r of children) expect([r.name, providerUrn(r.provider)]).toEqual([r.name, ours.urn]);
    const cloud = c.handle.cloud;
    if (cloud?.kind !== "aws") throw new Error("no AWS facts");
    await expect(new Promise((resolve) => pulumi.output(cloud.vpcId).apply(resolve))).resolves.toBe(
      "team-vpc-id",
    );
  });

  it("refuses a GPU instance type outside the catalog on accelerators[1].instanceType", async () => {
    const recorded = setupMocks();
    const { EksCluster } =
      require("../../../components/cluster/eks") as typeof import("../../../components/cluster/eks");
    const e = refusal(
      () =>
        new EksCluster("kf", {
          region: "eu-west-1",
          accelerators: [
            { name: "l4", instanceType: "g6.xlarge" },
            { name: "bad", instanceType: "m6i.large" },
          ],
        }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["accelerators[1].instanceType"]);
    expect(recorded.map((r) => r.type)).toEqual(["kubeflow:cluster:EksCluster"]);
  });

  it("refuses a zone of another region or without an a-f suffix on network.availabilityZones[j]", async () => {
    const recorded = setupMocks();
    const { EksCluster } =
      require("../../../components/cluster/eks") as typeof import("../../../components/cluster/eks");
    const e = refusal(
      () =>
        new EksCluster("kf", {
          region: "eu-west-1",
          network: { availabilityZones: ["eu-west-1a", "eu-west-1z", "us-east-1b"] },
        }),
    );
    await settle();
    expect(e.errors.map((x) => [x.propertyPath, x.reason])).toEqual([
      [
        "network.availabilityZones[1]",
        '"eu-west-1z" is not a zone of eu-west-1 with suffix a-f; use e.g. eu-west-1a',
      ],
      [
        "network.availabilityZones[2]",
        '"us-east-1b" is not a zone of eu-west-1 with suffix a-f; use e.g. eu-west-1a',
      ],
    ]);
    expect(recorded.map((r) => r.type)).toEqual(["kubeflow:cluster:EksCluster"]);
  });
});

describe("planEksGpuPool (pure)", () => {
  it("refuses an instance type outside the catalog as an InputPropertiesError with the pool's path", () => {
    const { planEksGpuPool } =
      require("../../../components/cluster/eks-plan") as typeof import("../../../components/cluster/eks-plan");
    const e = refusal(() => planEksGpuPool({ name: "x", instanceType: "t3.micro" }, 2));
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["accelerators[2].instanceType"]);
  });
});

describe("EksVpc given bad zones", () => {
  it("refuses a zone without an a-f suffix on availabilityZones[j]", async () => {
    const recorded = setupMocks();
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const { EksVpc } =
      require("../../../components/cluster/eks-vpc") as typeof import("../../../components/cluster/eks-vpc");
    const provider = new aws.Provider("p", { region: "eu-west-1" });
    const e = refusal(
      () => new EksVpc("net", { availabilityZones: ["eu-west-1a", "eu-west-1g"], provider }),
    );
    await settle();
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["availabilityZones[1]"]);
    expect(recorded.filter((r) => r.type.startsWith("aws:ec2"))).toEqual([]);
  });
});

describe("ExistingCluster given an Output issuer", () => {
  it("hands the caller's issuer on, and defaults to the in-cluster issuer", async () => {
    setupMocks();
    const { ExistingCluster, EXISTING_CLUSTER_DEFAULTS } =
      require("../../../components/cluster/existing") as typeof import("../../../components/cluster/existing");
    const issuer = pulumi.output("https://issuer.example.com");
    const given = new ExistingCluster("a", { oidcIssuer: issuer }).handle;
    const plain = new ExistingCluster("b", {}).handle;
    await settle();
    expect(given.oidcIssuer).toBe(issuer);
    expect(plain.oidcIssuer).toBe(EXISTING_CLUSTER_DEFAULTS.oidcIssuer);
    expect(plain.loadBalancer).toBe(EXISTING_CLUSTER_DEFAULTS.loadBalancer);
  });
});
