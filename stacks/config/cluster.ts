/**
 * The `platform` and `cluster` keys. One cluster schema per platform; the root schema discriminates on
 * `platform`.
 */
import { z } from "zod";
import {
  EXISTING_ACCELERATOR_DEFAULTS,
  EXISTING_CLUSTER_DEFAULTS,
  ExistingClusterOptions,
} from "../../components/cluster/existing";
import {
  EXISTING_ACCELERATOR_ARGS_DOCS as ACCELERATOR,
  EXISTING_CLUSTER_OPTION_DOCS as EXISTING,
} from "../../components/cluster/option-docs";
import { dnsLabel, setOnce, strict, upgradeSafe, type Fits } from "./schema";
import { secretRef } from "./secrets";

export { awsClusterSchema, type AwsClusterConfig } from "./cluster-aws";
export { ipv4Cidr } from "./cluster-common";
export { gcpClusterSchema, type GcpClusterConfig } from "./cluster-gcp";

export const PLATFORMS = ["gcp", "aws", "existing"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** GPUs an existing cluster already has: how pods reach them (resource name, taint, node labels). */
export const existingAcceleratorSchema = strict({
  name: setOnce(dnsLabel, ACCELERATOR.name),
  vendor: upgradeSafe(
    z.enum(["nvidia"]).default(EXISTING_ACCELERATOR_DEFAULTS.vendor),
    ACCELERATOR.vendor,
    "nvidia",
  ),
  type: upgradeSafe(z.string().min(1).optional(), ACCELERATOR.type, "- none"),
  resourceName: upgradeSafe(
    z.string().min(1).default(EXISTING_ACCELERATOR_DEFAULTS.resourceName),
    ACCELERATOR.resourceName,
  ),
  nodeSelector: upgradeSafe(
    z.record(z.string(), z.string()).default({}),
    ACCELERATOR.nodeSelector,
    "{}",
  ),
  tainted: upgradeSafe(
    z.boolean().default(EXISTING_ACCELERATOR_DEFAULTS.tainted),
    ACCELERATOR.tainted,
  ),
});

/** A CSI driver name, as a StorageClass's `provisioner` and a CSIDriver object's name spell it. */
export const csiDriverName = z
  .string()
  .max(63, { error: "must be at most 63 characters" })
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
    error:
      "must be a CSI driver name such as ebs.csi.aws.com (lowercase letters, digits, '-' and '.'): the " +
      "provisioner of the cluster's StorageClass, as `kubectl get storageclass` shows it",
  });

/** Volume snapshots on an existing cluster: the operator says which CSI driver backs its storage. */
export const existingSnapshotsSchema = strict({
  driver: upgradeSafe(
    csiDriverName.optional(),
    EXISTING.snapshotDriver,
    "- none: no VolumeSnapshotClass",
  ),
});

export const existingClusterSchema = strict({
  name: setOnce(
    dnsLabel.default("kubeflow"),
    "Name of the platform in this cluster; prefixes resource names.",
  ),
  context: setOnce(
    z.string().min(1).optional(),
    EXISTING.context,
    "- the kubeconfig's current context",
  ),
  kubeconfigPath: setOnce(
    z.string().min(1).optional(),
    EXISTING.kubeconfigPath,
    "- $KUBECONFIG or ~/.kube/config",
  ),
  kubeconfigSecret: secretRef(
    "Config key holding a whole kubeconfig as a secret (for CI). Exclusive with kubeconfigPath.",
  ).optional(),
  storageClass: setOnce(
    z.string().min(1).optional(),
    EXISTING.storageClass,
    "- the cluster's default StorageClass",
  ),
  loadBalancer: upgradeSafe(
    z.boolean().default(EXISTING_CLUSTER_DEFAULTS.loadBalancer),
    EXISTING.loadBalancer,
  ),
  kubernetesVersion: upgradeSafe(
    z
      .string()
      .regex(/^1\.\d+$/, { error: "must be a Kubernetes minor version such as 1.34" })
      .optional(),
    EXISTING.kubernetesVersion,
    "- not checked",
  ),
  accelerators: upgradeSafe(
    z.array(existingAcceleratorSchema).default([]),
    EXISTING.accelerators,
    "[]",
  ),
  snapshots: upgradeSafe(
    existingSnapshotsSchema.prefault({}),
    "Volume snapshots of the cluster's storage (a VolumeSnapshotClass for `npm run snapshot`).",
    "{}",
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

export type ExistingClusterConfig = z.output<typeof existingClusterSchema>;

/**
 * Compile-time check: the section fits the component's options (`kubeconfigSecret` becomes its
 * `kubeconfig`, `snapshots.driver` its `snapshotDriver`, `name` its component name).
 */
export type ExistingClusterOptionsFit = Fits<
  Omit<ExistingClusterConfig, "name" | "kubeconfigSecret" | "snapshots">,
  ExistingClusterOptions
>;
