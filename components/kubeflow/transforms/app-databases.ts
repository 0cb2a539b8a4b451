/**
 * The databases of Katib and Model Registry (set-once). "in-cluster" keeps the release's MySQL; "managed"
 * (the MySQL server the stack creates beside the cluster) drops the in-cluster workload, claim and Service
 * (the stack's Service of the same name points at the server, see `ManagedStoresLink`), gives the client the
 * server's user (the password stays in the application's Secret, which the stack fills with the server's
 * generated password under the key the in-cluster one is generated with), and adds an init container that
 * creates the application's database when it is missing: neither application creates it (Katib v0.19: the
 * DSN names the database and its init only creates tables; Model Registry v0.3.7: golang-migrate runs table
 * migrations only), and RDS creates no database but its initial one.
 * - Katib: `katib-db-manager` reads DB_USER, DB_PASSWORD, KATIB_MYSQL_DB_HOST (default `katib-mysql`),
 *   KATIB_MYSQL_DB_DATABASE (default `katib`) — pkg/db/v1beta1/common/const.go.
 * - Model Registry: its server's DSN is `$(MYSQL_USER_NAME):$(MYSQL_ROOT_PASSWORD)@tcp(model-registry-db:…)
 *   /$(MYSQL_DATABASE)`, from `model-registry-db-secrets` and `model-registry-db-parameters`; its database is
 *   renamed `model_registry` on the shared server (upstream's `metadb` is MLMD's name there).
 * @see https://github.com/kubeflow/katib/blob/v0.19.0/pkg/db/v1beta1/common/const.go
 * @see https://github.com/kubeflow/model-registry/blob/v0.3.7/manifests/kustomize/overlays/db
 */
import type { ApplicationKey } from "../../catalog";
import type { KubeflowParams } from "../params";
import { mapEnv } from "../secure-defaults/env";
import { setSecretString, updatePodSpec } from "./walk";
import { K8sObject, ObjectTransform } from "../types";
import { inputError } from "../../shared/input-error";
import type { ManagedDatabaseTarget } from "./pipelines";

/** How one application's in-cluster MySQL is replaced by the managed server. */
export interface AppDatabase {
  application: Extract<ApplicationKey, "katib" | "modelRegistry">;
  /** The Service name its client dials (kept: the stack's Service of that name points at the server). */
  service: string;
  /** The in-cluster database's objects that go (`Kind/name`). */
  dropped: readonly string[];
  /** The Deployment that connects to the database. */
  client: string;
  /** The database's name on the server. */
  database: string;
  /** The MySQL client image of the init container: the one the release runs the database with. */
  image: string;
  /** The Secret and key holding the password (and, for Model Registry, the user). */
  secret: { name: string; passwordKey: string; userKey?: string };
  /** The generated-secret key of the password (secure-defaults CREDENTIAL_RULES). */
  passwordSecretKey: string;
  /** Where the client reads the user: its own env (`DB_USER`) or the Secret's `userKey`. */
  userEnv?: string;
  /** The ConfigMap and key naming the database, when the release's name must change. */
  databaseParameter?: { configMap: string; key: string };
}

/** The two applications, as Kubeflow 26.03 (and v1.10/v1.11) ship them; tests hold them to the bundles. */
export const APP_DATABASES: readonly AppDatabase[] = [
  {
    application: "katib",
    service: "katib-mysql",
    dropped: ["Deployment/katib-mysql", "PersistentVolumeClaim/katib-mysql", "Service/katib-mysql"],
    client: "katib-db-manager",
    database: "katib",
    image: "mysql:8.0",
    secret: { name: "katib-mysql-secrets", passwordKey: "MYSQL_ROOT_PASSWORD" },
    passwordSecretKey: "katib-mysql-password",
    userEnv: "DB_USER",
  },
  {
    application: "modelRegistry",
    service: "model-registry-db",
    dropped: [
      "Deployment/model-registry-db",
      "PersistentVolumeClaim/metadata-mysql",
      "Service/model-registry-db",
    ],
    client: "model-registry-deployment",
    database: "model_registry",
    image: "mysql:8.3",
    secret: {
      name: "model-registry-db-secrets",
      passwordKey: "MYSQL_ROOT_PASSWORD",
      userKey: "MYSQL_USER_NAME",
    },
    passwordSecretKey: "model-registry-mysql-password",
    databaseParameter: { configMap: "model-registry-db-parameters", key: "MYSQL_DATABASE" },
  },
];

/** Pure: the init container that creates an application's database on the managed server if missing. */
export function createDatabaseContainer(app: AppDatabase, user: string): Record<string, unknown> {
  const fromSecret = (name: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: app.secret.name, key } },
  });
  return {
    name: "create-database",
    image: app.image,
    command: [
      "mysql",
      `--host=${app.service}`,
      "--port=3306",
      `--user=${user}`,
      `--execute=CREATE DATABASE IF NOT EXISTS \`${app.database}\``,
    ],
    // MYSQL_PWD: the client reads the password from the environment, never from the command line.
    env: [fromSecret("MYSQL_PWD", app.secret.passwordKey)],
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

function editClient(obj: K8sObject, app: AppDatabase, db: ManagedDatabaseTarget): K8sObject {
  const withUser =
    app.userEnv === undefined
      ? obj
      : mapEnv(obj, (env) =>
          env.some((e) => e.name === "DB_PASSWORD")
            ? [...env.filter((e) => e.name !== app.userEnv), { name: app.userEnv!, value: db.user }]
            : env,
        );
  return updatePodSpec(withUser, (spec) => ({
    ...spec,
    initContainers: [
      ...((spec.initContainers as unknown[] | undefined) ?? []),
      createDatabaseContainer(app, db.user),
    ],
  }));
}

function editSecret(obj: K8sObject, app: AppDatabase, db: ManagedDatabaseTarget): K8sObject {
  return app.secret.userKey === undefined ? obj : setSecretString(obj, app.secret.userKey, db.user);
}

function editParameters(obj: K8sObject, app: AppDatabase): K8sObject {
  const p = app.databaseParameter;
  if (p === undefined) return obj;
  return {
    ...obj,
    data: { ...((obj.data ?? {}) as Record<string, string>), [p.key]: app.database },
  };
}

/** The managed database each application asks for (absent: in-cluster). */
export type ManagedAppDatabases = Partial<
  Record<AppDatabase["application"], ManagedDatabaseTarget>
>;

/** Pure: which applications the params put on the managed server. */
export function managedAppKeys(
  params: Pick<KubeflowParams, "katib" | "modelRegistry">,
): AppDatabase["application"][] {
  return APP_DATABASES.filter((a) => params[a.application].database.type === "managed").map(
    (a) => a.application,
  );
}

export function appDatabases(
  params: Pick<KubeflowParams, "katib" | "modelRegistry">,
  managed: ManagedAppDatabases,
): ObjectTransform {
  const on = new Map<string, { app: AppDatabase; db: ManagedDatabaseTarget }>();
  for (const key of managedAppKeys(params)) {
    const db = managed[key];
    if (db === undefined)
      throw inputError("appDatabases", [
        {
          path: ["managed", key],
          message: `${key}.database.type is "managed" and no managed database was given; pass the cloud's server`,
        },
      ]);
    on.set(key, { app: APP_DATABASES.find((a) => a.application === key)!, db });
  }
  return (obj, ctx) => {
    const hit = on.get(ctx.application);
    if (hit === undefined) return obj;
    const { app, db } = hit;
    const name = obj.metadata.name;
    if (app.dropped.includes(`${obj.kind}/${name}`)) return undefined;
    if (obj.kind === "Deployment" && name === app.client) return editClient(obj, app, db);
    if (obj.kind === "Secret" && name === app.secret.name) return editSecret(obj, app, db);
    if (obj.kind === "ConfigMap" && name === app.databaseParameter?.configMap)
      return editParameters(obj, app);
    return obj;
  };
}
