/**
 * Pipelines storage (set-once): the object store and the database. "in-cluster" keeps what the release
 * ships (SeaweedFS — MinIO up to v1.10 — and MySQL, with generated credentials); "s3" / "external" drops
 * those workloads and points every client at the external endpoint:
 * - object store: ml-pipeline's OBJECTSTORECONFIG_* env, the UI's MINIO_* and AWS_* env, Argo's
 *   `artifactRepository` in workflow-controller-configmap, `bucketName` in pipeline-install-config, and the
 *   `mlpipeline-minio-artifact` Secret (filled from the user's SecretRefs by the secure-defaults step);
 * - database: `dbHost`/`mysqlHost`/ports in pipeline-install-config and `mysql-secret` (user; the password
 *   comes from the user's SecretRef through the secure-defaults step).
 * "managed" (a bucket and a MySQL server the stack creates beside the cluster, `ManagedArtifactStore` /
 * `ManagedDatabaseTarget`) does the same without static keys: every client takes its cloud credentials from
 * the pod's workload identity (the API server's AWS SDK v2 default chain, the UI's `fromNodeProviderChain`
 * for `*.amazonaws.com` or Google ADC for `gs://`, Argo's `useSDKCreds` or GCS without a key secret), and the
 * database keeps the in-cluster name `mysql`: the release's Service goes and the stack's, of the same name,
 * points at the managed server (`managedDatabaseService`).
 *
 * Whenever the object store leaves the cluster, KFP's own profile controller (`sync.py`, which writes
 * `minio://` roots and mints per-namespace keys through SeaweedFS's IAM API) is dropped: it would fail on
 * every namespace once SeaweedFS is gone. The profiles layer writes the per-namespace objects it made
 * (`kfp-launcher`, `artifact-repositories`, `metadata-grpc-configmap`) for the stack's profiles instead.
 */
import type { KubeflowParams } from "../params";
import { mapEnv, EnvVar } from "../secure-defaults/env";
import { K8sObject, ObjectTransform } from "../types";
import { setSecretString } from "./walk";
import { inputError, InputProblem } from "../../shared/input-error";

type PipelinesParams = KubeflowParams["pipelines"];
type S3 = Extract<PipelinesParams["objectStore"], { type: "s3" }>;
type ExternalDb = Extract<PipelinesParams["database"], { type: "external" }>;

/** In-cluster object-store objects of the Pipelines paths (SeaweedFS since v1.11, MinIO before). */
const OBJECT_STORE_OBJECTS =
  /^(seaweedfs|seaweedfs-pvc|seaweedfs-service|minio|minio-pvc|minio-service|ml-pipeline-seaweedfs|ml-pipeline-minio)$/;
/** In-cluster database objects (the secret stays: its clients read it). */
const DATABASE_OBJECTS = /^(mysql|mysql-pv-claim|ml-pipeline-mysql)$/;
/** KFP's profile controller: the metacontroller hook that syncs SeaweedFS-bound objects into namespaces. */
const PROFILE_CONTROLLER_OBJECTS =
  /^kubeflow-pipelines-profile-controller(-(code|env)-[a-z0-9]+)?$/;

/** A managed bucket as the Kubeflow layer needs it (literal: the name the config chose). */
export interface ManagedArtifactStore {
  /** The scheme of Pipelines' artifact URIs: `s3` (S3) or `gs` (GCS). */
  scheme: "s3" | "gs";
  bucket: string;
  /** Host of the bucket's API, e.g. `s3.eu-west-1.amazonaws.com`, `storage.googleapis.com`. */
  endpoint: string;
  region: string;
}

/** A managed MySQL server as the Kubeflow layer needs it: the user; host and password arrive elsewhere. */
export interface ManagedDatabaseTarget {
  user: string;
}

/** The cloud's stores, when the stack created them (`kubeflow.<app>.*.type: managed`). */
export interface ManagedKubeflowStores {
  /** Pipelines' bucket. */
  objectStore?: ManagedArtifactStore;
  /** Pipelines' (and MLMD's) databases on the managed server. */
  database?: ManagedDatabaseTarget;
  /** Katib's and Model Registry's databases on the managed server (see app-databases.ts). */
  appDatabases?: Partial<Record<"katib" | "modelRegistry", ManagedDatabaseTarget>>;
}
/**
 * Pure: whether the Pipelines storage settings drop the in-cluster object named `name` (a claim or workload
 * whose size or scheduling a parameter would then set in vain), and which setting drops it.
 */
export function droppedByExternalStorage(
  params: PipelinesParams,
  name: string,
): "objectStore" | "database" | undefined {
  const external = (t: string): boolean => t !== "in-cluster";
  if (external(params.objectStore.type) && OBJECT_STORE_OBJECTS.test(name)) return "objectStore";
  if (external(params.objectStore.type) && PROFILE_CONTROLLER_OBJECTS.test(name))
    return "objectStore";
  if (external(params.database.type) && DATABASE_OBJECTS.test(name)) return "database";
  return undefined;
}

const DROPPABLE_KINDS = new Set([
  "Deployment",
  "Service",
  "PersistentVolumeClaim",
  "ServiceAccount",
  "NetworkPolicy",
  "AuthorizationPolicy",
  "DestinationRule",
  "ConfigMap",
  "DecoratorController",
]);

function hostPort(s3: S3): { host: string; port: string } {
  const [host, port] = s3.endpoint.split(":");
  return { host: host!, port: port ?? (s3.secure ? "443" : "80") };
}

function setEnv(env: EnvVar[], values: Record<string, EnvVar>): EnvVar[] {
  const names = new Set(Object.keys(values));
  const kept = env.filter((e) => !names.has(e.name));
  return [...kept, ...Object.values(values)];
}

const literal = (name: string, value: string): EnvVar => ({ name, value });
const fromSecret = (name: string, key: string): EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: "mlpipeline-minio-artifact", key } },
});

function objectStoreEnv(obj: K8sObject, s3: S3): K8sObject {
  const { host, port } = hostPort(s3);
  if (obj.metadata.name === "ml-pipeline") {
    return mapEnv(obj, (env) =>
      env.some((e) => e.name.startsWith("OBJECTSTORECONFIG_"))
        ? setEnv(env, {
            OBJECTSTORECONFIG_HOST: literal("OBJECTSTORECONFIG_HOST", host),
            OBJECTSTORECONFIG_PORT: literal("OBJECTSTORECONFIG_PORT", port),
            OBJECTSTORECONFIG_SECURE: literal("OBJECTSTORECONFIG_SECURE", String(s3.secure)),
            OBJECTSTORECONFIG_REGION: literal("OBJECTSTORECONFIG_REGION", s3.region),
          })
        : env,
    );
  }
  if (obj.metadata.name === "ml-pipeline-ui") {
    return mapEnv(obj, (env) =>
      env.some((e) => e.name === "MINIO_ACCESS_KEY")
        ? setEnv(
            env.filter((e) => e.name !== "MINIO_NAMESPACE"),
            {
              MINIO_HOST: literal("MINIO_HOST", host),
              MINIO_PORT: literal("MINIO_PORT", port),
              MINIO_SSL: literal("MINIO_SSL", String(s3.secure)),
              AWS_S3_ENDPOINT: literal("AWS_S3_ENDPOINT", host),
              AWS_REGION: literal("AWS_REGION", s3.region),
              AWS_SSL: literal("AWS_SSL", String(s3.secure)),
              AWS_ACCESS_KEY_ID: fromSecret("AWS_ACCESS_KEY_ID", "accesskey"),
              AWS_SECRET_ACCESS_KEY: fromSecret("AWS_SECRET_ACCESS_KEY", "secretkey"),
            },
          )
        : env,
    );
  }
  return obj;
}

/** The API server and the UI on a managed bucket: its endpoint over TLS, credentials from the pod's identity. */
function managedObjectStoreEnv(obj: K8sObject, store: ManagedArtifactStore): K8sObject {
  if (obj.metadata.name === "ml-pipeline") {
    return mapEnv(obj, (env) =>
      env.some((e) => e.name.startsWith("OBJECTSTORECONFIG_"))
        ? setEnv(env, {
            OBJECTSTORECONFIG_HOST: literal("OBJECTSTORECONFIG_HOST", store.endpoint),
            OBJECTSTORECONFIG_PORT: literal("OBJECTSTORECONFIG_PORT", "443"),
            OBJECTSTORECONFIG_SECURE: literal("OBJECTSTORECONFIG_SECURE", "true"),
            OBJECTSTORECONFIG_REGION: literal("OBJECTSTORECONFIG_REGION", store.region),
            // Empty, not absent: absent keys fall back to config.json's minio/minio123; empty ones make
            // the API server (KFP >= 2.16, initBlobObjectStore) load the AWS SDK's default chain (IRSA).
            OBJECTSTORECONFIG_ACCESSKEY: literal("OBJECTSTORECONFIG_ACCESSKEY", ""),
            OBJECTSTORECONFIG_SECRETACCESSKEY: literal("OBJECTSTORECONFIG_SECRETACCESSKEY", ""),
          })
        : env,
    );
  }
  if (obj.metadata.name === "ml-pipeline-ui") {
    return mapEnv(obj, (env) => {
      if (!env.some((e) => e.name === "MINIO_ACCESS_KEY")) return env;
      const kept = env.filter((e) => !/^(MINIO_|AWS_)/.test(e.name));
      // S3: no keys, so the UI's minio helper takes fromNodeProviderChain (IRSA) for *.amazonaws.com;
      // gs:// artifacts are read with @google-cloud/storage and ADC, which needs no env at all.
      return store.scheme === "s3"
        ? setEnv(kept, {
            AWS_S3_ENDPOINT: literal("AWS_S3_ENDPOINT", store.endpoint),
            AWS_REGION: literal("AWS_REGION", store.region),
            AWS_SSL: literal("AWS_SSL", "true"),
          })
        : kept;
    });
  }
  return obj;
}

/** Pure: Argo's artifact repository on a managed bucket (YAML text), keeping the release's `keyFormat`. */
export function managedArtifactRepository(text: string, store: ManagedArtifactStore): string {
  const keyFormat = /^\s*keyFormat:\s*(.*)$/m.exec(text)?.[1]?.trim();
  const key = keyFormat !== undefined ? [`  keyFormat: ${keyFormat}`] : [];
  const body =
    store.scheme === "s3"
      ? [
          "s3:",
          `  endpoint: "${store.endpoint}"`,
          `  bucket: "${store.bucket}"`,
          `  region: "${store.region}"`,
          ...key,
          "  useSDKCreds: true",
        ]
      : ["gcs:", `  bucket: "${store.bucket}"`, ...key];
  return ["archiveLogs: true", ...body, ""].join("\n");
}

/** Argo's artifact repository (YAML text): endpoint, bucket, TLS and region, edited line by line. */
export function editArtifactRepository(text: string, s3: S3): string {
  const out = text
    .replace(/^(\s*endpoint:\s*).*$/m, `$1"${s3.endpoint}"`)
    .replace(/^(\s*bucket:\s*).*$/m, `$1"${s3.bucket}"`)
    .replace(/^(\s*insecure:\s*).*$/m, `$1${String(!s3.secure)}`);
  return /^\s*region:/m.test(out)
    ? out.replace(/^(\s*region:\s*).*$/m, `$1"${s3.region}"`)
    : out.replace(/^(\s*)(bucket:.*)$/m, `$1$2\n$1region: "${s3.region}"`);
}

function editConfigMaps(
  obj: K8sObject,
  params: PipelinesParams,
  managed: ManagedKubeflowStores,
): K8sObject {
  const data = (obj.data ?? {}) as Record<string, string>;
  const next = { ...data };
  const s3 = params.objectStore.type === "s3" ? params.objectStore : undefined;
  const db = params.database.type === "external" ? params.database : undefined;
  const bucket = managed.objectStore;
  if (obj.metadata.name === "pipeline-install-config") {
    if (s3) next.bucketName = s3.bucket;
    if (bucket) next.bucketName = bucket.bucket;
    if (db) {
      next.dbHost = db.host;
      next.mysqlHost = db.host;
      next.dbPort = String(db.port);
      next.mysqlPort = String(db.port);
    }
  }
  if (obj.metadata.name === "workflow-controller-configmap" && s3 && data.artifactRepository) {
    next.artifactRepository = editArtifactRepository(data.artifactRepository, s3);
  }
  if (obj.metadata.name === "workflow-controller-configmap" && bucket && data.artifactRepository) {
    next.artifactRepository = managedArtifactRepository(data.artifactRepository, bucket);
  }
  const changed = Object.keys(next).some((k) => next[k] !== data[k]);
  return changed ? { ...obj, data: next } : obj;
}

function editDatabaseSecret(obj: K8sObject, db: Pick<ExternalDb, "user">): K8sObject {
  return setSecretString(obj, "username", db.user);
}

/**
 * The transform of Pipelines' storage. `managed` carries the cloud's stores when the config asks for them
 * ("managed"); without it, "managed" is refused here as the config layer refuses it.
 */
export function pipelinesStorage(
  params: PipelinesParams,
  managed: ManagedKubeflowStores = {},
): ObjectTransform {
  const s3 = params.objectStore.type === "s3" ? params.objectStore : undefined;
  const db = params.database.type === "external" ? params.database : undefined;
  const bucket = params.objectStore.type === "managed" ? managed.objectStore : undefined;
  const mdb = params.database.type === "managed" ? managed.database : undefined;
  const missing: InputProblem[] = [];
  if (params.objectStore.type === "managed" && bucket === undefined)
    missing.push({
      path: ["managed", "objectStore"],
      message:
        'pipelines.objectStore.type is "managed" and no managed bucket was given; pass the cloud\'s bucket',
    });
  if (params.database.type === "managed" && mdb === undefined)
    missing.push({
      path: ["managed", "database"],
      message:
        'pipelines.database.type is "managed" and no managed database was given; pass the cloud\'s server',
    });
  if (missing.length > 0) throw inputError("pipelinesStorage", missing);
  const objectStoreOut = s3 !== undefined || bucket !== undefined;
  return (obj, ctx) => {
    if (ctx.application !== "pipelines" || (!objectStoreOut && !db && !mdb)) return obj;
    const name = obj.metadata.name;
    if (DROPPABLE_KINDS.has(obj.kind)) {
      if (objectStoreOut && obj.kind !== "ConfigMap" && OBJECT_STORE_OBJECTS.test(name))
        return undefined;
      if (objectStoreOut && PROFILE_CONTROLLER_OBJECTS.test(name)) return undefined;
      // A managed database's Service `mysql` is the stack's (pointed at the server), so the release's goes.
      if ((db || mdb) && obj.kind !== "ConfigMap" && DATABASE_OBJECTS.test(name)) return undefined;
    }
    // The static keys of the in-cluster store: nothing reads them on a managed bucket.
    if (bucket && obj.kind === "Secret" && name === "mlpipeline-minio-artifact") return undefined;
    if (obj.kind === "ConfigMap") return editConfigMaps(obj, params, managed);
    if (obj.kind === "Secret" && name === "mysql-secret" && db) return editDatabaseSecret(obj, db);
    if (obj.kind === "Secret" && name === "mysql-secret" && mdb)
      return editDatabaseSecret(obj, mdb);
    if (obj.kind === "Deployment" && s3) return objectStoreEnv(obj, s3);
    if (obj.kind === "Deployment" && bucket) return managedObjectStoreEnv(obj, bucket);
    return obj;
  };
}
