/**
 * The managed node groups of EksCluster, each with its own launch template. Called by EksCluster with
 * itself as parent; split out to keep the cluster file readable.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  EksGpuPoolPlan,
  launchTemplateSpec,
  subnetsInZones,
  tagKeySlug,
  zonesForPool,
} from "./eks-plan";
import { EKS_SYSTEM_POOL_DEFAULTS, EksSystemPoolOptions } from "./eks-options";
import { CloudFactError } from "./problems";

export interface NodeGroupContext {
  /** Component name: prefix of resource names. */
  name: string;
  clusterName: string;
  /** The cluster's name as an output, so node groups wait for the cluster. */
  cluster: pulumi.Output<string>;
  nodeRoleArn: pulumi.Output<string>;
  region: string;
  opts: { parent: pulumi.Resource; provider: aws.Provider };
  /** Node role policies and the add-ons nodes need to become Ready. */
  dependsOn: pulumi.Resource[];
  /** How messages name the cluster's arguments (the stack passes its config key). */
  argsName: string;
}

function launchTemplate(ctx: NodeGroupContext, key: string, device: string, sizeGb: number) {
  return new aws.ec2.LaunchTemplate(
    `${ctx.name}-${key}`,
    {
      ...launchTemplateSpec(device, sizeGb),
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: `${ctx.clusterName}-${key}` } },
      ],
    },
    ctx.opts,
  );
}

// The autoscaler owns the desired size once the group exists.
const ngOpts = (ctx: NodeGroupContext) => ({
  ...ctx.opts,
  dependsOn: ctx.dependsOn,
  ignoreChanges: ["scalingConfig.desiredSize"],
});

/** The system node group: AL2023, on every private subnet. */
export function createSystemNodeGroup(
  ctx: NodeGroupContext,
  sys: EksSystemPoolOptions,
  subnetIds: pulumi.Input<string>[],
  labels: Record<string, string>,
): aws.eks.NodeGroup {
  const lt = launchTemplate(
    ctx,
    "system-lt",
    "/dev/xvda",
    sys.diskSizeGb ?? EKS_SYSTEM_POOL_DEFAULTS.diskSizeGb,
  );
  return new aws.eks.NodeGroup(
    `${ctx.name}-system`,
    {
      clusterName: ctx.cluster,
      nodeRoleArn: ctx.nodeRoleArn,
      subnetIds,
      amiType: "AL2023_x86_64_STANDARD",
      instanceTypes: sys.instanceTypes ?? [...EKS_SYSTEM_POOL_DEFAULTS.instanceTypes],
      scalingConfig: {
        minSize: sys.min ?? EKS_SYSTEM_POOL_DEFAULTS.min,
        maxSize: sys.max ?? EKS_SYSTEM_POOL_DEFAULTS.max,
        desiredSize: sys.min ?? EKS_SYSTEM_POOL_DEFAULTS.min,
      },
      launchTemplate: { id: lt.id, version: pulumi.interpolate`${lt.latestVersion}` },
      updateConfig: { maxUnavailable: 1 },
      labels,
    },
    ngOpts(ctx),
  );
}

/**
 * One GPU node group, limited to the subnets of zones that offer its instance type. The group always exists;
 * only its subnet list is computed from the offerings, so no resource's existence depends on an Output.
 * `index` is the pool's place in the arguments, for messages only (names use the pool's key).
 * Its Auto Scaling group gets the cluster-autoscaler node-template tags (EKS does not copy node group tags
 * there: https://github.com/aws/containers-roadmap/issues/608).
 */
export function createGpuNodeGroup(
  ctx: NodeGroupContext,
  p: EksGpuPoolPlan,
  index: number,
  subnets: ReadonlyArray<{ id: pulumi.Input<string>; az: pulumi.Input<string> }>,
): aws.eks.NodeGroup {
  const offered = aws.ec2.getInstanceTypeOfferingsOutput(
    {
      region: ctx.region,
      locationType: "availability-zone",
      filters: [{ name: "instance-type", values: [p.instanceType] }],
    },
    ctx.opts,
  ).locations;
  // The zone check depends only on the zones and the offerings (known at preview), never on subnet ids (unknown
  // until the VPC exists), so a pool no cluster zone can run fails `pulumi preview`, naming the argument.
  const zones = pulumi
    .all([pulumi.all(subnets.map((s) => s.az)), offered])
    .apply(([azs, offeredZones]) => {
      const chosen = zonesForPool(p, index, azs, offeredZones);
      if ("problem" in chosen) throw new CloudFactError(ctx.argsName, chosen.problem);
      return chosen.zones;
    });
  const poolSubnets = pulumi
    .all([zones, pulumi.all(subnets.map((s) => pulumi.all([s.id, s.az])))])
    .apply(([z, resolved]) =>
      subnetsInZones(
        resolved.map(([id, az]) => ({ id, az })),
        z,
      ),
    );
  const lt = launchTemplate(ctx, `gpu-${p.name}-lt`, p.dataDevice, p.diskSizeGb);
  const ng = new aws.eks.NodeGroup(
    `${ctx.name}-gpu-${p.name}`,
    {
      clusterName: ctx.cluster,
      nodeRoleArn: ctx.nodeRoleArn,
      subnetIds: poolSubnets,
      amiType: p.amiType,
      capacityType: p.capacityType,
      instanceTypes: [p.instanceType],
      scalingConfig: { minSize: p.min, maxSize: p.max, desiredSize: p.desired },
      launchTemplate: { id: lt.id, version: pulumi.interpolate`${lt.latestVersion}` },
      updateConfig: { maxUnavailable: 1 },
      labels: p.labels,
      taints: p.taints,
      tags: p.autoscalerTags,
    },
    ngOpts(ctx),
  );
  const asgName = ng.resources.apply((r) => r[0]!.autoscalingGroups[0]!.name);
  for (const [key, value] of Object.entries(p.autoscalerTags)) {
    new aws.autoscaling.Tag(
      `${ctx.name}-gpu-${p.name}-${tagKeySlug(key)}`,
      { autoscalingGroupName: asgName, tag: { key, value, propagateAtLaunch: false } },
      ctx.opts,
    );
  }
  return ng;
}
