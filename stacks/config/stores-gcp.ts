/** The `cluster.stores` key for platform "gcp": the GCS bucket and the Cloud SQL server (GcpManagedStores). */
import { z } from "zod";
import type { GcpDatabaseOptions } from "../../components/cloud/gcp-stores";
import {
  cloudSqlTierProblem,
  GCP_DATABASE_DEFAULTS as D,
  gcsBucketNameProblem,
} from "../../components/cloud/gcp-stores-plan";
import {
  GCP_BUCKET_OPTION_DOCS as BUCKET,
  GCP_DATABASE_OPTION_DOCS as DATABASE,
} from "../../components/cloud/option-docs";
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
    BUCKET.name,
  ),
  location: setOnce(z.string().min(1).optional(), BUCKET.location, "- the cluster's region"),
  kmsKey: upgradeSafe(kmsKeyId.optional(), BUCKET.kmsKey, "- Google-managed encryption"),
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
    DATABASE.tier,
  ),
  version: setOnce(z.enum(["MYSQL_8_0", "MYSQL_8_4"]).default(D.version), DATABASE.version),
  diskSizeGb: upgradeSafe(z.number().int().min(10).default(D.diskSizeGb), DATABASE.diskSizeGb),
  highAvailability: upgradeSafe(z.boolean().default(D.highAvailability), DATABASE.highAvailability),
  transactionLogRetentionDays: upgradeSafe(
    z.number().int().min(1).max(35).default(D.transactionLogRetentionDays),
    DATABASE.transactionLogRetentionDays,
  ),
  retainedBackups: upgradeSafe(
    z.number().int().min(1).max(365).default(D.retainedBackups),
    DATABASE.retainedBackups,
  ),
  backupStartTime: upgradeSafe(
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "must be HH:MM (UTC), e.g. 02:00" })
      .default(D.backupStartTime),
    DATABASE.backupStartTime,
  ),
  sslMode: upgradeSafe(
    z.enum(["ALLOW_UNENCRYPTED_AND_ENCRYPTED", "ENCRYPTED_ONLY"]).default(D.sslMode),
    DATABASE.sslMode,
  ),
  privateServicesAccess: setOnce(
    z.enum(["create", "existing"]).default(D.privateServicesAccess),
    DATABASE.privateServicesAccess,
  ),
  privateRangePrefixLength: setOnce(
    z.number().int().min(16).max(24).default(D.privateRangePrefixLength),
    DATABASE.privateRangePrefixLength,
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
