/**
 * Pure network decisions and argument checks of EksCluster and EksVpc: the subnet layout of a new VPC, the
 * zones a GPU pool runs in, and every problem of the arguments that needs no cloud call (run by the stack
 * config before any resource, and by the components for direct callers).
 */
import { clusterAutoscalerVersionProblem } from "./cluster-autoscaler";
import { hostBitsProblem, intToIp, ipToInt, parseCidr } from "./cidr";
import { ec2GpuInstance, unknownInstanceMessage } from "./eks-catalog";
import { EKS_CLUSTER_DEFAULTS, EKS_VPC_DEFAULTS } from "./eks-options";
import { ArgProblem } from "./problems";

// ------------------------------------------------------------------------------------------------ network

/**
 * Terraform's `cidrsubnet`: the `netNum`-th subnet of `base` with `newBits` more prefix bits. A RangeError
 * is an invariant of the arithmetic, not a caller's input: the components refuse a VPC block that is none
 * (`eksVpcCidrFormProblems`) or too small to split (`eksNetworkProblems`) before planning.
 */
export function cidrSubnet(base: string, newBits: number, netNum: number): string {
  const [ip, len] = base.split("/");
  const prefix = Number(len);
  const newPrefix = prefix + newBits;
  if (newPrefix > 32) throw new RangeError(`${base} cannot be split into /${newPrefix} subnets`);
  if (netNum < 0 || netNum >= 2 ** newBits) {
    throw new RangeError(`${base} has no subnet number ${netNum} of /${newPrefix}`);
  }
  const baseInt = ipToInt(ip!) - (ipToInt(ip!) % 2 ** (32 - prefix));
  return `${intToIp(baseInt + netNum * 2 ** (32 - newPrefix))}/${newPrefix}`;
}

/**
 * The zone's slot, from its letter suffix (`eu-west-1b` → 1): stable when the zone list is reordered. The
 * components refuse other suffixes first (`eksZoneNameProblems`); the RangeError is an invariant.
 */
export function zoneSlot(az: string): number {
  const letter = az.slice(-1);
  const slot = letter.charCodeAt(0) - "a".charCodeAt(0);
  if (slot < 0 || slot > 5) throw new RangeError(`availability zone ${az}: suffix must be a-f`);
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

/**
 * Pure: the zones of a new VPC that are not zones of the region with a suffix a-f (each zone's subnets take
 * the slot of its letter). Without a region (EksVpc), only the suffix is checked. On
 * `network.availabilityZones[j]`.
 */
export function eksZoneNameProblems(
  region: string,
  availabilityZones: readonly string[] | undefined,
): ArgProblem[] {
  // The region is compared as text, never read as a pattern: its letters are the caller's.
  const isZone = (z: string) =>
    /[a-f]$/.test(z) && (region === "" || z === `${region}${z.slice(-1)}`);
  return (availabilityZones ?? []).flatMap((z, j) =>
    isZone(z)
      ? []
      : [
          {
            path: ["network", "availabilityZones", j],
            message:
              region === ""
                ? `"${z}" does not end in a zone suffix a-f; use a zone such as eu-west-1a`
                : `"${z}" is not a zone of ${region} with suffix a-f; use e.g. ${region}a`,
          },
        ],
  );
}

/**
 * Pure: a new VPC's block that is no IPv4 CIDR block at all, on `network.vpcCidr`. The stack config refuses
 * it by type first (eksNetworkProblems leaves it to the schema, which would report it twice); the components
 * run this for direct callers, so that planSubnets never splits one (a prefix past /32 would reach
 * cidrSubnet's RangeError, other text would plan NaN addresses).
 */
export function eksVpcCidrFormProblems(args: Pick<EksNetworkPlanArgs, "network">): ArgProblem[] {
  const net = args.network ?? {};
  if (net.privateSubnetIds !== undefined) return [];
  const text = net.vpcCidr ?? EKS_VPC_DEFAULTS.cidr;
  if (parseCidr(text) !== undefined) return [];
  return [
    {
      path: ["network", "vpcCidr"],
      message: `"${text}" is not an IPv4 CIDR block; use e.g. ${EKS_VPC_DEFAULTS.cidr}`,
    },
  ];
}

/** What the network plan of an EksCluster needs from its arguments. */
export interface EksNetworkPlanArgs {
  region: string;
  network?: {
    vpcCidr?: string;
    availabilityZones?: readonly string[];
    vpcId?: unknown;
    /** Only the ids known as plain strings are checked for repeats. */
    privateSubnetIds?: readonly unknown[];
  };
  publicAccessCidrs?: readonly string[];
  accelerators?: ReadonlyArray<{ zones?: readonly string[] }>;
}

/**
 * Pure: every problem of an EKS cluster's network arguments that needs no cloud call — a VPC block AWS
 * refuses or that cannot be split into a private and a public subnet per zone, a block with host bits set,
 * a zone listed twice (its subnets would be created twice), a subnet listed twice, and a GPU pool limited to
 * zones the new VPC has no subnet in. Values that are not CIDR blocks at all are left to the schema (and, in
 * the components, to eksVpcCidrFormProblems).
 */
export function eksNetworkProblems(args: EksNetworkPlanArgs): ArgProblem[] {
  const out: ArgProblem[] = [];
  const net = args.network ?? {};
  const newVpc = net.privateSubnetIds === undefined;
  if (newVpc) {
    const text = net.vpcCidr ?? EKS_VPC_DEFAULTS.cidr;
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
  duplicates(known(net.privateSubnetIds ?? [])).forEach((j) =>
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
  admins?: ReadonlyArray<{ name: string; principalArn: unknown }>;
  accelerators?: ReadonlyArray<{ instanceType: string; zones?: readonly string[] }>;
}

/**
 * Pure: every problem of an EksCluster's arguments that needs no cloud call, by argument path: the network
 * arithmetic, an admin listed twice (its access entry would be created twice), GPU instance types outside the
 * catalog, a cluster-autoscaler that does not match the Kubernetes minor. The stack config runs it before any resource; the component runs it again for direct callers.
 */
export function eksClusterProblems(args: EksCheckedArgs): ArgProblem[] {
  const out = eksNetworkProblems(args);
  duplicates((args.admins ?? []).map((a) => a.name)).forEach((j) =>
    out.push({
      path: ["admins", j, "name"],
      message: `duplicate admin name "${args.admins![j]!.name}"; names must be unique`,
    }),
  );
  duplicates(known((args.admins ?? []).map((a) => a.principalArn))).forEach((j) =>
    out.push({
      path: ["admins", j, "principalArn"],
      message:
        "this principal is listed twice (EKS keeps one access entry per principal); list it once",
    }),
  );
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

/** Kubernetes minor of a new EKS cluster when none is given (`EKS_CLUSTER_DEFAULTS.kubernetesVersion`). */
export const EKS_DEFAULT_VERSION = EKS_CLUSTER_DEFAULTS.kubernetesVersion;

/** Indexes of the entries that repeat an earlier one (undefined entries never do). */
function duplicates(list: readonly (string | undefined)[]): number[] {
  return list.flatMap((v, i) => (v !== undefined && list.indexOf(v) < i ? [i] : []));
}

/** The values that are plain strings, in place; an Output (known only at deployment) becomes undefined. */
function known(list: readonly unknown[]): (string | undefined)[] {
  return list.map((v) => (typeof v === "string" ? v : undefined));
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
