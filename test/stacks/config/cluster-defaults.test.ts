/**
 * The stack schema's cluster, entry and stores defaults are the components' own (`*_DEFAULTS`): a section
 * left empty parses to exactly what the component would apply by itself.
 */
import { AWS_ENTRY_DEFAULTS } from "../../../components/cloud/aws-entry";
import { AWS_DATABASE_DEFAULTS } from "../../../components/cloud/aws-stores-plan";
import { GCP_DATABASE_DEFAULTS } from "../../../components/cloud/gcp-stores-plan";
import {
  EKS_CLUSTER_DEFAULTS,
  EKS_SYSTEM_POOL_DEFAULTS,
  EKS_VPC_DEFAULTS,
} from "../../../components/cluster/eks-options";
import { EXISTING_CLUSTER_DEFAULTS } from "../../../components/cluster/existing";
import {
  GKE_CLUSTER_DEFAULTS,
  GKE_GPU_POOL_DEFAULTS,
  GKE_NETWORK_DEFAULTS,
  GKE_SYSTEM_POOL_DEFAULTS,
} from "../../../components/cluster/gke-options";
import {
  awsClusterSchema,
  existingClusterSchema,
  gcpClusterSchema,
} from "../../../stacks/config/cluster";
import { awsEntrySchema } from "../../../stacks/config/entry-aws";
import { awsDatabaseSchema } from "../../../stacks/config/stores-aws";
import { gcpDatabaseSchema } from "../../../stacks/config/stores-gcp";

describe("the cluster schema's defaults are the components' defaults", () => {
  it("GKE: cluster, network, system pool and GPU pool", () => {
    const c = gcpClusterSchema.parse({
      project: "p",
      region: "europe-west4",
      accelerators: [{ name: "l4", type: "nvidia-l4", machineType: "g2-standard-8" }],
    });
    expect(c).toMatchObject(GKE_CLUSTER_DEFAULTS);
    expect(c.network).toEqual(GKE_NETWORK_DEFAULTS);
    expect(c.systemPool).toEqual(GKE_SYSTEM_POOL_DEFAULTS);
    expect(c.accelerators[0]).toMatchObject(GKE_GPU_POOL_DEFAULTS);
  });

  it("EKS: cluster, VPC and system pool", () => {
    const c = awsClusterSchema.parse({ region: "eu-west-1" });
    const { clusterAutoscaler, ...rest } = EKS_CLUSTER_DEFAULTS;
    expect(c).toMatchObject(rest);
    expect(c.clusterAutoscaler).toEqual(clusterAutoscaler);
    expect(c.network).toEqual({
      vpcCidr: EKS_VPC_DEFAULTS.cidr,
      singleNatGateway: EKS_VPC_DEFAULTS.singleNatGateway,
    });
    expect(c.systemPool).toEqual(EKS_SYSTEM_POOL_DEFAULTS);
    // A parsed default is a copy: changing it never changes the component's constant.
    c.publicAccessCidrs.push("10.0.0.0/8");
    expect(EKS_CLUSTER_DEFAULTS.publicAccessCidrs).toEqual(["0.0.0.0/0"]);
  });

  it("existing cluster, AWS entry and Cloud SQL", () => {
    expect(existingClusterSchema.parse({}).loadBalancer).toBe(
      EXISTING_CLUSTER_DEFAULTS.loadBalancer,
    );
    expect(awsEntrySchema.parse({ dnsZone: "Z1" })).toMatchObject({
      sslPolicy: AWS_ENTRY_DEFAULTS.sslPolicy,
      inboundCidrs: AWS_ENTRY_DEFAULTS.inboundCidrs,
    });
    expect(gcpDatabaseSchema.parse({})).toEqual(GCP_DATABASE_DEFAULTS);
    expect(awsDatabaseSchema.parse({})).toEqual(AWS_DATABASE_DEFAULTS);
  });
});
