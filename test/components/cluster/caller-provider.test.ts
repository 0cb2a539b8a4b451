/**
 * The cluster components used as a library take the caller's cloud provider from their opts (pulumi-eks
 * style): a platform team whose program already has a Google or AWS provider (its project, region,
 * credentials) gets every cloud resource of the cluster on it, and no second provider is created.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- modules load after the mocks are set */
import { settle, setupMocks } from "../../harness";
import { providerUrn } from "./run";

describe("cluster components given the caller's provider", () => {
  it("GkeCluster creates its Google resources with the provider in opts.providers, and hands it on", async () => {
    const recorded = setupMocks();
    const gcp = require("@pulumi/gcp") as typeof import("@pulumi/gcp");
    const { GkeCluster } =
      require("../../../components/cluster/gke") as typeof import("../../../components/cluster/gke");
    const mine = new gcp.Provider("team-gcp", { project: "team-project", region: "europe-west4" });
    const c = new GkeCluster(
      "kf",
      { project: "team-project", region: "europe-west4" },
      { providers: [mine] },
    );
    await settle();
    const ours = recorded.find((r) => r.type === "pulumi:providers:gcp" && r.name === "team-gcp")!;
    expect(recorded.filter((r) => r.type === "pulumi:providers:gcp").map((r) => r.name)).toEqual([
      "team-gcp",
    ]);
    const google = recorded.filter((r) => r.custom && r.type.startsWith("gcp:"));
    expect(google.length).toBeGreaterThan(5);
    for (const r of google) expect(providerUrn(r.provider)).toBe(ours.urn);
    // The cloud components composed beside the cluster (entry, stores) use the same provider.
    expect(c.handle.cloud?.provider).toBe(mine);
  });

  it("GkeCluster without one pins its own provider to args.project and args.region", async () => {
    const recorded = setupMocks();
    const { GkeCluster } =
      require("../../../components/cluster/gke") as typeof import("../../../components/cluster/gke");
    const c = new GkeCluster("kf", { project: "p1", region: "us-central1" });
    await settle();
    const own = recorded.filter((r) => r.type === "pulumi:providers:gcp");
    expect(own.map((r) => [r.name, r.inputs["project"], r.inputs["region"]])).toEqual([
      ["kf-gcp", "p1", "us-central1"],
    ]);
    expect(c.handle.cloud?.provider).toBeDefined();
  });

  it("EksCluster creates its AWS resources with the provider in opts.providers, and hands it on", async () => {
    const recorded = setupMocks();
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const { EksCluster } =
      require("../../../components/cluster/eks") as typeof import("../../../components/cluster/eks");
    const mine = new aws.Provider("team-aws", { region: "eu-west-1" });
    const c = new EksCluster(
      "kf",
      { region: "eu-west-1", kubernetesVersion: "1.34" },
      { providers: [mine] },
    );
    await settle();
    const ours = recorded.find((r) => r.type === "pulumi:providers:aws" && r.name === "team-aws")!;
    expect(recorded.filter((r) => r.type === "pulumi:providers:aws").map((r) => r.name)).toEqual([
      "team-aws",
    ]);
    const cloud = recorded.filter((r) => r.custom && r.type.startsWith("aws:"));
    expect(cloud.length).toBeGreaterThan(10);
    for (const r of cloud) expect(providerUrn(r.provider)).toBe(ours.urn);
    expect(c.handle.cloud?.provider).toBe(mine);
  });
});
