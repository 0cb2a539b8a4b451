/**
 * Pipelines storage (set-once): the object store and the database. "in-cluster" keeps what the release
 * ships (SeaweedFS — MinIO up to v1.10 — and MySQL, with generated credentials); "s3" / "external" drops
 * those workloads and points every client at the external endpoint:
 * - object store: ml-pipeline's OBJECTSTORECONFIG_* env, the UI's MINIO_* and AWS_* env, Argo's
 *   `artifactRepository` in workflow-controller-configmap, `bucketName` in pipeline-install-config, and the
 *   `mlpipeline-minio-artifact` Secret (filled from the user's SecretRefs by the secure-defaults step);
 * - database: `dbHost`/`mysqlHost`/ports in pipeline-install-config and `mysql-secret` (user; the password
 *   comes from the user's SecretRef through the secure-defaults step).
 */
import type { KubeflowParams } from "../params";
import { mapEnv, EnvVar } from "../secure-defaults/env";
import { K8sObject, ObjectTransform } from "../types";

type PipelinesParams = KubeflowParams["pipelines"];
type S3 = Extract<PipelinesParams["objectStore"], { type: "s3" }>;
type ExternalDb = Extract<PipelinesParams["database"], { type: "external" }>;

/** In-cluster object-store objects of the Pipelines paths (SeaweedFS since v1.11, MinIO before). */
const OBJECT_STORE_OBJECTS =
  /^(seaweedfs|seaweedfs-pvc|seaweedfs-service|minio|minio-pvc|minio-service|ml-pipeline-seaweedfs|ml-pipeline-minio)$/;
/** In-cluster database objects (the secret stays: its clients read it). */
const DATABASE_OBJECTS = /^(mysql|mysql-pv-claim|ml-pipeline-mysql)$/;
/**
 * Pure: whether the Pipelines storage settings drop the in-cluster object named `name` (a claim or workload
 * whose size or scheduling a parameter would then set in vain), and which setting drops it.
 */
export function droppedByExternalStorage(
  params: PipelinesParams,
  name: string,
): "objectStore" | "database" | undefined {
  if (params.objectStore.type === "s3" && OBJECT_STORE_OBJECTS.test(name)) return "objectStore";
  if (params.database.type === "external" && DATABASE_OBJECTS.test(name)) return "database";
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

function editConfigMaps(obj: K8sObject, params: PipelinesParams): K8sObject {
  const data = (obj.data ?? {}) as Record<string, string>;
  const next = { ...data };
  const s3 = params.objectStore.type === "s3" ? params.objectStore : undefined;
  const db = params.database.type === "external" ? params.database : undefined;
  if (obj.metadata.name === "pipeline-install-config") {
    if (s3) next.bucketName = s3.bucket;
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
  const changed = Object.keys(next).some((k) => next[k] !== data[k]);
  return changed ? { ...obj, data: next } : obj;
}

function editDatabaseSecret(obj: K8sObject, db: ExternalDb): K8sObject {
  const stringData = { ...((obj.stringData ?? {}) as Record<string, unknown>), username: db.user };
  const data = { ...((obj.data ?? {}) as Record<string, unknown>) };
  delete data.username;
  const out: K8sObject = { ...obj, stringData };
  if (Object.keys(data).length > 0) out.data = data;
  else delete out.data;
  return out;
}

export function pipelinesStorage(params: PipelinesParams): ObjectTransform {
  const s3 = params.objectStore.type === "s3" ? params.objectStore : undefined;
  const db = params.database.type === "external" ? params.database : undefined;
  return (obj, ctx) => {
    if (ctx.application !== "pipelines" || (!s3 && !db)) return obj;
    const name = obj.metadata.name;
    if (DROPPABLE_KINDS.has(obj.kind)) {
      if (s3 && OBJECT_STORE_OBJECTS.test(name)) return undefined;
      if (db && DATABASE_OBJECTS.test(name)) return undefined;
    }
    if (obj.kind === "ConfigMap") return editConfigMaps(obj, params);
    if (obj.kind === "Secret" && name === "mysql-secret" && db) return editDatabaseSecret(obj, db);
    if (obj.kind === "Deployment" && s3) return objectStoreEnv(obj, s3);
    return obj;
  };
}
