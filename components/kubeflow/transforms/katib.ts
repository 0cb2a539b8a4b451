/**
 * Katib's database (set-once). "in-cluster" keeps the release's `katib-mysql`; "managed" (the MySQL server
 * the stack creates beside the cluster) drops its workload, claim and Service (the stack's Service of the same
 * name points at the server, see `ManagedStoresLink`), and gives `katib-db-manager`:
 * - the server's user (`DB_USER`; the password stays in `katib-mysql-secrets`, which the stack fills with the
 *   server's generated password under the key the in-cluster one is generated with);
 * - an init container that creates the `katib` database when it is missing: Katib's DB manager connects to
 *   it by name and never creates it (katib v0.19 pkg/db/v1beta1/mysql: the DSN names the database; its
 *   init only creates tables), and RDS creates no database but its initial one.
 * The manager's env names are Katib's own (pkg/db/v1beta1/common/const.go): DB_NAME, DB_USER, DB_PASSWORD,
 * KATIB_MYSQL_DB_HOST (default `katib-mysql`), KATIB_MYSQL_DB_PORT (3306), KATIB_MYSQL_DB_DATABASE (`katib`).
 * @see https://github.com/kubeflow/katib/blob/v0.19.0/pkg/db/v1beta1/common/const.go
 */
import type { KubeflowParams } from "../params";
import { mapEnv } from "../secure-defaults/env";
import { updatePodSpec } from "./walk";
import { K8sObject, ObjectTransform } from "../types";
import type { ManagedDatabaseTarget } from "./pipelines";

/** The in-cluster database's objects (the Secret stays: its clients read it). */
const KATIB_DB_OBJECTS = new Set(["Deployment", "PersistentVolumeClaim", "Service"]);
export const KATIB_DB_SERVICE = "katib-mysql";
export const KATIB_DATABASE = "katib";
/**
 * The MySQL client image of the init container: the one the release runs `katib-mysql` with (26.03:
 * `mysql:8.0`; a test holds the two together), so an image mirror that carries the release carries it.
 */
export const KATIB_MYSQL_IMAGE = "mysql:8.0";

/** Pure: the init container that creates Katib's database on the managed server if it is missing. */
export function createDatabaseContainer(user: string): Record<string, unknown> {
  return {
    name: "create-database",
    image: KATIB_MYSQL_IMAGE,
    command: [
      "mysql",
      `--host=${KATIB_DB_SERVICE}`,
      "--port=3306",
      `--user=${user}`,
      `--execute=CREATE DATABASE IF NOT EXISTS \`${KATIB_DATABASE}\``,
    ],
    // MYSQL_PWD: the client reads the password from the environment, never from the command line.
    env: [
      {
        name: "MYSQL_PWD",
        valueFrom: { secretKeyRef: { name: "katib-mysql-secrets", key: "MYSQL_ROOT_PASSWORD" } },
      },
    ],
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      runAsNonRoot: true,
      runAsUser: 999,
      runAsGroup: 999,
      seccompProfile: { type: "RuntimeDefault" },
    },
    resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
  };
}

function dbManager(obj: K8sObject, db: ManagedDatabaseTarget): K8sObject {
  const withUser = mapEnv(obj, (env) =>
    env.some((e) => e.name === "DB_PASSWORD")
      ? [...env.filter((e) => e.name !== "DB_USER"), { name: "DB_USER", value: db.user }]
      : env,
  );
  return updatePodSpec(withUser, (spec) => ({
    ...spec,
    initContainers: [
      ...((spec.initContainers as unknown[] | undefined) ?? []),
      createDatabaseContainer(db.user),
    ],
  }));
}

export function katibStorage(
  params: KubeflowParams["katib"],
  managed: ManagedDatabaseTarget | undefined,
): ObjectTransform {
  if (params.database.type === "managed" && managed === undefined)
    throw new Error(
      'katib.database.type is "managed" and no managed database was given (ManagedKubeflowStores.katibDatabase)',
    );
  const db = params.database.type === "managed" ? managed : undefined;
  return (obj, ctx) => {
    if (db === undefined || ctx.application !== "katib") return obj;
    const name = obj.metadata.name;
    if (name === KATIB_DB_SERVICE && KATIB_DB_OBJECTS.has(obj.kind)) return undefined;
    if (obj.kind === "Deployment" && name === "katib-db-manager") return dbManager(obj, db);
    return obj;
  };
}
