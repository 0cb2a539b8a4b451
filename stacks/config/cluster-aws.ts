/** The `cluster` key for platform "aws": an EKS cluster with GPU node groups. */
import { z } from "zod";
import {
  EKS_CLUSTER_DEFAULTS,
  EKS_GPU_POOL_DEFAULTS,
  EKS_LOG_TYPES,
  EKS_SYSTEM_POOL_DEFAULTS,
  EKS_VPC_DEFAULTS,
  EksClusterOptions,
} from "../../components/cluster/eks-options";
import { eksClusterProblems, eksZoneNameProblems } from "../../components/cluster/eks-plan";
import {
  CLUSTER_AUTOSCALER_OPTION_DOCS as CLUSTER_AUTOSCALER,
  EKS_ACCELERATOR_POOL_ARGS_DOCS as POOL,
  EKS_ADDON_VERSIONS_DOCS as ADDONS,
  EKS_CLUSTER_ADMIN_DOCS as ADMIN,
  EKS_CLUSTER_AUTOSCALER_ARGS_DOCS as EKS_CLUSTER_AUTOSCALER,
  EKS_CLUSTER_OPTION_DOCS as EKS,
  EKS_NETWORK_OPTION_DOCS as NETWORK,
  EKS_SYSTEM_POOL_OPTION_DOCS as SYSTEM_POOL,
} from "../../components/cluster/option-docs";
import {
  checkPools,
  deletionProtection,
  ipv4Cidr,
  poolName,
  protect,
  scaling,
} from "./cluster-common";
import { awsEntrySchema } from "./entry-aws";
import { dnsLabel, setOnce, strict, upgradeSafe, type Fits } from "./schema";
import { awsStoresSchema } from "./stores-aws";

export const eksAcceleratorPoolSchema = strict({
  name: poolName,
  instanceType: upgradeSafe(z.string().min(1), POOL.instanceType),
  ...scaling,
  spot: upgradeSafe(z.boolean().default(EKS_GPU_POOL_DEFAULTS.spot), POOL.spot),
  os: upgradeSafe(z.enum(["al2023", "bottlerocket"]).default(EKS_GPU_POOL_DEFAULTS.os), POOL.os),
  zones: upgradeSafe(
    z.array(z.string().min(1)).min(1).optional(),
    POOL.zones,
    "- every cluster zone that offers the instance type",
  ),
  diskSizeGb: upgradeSafe(
    z.number().int().min(50).default(EKS_GPU_POOL_DEFAULTS.diskSizeGb),
    POOL.diskSizeGb,
  ),
});

export const eksSystemPoolSchema = strict({
  instanceTypes: upgradeSafe(
    z
      .array(z.string().min(1))
      .min(1)
      .default(() => [...EKS_SYSTEM_POOL_DEFAULTS.instanceTypes]),
    SYSTEM_POOL.instanceTypes,
  ),
  min: upgradeSafe(z.number().int().min(1).default(EKS_SYSTEM_POOL_DEFAULTS.min), SYSTEM_POOL.min),
  max: upgradeSafe(z.number().int().min(1).default(EKS_SYSTEM_POOL_DEFAULTS.max), SYSTEM_POOL.max),
  diskSizeGb: upgradeSafe(
    z.number().int().min(20).default(EKS_SYSTEM_POOL_DEFAULTS.diskSizeGb),
    SYSTEM_POOL.diskSizeGb,
  ),
});

export const eksNetworkSchema = strict({
  vpcCidr: setOnce(ipv4Cidr.default(EKS_VPC_DEFAULTS.cidr), NETWORK.vpcCidr),
  availabilityZones: setOnce(
    z.array(z.string().min(1)).min(2).optional(),
    NETWORK.availabilityZones,
    "- the region's zones a, b and c",
  ),
  singleNatGateway: upgradeSafe(
    z.boolean().default(EKS_VPC_DEFAULTS.singleNatGateway),
    NETWORK.singleNatGateway,
  ),
  vpcId: setOnce(
    z
      .string()
      .regex(/^vpc-[0-9a-f]+$/, { error: "must be a VPC id such as vpc-0a1b2c3d" })
      .optional(),
    NETWORK.vpcId,
    "- a new VPC",
  ),
  privateSubnetIds: setOnce(
    z
      .array(
        z
          .string()
          .regex(/^subnet-[0-9a-f]+$/, { error: "must be a subnet id such as subnet-0a1b2c3d" }),
      )
      .min(2, { error: "must list subnets in two zones or more" })
      .optional(),
    NETWORK.privateSubnetIds,
    "- new subnets",
  ),
});

const addonVersion = (description: string) =>
  upgradeSafe(z.string().min(1).optional(), description, "- EKS default for the version");

export const eksAddonsSchema = strict({
  vpcCni: addonVersion(ADDONS.vpcCni),
  coredns: addonVersion(ADDONS.coredns),
  kubeProxy: addonVersion(ADDONS.kubeProxy),
  ebsCsiDriver: addonVersion(ADDONS.ebsCsiDriver),
  snapshotController: addonVersion(ADDONS.snapshotController),
});

export { EKS_LOG_TYPES };

export const awsClusterSchema = strict({
  name: setOnce(
    dnsLabel.max(40).default("kubeflow"),
    "Name of the EKS cluster and prefix of resource names.",
  ),
  region: setOnce(
    z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "must be a region such as eu-west-1" }),
    EKS.region,
  ),
  kubernetesVersion: upgradeSafe(
    z
      .string()
      .regex(/^1\.\d+$/, { error: "must be a Kubernetes minor version such as 1.34" })
      .default(EKS_CLUSTER_DEFAULTS.kubernetesVersion),
    EKS.kubernetesVersion,
  ),
  network: setOnce(eksNetworkSchema.prefault({}), EKS.network, "{}"),
  endpointPrivateAccess: upgradeSafe(
    z.boolean().default(EKS_CLUSTER_DEFAULTS.endpointPrivateAccess),
    EKS.endpointPrivateAccess,
  ),
  endpointPublicAccess: upgradeSafe(
    z.boolean().default(EKS_CLUSTER_DEFAULTS.endpointPublicAccess),
    EKS.endpointPublicAccess,
  ),
  publicAccessCidrs: upgradeSafe(
    z
      .array(ipv4Cidr)
      .min(1)
      .default(() => [...EKS_CLUSTER_DEFAULTS.publicAccessCidrs]),
    EKS.publicAccessCidrs,
  ),
  secretsEncryptionKeyArn: setOnce(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/, {
        error: "must be a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<key-id>",
      })
      .optional(),
    EKS.secretsEncryptionKeyArn,
    "- a new KMS key with rotation, protected",
  ),
  logTypes: upgradeSafe(
    z.array(z.enum(EKS_LOG_TYPES)).default(() => [...EKS_CLUSTER_DEFAULTS.logTypes]),
    EKS.logTypes,
  ),
  admins: upgradeSafe(
    z
      .array(
        strict({
          name: upgradeSafe(dnsLabel.clone(), ADMIN.name),
          principalArn: upgradeSafe(
            z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, {
              error: "must be an IAM role or user ARN",
            }),
            ADMIN.principalArn,
          ),
        }),
      )
      .default([]),
    EKS.admins,
    "[] (only the identity running Pulumi)",
  ),
  addons: upgradeSafe(eksAddonsSchema.prefault({}), EKS.addons, "{}"),
  clusterAutoscaler: upgradeSafe(
    strict({
      enabled: upgradeSafe(
        z.boolean().default(EKS_CLUSTER_DEFAULTS.clusterAutoscaler.enabled),
        EKS_CLUSTER_AUTOSCALER.enabled,
      ),
      // ClusterAutoscalerOptions.version itself, which EksClusterAutoscalerArgs.version is passed on as.
      version: upgradeSafe(
        z
          .string()
          .regex(/^v1\.\d+\.\d+$/, { error: "must be a cluster-autoscaler tag such as v1.34.4" })
          .optional(),
        CLUSTER_AUTOSCALER.version,
        "- the release catalogued for kubernetesVersion",
      ),
    }).prefault({}),
    EKS.clusterAutoscaler,
    "{}",
  ),
  deletionProtection,
  protect,
  systemPool: upgradeSafe(eksSystemPoolSchema.prefault({}), EKS.systemPool, "{}"),
  accelerators: upgradeSafe(z.array(eksAcceleratorPoolSchema).default([]), EKS.accelerators, "[]"),
  stores: upgradeSafe(
    awsStoresSchema.optional(),
    "Managed S3 bucket and RDS MySQL for Kubeflow.",
    "- none",
  ),
  entry: upgradeSafe(
    awsEntrySchema.optional(),
    "Public HTTPS entry: an internet-facing ALB (AWS Load Balancer Controller), an ACM certificate, a Route 53 alias, optional Cognito/OIDC.",
    "- none (the gateway as services.istio says)",
  ),
}).superRefine((c, ctx) => {
  const n = c.network;
  if ((n.vpcId === undefined) !== (n.privateSubnetIds === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["network", n.vpcId === undefined ? "vpcId" : "privateSubnetIds"],
      message:
        "vpcId and privateSubnetIds go together: set both to use an existing VPC, or neither",
    });
  }
  if (n.vpcId !== undefined && n.availabilityZones !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["network", "availabilityZones"],
      message: "applies to a new VPC only; the zones of an existing VPC come from privateSubnetIds",
    });
  }
  for (const p of eksZoneNameProblems(c.region, n.availabilityZones)) {
    ctx.addIssue({ code: "custom", path: [...p.path], message: p.message });
  }
  if (!c.endpointPrivateAccess && !c.endpointPublicAccess) {
    ctx.addIssue({
      code: "custom",
      path: ["endpointPublicAccess"],
      message: "the API server needs a private or a public endpoint; enable one",
    });
  }
  if (c.systemPool.min > c.systemPool.max) {
    ctx.addIssue({
      code: "custom",
      path: ["systemPool", "min"],
      message: `min (${c.systemPool.min}) is greater than max (${c.systemPool.max}); lower min or raise max`,
    });
  }
  checkPools(c.accelerators, "accelerators", ctx);
  // Network arithmetic, pool zones, instance types and the autoscaler's minor: the component's own checks.
  for (const p of eksClusterProblems(c)) {
    ctx.addIssue({ code: "custom", path: [...p.path], message: p.message });
  }
});

export type AwsClusterConfig = z.output<typeof awsClusterSchema>;

/** Compile-time check: the section, less what the stack composes beside the cluster, fits the component. */
export type AwsClusterOptionsFit = Fits<
  Omit<AwsClusterConfig, "name" | "stores" | "entry">,
  Omit<EksClusterOptions, "clusterName">
>;
