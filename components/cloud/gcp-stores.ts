/**
 * GcpManagedStores: the managed stores of a GKE platform — a GCS bucket for Pipelines' artifacts, reached
 * through Workload Identity Federation for GKE (no keys), and a Cloud SQL for MySQL server on a private
 * address only, with one database per application. Everything that holds data is `protect`ed.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ClusterHandle } from "../cluster/handle";
import { gcpClusterFacts } from "./cluster-facts";
import { inputError } from "../shared/input-error";
import {
  ManagedDatabase,
  ManagedObjectStore,
  ManagedStores,
  WorkloadPrincipal,
} from "../shared/managed-stores";
import {
  cloudSqlEdition,
  GCP_DATABASE_DEFAULTS,
  GCP_STORES_DEFAULTS,
  gcpStoresProblems,
  networkId,
  prefixCondition,
  principalKey,
  workloadIdentityPrincipal,
} from "./gcp-stores-plan";

/** Host of the GCS JSON/XML API, which Kubeflow's GCS clients call. */
export const GCS_ENDPOINT = "storage.googleapis.com";
export const MYSQL_PORT = 3306;
/** The MySQL user the applications connect as. */
export const KUBEFLOW_DB_USER = "kubeflow";
/**
 * The one role the workloads get, on the bucket only: read, write, list and delete objects; no bucket
 * settings, no IAM. @see https://cloud.google.com/storage/docs/access-control/iam-roles
 */
export const BUCKET_OBJECT_ROLE = "roles/storage.objectUser";

/** The bucket's settings. */
export interface GcpBucketOptions {
  /**
   * Globally unique GCS bucket name for Pipelines' artifacts (3-63 characters, or up to 222 with dots).
   * Set once: a new name is a new bucket.
   */
  name: string;
  /**
   * Location of the bucket (a region such as europe-west4, or a multi-region). Changing it replaces the
   * bucket.
   * @default - the cluster's region
   */
  location?: string;
  /**
   * Cloud KMS key for CMEK encryption of new objects in the bucket (the Cloud Storage service agent is
   * granted it).
   * @default - Google-managed encryption
   * @remarks A key id `projects/.../cryptoKeys/...`; may be an Output.
   */
  kmsKey?: pulumi.Input<string>;
}

/** The Cloud SQL server's settings. */
export interface GcpDatabaseOptions {
  /**
   * Cloud SQL machine type (Enterprise: db-custom-<vCPU>-<MiB>, db-n1-*; Enterprise Plus:
   * db-perf-optimized-N-<vCPU>). Resizing restarts the server.
   * @default "db-custom-2-7680"
   */
  tier?: string;
  /** MySQL major version (`MYSQL_8_0` or `MYSQL_8_4`); only upgrades in place, never back. @default "MYSQL_8_0" */
  version?: "MYSQL_8_0" | "MYSQL_8_4";
  /** SSD size in GB; grows automatically and can never shrink. @default 20 */
  diskSizeGb?: number;
  /** A standby in a second zone (availability type REGIONAL). @default true */
  highAvailability?: boolean;
  /**
   * Days of binary logs kept for point-in-time recovery (at most 7 on Enterprise, 35 on Enterprise Plus).
   * @default 7
   */
  transactionLogRetentionDays?: number;
  /** Automated daily backups kept. @default 14 */
  retainedBackups?: number;
  /** Start of the daily backup window, HH:MM UTC. @default "02:00" */
  backupStartTime?: string;
  /**
   * TLS the server demands. ENCRYPTED_ONLY locks out Katib's db-manager, whose DSN cannot ask for TLS.
   * @default "ALLOW_UNENCRYPTED_AND_ENCRYPTED"
   * @remarks Katib's db-manager builds a fixed DSN (`<user>:<pass>@tcp(<host>:<port>)/<db>?timeout=5s`,
   * kubeflow/katib pkg/db/v1beta1/mysql/mysql.go) and cannot ask for TLS; the server has no public address.
   */
  sslMode?: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" | "ENCRYPTED_ONLY";
  /**
   * Prefix length of the range reserved for private services access (privateServicesAccess `create` only).
   * @default 20
   */
  privateRangePrefixLength?: number;
  /**
   * `create`: reserve a range and peer the cluster network with Service Networking; `existing`: the network
   * already has private services access (one connection per network).
   * @default "create"
   */
  privateServicesAccess?: "create" | "existing";
}

export interface GcpManagedStoresArgs {
  /** The GKE cluster: its GCP facts (project, region, network, workload pool, provider). */
  cluster: Pick<ClusterHandle, "cloud">;
  /** The bucket; undefined: no bucket. */
  bucket?: GcpBucketOptions;
  /** The MySQL server; undefined: no server (then `databases` must be empty). */
  database?: GcpDatabaseOptions;
  /** Kubernetes ServiceAccounts granted the bucket's objects (exactly these). @default [] */
  bucketPrincipals?: readonly WorkloadPrincipal[];
  /** Databases to create, by application key. @default {} */
  databases?: Readonly<Record<string, string>>;
  /** Pulumi `protect` on the bucket, server, databases, user and peering. @default GCP_STORES_DEFAULTS.protect (true) */
  protect?: boolean;
}

export class GcpManagedStores extends pulumi.ComponentResource {
  public readonly stores: ManagedStores;
  public readonly bucketName?: pulumi.Output<string>;
  public readonly instanceName?: pulumi.Output<string>;
  public readonly privateIp?: pulumi.Output<string>;

  constructor(name: string, args: GcpManagedStoresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cloud:GcpManagedStores", name, {}, opts);
    const cloud = gcpClusterFacts(`GcpManagedStores ${name}`, args.cluster);
    const principals = args.bucketPrincipals ?? [];
    const databases = args.databases ?? {};
    const protect = args.protect ?? GCP_STORES_DEFAULTS.protect;
    const D = GCP_DATABASE_DEFAULTS;
    const db =
      args.database === undefined
        ? undefined
        : {
            tier: args.database.tier ?? D.tier,
            version: args.database.version ?? D.version,
            diskSizeGb: args.database.diskSizeGb ?? D.diskSizeGb,
            highAvailability: args.database.highAvailability ?? D.highAvailability,
            transactionLogRetentionDays:
              args.database.transactionLogRetentionDays ?? D.transactionLogRetentionDays,
            retainedBackups: args.database.retainedBackups ?? D.retainedBackups,
            backupStartTime: args.database.backupStartTime ?? D.backupStartTime,
            sslMode: args.database.sslMode ?? D.sslMode,
            privateRangePrefixLength:
              args.database.privateRangePrefixLength ?? D.privateRangePrefixLength,
            privateServicesAccess: args.database.privateServicesAccess ?? D.privateServicesAccess,
          };
    const problems = gcpStoresProblems({
      bucket: args.bucket,
      database: db,
      bucketPrincipals: principals,
      databases,
    });
    if (problems.length > 0) throw inputError(`GcpManagedStores ${name}`, problems);

    const provider = cloud.provider ? { provider: cloud.provider } : {};
    const o = { parent: this, protect, ...provider };
    const invoke = { parent: this, ...provider };
    const ready: pulumi.Resource[] = [];

    let objectStore: ManagedObjectStore | undefined;
    if (args.bucket !== undefined) {
      const b = args.bucket;
      const keyDeps: pulumi.Resource[] = [];
      if (b.kmsKey !== undefined) {
        // GCS encrypts with the key as the project's Cloud Storage service agent, which needs the key first.
        const agent = gcp.storage.getProjectServiceAccountOutput(
          { project: cloud.project },
          invoke,
        );
        keyDeps.push(
          new gcp.kms.CryptoKeyIAMMember(
            `${name}-bucket-key`,
            {
              cryptoKeyId: b.kmsKey,
              role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
              member: pulumi.interpolate`serviceAccount:${agent.emailAddress}`,
            },
            { ...o, protect: false },
          ),
        );
      }
      const bucket = new gcp.storage.Bucket(
        `${name}-bucket`,
        {
          name: b.name,
          project: cloud.project,
          location: (b.location ?? cloud.region).toUpperCase(),
          storageClass: "STANDARD",
          uniformBucketLevelAccess: true,
          publicAccessPrevention: "enforced",
          versioning: { enabled: true },
          forceDestroy: false,
          ...(b.kmsKey !== undefined ? { encryption: { defaultKmsKeyName: b.kmsKey } } : {}),
          labels: { "managed-by": "kubeflow-platform" },
        },
        { ...o, dependsOn: keyDeps },
      );
      ready.push(bucket);
      // Direct Workload Identity Federation principals: KFP's GCS clients (the Go CDK in the API server
      // and launcher, google-cloud-storage in components, the UI's Node client) take Application Default
      // Credentials from the GKE metadata server, which gives a federated token for the pod's KSA; GCS
      // accepts it. No Google service account, key or KSA annotation exists to leak or drift.
      // https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity#authenticating_to
      const project = gcp.organizations.getProjectOutput({ projectId: cloud.project }, invoke);
      for (const p of principals) {
        const condition = prefixCondition(b.name, p.prefixes);
        ready.push(
          new gcp.storage.BucketIAMMember(
            `${name}-bucket-${principalKey(p)}`,
            {
              bucket: bucket.name,
              role: BUCKET_OBJECT_ROLE,
              member: project.number.apply((n) =>
                workloadIdentityPrincipal(n, cloud.workloadPool, p),
              ),
              ...(condition !== undefined ? { condition } : {}),
            },
            { ...o, protect: false },
          ),
        );
      }
      objectStore = {
        kind: "gcs",
        bucket: bucket.name,
        bucketName: b.name,
        endpoint: GCS_ENDPOINT,
        region: cloud.region,
        identities: principals.map((principal) => ({ principal, annotations: {} })),
      };
      this.bucketName = bucket.name;
    }

    let database: ManagedDatabase | undefined;
    if (db !== undefined) {
      const network = pulumi.output(cloud.network).apply((n) => networkId(cloud.project, n));
      const peering: pulumi.Resource[] = [];
      if (db.privateServicesAccess === "create") {
        const range = new gcp.compute.GlobalAddress(
          `${name}-psa-range`,
          {
            project: cloud.project,
            purpose: "VPC_PEERING",
            addressType: "INTERNAL",
            prefixLength: db.privateRangePrefixLength,
            network,
            description: "Private services access (Cloud SQL) for Kubeflow's managed stores.",
          },
          o,
        );
        peering.push(
          new gcp.servicenetworking.Connection(
            `${name}-psa`,
            {
              network,
              service: "servicenetworking.googleapis.com",
              reservedPeeringRanges: [range.name],
              // Removing the peering while a Cloud SQL server uses it fails; leave it to the network.
              deletionPolicy: "ABANDON",
            },
            o,
          ),
        );
      }
      const edition = cloudSqlEdition(db.tier);
      const instance = new gcp.sql.DatabaseInstance(
        `${name}-mysql`,
        {
          project: cloud.project,
          region: cloud.region,
          databaseVersion: db.version,
          deletionProtection: true,
          settings: {
            tier: db.tier,
            edition,
            availabilityType: db.highAvailability ? "REGIONAL" : "ZONAL",
            diskType: "PD_SSD",
            diskSize: db.diskSizeGb,
            diskAutoresize: true,
            deletionProtectionEnabled: true,
            ipConfiguration: {
              ipv4Enabled: false,
              privateNetwork: network,
              sslMode: db.sslMode,
            },
            backupConfiguration: {
              enabled: true,
              binaryLogEnabled: true,
              startTime: db.backupStartTime,
              transactionLogRetentionDays: db.transactionLogRetentionDays,
              backupRetentionSettings: {
                retainedBackups: db.retainedBackups,
                retentionUnit: "COUNT",
              },
            },
            userLabels: { "managed-by": "kubeflow-platform" },
          },
        },
        { ...o, dependsOn: peering },
      );
      const password = new random.RandomPassword(
        `${name}-mysql-password`,
        // Letters and digits only: Katib and KFP put the password into a DSN unescaped (`user:pass@tcp(...)`).
        { length: 32, special: false },
        // Protected like the user it sets: a replaced password would lock the applications out until rolled.
        { parent: this, protect, additionalSecretOutputs: ["result"] },
      );
      const user = new gcp.sql.User(
        `${name}-mysql-user`,
        {
          project: cloud.project,
          instance: instance.name,
          name: KUBEFLOW_DB_USER,
          host: "%",
          password: password.result,
        },
        { ...o, additionalSecretOutputs: ["password"] },
      );
      ready.push(instance, user);
      for (const [app, dbName] of Object.entries(databases)) {
        ready.push(
          new gcp.sql.Database(
            `${name}-db-${app}`,
            { project: cloud.project, instance: instance.name, name: dbName },
            o,
          ),
        );
      }
      database = {
        addressType: "IPv4",
        host: instance.privateIpAddress,
        port: MYSQL_PORT,
        user: KUBEFLOW_DB_USER,
        password: pulumi.secret(password.result),
        databases: { ...databases },
      };
      this.instanceName = instance.name;
      this.privateIp = instance.privateIpAddress;
    }

    this.stores = {
      ...(objectStore ? { objectStore } : {}),
      ...(database ? { database } : {}),
      ready,
    };
    this.registerOutputs({
      bucketName: this.bucketName,
      instanceName: this.instanceName,
      privateIp: this.privateIp,
    });
  }
}
