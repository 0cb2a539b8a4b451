/**
 * Pure decisions of EksCluster: IRSA trust policies, node group settings, the cluster-autoscaler template
 * tags, the handle's accelerator facts. The network (subnet layout, zones, argument checks) is in
 * `eks-network.ts`, re-exported here.
 */
import {
  ACCELERATOR_POOL_LABEL,
  ACCELERATOR_TYPE_LABEL,
  NVIDIA_GPU_RESOURCE,
  NVIDIA_GPU_TAINT_KEY,
} from "../shared/constants";
import { ec2GpuInstance, GPU_AMI_TYPES, unknownInstanceMessage } from "./eks-catalog";
import { EKS_GPU_POOL_DEFAULTS, EksAcceleratorPoolArgs } from "./eks-options";
import { AcceleratorPool, GpuDriverMode } from "./handle";
import { argError } from "./problems";

export * from "./eks-network";

// ------------------------------------------------------------------------------------------------ IAM

/**
 * Pure: trust document of an IAM role assumed with the cluster's service-account tokens (IRSA): exactly the
 * `sub` subject(s) given (`system:serviceaccount:<namespace>:<name>`), for STS.
 */
export function irsaTrustDocument(
  oidcProviderArn: string,
  issuerUrl: string,
  subjects: string | readonly string[],
): Record<string, unknown> {
  const issuer = issuerUrl.replace(/^https:\/\//, "");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: subjects,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

/** Pure: trust policy of an IAM role for one Kubernetes service account (IRSA), as JSON. */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  issuerUrl: string,
  namespace: string,
  serviceAccount: string,
): string {
  return JSON.stringify(
    irsaTrustDocument(
      oidcProviderArn,
      issuerUrl,
      `system:serviceaccount:${namespace}:${serviceAccount}`,
    ),
  );
}

/** Pure: trust policy for an AWS service principal. */
export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

/**
 * Cluster-autoscaler permissions, limited to the groups of this cluster for writes
 * (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy).
 */
export function clusterAutoscalerPolicy(clusterName: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
          "eks:DescribeNodegroup",
        ],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: [
          "autoscaling:SetDesiredCapacity",
          "autoscaling:TerminateInstanceInAutoScalingGroup",
        ],
        Resource: "*",
        Condition: {
          StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" },
        },
      },
    ],
  });
}

// ------------------------------------------------------------------------------------------------ node groups

export type { EksAcceleratorPoolArgs } from "./eks-options";

export const CA_TAG_PREFIX = "k8s.io/cluster-autoscaler/node-template";

/**
 * Pure: the node-template tags cluster-autoscaler reads to build a node of a group that has none
 * (scale from zero): labels, taints and the GPU resource
 * (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#auto-discovery-setup).
 */
export function clusterAutoscalerTags(
  labels: Record<string, string>,
  taints: ReadonlyArray<{ key: string; value: string; effect: string }>,
  gpus: number,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) tags[`${CA_TAG_PREFIX}/label/${k}`] = v;
  for (const t of taints) tags[`${CA_TAG_PREFIX}/taint/${t.key}`] = `${t.value}:${t.effect}`;
  tags[`${CA_TAG_PREFIX}/resources/${NVIDIA_GPU_RESOURCE}`] = String(gpus);
  return tags;
}

export const EKS_GPU_TAINT_VALUE = "present";

export interface EksGpuPoolPlan {
  name: string;
  instanceType: string;
  amiType: string;
  capacityType: "ON_DEMAND" | "SPOT";
  min: number;
  max: number;
  /** Starting size; the autoscaler owns it afterwards. */
  desired: number;
  zones?: string[];
  diskSizeGb: number;
  /** Device of the volume that holds images and pod data. */
  dataDevice: string;
  labels: Record<string, string>;
  /** EKS API form. */
  taints: Array<{ key: string; value: string; effect: "NO_SCHEDULE" }>;
  autoscalerTags: Record<string, string>;
  handle: AcceleratorPool;
}

/**
 * Pure: every setting of one GPU node group, with the defaults applied. An instance type outside the catalog
 * is refused as an InputPropertiesError on `accelerators[index].instanceType` (EksCluster refuses it earlier,
 * with every other problem).
 */
export function planEksGpuPool(p: EksAcceleratorPoolArgs, index = 0): EksGpuPoolPlan {
  const inst = ec2GpuInstance(p.instanceType);
  if (!inst) {
    throw argError("EksCluster", [
      {
        path: ["accelerators", index, "instanceType"],
        message: unknownInstanceMessage(p.instanceType),
      },
    ]);
  }
  const os = p.os ?? EKS_GPU_POOL_DEFAULTS.os;
  const min = p.min ?? EKS_GPU_POOL_DEFAULTS.min;
  const labels = { [ACCELERATOR_POOL_LABEL]: p.name, [ACCELERATOR_TYPE_LABEL]: inst.gpu };
  const taint = { key: NVIDIA_GPU_TAINT_KEY, value: EKS_GPU_TAINT_VALUE };
  return {
    name: p.name,
    instanceType: p.instanceType,
    amiType: GPU_AMI_TYPES[os],
    capacityType: (p.spot ?? EKS_GPU_POOL_DEFAULTS.spot) ? "SPOT" : "ON_DEMAND",
    min,
    max: p.max ?? EKS_GPU_POOL_DEFAULTS.max,
    desired: min,
    ...(p.zones !== undefined ? { zones: p.zones } : {}),
    diskSizeGb: p.diskSizeGb ?? EKS_GPU_POOL_DEFAULTS.diskSizeGb,
    // Bottlerocket keeps the OS on xvda and containers on xvdb; AL2023 has one root volume.
    dataDevice: os === "bottlerocket" ? "/dev/xvdb" : "/dev/xvda",
    labels,
    taints: [{ ...taint, effect: "NO_SCHEDULE" }],
    autoscalerTags: clusterAutoscalerTags(labels, [{ ...taint, effect: "NoSchedule" }], inst.count),
    handle: {
      name: p.name,
      vendor: "nvidia",
      type: inst.gpu,
      resourceName: NVIDIA_GPU_RESOURCE,
      countPerNode: inst.count,
      nodeSelector: { [ACCELERATOR_POOL_LABEL]: p.name },
      taints: [{ ...taint, effect: "NoSchedule" }],
    },
  };
}

/** A short, stable resource-name key for a tag key (`k8s.io/cluster-autoscaler/node-template/label/x` → `label-x`). */
export function tagKeySlug(key: string): string {
  return key
    .replace(`${CA_TAG_PREFIX}/`, "")
    .replace(/[^a-zA-Z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

/**
 * Launch template settings of every node group: IMDSv2 only, with a hop limit of 1 so pods cannot borrow the
 * node role (they use IRSA), and an encrypted gp3 volume
 * (https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#_restrict_access_to_the_instance_profile_assigned_to_the_worker_node).
 */
export function launchTemplateSpec(device: string, sizeGb: number) {
  return {
    metadataOptions: {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
    },
    blockDeviceMappings: [
      {
        deviceName: device,
        ebs: {
          volumeSize: sizeGb,
          volumeType: "gp3",
          encrypted: "true",
          deleteOnTermination: "true",
        },
      },
    ],
  };
}

/**
 * Pure: who provides the GPU stack. The AL2023 NVIDIA AMI carries the driver and container toolkit but not
 * the device plugin, so the services layer installs it; Bottlerocket's NVIDIA variant also runs the device
 * plugin itself (https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html). With mixed pools
 * the device plugin is needed (for the AL2023 nodes).
 */
export function eksGpuDriverMode(amiTypes: readonly string[]): GpuDriverMode {
  if (amiTypes.length === 0) return "none";
  return amiTypes.every((t) => t === GPU_AMI_TYPES.bottlerocket)
    ? "platform-managed"
    : "driver-on-node";
}
