/** The `cluster` key for platform "gcp": a GKE cluster with accelerator pools. */
import { z } from "zod";
import { checkGkeAccelerator, GKE_ACCELERATOR_TYPES } from "../../components/cluster/gke-catalog";
import {
  GKE_CLUSTER_DEFAULTS,
  GKE_GPU_POOL_DEFAULTS,
  GKE_NETWORK_DEFAULTS,
  GKE_SYSTEM_POOL_DEFAULTS,
  GkeClusterOptions,
} from "../../components/cluster/gke-options";
import { gkeNetworkPairProblems, gkeNetworkProblems } from "../../components/cluster/gke-plan";
import {
  GKE_ACCELERATOR_POOL_ARGS_DOCS as POOL,
  GKE_AUTHORIZED_NETWORK_DOCS as AUTHORIZED_NETWORK,
  GKE_CLUSTER_OPTION_DOCS as GKE,
  GKE_NETWORK_OPTION_DOCS as NETWORK,
  GKE_SYSTEM_POOL_OPTION_DOCS as SYSTEM_POOL,
} from "../../components/cluster/option-docs";
import {
  checkPools,
  deletionProtection,
  ipv4Cidr,
  poolName,
  protect,
  scaling,
} from "./cluster-common";
import { gcpEntrySchema } from "./entry-gcp";
import { dnsLabel, setOnce, strict, upgradeSafe, type Fits } from "./schema";
import { gcpStoresSection } from "./stores-gcp";

export const gkeAcceleratorPoolSchema = strict({
  name: poolName,
  type: upgradeSafe(z.enum(GKE_ACCELERATOR_TYPES), POOL.type),
  machineType: upgradeSafe(z.string().min(1), POOL.machineType),
  count: upgradeSafe(
    z.number().int().min(1).optional(),
    POOL.count,
    "- the machine type's count (1 on N1)",
  ),
  ...scaling,
  spot: upgradeSafe(z.boolean().default(GKE_GPU_POOL_DEFAULTS.spot), POOL.spot),
  zones: upgradeSafe(
    z.array(z.string().min(1)).min(1).optional(),
    POOL.zones,
    "- the region's zones that offer the machine type (required for nvidia-tesla-t4)",
  ),
  diskSizeGb: upgradeSafe(
    z.number().int().min(50).default(GKE_GPU_POOL_DEFAULTS.diskSizeGb),
    POOL.diskSizeGb,
  ),
  driverVersion: upgradeSafe(
    z.enum(["DEFAULT", "LATEST"]).default(GKE_GPU_POOL_DEFAULTS.driverVersion),
    POOL.driverVersion,
  ),
});

export const gkeSystemPoolSchema = strict({
  machineType: upgradeSafe(
    z.string().min(1).default(GKE_SYSTEM_POOL_DEFAULTS.machineType),
    SYSTEM_POOL.machineType,
  ),
  min: upgradeSafe(z.number().int().min(1).default(GKE_SYSTEM_POOL_DEFAULTS.min), SYSTEM_POOL.min),
  max: upgradeSafe(z.number().int().min(1).default(GKE_SYSTEM_POOL_DEFAULTS.max), SYSTEM_POOL.max),
  diskSizeGb: upgradeSafe(
    z.number().int().min(50).default(GKE_SYSTEM_POOL_DEFAULTS.diskSizeGb),
    SYSTEM_POOL.diskSizeGb,
  ),
});

export const gkeNetworkSchema = strict({
  network: setOnce(z.string().min(1).optional(), NETWORK.network, "- a new VPC network"),
  subnetwork: setOnce(z.string().min(1).optional(), NETWORK.subnetwork, "- a new subnetwork"),
  nodesCidr: setOnce(ipv4Cidr.default(GKE_NETWORK_DEFAULTS.nodesCidr), NETWORK.nodesCidr),
  podsCidr: setOnce(ipv4Cidr.default(GKE_NETWORK_DEFAULTS.podsCidr), NETWORK.podsCidr),
  servicesCidr: setOnce(ipv4Cidr.default(GKE_NETWORK_DEFAULTS.servicesCidr), NETWORK.servicesCidr),
  podsRangeName: setOnce(
    z.string().min(1).default(GKE_NETWORK_DEFAULTS.podsRangeName),
    NETWORK.podsRangeName,
  ),
  servicesRangeName: setOnce(
    z.string().min(1).default(GKE_NETWORK_DEFAULTS.servicesRangeName),
    NETWORK.servicesRangeName,
  ),
  masterCidr: setOnce(ipv4Cidr.default(GKE_NETWORK_DEFAULTS.masterCidr), NETWORK.masterCidr),
});

export const gcpClusterSchema = strict({
  name: setOnce(
    dnsLabel
      .max(40)
      .regex(/^[a-z]/, { error: "must start with a letter (GKE cluster names do)" })
      .default("kubeflow"),
    "Name of the GKE cluster and prefix of resource names.",
  ),
  project: setOnce(z.string().min(1), GKE.project),
  region: setOnce(
    z.string().regex(/^[a-z]+-[a-z]+\d+$/, { error: "must be a region such as europe-west4" }),
    GKE.region,
  ),
  releaseChannel: upgradeSafe(
    z.enum(["RAPID", "REGULAR", "STABLE"]).default(GKE_CLUSTER_DEFAULTS.releaseChannel),
    GKE.releaseChannel,
  ),
  kubernetesVersion: upgradeSafe(
    z
      .string()
      .regex(/^1\.\d+$/, { error: "must be a Kubernetes minor version such as 1.34" })
      .optional(),
    GKE.kubernetesVersion,
    "- the release channel's default",
  ),
  network: setOnce(gkeNetworkSchema.prefault({}), GKE.network, "{}"),
  privateEndpoint: setOnce(
    z.boolean().default(GKE_CLUSTER_DEFAULTS.privateEndpoint),
    GKE.privateEndpoint,
  ),
  masterAuthorizedNetworks: upgradeSafe(
    z
      .array(
        strict({
          name: upgradeSafe(z.string().min(1), AUTHORIZED_NETWORK.name),
          cidr: upgradeSafe(ipv4Cidr.clone(), AUTHORIZED_NETWORK.cidr),
        }),
      )
      .default([]),
    GKE.masterAuthorizedNetworks,
    "[] (any address, IAM still required)",
  ),
  dataplaneV2: setOnce(z.boolean().default(GKE_CLUSTER_DEFAULTS.dataplaneV2), GKE.dataplaneV2),
  secretsEncryptionKey: setOnce(
    z
      .string()
      .regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, {
        error: "must be a Cloud KMS key id projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>",
      })
      .optional(),
    GKE.secretsEncryptionKey,
    "- Google-managed encryption only",
  ),
  managedPrometheus: upgradeSafe(
    z.boolean().default(GKE_CLUSTER_DEFAULTS.managedPrometheus),
    GKE.managedPrometheus,
  ),
  deletionProtection,
  protect,
  systemPool: upgradeSafe(gkeSystemPoolSchema.prefault({}), GKE.systemPool, "{}"),
  accelerators: upgradeSafe(z.array(gkeAcceleratorPoolSchema).default([]), GKE.accelerators, "[]"),
  stores: gcpStoresSection,
  entry: upgradeSafe(
    gcpEntrySchema.optional(),
    "Public HTTPS entry: global load balancer, Google-managed certificate, DNS record, optional IAP.",
    "- none (the gateway as services.istio says)",
  ),
}).superRefine((c, ctx) => {
  // The component's own check: an existing network needs its subnetwork, and the other way round.
  for (const p of gkeNetworkPairProblems(c.network)) {
    ctx.addIssue({ code: "custom", path: [...p.path], message: p.message });
  }
  if (c.systemPool.min > c.systemPool.max) {
    ctx.addIssue({
      code: "custom",
      path: ["systemPool", "min"],
      message: `min (${c.systemPool.min}) is greater than max (${c.systemPool.max}); lower min or raise max`,
    });
  }
  checkPools(c.accelerators, "accelerators", ctx);
  // IP ranges and pool zones: the component's own checks.
  for (const p of gkeNetworkProblems(c)) {
    ctx.addIssue({ code: "custom", path: [...p.path], message: p.message });
  }
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

export type GcpClusterConfig = z.output<typeof gcpClusterSchema>;

/** Compile-time check: the section, less what the stack composes beside the cluster, fits the component. */
export type GcpClusterOptionsFit = Fits<
  Omit<GcpClusterConfig, "name" | "stores" | "entry">,
  Omit<GkeClusterOptions, "clusterName">
>;
