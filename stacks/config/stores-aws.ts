/** The `cluster.stores` key for platform "aws": the S3 bucket and RDS MySQL server of the managed stores. */
import { z } from "zod";
import {
  AWS_DATABASE_DEFAULTS as D,
  AwsDatabaseOptions,
  bucketNameProblem,
  instanceClassProblem,
  RDS_MYSQL_VERSIONS,
} from "../../components/cloud/aws-stores-plan";
import { setOnce, strict, upgradeSafe, type Fits } from "./schema";

export const awsBucketSchema = strict({
  name: setOnce(
    z.string().superRefine((v, ctx) => {
      const p = bucketNameProblem(v);
      if (p) ctx.addIssue({ code: "custom", message: p });
    }),
    "Globally unique S3 bucket name for Pipelines' artifacts (no '.', see README).",
  ),
  kmsKeyArn: setOnce(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/, {
        error: "must be a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<key-id>",
      })
      .optional(),
    "KMS key for SSE-KMS of the bucket and the database's storage.",
    "- a new KMS key with rotation, protected",
  ),
});

export const awsDatabaseSchema = strict({
  instanceClass: upgradeSafe(
    z
      .string()
      .default(D.instanceClass)
      .superRefine((v, ctx) => {
        const p = instanceClassProblem(v);
        if (p) ctx.addIssue({ code: "custom", message: p });
      }),
    "RDS MySQL instance class (db.t3/t4g, m5-m8g, r5-r8g families). A change restarts the server.",
  ),
  allocatedStorageGb: upgradeSafe(
    z.number().int().min(20).max(65536).default(D.allocatedStorageGb),
    "Initial gp3 storage in GB (may only grow).",
  ),
  maxAllocatedStorageGb: upgradeSafe(
    z.number().int().min(20).max(65536).default(D.maxAllocatedStorageGb),
    "Storage autoscaling ceiling in GB.",
  ),
  multiAz: upgradeSafe(
    z.boolean().default(D.multiAz),
    "A standby in a second zone (survives a zone outage).",
  ),
  engineVersion: setOnce(
    z.enum(RDS_MYSQL_VERSIONS).default(D.engineVersion),
    "MySQL major version; a downgrade is impossible and an upgrade is a deliberate migration.",
  ),
  backupRetentionDays: upgradeSafe(
    z.number().int().min(1).max(35).default(D.backupRetentionDays),
    "Days of automated backups (point-in-time recovery).",
  ),
});

export const awsStoresSchema = strict({
  bucket: setOnce(
    awsBucketSchema.optional(),
    "The S3 bucket (needed when Pipelines uses managed storage).",
    "- none",
  ),
  database: upgradeSafe(
    awsDatabaseSchema.optional(),
    "The RDS MySQL server (needed when an application uses the managed database).",
    "- none",
  ),
});

export type AwsStoresConfig = z.output<typeof awsStoresSchema>;
/** Compile-time check: `cluster.stores.database` fits the component's `AwsDatabaseOptions`. */
export type AwsDatabaseOptionsFit = Fits<z.output<typeof awsDatabaseSchema>, AwsDatabaseOptions>;
