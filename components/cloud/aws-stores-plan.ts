/**
 * Pure rules and plans of the AWS managed stores (S3 bucket, RDS MySQL): validation of names and instance
 * classes, and the IAM documents IRSA needs. No resources here; `aws-stores.ts` registers them.
 */
import { irsaTrustDocument } from "../cluster/eks-plan";
import type { WorkloadPrincipal } from "../shared/managed-stores";

/** RDS MySQL instance classes by family, with their real sizes (RDS MySQL 8.0/8.4 orderable classes). */
export const RDS_MYSQL_CLASSES: Readonly<Record<string, readonly string[]>> = {
  "db.t3": ["micro", "small", "medium", "large", "xlarge", "2xlarge"],
  "db.t4g": ["micro", "small", "medium", "large", "xlarge", "2xlarge"],
  "db.m5": ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
  "db.m6g": ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  "db.m6i": [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "32xlarge",
  ],
  "db.m7g": ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  "db.m7i": [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "48xlarge",
  ],
  "db.m8g": [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "48xlarge",
  ],
  "db.r5": ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
  "db.r6g": ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  "db.r6i": [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "32xlarge",
  ],
  "db.r7g": ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  "db.r7i": [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "48xlarge",
  ],
  "db.r8g": [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "48xlarge",
  ],
};

export const ALL_RDS_MYSQL_CLASSES: readonly string[] = Object.entries(RDS_MYSQL_CLASSES).flatMap(
  ([f, sizes]) => sizes.map((s) => `${f}.${s}`),
);

/** Why an instance class is refused, with the nearest real class; undefined when it exists. */
export function instanceClassProblem(cls: string): string | undefined {
  if (ALL_RDS_MYSQL_CLASSES.includes(cls)) return undefined;
  const m = /^(db\.[a-z0-9]+)\.([a-z0-9]+)$/.exec(cls);
  const family = m ? RDS_MYSQL_CLASSES[m[1]] : undefined;
  let suggestion: string;
  if (m && family) {
    suggestion = `${m[1]} comes in ${family.join(", ")}; e.g. ${m[1]}.${family.includes("large") ? "large" : family[0]}`;
  } else {
    const prefix = cls.split(".").slice(0, 2).join(".");
    const close = Object.keys(RDS_MYSQL_CLASSES).filter((f) => f.startsWith(prefix.slice(0, 4)));
    suggestion = `families are ${Object.keys(RDS_MYSQL_CLASSES).join(", ")}${
      close.length > 0
        ? `; nearest: ${close[0]}.${RDS_MYSQL_CLASSES[close[0]].includes("large") ? "large" : "medium"}`
        : ""
    }`;
  }
  return `"${cls}" is not an RDS MySQL instance class; ${suggestion}`;
}

/** Why an S3 bucket name is refused (general-purpose bucket naming rules), or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  const fix =
    "use 3-63 lowercase letters, digits and '-', starting and ending with a letter or digit, e.g. acme-kubeflow-artifacts";
  if (name.length < 3 || name.length > 63)
    return `"${name}" has ${name.length} characters; S3 allows 3-63; ${fix}`;
  if (!/^[a-z0-9.-]+$/.test(name))
    return `"${name}" has characters S3 refuses (only lowercase letters, digits, '.', '-'); ${fix}`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name))
    return `"${name}" must start and end with a letter or digit; ${fix}`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name))
    return `"${name}" is formatted as an IP address, which S3 refuses; ${fix}`;
  if (name.includes("."))
    return `"${name}" contains '.': S3 allows it, but TLS virtual-hosted requests (https://<bucket>.s3.<region>.amazonaws.com, which Kubeflow's S3 clients use) fail the certificate's wildcard match; ${fix}`;
  for (const p of ["xn--", "sthree-", "amzn-s3-demo-"])
    if (name.startsWith(p)) return `"${name}" starts with "${p}", a prefix S3 reserves; ${fix}`;
  for (const s of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"])
    if (name.endsWith(s)) return `"${name}" ends with "${s}", a suffix S3 reserves; ${fix}`;
  return undefined;
}

/** The IRSA trust policy of a role: exactly these ServiceAccounts, through the cluster's OIDC provider. */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  oidcIssuer: string,
  principals: readonly WorkloadPrincipal[],
): Record<string, unknown> {
  const subjects = principals.map(
    (p) => `system:serviceaccount:${p.namespace}:${p.serviceAccount}`,
  );
  // One subject as a plain string: the form policy rule irsa-trust-scoped-to-service-account accepts.
  return irsaTrustDocument(
    oidcProviderArn,
    oidcIssuer,
    subjects.length === 1 ? subjects[0]! : subjects,
  );
}

/**
 * Object access on one bucket and use of its key; nothing else. With `prefixes`, reads and writes are held to
 * those key prefixes (as SeaweedFS's per-namespace policies of KFP's profile controller hold them in-cluster);
 * listing stays bucket-wide, as KFP's launcher lists the directories it downloads.
 */
export function bucketAccessPolicy(
  bucketArn: string,
  keyArn: string,
  prefixes?: readonly string[],
): Record<string, unknown> {
  const objects =
    prefixes === undefined ? [`${bucketArn}/*`] : prefixes.map((p) => `${bucketArn}/${p}*`);
  return {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucketArn] },
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: objects,
      },
      { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [keyArn] },
    ],
  };
}

/**
 * Pure: the IAM roles the bucket's principals are given: one per principal, trusted by exactly its
 * ServiceAccount (policy rule irsa-trust-scoped-to-service-account), keyed by a stable name part. The
 * Pipelines control plane's roles reach the whole bucket (the API server and the UI read every namespace's
 * artifacts); a profile's is held to its own prefixes.
 */
export function bucketRoles(
  principals: readonly WorkloadPrincipal[],
): Array<{ key: string; principals: WorkloadPrincipal[]; prefixes?: readonly string[] }> {
  return principals.map((p) => ({
    key: `-${p.namespace}.${p.serviceAccount}`,
    principals: [p],
    ...(p.prefixes !== undefined ? { prefixes: p.prefixes } : {}),
  }));
}

/** The bucket policy refusing any request not over TLS. */
export function denyInsecureTransport(bucketArn: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/** The MySQL major versions RDS runs for the stores. */
export const RDS_MYSQL_VERSIONS = ["8.0", "8.4"] as const;

/** The settings of the RDS MySQL server; each has a default (`AWS_DATABASE_DEFAULTS`). */
export interface AwsDatabaseOptions {
  /** RDS MySQL instance class (db.t3/t4g, m5-m8g, r5-r8g families). A change restarts the server. */
  instanceClass?: string;
  /** Initial gp3 storage in GB (may only grow). */
  allocatedStorageGb?: number;
  /** Storage autoscaling ceiling in GB. */
  maxAllocatedStorageGb?: number;
  /** A standby in a second zone (survives a zone outage). */
  multiAz?: boolean;
  /** MySQL major version; a downgrade is impossible and an upgrade is a deliberate migration. */
  engineVersion?: (typeof RDS_MYSQL_VERSIONS)[number];
  /** Days of automated backups (point-in-time recovery). */
  backupRetentionDays?: number;
}

/** The defaults of `AwsDatabaseOptions`, written once (the stack schema takes them). */
export const AWS_DATABASE_DEFAULTS = {
  instanceClass: "db.t4g.medium",
  allocatedStorageGb: 20,
  maxAllocatedStorageGb: 100,
  multiAz: false,
  engineVersion: "8.0",
  backupRetentionDays: 7,
} as const satisfies Required<AwsDatabaseOptions>;

/** The defaults of `AwsManagedStoresArgs`' settings, written once. */
export const AWS_STORES_DEFAULTS = { protect: true } as const;

/** Pure: the server's settings with every default a caller left out (or set to undefined) filled in. */
export function awsDatabaseSettings(options: AwsDatabaseOptions): Required<AwsDatabaseOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...AWS_DATABASE_DEFAULTS, ...given } as Required<AwsDatabaseOptions>;
}
