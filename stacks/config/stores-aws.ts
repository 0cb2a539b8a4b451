/** The `cluster.stores` key for platform "aws": the S3 bucket and RDS MySQL server of the managed stores. */
import { z } from "zod";
import {
  AWS_DATABASE_DEFAULTS as D,
  AwsDatabaseOptions,
  bucketNameProblem,
  instanceClassProblem,
  RDS_MYSQL_VERSIONS,
} from "../../components/cloud/aws-stores-plan";
import {
  AWS_BUCKET_OPTION_DOCS as BUCKET,
  AWS_DATABASE_OPTION_DOCS as DATABASE,
} from "../../components/cloud/option-docs";
import { setOnce, strict, upgradeSafe, type Fits } from "./schema";

export const awsBucketSchema = strict({
  name: setOnce(
    z.string().superRefine((v, ctx) => {
      const p = bucketNameProblem(v);
      if (p) ctx.addIssue({ code: "custom", message: p });
    }),
    BUCKET.name,
  ),
  // The stack's own: one key the stack gives both the bucket and the database (AwsBucketOptions.kmsKeyArn
  // covers the bucket alone).
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
    DATABASE.instanceClass,
  ),
  allocatedStorageGb: upgradeSafe(
    z.number().int().min(20).max(65536).default(D.allocatedStorageGb),
    DATABASE.allocatedStorageGb,
  ),
  maxAllocatedStorageGb: upgradeSafe(
    z.number().int().min(20).max(65536).default(D.maxAllocatedStorageGb),
    DATABASE.maxAllocatedStorageGb,
  ),
  multiAz: upgradeSafe(z.boolean().default(D.multiAz), DATABASE.multiAz),
  engineVersion: setOnce(
    z.enum(RDS_MYSQL_VERSIONS).default(D.engineVersion),
    DATABASE.engineVersion,
  ),
  backupRetentionDays: upgradeSafe(
    z.number().int().min(1).max(35).default(D.backupRetentionDays),
    DATABASE.backupRetentionDays,
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
