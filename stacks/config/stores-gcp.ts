/** The `cluster.stores` key for platform "gcp": the GCS bucket and the Cloud SQL server (GcpManagedStores). */
import { z } from "zod";
import type { GcpDatabaseOptions } from "../../components/cloud/gcp-stores";
import {
  cloudSqlTierProblem,
  GCP_DATABASE_DEFAULTS as D,
  gcsBucketNameProblem,
} from "../../components/cloud/gcp-stores-plan";
import { setOnce, strict, upgradeSafe, type Fits } from "./schema";

const kmsKeyId = z
  .string()
  .regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, {
    error: "must be a Cloud KMS key id projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>",
  });

export const gcpBucketSchema = strict({
  name: setOnce(
    z.string().superRefine((v, ctx) => {
      const p = gcsBucketNameProblem(v);
      if (p !== undefined) ctx.addIssue({ code: "custom", message: p });
    }),
    "Globally unique GCS bucket name for Pipelines' artifacts (3-63 characters, or up to 222 with dots).",
  ),
  location: setOnce(
    z.string().min(1).optional(),
    "Location of the bucket (a region such as europe-west4, or a multi-region). Changing it replaces the bucket.",
    "- the cluster's region",
  ),
  kmsKey: upgradeSafe(
    kmsKeyId.optional(),
    "Cloud KMS key for CMEK encryption of new objects in the bucket (the Cloud Storage service agent is granted it).",
    "- Google-managed encryption",
  ),
});

export const gcpDatabaseSchema = strict({
  tier: upgradeSafe(
    z
      .string()
      .default(D.tier)
      .superRefine((v, ctx) => {
        const p = cloudSqlTierProblem(v);
        if (p !== undefined) ctx.addIssue({ code: "custom", message: p });
      }),
    "Cloud SQL machine type (Enterprise: db-custom-<vCPU>-<MiB>, db-n1-*; Enterprise Plus: " +
      "db-perf-optimized-N-<vCPU>). Resizing restarts the server.",
  ),
  version: setOnce(
    z.enum(["MYSQL_8_0", "MYSQL_8_4"]).default(D.version),
    "MySQL major version; only upgrades in place, never back.",
  ),
  diskSizeGb: upgradeSafe(
    z.number().int().min(10).default(D.diskSizeGb),
    "SSD size in GB; grows automatically and can never shrink.",
  ),
  highAvailability: upgradeSafe(
    z.boolean().default(D.highAvailability),
    "A standby in a second zone (availability type REGIONAL).",
  ),
  transactionLogRetentionDays: upgradeSafe(
    z.number().int().min(1).max(35).default(D.transactionLogRetentionDays),
    "Days of binary logs kept for point-in-time recovery (at most 7 on Enterprise, 35 on Enterprise Plus).",
  ),
  retainedBackups: upgradeSafe(
    z.number().int().min(1).max(365).default(D.retainedBackups),
    "Automated daily backups kept.",
  ),
  backupStartTime: upgradeSafe(
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "must be HH:MM (UTC), e.g. 02:00" })
      .default(D.backupStartTime),
    "Start of the daily backup window, HH:MM UTC.",
  ),
  sslMode: upgradeSafe(
    z.enum(["ALLOW_UNENCRYPTED_AND_ENCRYPTED", "ENCRYPTED_ONLY"]).default(D.sslMode),
    "TLS the server demands. ENCRYPTED_ONLY locks out Katib's db-manager, whose DSN cannot ask for TLS.",
  ),
  privateServicesAccess: setOnce(
    z.enum(["create", "existing"]).default(D.privateServicesAccess),
    "create: reserve a range and peer the cluster network with Service Networking; existing: the " +
      "network already has private services access (one connection per network).",
  ),
  privateRangePrefixLength: setOnce(
    z.number().int().min(16).max(24).default(D.privateRangePrefixLength),
    "Prefix length of the range reserved for private services access (create only).",
  ),
});

export const gcpStoresSchema = strict({
  bucket: setOnce(
    gcpBucketSchema.optional(),
    "The GCS bucket for Pipelines' artifacts, when Kubeflow asks for a managed object store.",
    "- none",
  ),
  database: upgradeSafe(
    gcpDatabaseSchema.prefault({}),
    "The Cloud SQL for MySQL server, when Kubeflow asks for managed databases.",
    "{}",
  ),
}).superRefine((s, ctx) => {
  const d = s.database;
  if (d.tier.startsWith("db-perf-optimized-") ? false : d.transactionLogRetentionDays > 7) {
    ctx.addIssue({
      code: "custom",
      path: ["database", "transactionLogRetentionDays"],
      message: `${d.transactionLogRetentionDays} days is more than the 7 an Enterprise tier (${d.tier}) keeps; lower it or use a db-perf-optimized-N-<vCPU> tier`,
    });
  }
});

/** The `cluster.stores` section: absent, no managed stores can be asked for. */
export const gcpStoresSection = upgradeSafe(
  gcpStoresSchema.optional(),
  "Managed stores beside the GKE cluster (GCS bucket, Cloud SQL for MySQL), used when Kubeflow asks for them.",
  "- none",
);

export type GcpStoresConfig = z.output<typeof gcpStoresSchema>;

/** Compile-time check: `cluster.stores.database` fits the component's `GcpDatabaseOptions`. */
export type GcpDatabaseOptionsFit = Fits<z.output<typeof gcpDatabaseSchema>, GcpDatabaseOptions>;
