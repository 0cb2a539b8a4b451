/** Builds the AWS entry (stacks/entry-aws.ts) under the mocks with a literal cluster handle and gateway. */
/* eslint-disable @typescript-eslint/no-require-imports -- modules load after the mocks are set */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import type { ClusterHandle } from "../../../components/cluster/handle";
import type { PublicEntry } from "../../../components/shared/cloud-entry";
import type { GatewayTarget } from "../../../stacks/cloud-factories";
import { Inventory, settle, setupMocks, StackConfig, valueOf } from "../../harness";

type Obj = Record<string, unknown>;
export const ISSUER =
  "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
export const OIDC_ARN = `arn:aws:iam::123456789012:oidc-provider/${ISSUER.slice(8)}`;
export const POOL_ARN = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123";

export const base = (entry: Obj): StackConfig => ({
  platform: "aws",
  cluster: { name: "kubeflow", region: "eu-west-1", network: { vpcCidr: "10.40.0.0/16" }, entry },
  services: { istio: { hostname: "kubeflow.example.com" } },
});

export async function build(
  config: StackConfig,
  secrets: Record<string, string> = {},
): Promise<{ inv: Inventory; entry: PublicEntry }> {
  const recorded = setupMocks(config, { secrets });
  const { loadConfig } =
    require("../../../stacks/config") as typeof import("../../../stacks/config");
  const { awsEntry } =
    require("../../../stacks/entry-aws") as typeof import("../../../stacks/entry-aws");
  const cfg = loadConfig();
  if (cfg.platform !== "aws") throw new Error("expected an aws config");
  const cluster = eksClusterHandle();
  const gateway: GatewayTarget = {
    namespace: "istio-system",
    service: "istio-ingressgateway",
    port: 80,
    ready: [],
  };
  const entry = awsEntry.create(cfg, cluster, gateway);
  await valueOf(entry.address);
  await settle();
  return { inv: new Inventory(recorded, []), entry };
}

/** A literal EKS cluster handle (with the AWS facts an EksCluster gives), for the AWS components. */
export function eksClusterHandle(): ClusterHandle {
  const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
  const awsProvider = new aws.Provider("aws", { region: "eu-west-1" });
  return {
    name: "kubeflow",
    platform: "aws",
    provider,
    loadBalancer: true,
    oidcIssuer: ISSUER,
    cniBinDir: "/opt/cni/bin",
    gpuDriver: "none",
    accelerators: [],
    ready: [],
    cloud: {
      kind: "aws",
      region: "eu-west-1",
      clusterName: "kubeflow",
      vpcId: "vpc-0a1b2c3d",
      privateSubnetIds: ["subnet-0a", "subnet-0b"],
      clusterSecurityGroupId: "sg-0cluster",
      oidcProviderArn: OIDC_ARN,
      oidcIssuer: ISSUER,
      provider: awsProvider,
    },
  };
}
