/**
 * Pure decisions of EksCluster and EksVpc: subnet layout, IRSA trust policies, node group settings, the
 * cluster-autoscaler template tags, the subnets a GPU pool may use, the handle's accelerator facts.
 */
import {
  ACCELERATOR_POOL_LABEL,
  ACCELERATOR_TYPE_LABEL,
  NVIDIA_GPU_RESOURCE,
  NVIDIA_GPU_TAINT_KEY,
} from "../shared/constants";
import { clusterAutoscalerVersionProblem } from "./cluster-autoscaler";
import { hostBitsProblem, intToIp, ipToInt, parseCidr } from "./cidr";
import { ec2GpuInstance, GPU_AMI_TYPES, GpuNodeOs, unknownInstanceMessage } from "./eks-catalog";
import { AcceleratorPool, GpuDriverMode } from "./handle";
import { ArgProblem } from "./problems";

// ------------------------------------------------------------------------------------------------ network

/** Terraform's `cidrsubnet`: the `netNum`-th subnet of `base` with `newBits` more prefix bits. */
export function cidrSubnet(base: string, newBits: number, netNum: number): string {
  const [ip, len] = base.split("/");
  const prefix = Number(len);
  const newPrefix = prefix + newBits;
  if (newPrefix > 32) throw new Error(`${base} cannot be split into /${newPrefix} subnets`);
  if (netNum < 0 || netNum >= 2 ** newBits) {
    throw new Error(`${base} has no subnet number ${netNum} of /${newPrefix}`);
  }
  const baseInt = ipToInt(ip!) - (ipToInt(ip!) % 2 ** (32 - prefix));
  return `${intToIp(baseInt + netNum * 2 ** (32 - newPrefix))}/${newPrefix}`;
}

/** The zone's slot, from its letter suffix (`eu-west-1b` → 1): stable when the zone list is reordered. */
export function zoneSlot(az: string): number {
  const letter = az.slice(-1);
  const slot = letter.charCodeAt(0) - "a".charCodeAt(0);
  if (slot < 0 || slot > 5) throw new Error(`availability zone ${az}: suffix must be a-f`);
  return slot;
}

/**
 * Prefix lengths a new VPC may have. AWS allows no VPC block larger than a /16; each zone's private subnet
 * is an eighth of the VPC (nodes and pods: the VPC CNI gives pods VPC addresses) and its public subnet an
 * eighth of the last eighth, so a /20 leaves /23 private and /26 public subnets, the smallest worth running
 * Kubeflow on (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html).
 */
export const EKS_VPC_PREFIXES = { largest: 16, smallest: 20 } as const;

/** The zones of a new VPC: the ones given, else the region's zones a, b and c. */
export function eksVpcZones(region: string, availabilityZones?: readonly string[]): string[] {
  return [...(availabilityZones ?? ["a", "b", "c"].map((l) => `${region}${l}`))];
}

/** What the network plan of an EksCluster needs from its arguments. */
export interface EksNetworkPlanArgs {
  region: string;
  network?: {
    vpcCidr?: string;
    availabilityZones?: readonly string[];
    vpcId?: string;
    privateSubnetIds?: readonly string[];
  };
  publicAccessCidrs?: readonly string[];
  accelerators?: ReadonlyArray<{ zones?: readonly string[] }>;
}

/**
 * Pure: every problem of an EKS cluster's network arguments that needs no cloud call — a VPC block AWS
 * refuses or that cannot be split into a private and a public subnet per zone, a block with host bits set,
 * a zone listed twice (its subnets would be created twice), a subnet listed twice, and a GPU pool limited to
 * zones the new VPC has no subnet in. Values that are not CIDR blocks at all are left to the schema.
 */
export function eksNetworkProblems(args: EksNetworkPlanArgs): ArgProblem[] {
  const out: ArgProblem[] = [];
  const net = args.network ?? {};
  const newVpc = net.privateSubnetIds === undefined;
  if (newVpc) {
    const text = net.vpcCidr ?? "10.0.0.0/16";
    const cidr = parseCidr(text);
    const { largest, smallest } = EKS_VPC_PREFIXES;
    if (cidr !== undefined && (cidr.prefix < largest || cidr.prefix > smallest)) {
      out.push({
        path: ["network", "vpcCidr"],
        message:
          `is a /${cidr.prefix}; a new VPC takes a /${largest} to /${smallest}: AWS allows no larger VPC ` +
          `than a /${largest}, and each zone gets an eighth of the VPC for nodes and pods and a slice of the ` +
          `last eighth for load balancers, too small below a /${smallest}. Use e.g. 10.0.0.0/16`,
      });
    }
    const hostBits = hostBitsProblem(text);
    if (hostBits !== undefined) out.push({ path: ["network", "vpcCidr"], message: hostBits });
  }
  const zones = eksVpcZones(args.region, net.availabilityZones);
  duplicates(net.availabilityZones ?? []).forEach((j) =>
    out.push({
      path: ["network", "availabilityZones", j],
      message: `zone "${zones[j]}" is listed twice; list each zone once`,
    }),
  );
  duplicates(net.privateSubnetIds ?? []).forEach((j) =>
    out.push({
      path: ["network", "privateSubnetIds", j],
      message: `subnet "${net.privateSubnetIds![j]}" is listed twice; list each subnet once`,
    }),
  );
  (args.publicAccessCidrs ?? []).forEach((c, j) => {
    const hostBits = hostBitsProblem(c);
    if (hostBits !== undefined) out.push({ path: ["publicAccessCidrs", j], message: hostBits });
  });
  (args.accelerators ?? []).forEach((p, i) =>
    (p.zones ?? []).forEach((z, j) => {
      if (newVpc && !zones.includes(z)) {
        out.push({
          path: ["accelerators", i, "zones", j],
          message:
            `zone "${z}" is not one of the cluster's zones (${zones.join(", ")}), so the pool would have ` +
            "no subnet there; list zones of network.availabilityZones, or add the zone there",
        });
      } else if (!newVpc && !z.startsWith(args.region)) {
        out.push({
          path: ["accelerators", i, "zones", j],
          message: `zone "${z}" is not in region ${args.region}; use a zone such as ${args.region}a`,
        });
      }
    }),
  );
  return out;
}

/** What `eksClusterProblems` reads of an EksCluster's arguments. */
export interface EksCheckedArgs extends EksNetworkPlanArgs {
  kubernetesVersion?: string;
  clusterAutoscaler?: { enabled?: boolean; version?: string };
  accelerators?: ReadonlyArray<{ instanceType: string; zones?: readonly string[] }>;
}

/**
 * Pure: every problem of an EksCluster's arguments that needs no cloud call, by argument path: the network
 * arithmetic, GPU instance types outside the catalog, a cluster-autoscaler that does not match the Kubernetes
 * minor. The stack config runs it before any resource; the component runs it again for direct callers.
 */
export function eksClusterProblems(args: EksCheckedArgs): ArgProblem[] {
  const out = eksNetworkProblems(args);
  (args.accelerators ?? []).forEach((p, i) => {
    if (!ec2GpuInstance(p.instanceType)) {
      out.push({
        path: ["accelerators", i, "instanceType"],
        message: unknownInstanceMessage(p.instanceType),
      });
    }
  });
  if (args.clusterAutoscaler?.enabled ?? true) {
    const message = clusterAutoscalerVersionProblem(
      args.kubernetesVersion ?? EKS_DEFAULT_VERSION,
      args.clusterAutoscaler?.version,
    );
    if (message !== undefined) out.push({ path: ["clusterAutoscaler", "version"], message });
  }
  return out;
}

/** Kubernetes minor of a new EKS cluster when none is given. */
export const EKS_DEFAULT_VERSION = "1.34";

/** Indexes of the entries that repeat an earlier one. */
function duplicates(list: readonly string[]): number[] {
  return list.flatMap((v, i) => (list.indexOf(v) < i ? [i] : []));
}

export interface SubnetPlan {
  az: string;
  privateCidr: string;
  publicCidr: string;
}

/**
 * Pure: the subnets of a new VPC. Private subnets (nodes and pods: the VPC CNI gives pods VPC addresses, so
 * they get the room) are eighths of the VPC, by zone letter; public subnets (NAT gateways, load balancers)
 * are small slices of the last eighth.
 */
export function planSubnets(vpcCidr: string, azs: readonly string[]): SubnetPlan[] {
  const lastEighth = cidrSubnet(vpcCidr, 3, 7);
  return azs.map((az) => ({
    az,
    privateCidr: cidrSubnet(vpcCidr, 3, zoneSlot(az)),
    publicCidr: cidrSubnet(lastEighth, 3, zoneSlot(az)),
  }));
}

/** Subnet tags the AWS Load Balancer Controller and in-tree service controller use to place load balancers. */
export const PUBLIC_SUBNET_TAGS = { "kubernetes.io/role/elb": "1" };
export const PRIVATE_SUBNET_TAGS = { "kubernetes.io/role/internal-elb": "1" };

/**
 * Pure: the zones a GPU pool runs in — the cluster's zones that offer the instance type (and, if the pool lists
 * zones, among those), or the problem when none is left, on the argument to change (the pool's zones if it
 * lists them, else its instance type). The offerings come from a data source, known at preview; the node
 * group always exists, only its subnet list is computed, so no resource depends on an Output to exist.
 */
export function zonesForPool(
  pool: { name: string; instanceType: string; zones?: readonly string[] },
  index: number,
  clusterZones: readonly string[],
  offeredZones: readonly string[],
): { zones: string[] } | { problem: ArgProblem } {
  const zones = [...new Set(clusterZones)]
    .filter((z) => offeredZones.includes(z) && (pool.zones === undefined || pool.zones.includes(z)))
    .sort();
  if (zones.length > 0) return { zones };
  const listed = pool.zones !== undefined;
  return {
    problem: {
      path: ["accelerators", index, listed ? "zones" : "instanceType"],
      message:
        `${pool.instanceType} (pool "${pool.name}") is not offered in any of the cluster's zones ` +
        `(${[...new Set(clusterZones)].sort().join(", ")})${listed ? ` limited to ${pool.zones!.join(", ")}` : ""}; ` +
        `this region offers it in ${[...offeredZones].sort().join(", ") || "no zone"}. Choose another ` +
        `instance type${listed ? " or zones" : ""}, or add an offering zone to the cluster`,
    },
  };
}

/** Pure: the ids of the subnets in the given zones. */
export function subnetsInZones(
  subnets: ReadonlyArray<{ id: string; az: string }>,
  zones: readonly string[],
): string[] {
  return subnets.filter((s) => zones.includes(s.az)).map((s) => s.id);
}

// ------------------------------------------------------------------------------------------------ IAM

/** Pure: trust policy of an IAM role for one Kubernetes service account (IRSA). */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  issuerUrl: string,
  namespace: string,
  serviceAccount: string,
): string {
  const issuer = issuerUrl.replace(/^https:\/\//, "");
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  });
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

/** One GPU managed node group. */
export interface EksAcceleratorPoolArgs {
  /** Stable key: names the node group and its `kubeflow-platform.io/accelerator-pool` label. */
  name: string;
  /** EC2 GPU instance type from the catalog, e.g. `g6.xlarge`. */
  instanceType: string;
  /** Fewest nodes. @default 0 */
  min?: number;
  /** Most nodes. @default 2 */
  max?: number;
  /** Spot capacity. @default false */
  spot?: boolean;
  /** Node OS (NVIDIA AMI). @default "al2023" */
  os?: GpuNodeOs;
  /** Zones to limit the pool to. @default - every cluster zone that offers the instance type */
  zones?: string[];
  /** Root (AL2023) or data (Bottlerocket) volume size in GB. @default 200 */
  diskSizeGb?: number;
}

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

/** Pure: every setting of one GPU node group, with the defaults applied. */
export function planEksGpuPool(p: EksAcceleratorPoolArgs): EksGpuPoolPlan {
  const inst = ec2GpuInstance(p.instanceType);
  if (!inst) throw new Error(unknownInstanceMessage(p.instanceType));
  const os = p.os ?? "al2023";
  const min = p.min ?? 0;
  const labels = { [ACCELERATOR_POOL_LABEL]: p.name, [ACCELERATOR_TYPE_LABEL]: inst.gpu };
  const taint = { key: NVIDIA_GPU_TAINT_KEY, value: EKS_GPU_TAINT_VALUE };
  return {
    name: p.name,
    instanceType: p.instanceType,
    amiType: GPU_AMI_TYPES[os],
    capacityType: (p.spot ?? false) ? "SPOT" : "ON_DEMAND",
    min,
    max: p.max ?? 2,
    desired: min,
    ...(p.zones !== undefined ? { zones: p.zones } : {}),
    diskSizeGb: p.diskSizeGb ?? 200,
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
