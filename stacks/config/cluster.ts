/**
 * The `platform` and `cluster` keys. One cluster schema per platform; the root schema discriminates on
 * `platform`.
 */
import { z } from "zod";
import { NVIDIA_GPU_RESOURCE } from "../../components/shared/constants";
import { CLUSTER_AUTOSCALER_VERSIONS } from "../../components/cluster/cluster-autoscaler";
import { ec2GpuInstance, unknownInstanceMessage } from "../../components/cluster/eks-catalog";
import { checkGkeAccelerator, GKE_ACCELERATOR_TYPES } from "../../components/cluster/gke-catalog";
import { dnsLabel, setOnce, strict, upgradeSafe } from "./schema";
import { secretRef } from "./secrets";

export const PLATFORMS = ["gcp", "aws", "existing"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** GPUs an existing cluster already has: how pods reach them (resource name, taint, node labels). */
export const existingAcceleratorSchema = strict({
  name: setOnce(dnsLabel, "Stable key of this accelerator pool, used in PodDefault names."),
  vendor: upgradeSafe(z.enum(["nvidia"]).default("nvidia"), "GPU vendor of the pool.", "nvidia"),
  type: upgradeSafe(
    z.string().min(1).optional(),
    "Accelerator model shown to users, e.g. nvidia-l4.",
    "- none",
  ),
  resourceName: upgradeSafe(
    z.string().min(1).default(NVIDIA_GPU_RESOURCE),
    "Extended resource the device plugin advertises.",
  ),
  nodeSelector: upgradeSafe(
    z.record(z.string(), z.string()).default({}),
    "Node labels that select this pool's nodes.",
    "{}",
  ),
  tainted: upgradeSafe(
    z.boolean().default(true),
    "Whether the pool's nodes carry the `nvidia.com/gpu` NoSchedule taint that pods must tolerate.",
  ),
});

export const existingClusterSchema = strict({
  name: setOnce(
    dnsLabel.default("kubeflow"),
    "Name of the platform in this cluster; prefixes resource names.",
  ),
  context: setOnce(
    z.string().min(1).optional(),
    "Kube context to use from the kubeconfig.",
    "- the kubeconfig's current context",
  ),
  kubeconfigPath: setOnce(
    z.string().min(1).optional(),
    "Path of a kubeconfig file. Exclusive with kubeconfigSecret.",
    "- $KUBECONFIG or ~/.kube/config",
  ),
  kubeconfigSecret: secretRef(
    "Config key holding a whole kubeconfig as a secret (for CI). Exclusive with kubeconfigPath.",
  ).optional(),
  storageClass: setOnce(
    z.string().min(1).optional(),
    "StorageClass for every PersistentVolumeClaim the platform creates.",
    "- the cluster's default StorageClass",
  ),
  loadBalancer: upgradeSafe(
    z.boolean().default(false),
    "Whether Services of type LoadBalancer get an address in this cluster.",
  ),
  kubernetesVersion: upgradeSafe(
    z
      .string()
      .regex(/^1\.\d+$/, { error: "must be a Kubernetes minor version such as 1.34" })
      .optional(),
    "Kubernetes minor version of the cluster, checked against the release's supported versions.",
    "- not checked",
  ),
  accelerators: upgradeSafe(
    z.array(existingAcceleratorSchema).default([]),
    "GPU node pools the cluster already has.",
    "[]",
  ),
}).superRefine((c, ctx) => {
  if (c.kubeconfigPath !== undefined && c.kubeconfigSecret !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["kubeconfigSecret"],
      message: "kubeconfigPath and kubeconfigSecret are exclusive; keep one",
    });
  }
  const seen = new Set<string>();
  c.accelerators.forEach((a, i) => {
    if (seen.has(a.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["accelerators", i, "name"],
        message: `duplicate accelerator pool name "${a.name}"; names must be unique`,
      });
    }
    seen.add(a.name);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Shared pieces of the cloud cluster schemas.

/** An IPv4 CIDR block such as 10.0.0.0/16. */
export const ipv4Cidr = z.string().refine(
  (v) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
    return m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
  },
  { error: "must be an IPv4 CIDR block such as 10.0.0.0/16" },
);

const poolName = setOnce(
  dnsLabel.max(30),
  "Stable key of the pool: names the node pool and the PodDefault that selects it. Never an index.",
);

const scaling = {
  min: upgradeSafe(
    z
      .number()
      .int({ error: "must be a whole number" })
      .min(0, { error: "must be 0 or more" })
      .default(0),
    "Fewest nodes (0: the pool costs nothing while idle).",
  ),
  max: upgradeSafe(
    z
      .number()
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be 1 or more" })
      .default(2),
    "Most nodes the autoscaler may create.",
  ),
};

/** Problems common to every pool list: duplicate names, min above max. */
function checkPools(
  pools: ReadonlyArray<{ name: string; min: number; max: number }>,
  path: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  pools.forEach((p, i) => {
    if (seen.has(p.name)) {
      ctx.addIssue({
        code: "custom",
        path: [path, i, "name"],
        message: `duplicate pool name "${p.name}"; names must be unique`,
      });
    }
    seen.add(p.name);
    if (p.min > p.max) {
      ctx.addIssue({
        code: "custom",
        path: [path, i, "min"],
        message: `min (${p.min}) is greater than max (${p.max}); lower min or raise max`,
      });
    }
  });
}

const protect = upgradeSafe(
  z.boolean().default(true),
  "Pulumi `protect` on the cluster and its encryption key: a change that would replace them fails at preview.",
);
const deletionProtection = upgradeSafe(
  z.boolean().default(true),
  "The cloud's own deletion protection on the cluster; turn off (and `pulumi up`) before destroying it.",
);

// ---------------------------------------------------------------------------------------------------------
// GKE

export const gkeAcceleratorPoolSchema = strict({
  name: poolName,
  type: upgradeSafe(
    z.enum(GKE_ACCELERATOR_TYPES),
    "Accelerator type as GKE names it (nvidia-tesla-t4, nvidia-l4, nvidia-h100-80gb, ...). Replaces the pool's nodes.",
  ),
  machineType: upgradeSafe(
    z.string().min(1),
    "Machine type that carries the accelerator (n1-* for T4, g2-standard-* for L4, a2-/a3-* for A100/H100/H200).",
  ),
  count: upgradeSafe(
    z.number().int().min(1).optional(),
    "GPUs per node; fixed by the machine type except on N1.",
    "- the machine type's count (1 on N1)",
  ),
  ...scaling,
  spot: upgradeSafe(z.boolean().default(false), "Use Spot VMs (cheaper, may be preempted)."),
  zones: upgradeSafe(
    z.array(z.string().min(1)).min(1).optional(),
    "Zones of the pool; must offer the accelerator (and hold your GPU quota).",
    "- the region's zones that offer the machine type (required for nvidia-tesla-t4)",
  ),
  diskSizeGb: upgradeSafe(z.number().int().min(50).default(200), "Boot disk size per node, in GB."),
  driverVersion: upgradeSafe(
    z.enum(["DEFAULT", "LATEST"]).default("LATEST"),
    "NVIDIA driver GKE installs (gpuDriverInstallationConfig): DEFAULT or LATEST for the node version.",
  ),
});

export const gkeSystemPoolSchema = strict({
  machineType: upgradeSafe(
    z.string().min(1).default("e2-standard-8"),
    "Machine type of the system pool (Kubeflow's controllers, Istio, Dex). Replaces its nodes.",
  ),
  min: upgradeSafe(z.number().int().min(1).default(1), "Fewest system nodes in total."),
  max: upgradeSafe(z.number().int().min(1).default(6), "Most system nodes in total."),
  diskSizeGb: upgradeSafe(z.number().int().min(50).default(100), "Boot disk size per node, in GB."),
});

export const gkeNetworkSchema = strict({
  network: setOnce(
    z.string().min(1).optional(),
    "Existing VPC network (name or self link) to use instead of creating one; needs `subnetwork` too.",
    "- a new VPC network",
  ),
  subnetwork: setOnce(
    z.string().min(1).optional(),
    "Existing subnetwork with secondary ranges named by podsRangeName and servicesRangeName.",
    "- a new subnetwork",
  ),
  nodesCidr: setOnce(
    ipv4Cidr.default("10.10.0.0/20"),
    "Primary range of a new subnetwork (nodes).",
  ),
  podsCidr: setOnce(
    ipv4Cidr.default("10.16.0.0/14"),
    "Secondary range for pods of a new subnetwork.",
  ),
  servicesCidr: setOnce(
    ipv4Cidr.default("10.20.0.0/20"),
    "Secondary range for Services of a new subnetwork.",
  ),
  podsRangeName: setOnce(z.string().min(1).default("pods"), "Name of the pods secondary range."),
  servicesRangeName: setOnce(
    z.string().min(1).default("services"),
    "Name of the Services secondary range.",
  ),
  masterCidr: setOnce(
    ipv4Cidr.default("172.16.0.0/28"),
    "A /28 for the control plane's private endpoint; must not overlap the network.",
  ),
});

export const gcpClusterSchema = strict({
  name: setOnce(
    dnsLabel.max(40).default("kubeflow"),
    "Name of the GKE cluster and prefix of resource names.",
  ),
  project: setOnce(z.string().min(1), "Google Cloud project that holds the cluster."),
  region: setOnce(
    z.string().regex(/^[a-z]+-[a-z]+\d+$/, { error: "must be a region such as europe-west4" }),
    "Region of the (regional) cluster.",
  ),
  releaseChannel: upgradeSafe(
    z.enum(["RAPID", "REGULAR", "STABLE"]).default("REGULAR"),
    "GKE release channel: automatic control-plane and node upgrades.",
  ),
  kubernetesVersion: upgradeSafe(
    z
      .string()
      .regex(/^1\.\d+$/, { error: "must be a Kubernetes minor version such as 1.34" })
      .optional(),
    "Minimum control-plane minor version, checked against the release's supported versions.",
    "- the release channel's default",
  ),
  network: setOnce(gkeNetworkSchema.prefault({}), "VPC network and IP ranges (VPC-native).", "{}"),
  privateEndpoint: setOnce(
    z.boolean().default(false),
    "Reach the control plane only on its private address (Pulumi must run inside the network).",
  ),
  masterAuthorizedNetworks: upgradeSafe(
    z.array(strict({ name: z.string().min(1), cidr: ipv4Cidr })).default([]),
    "CIDR blocks allowed to reach the control plane, each {name, cidr}.",
    "[] (any address, IAM still required)",
  ),
  dataplaneV2: setOnce(
    z.boolean().default(true),
    "GKE Dataplane V2 (eBPF, enforces NetworkPolicy). Changing it recreates the cluster.",
  ),
  secretsEncryptionKey: setOnce(
    z
      .string()
      .regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, {
        error: "must be a Cloud KMS key id projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>",
      })
      .optional(),
    "Cloud KMS key for application-layer encryption of Kubernetes Secrets in etcd.",
    "- Google-managed encryption only",
  ),
  managedPrometheus: upgradeSafe(
    z.boolean().default(true),
    "Google Cloud Managed Service for Prometheus on the cluster.",
  ),
  deletionProtection,
  protect,
  systemPool: upgradeSafe(
    gkeSystemPoolSchema.prefault({}),
    "The node pool for system workloads.",
    "{}",
  ),
  accelerators: upgradeSafe(
    z.array(gkeAcceleratorPoolSchema).default([]),
    "GPU node pools, autoscaled from min (0 by default).",
    "[]",
  ),
}).superRefine((c, ctx) => {
  if ((c.network.network === undefined) !== (c.network.subnetwork === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["network", c.network.network === undefined ? "network" : "subnetwork"],
      message:
        "network and subnetwork go together: set both to use an existing network, or neither",
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
  c.accelerators.forEach((p, i) => {
    for (const problem of checkGkeAccelerator(p)) {
      ctx.addIssue({
        code: "custom",
        path: ["accelerators", i, problem.field],
        message: problem.message,
      });
    }
    if (p.type === "nvidia-tesla-t4" && p.zones === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["accelerators", i, "zones"],
        message:
          "is required for nvidia-tesla-t4: N1 machines exist in every zone but T4s do not; " +
          `list the zones of ${c.region} that offer T4 (gcloud compute accelerator-types list)`,
      });
    }
    for (const [j, z] of (p.zones ?? []).entries()) {
      if (!z.startsWith(`${c.region}-`)) {
        ctx.addIssue({
          code: "custom",
          path: ["accelerators", i, "zones", j],
          message: `zone "${z}" is not in region ${c.region}; use a zone such as ${c.region}-a`,
        });
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// EKS

export const eksAcceleratorPoolSchema = strict({
  name: poolName,
  instanceType: upgradeSafe(
    z.string().min(1),
    "EC2 GPU instance type (g5, g6, g6e, p4d, p5, ... sizes). Replaces the pool's nodes.",
  ),
  ...scaling,
  spot: upgradeSafe(z.boolean().default(false), "Use Spot capacity (cheaper, may be interrupted)."),
  os: upgradeSafe(
    z.enum(["al2023", "bottlerocket"]).default("al2023"),
    "Node OS: the EKS AL2023 or Bottlerocket NVIDIA AMI (driver and container toolkit on the node).",
  ),
  zones: upgradeSafe(
    z.array(z.string().min(1)).min(1).optional(),
    "Availability zones to limit the pool to (where your capacity reservation or quota is).",
    "- every cluster zone that offers the instance type",
  ),
  diskSizeGb: upgradeSafe(
    z.number().int().min(50).default(200),
    "Root volume size per node, in GB.",
  ),
});

export const eksSystemPoolSchema = strict({
  instanceTypes: upgradeSafe(
    z.array(z.string().min(1)).min(1).default(["m6i.2xlarge"]),
    "Instance types of the system node group. Replaces its nodes.",
  ),
  min: upgradeSafe(z.number().int().min(1).default(2), "Fewest system nodes."),
  max: upgradeSafe(z.number().int().min(1).default(6), "Most system nodes."),
  diskSizeGb: upgradeSafe(
    z.number().int().min(20).default(100),
    "Root volume size per node, in GB.",
  ),
});

export const eksNetworkSchema = strict({
  vpcCidr: setOnce(ipv4Cidr.default("10.0.0.0/16"), "CIDR of a new VPC (a /16 to /20)."),
  availabilityZones: setOnce(
    z.array(z.string().min(1)).min(2).optional(),
    "Availability zones of a new VPC's subnets (two or more, suffixes a-f).",
    "- the region's zones a, b and c",
  ),
  singleNatGateway: upgradeSafe(
    z.boolean().default(false),
    "One NAT gateway for all zones (cheaper) instead of one per zone (survives a zone outage).",
  ),
  vpcId: setOnce(
    z
      .string()
      .regex(/^vpc-[0-9a-f]+$/, { error: "must be a VPC id such as vpc-0a1b2c3d" })
      .optional(),
    "Existing VPC to use.",
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
    "Private subnets of the existing VPC (two zones or more, with a route to a NAT).",
    "- new subnets",
  ),
});

export const eksAddonsSchema = strict({
  vpcCni: upgradeSafe(
    z.string().min(1).optional(),
    "vpc-cni add-on version.",
    "- EKS default for the version",
  ),
  coredns: upgradeSafe(
    z.string().min(1).optional(),
    "coredns add-on version.",
    "- EKS default for the version",
  ),
  kubeProxy: upgradeSafe(
    z.string().min(1).optional(),
    "kube-proxy add-on version.",
    "- EKS default for the version",
  ),
  ebsCsiDriver: upgradeSafe(
    z.string().min(1).optional(),
    "aws-ebs-csi-driver add-on version.",
    "- EKS default for the version",
  ),
});

export const EKS_LOG_TYPES = [
  "api",
  "audit",
  "authenticator",
  "controllerManager",
  "scheduler",
] as const;

export const awsClusterSchema = strict({
  name: setOnce(
    dnsLabel.max(40).default("kubeflow"),
    "Name of the EKS cluster and prefix of resource names.",
  ),
  region: setOnce(
    z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "must be a region such as eu-west-1" }),
    "AWS region of the cluster.",
  ),
  kubernetesVersion: upgradeSafe(
    z
      .string()
      .regex(/^1\.\d+$/, { error: "must be a Kubernetes minor version such as 1.34" })
      .default("1.34"),
    "Kubernetes minor version; raise one minor at a time to upgrade.",
  ),
  network: setOnce(eksNetworkSchema.prefault({}), "VPC, subnets and NAT.", "{}"),
  endpointPrivateAccess: upgradeSafe(
    z.boolean().default(true),
    "Reach the API server from inside the VPC on its private address.",
  ),
  endpointPublicAccess: upgradeSafe(
    z.boolean().default(true),
    "Reach the API server from outside the VPC (restrict with publicAccessCidrs).",
  ),
  publicAccessCidrs: upgradeSafe(
    z.array(ipv4Cidr).min(1).default(["0.0.0.0/0"]),
    "CIDR blocks allowed to reach the public endpoint.",
  ),
  secretsEncryptionKeyArn: setOnce(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/, {
        error: "must be a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<key-id>",
      })
      .optional(),
    "KMS key for envelope encryption of Kubernetes Secrets.",
    "- a new KMS key with rotation, protected",
  ),
  logTypes: upgradeSafe(
    z.array(z.enum(EKS_LOG_TYPES)).default([...EKS_LOG_TYPES]),
    "Control-plane log types sent to CloudWatch Logs.",
  ),
  admins: upgradeSafe(
    z
      .array(
        strict({
          name: dnsLabel,
          principalArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, {
            error: "must be an IAM role or user ARN",
          }),
        }),
      )
      .default([]),
    "IAM principals given cluster-admin through EKS access entries, each {name, principalArn}.",
    "[] (only the identity running Pulumi)",
  ),
  addons: upgradeSafe(eksAddonsSchema.prefault({}), "Pinned versions of the EKS add-ons.", "{}"),
  clusterAutoscaler: upgradeSafe(
    strict({
      enabled: upgradeSafe(
        z.boolean().default(true),
        "Install cluster-autoscaler, which grows GPU node groups from zero and shrinks them back.",
      ),
      version: upgradeSafe(
        z
          .string()
          .regex(/^v1\.\d+\.\d+$/, { error: "must be a cluster-autoscaler tag such as v1.34.4" })
          .optional(),
        "cluster-autoscaler image tag; must match the Kubernetes minor version.",
        "- the release catalogued for kubernetesVersion",
      ),
    }).prefault({}),
    "Cluster-autoscaler for the managed node groups.",
    "{}",
  ),
  deletionProtection,
  protect,
  systemPool: upgradeSafe(
    eksSystemPoolSchema.prefault({}),
    "The managed node group for system workloads.",
    "{}",
  ),
  accelerators: upgradeSafe(
    z.array(eksAcceleratorPoolSchema).default([]),
    "GPU managed node groups, autoscaled from min (0 by default).",
    "[]",
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
  (n.availabilityZones ?? []).forEach((z, j) => {
    if (!new RegExp(`^${c.region}[a-f]$`).test(z)) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "availabilityZones", j],
        message: `"${z}" is not a zone of ${c.region} with suffix a-f; use e.g. ${c.region}a`,
      });
    }
  });
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
  if (
    c.clusterAutoscaler.enabled &&
    c.clusterAutoscaler.version === undefined &&
    CLUSTER_AUTOSCALER_VERSIONS[c.kubernetesVersion] === undefined
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["clusterAutoscaler", "version"],
      message:
        `no cluster-autoscaler release is catalogued for Kubernetes ${c.kubernetesVersion} ` +
        `(known: ${Object.keys(CLUSTER_AUTOSCALER_VERSIONS).join(", ")}); set the tag matching ` +
        `${c.kubernetesVersion}, e.g. v${c.kubernetesVersion}.0`,
    });
  }
  checkPools(c.accelerators, "accelerators", ctx);
  c.accelerators.forEach((p, i) => {
    if (!ec2GpuInstance(p.instanceType)) {
      ctx.addIssue({
        code: "custom",
        path: ["accelerators", i, "instanceType"],
        message: unknownInstanceMessage(p.instanceType),
      });
    }
  });
});

export type GcpClusterConfig = z.output<typeof gcpClusterSchema>;
export type AwsClusterConfig = z.output<typeof awsClusterSchema>;

export type ExistingClusterConfig = z.output<typeof existingClusterSchema>;
