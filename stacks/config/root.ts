/**
 * The whole stack config as one schema, discriminated on `platform`. Each top-level key is one Pulumi config
 * key in this project's namespace (`kubeflow-platform:<key>`); sections live in their own files.
 */
import { z } from "zod";
import { nearest } from "./nearest";
import { capabilityProblems } from "./capabilities";
import { awsClusterSchema, existingClusterSchema, gcpClusterSchema, PLATFORMS } from "./cluster";
import { entryProblems } from "./entry";
import { kubeflowClusterProblems, kubeflowSchema } from "./kubeflow";
import { awsEntryConfigProblems } from "./entry-aws";
import { managedStoresProblems } from "./managed-stores";
import { checkProfilesAgainstCluster, profilesSchema } from "./profiles";
import { setOnce, strict, upgradeSafe } from "./schema";
import { metricsPlatformProblems, servicesSchema } from "./services";

/** The platform a stack gets when it names none (as declared in Pulumi.yaml). */
export const DEFAULT_PLATFORM = "existing";

/** Sections every platform shares. */
const common = {
  services: servicesSchema,
  kubeflow: kubeflowSchema,
  profiles: profilesSchema,
  allowSetOnceChanges: upgradeSafe(
    z.array(z.string().min(1)).default([]),
    "Set-once parameters (key paths as the guard names them) whose change you accept, after moving their data.",
    "[]",
  ),
};

const platformKey = <P extends "gcp" | "aws" | "existing">(p: P) =>
  setOnce(
    z.literal(p),
    'Where the platform runs: "gcp" (GKE), "aws" (EKS) or "existing" (a kubeconfig).',
  );

export const rootSchema = z
  .discriminatedUnion(
    "platform",
    [
      strict({
        platform: platformKey("existing"),
        cluster: existingClusterSchema.prefault({}),
        ...common,
      }),
      strict({ platform: platformKey("gcp"), cluster: gcpClusterSchema, ...common }),
      strict({ platform: platformKey("aws"), cluster: awsClusterSchema, ...common }),
    ],
    { error: (iss) => (iss.code === "invalid_union" ? platformHint(iss.input) : undefined) },
  )
  .superRefine((cfg, ctx) => {
    // Checks across sections: profiles name the cluster's accelerator pools (on every platform: GKE and EKS
    // pools are named too); the cluster's Kubernetes version must be one the Kubeflow release supports.
    const pools = cfg.cluster.accelerators.map((a) => a.name);
    checkProfilesAgainstCluster(cfg.profiles, pools, ctx);
    for (const p of [
      ...kubeflowClusterProblems(cfg),
      ...metricsPlatformProblems(cfg),
      ...entryProblems(cfg),
      ...managedStoresProblems(cfg),
    ]) {
      ctx.addIssue({ code: "custom", path: p.path, message: p.message });
    }
    // The gateway's exposure and certificate against what the cluster offers (load balancers).
    const declared =
      cfg.platform === "existing" ? { declaredLoadBalancer: cfg.cluster.loadBalancer } : {};
    for (const p of capabilityProblems({ ...cfg, ...declared })) {
      ctx.addIssue({ code: "custom", path: p.path, message: p.message });
    }
    // The AWS public entry against the hostname and the VPC.
    if (cfg.platform === "aws") {
      for (const p of awsEntryConfigProblems(cfg)) {
        ctx.addIssue({ code: "custom", path: p.path, message: p.message });
      }
    }
  });

function platformHint(input: unknown): string {
  const given =
    input !== null && typeof input === "object"
      ? (input as { platform?: unknown }).platform
      : input;
  const guess = typeof given === "string" ? nearest(given, PLATFORMS) : undefined;
  return `allowed: "gcp", "aws", "existing"` + (guess ? `. Did you mean "${guess}"?` : "");
}

/** Top-level keys the schema knows, across all platforms. */
export const TOP_LEVEL_KEYS: readonly string[] = [
  ...new Set(rootSchema.options.flatMap((o) => Object.keys(o.shape))),
];

export type PlatformConfig = z.output<typeof rootSchema>;
export type RawPlatformConfig = z.input<typeof rootSchema>;
