/**
 * AwsManagedStores: the S3 bucket (Pipelines' artifacts, reached through IRSA) and the RDS MySQL server
 * (Pipelines, Katib, Model Registry) of a platform on EKS, private to the cluster, encrypted with KMS.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ClusterHandle } from "../cluster/handle";
import { awsClusterFacts } from "./cluster-facts";
import type { ManagedStores, PrincipalIdentity, WorkloadPrincipal } from "../shared/managed-stores";
import {
  AWS_STORES_DEFAULTS,
  AwsDatabaseOptions,
  awsDatabaseSettings,
  bucketAccessPolicy,
  bucketNameProblem,
  bucketRoles,
  denyInsecureTransport,
  instanceClassProblem,
  irsaTrustPolicy,
} from "./aws-stores-plan";

/** The S3 bucket of Pipelines' artifacts: its name and its encryption key. */
export interface AwsBucketOptions {
  /**
   * Globally unique S3 bucket name for Pipelines' artifacts (3-63 characters, no '.': TLS to a
   * virtual-hosted bucket with dots fails). Set once: a new name is a new bucket.
   */
  name: string;
  /**
   * KMS key for SSE-KMS of the bucket.
   * @default - a new KMS key with rotation (shared with the database)
   * @remarks May be an Output of the caller's key.
   */
  kmsKeyArn?: pulumi.Input<string>;
}

export interface AwsManagedStoresArgs {
  /** Prefix of the AWS resources' names (the cluster's name). */
  prefix: string;
  /** The EKS cluster: its AWS facts (VPC, private subnets, cluster security group, OIDC provider, provider). */
  cluster: Pick<ClusterHandle, "cloud">;
  /** The bucket, and the Kubernetes ServiceAccounts granted its objects. */
  bucket?: AwsBucketOptions & { principals: readonly WorkloadPrincipal[] };
  /** The server: its settings (defaults `AWS_DATABASE_DEFAULTS`), its key, the databases to hold. */
  database?: AwsDatabaseOptions & {
    kmsKeyArn?: pulumi.Input<string>;
    /** Database names by application key; each application creates its own (see README). */
    databases: Readonly<Record<string, string>>;
  };
  /** Pulumi `protect` on the stateful resources (bucket, key, database). @default AWS_STORES_DEFAULTS.protect (true) */
  protect?: boolean;
}

/** The master user of the server; Kubeflow's applications connect as it (their manifests take one user). */
export const MASTER_USER = "kubeflow";

/** The args with every default applied. */
type ResolvedArgs = Omit<AwsManagedStoresArgs, "database" | "protect"> & {
  database?: Required<AwsDatabaseOptions> &
    Pick<NonNullable<AwsManagedStoresArgs["database"]>, "kmsKeyArn" | "databases">;
  protect: boolean;
};

function resolve(args: AwsManagedStoresArgs): ResolvedArgs {
  const { database, protect, ...rest } = args;
  return {
    ...rest,
    protect: protect ?? AWS_STORES_DEFAULTS.protect,
    ...(database !== undefined
      ? {
          database: {
            ...awsDatabaseSettings(database),
            ...(database.kmsKeyArn !== undefined ? { kmsKeyArn: database.kmsKeyArn } : {}),
            databases: database.databases,
          },
        }
      : {}),
  };
}

function problems(args: ResolvedArgs): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (args.bucket) {
    const p = bucketNameProblem(args.bucket.name);
    if (p) out.push({ path: "bucket.name", message: p });
    if (args.bucket.principals.length === 0)
      out.push({ path: "bucket.principals", message: "no ServiceAccount to grant the bucket to" });
  }
  if (args.database) {
    const p = instanceClassProblem(args.database.instanceClass);
    if (p) out.push({ path: "database.instanceClass", message: p });
    if (args.database.maxAllocatedStorageGb < args.database.allocatedStorageGb)
      out.push({
        path: "database.maxAllocatedStorageGb",
        message: `${args.database.maxAllocatedStorageGb} is below allocatedStorageGb (${args.database.allocatedStorageGb}); raise it`,
      });
  }
  return out;
}

export class AwsManagedStores extends pulumi.ComponentResource {
  readonly stores: ManagedStores;

  constructor(name: string, given: AwsManagedStoresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cloud:AwsManagedStores", name, {}, opts);
    const args = resolve(given);
    const bad = problems(args);
    if (bad.length > 0) {
      throw new pulumi.InputPropertiesError({
        message: `AwsManagedStores ${name}: ${bad.map((b) => `${b.path}: ${b.message}`).join("; ")}`,
        errors: bad.map((b) => ({ propertyPath: b.path, reason: b.message })),
      });
    }
    const c = awsClusterFacts(`AwsManagedStores ${name}`, args.cluster);
    const child = { parent: this, provider: c.provider };
    const stateful = { ...child, protect: args.protect };
    const ready: pulumi.Resource[] = [];

    const needsKey =
      (args.bucket !== undefined && args.bucket.kmsKeyArn === undefined) ||
      (args.database !== undefined && args.database.kmsKeyArn === undefined);
    const key = needsKey
      ? new aws.kms.Key(
          `${name}-key`,
          {
            description: `${args.prefix} Kubeflow managed stores (S3 artifacts, RDS storage)`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
          },
          stateful,
        )
      : undefined;

    let objectStore: ManagedStores["objectStore"];
    if (args.bucket) {
      const b = args.bucket;
      const keyArn: pulumi.Input<string> = b.kmsKeyArn ?? key!.arn;
      const bucket = new aws.s3.Bucket(
        `${name}-bucket`,
        { bucket: b.name, forceDestroy: false },
        stateful,
      );
      const pab = new aws.s3.BucketPublicAccessBlock(
        `${name}-bucket-public-access`,
        {
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        child,
      );
      const own = new aws.s3.BucketOwnershipControls(
        `${name}-bucket-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        child,
      );
      const sse = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-bucket-encryption`,
        {
          bucket: bucket.id,
          rules: [
            {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: keyArn,
              },
              bucketKeyEnabled: true,
            },
          ],
        },
        child,
      );
      const ver = new aws.s3.BucketVersioning(
        `${name}-bucket-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        child,
      );
      const pol = new aws.s3.BucketPolicy(
        `${name}-bucket-tls-only`,
        {
          bucket: bucket.id,
          policy: bucket.arn.apply((arn) => JSON.stringify(denyInsecureTransport(arn))),
        },
        { ...child, dependsOn: [pab] },
      );
      // One role per principal, each trusted by exactly its ServiceAccount: the Pipelines control plane's
      // with the whole bucket, each profile's workloads' held to their own namespace's prefixes.
      const identities: PrincipalIdentity[] = [];
      for (const group of bucketRoles(b.principals)) {
        const role = new aws.iam.Role(
          `${name}-bucket-role${group.key}`,
          {
            description: `${args.prefix} Kubeflow workloads' access to s3://${b.name}${
              group.prefixes !== undefined ? ` (${group.prefixes.join(", ")})` : ""
            }`,
            assumeRolePolicy: pulumi
              .all([c.oidcProviderArn, c.oidcIssuer])
              .apply(([arn, iss]) => JSON.stringify(irsaTrustPolicy(arn, iss, group.principals))),
          },
          child,
        );
        const access = new aws.iam.RolePolicy(
          `${name}-bucket-access${group.key}`,
          {
            role: role.name,
            policy: pulumi
              .all([bucket.arn, keyArn])
              .apply(([arn, k]) => JSON.stringify(bucketAccessPolicy(arn, k, group.prefixes))),
          },
          child,
        );
        ready.push(role, access);
        for (const principal of group.principals)
          identities.push({ principal, annotations: { "eks.amazonaws.com/role-arn": role.arn } });
      }
      ready.push(bucket, pab, own, sse, ver, pol);
      objectStore = {
        kind: "s3",
        bucket: bucket.bucket,
        bucketName: b.name,
        endpoint: `s3.${c.region}.amazonaws.com`,
        region: c.region,
        identities,
      };
    }

    let database: ManagedStores["database"];
    if (args.database) {
      const d = args.database;
      const keyArn: pulumi.Input<string> = d.kmsKeyArn ?? key!.arn;
      const subnets = new aws.rds.SubnetGroup(
        `${name}-db-subnets`,
        {
          description: `${args.prefix} Kubeflow MySQL: the cluster's private subnets`,
          subnetIds: [...c.privateSubnetIds],
        },
        child,
      );
      const sg = new aws.ec2.SecurityGroup(
        `${name}-db-sg`,
        {
          description: `${args.prefix} Kubeflow MySQL: 3306 from the cluster only`,
          vpcId: c.vpcId,
        },
        child,
      );
      const ingress = new aws.vpc.SecurityGroupIngressRule(
        `${name}-db-from-cluster`,
        {
          securityGroupId: sg.id,
          referencedSecurityGroupId: c.clusterSecurityGroupId,
          ipProtocol: "tcp",
          fromPort: 3306,
          toPort: 3306,
          description: "MySQL from the EKS cluster security group (nodes and pods)",
        },
        child,
      );
      const password = new random.RandomPassword(
        `${name}-db-password`,
        { length: 32, special: false },
        { parent: this, additionalSecretOutputs: ["result"] },
      );
      const major = d.engineVersion;
      const params = new aws.rds.ParameterGroup(
        `${name}-db-params`,
        {
          family: `mysql${major}`,
          description: `${args.prefix} Kubeflow MySQL ${major}`,
          // require_secure_transport stays off: KFP's api-server, Katib's db-manager and Model Registry connect
          // without TLS options in their upstream manifests (see README).
          parameters: [{ name: "character_set_server", value: "utf8mb4" }],
        },
        child,
      );
      const db = new aws.rds.Instance(
        `${name}-db`,
        {
          identifier: `${args.prefix}-kubeflow-mysql`,
          engine: "mysql",
          engineVersion: major,
          instanceClass: d.instanceClass,
          allocatedStorage: d.allocatedStorageGb,
          maxAllocatedStorage: d.maxAllocatedStorageGb,
          storageType: "gp3",
          storageEncrypted: true,
          kmsKeyId: keyArn,
          multiAz: d.multiAz,
          username: MASTER_USER,
          password: password.result,
          dbSubnetGroupName: subnets.name,
          vpcSecurityGroupIds: [sg.id],
          parameterGroupName: params.name,
          publiclyAccessible: false,
          deletionProtection: true,
          backupRetentionPeriod: d.backupRetentionDays,
          copyTagsToSnapshot: true,
          skipFinalSnapshot: false,
          finalSnapshotIdentifier: `${args.prefix}-kubeflow-mysql-final`,
          // IAM database authentication stays off: Kubeflow's MySQL clients take a static password only.
          iamDatabaseAuthenticationEnabled: false,
          autoMinorVersionUpgrade: true,
          applyImmediately: false,
        },
        { ...stateful, dependsOn: [ingress] },
      );
      ready.push(subnets, sg, ingress, params, db);
      database = {
        addressType: "FQDN",
        host: db.address,
        port: 3306,
        user: MASTER_USER,
        password: pulumi.secret(password.result),
        databases: { ...d.databases },
      };
    }

    this.stores = { objectStore, database, ready };
    this.registerOutputs({
      bucket: objectStore?.bucket,
      databaseHost: database?.host,
    });
  }
}
