/** The Kubeflow layer of a stack: every application of the pinned release, from its bundle. */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../components/cluster/handle";
import { KubeflowRelease } from "../components/kubeflow/release";
import { buildTransforms } from "../components/kubeflow/transforms";
import { ApplicationKey, getRelease } from "../components/catalog";
import { applicationVersion } from "../components/kubeflow/app-status";
import { selectApplications } from "../components/kubeflow/applications";
import { readBundle } from "../components/kubeflow/bundle";
import { installedApplications, InstalledApplications } from "../components/kubeflow/installed";
import { objectLabel } from "../components/kubeflow/release";
import { releasedByAcknowledgements } from "../components/kubeflow/upgrade";
import { nameProblems, releaseNames } from "../components/kubeflow/names";
import { platformObjects } from "../components/kubeflow/platform-objects";
import { gatewayTlsTransform } from "../components/kubeflow/transforms/gateway";
import { spawnerConfigTransform } from "../components/profiles/spawner";
import { ServicesHandle } from "../components/services/handle";
import { K8sObject } from "../components/kubeflow/types";
import { PlatformConfig } from "./config";
import { projectRoot } from "./project-root";
import { metricsNetworkPolicies } from "./metrics";
import { formatPath } from "./config/refusals";
import { defaultBundleDir, KUBEFLOW_CONFIG_KEYS, kubeflowStorageClass } from "./config/kubeflow";
import { KubeflowParams } from "./config/kubeflow-params";
import { ManagedStores } from "../components/shared/managed-stores";
import { ManagedKubeflowStores } from "../components/kubeflow/transforms/pipelines";
import { ManagedStoresLink } from "../components/kubeflow/managed-stores-link";
import { APP_DATABASES, managedAppKeys } from "../components/kubeflow/transforms/app-databases";
import { objectKey } from "../components/shared/k8s-object";

/** Namespace of Pipelines' control plane and of Katib (every supported release). */
const PIPELINES_NAMESPACE = "kubeflow";
/** The Service name Pipelines' clients dial for MySQL (`dbHost`/`mysqlHost` of pipeline-install-config). */
const PIPELINES_DB_SERVICE = "mysql";

/** Pure: the release's resources the link waits for: Pipelines' namespace and the accounts it annotates. */
export function linkDependencies<R>(
  resources: ReadonlyMap<string, R>,
  principals: ReadonlyArray<{ namespace: string; serviceAccount: string }>,
): R[] {
  const keys = [
    objectKey({ apiVersion: "v1", kind: "Namespace", metadata: { name: PIPELINES_NAMESPACE } }),
    ...principals
      .filter((p) => p.namespace === PIPELINES_NAMESPACE)
      .map((p) =>
        objectKey({
          apiVersion: "v1",
          kind: "ServiceAccount",
          metadata: { name: p.serviceAccount, namespace: p.namespace },
        }),
      ),
  ];
  return keys.map((k) => resources.get(k)).filter((r): r is R => r !== undefined);
}

/** Pure: the cloud's stores as the Kubeflow layer's transforms take them (literal names only). */
export function managedPipelinesStores(
  cfg: Pick<PlatformConfig, "kubeflow">,
  stores: ManagedStores | undefined,
): ManagedKubeflowStores {
  const p = cfg.kubeflow.pipelines;
  const bucket = p.objectStore.type === "managed" ? stores?.objectStore : undefined;
  const db = p.database.type === "managed" ? stores?.database : undefined;
  const apps = stores?.database !== undefined ? managedAppKeys(cfg.kubeflow) : [];
  return {
    ...(bucket !== undefined
      ? {
          objectStore: {
            scheme: bucket.kind === "gcs" ? ("gs" as const) : ("s3" as const),
            bucket: bucket.bucketName,
            endpoint: bucket.endpoint,
            region: bucket.region,
          },
        }
      : {}),
    ...(db !== undefined ? { database: { user: db.user } } : {}),
    ...(apps.length > 0
      ? {
          appDatabases: Object.fromEntries(apps.map((a) => [a, { user: stores!.database!.user }])),
        }
      : {}),
  };
}

export interface KubeflowHandle {
  /** The release installed, e.g. `26.03`; undefined when Kubeflow is not installed. */
  release?: string;
  /** Resources user profiles must wait for (profile controller, CRDs, PodDefault webhook). */
  ready: readonly pulumi.Resource[];
  /** Each installed application: its mode and the upstream version its objects run (stack status). */
  applications: readonly ApplicationStatus[];
  /** What this run installs, by application, recorded in the stack outputs for the next run's guard. */
  installed: InstalledApplications;
}

/** An application the release installs, as the stack's status reports it. */
export interface ApplicationStatus {
  key: ApplicationKey;
  /** The catalog mode it is installed in (`default` when the application has one way). */
  mode: string;
  /** Upstream version, read from its objects; undefined for core (the release itself). */
  version?: string;
}

/** Pure: the status of each application of a release plan: its mode and the version its objects run. */
export function applicationStatuses(plan: {
  applications: ReadonlyArray<{ key: ApplicationKey; mode: string }>;
  objects: ReadonlyArray<{ app: ApplicationKey; obj: K8sObject }>;
}): ApplicationStatus[] {
  return plan.applications.map((a) => {
    const version = applicationVersion(
      a.key,
      plan.objects.filter((o) => o.app === a.key).map((o) => o.obj),
    );
    return { key: a.key, mode: a.mode, ...(version !== undefined ? { version } : {}) };
  });
}

/**
 * Pure: which objects of a run have their protection lifted: every object of an application with
 * `allowDeletion: true`, and the data an acknowledged hazard of leaving this release releases.
 */
export function releasedObjects(
  cfg: Pick<PlatformConfig, "kubeflow">,
): (obj: K8sObject, app: ApplicationKey) => boolean {
  const apps = cfg.kubeflow.applications as Partial<
    Record<ApplicationKey, { allowDeletion?: boolean }>
  >;
  const byHazard = releasedByAcknowledgements(
    cfg.kubeflow.version,
    cfg.kubeflow.upgradeAcknowledgements,
  );
  return (obj, app) => apps[app]?.allowDeletion === true || byHazard.has(objectLabel(obj));
}

export { projectRoot };

/** Pure: the absolute bundle directory of a stack. */
export function bundleDirOf(cfg: PlatformConfig, root = projectRoot()): string {
  return path.resolve(root, cfg.kubeflow.bundleDir ?? defaultBundleDir(cfg.kubeflow.version));
}

/**
 * The release bundle's problems (missing, foreign, edited, or lacking a path the selected applications
 * need), as config problems naming `kubeflow.bundleDir`: checked before the first resource, so that a typo in
 * the path never leaves a cluster and its services half-created. Reads and hashes the bundle, as the loader
 * does again (its parse cache makes the second read cheap).
 */
export function bundleProblems(
  cfg: PlatformConfig,
  root = projectRoot(),
  prefix = `${pulumi.getProject()}:`,
): string[] {
  const dir = bundleDirOf(cfg, root);
  const release = getRelease(cfg.kubeflow.version);
  const selection = selectApplications(release, cfg.kubeflow.applications);
  // Selection problems are reported by the Kubeflow layer's own checks; only the bundle is read here.
  const needed = selection.applications.flatMap((a) => a.paths);
  // Names of the release the config refers to (claim sizes, workload overrides) must exist in it; the
  // objects are parsed only when the config names any, through the loader's parse cache.
  const names = cfg.kubeflow;
  const namesAny =
    Object.keys(names.storage.sizes).length > 0 ||
    Object.values(names.applications).some((a) => Object.keys(a?.workloads ?? {}).length > 0);
  let bundle: ReturnType<typeof readBundle>;
  try {
    bundle = readBundle(dir, release.tag, needed, {
      keys: KUBEFLOW_CONFIG_KEYS,
      ...(namesAny ? {} : { cacheDir: false }),
    });
  } catch (e) {
    return [
      `${prefix}kubeflow.bundleDir (${cfg.kubeflow.bundleDir ?? "default"} -> ${dir}): ${(e as Error).message}`,
    ];
  }
  if (!namesAny) return [];
  return nameProblems(
    names,
    releaseNames(selection.applications, (p) => bundle.objects(p)),
    release.tag,
  ).map((p) => `${formatPath(prefix, ["kubeflow", ...p.path])}: ${p.message}`);
}

/**
 * The Kubeflow parameters with the StorageClass resolved: an existing cluster's `cluster.storageClass` applies
 * to Kubeflow's PVCs too, unless `kubeflow.storage.storageClassName` names one (the config refuses two
 * different names). `claims` overrides it with what a deployed stack's claims already have
 * (`claimClassOf`).
 */
export function storageParams(
  cfg: PlatformConfig,
  claims: ClaimClass = { storageClass: kubeflowStorageClass(cfg) },
): PlatformConfig["kubeflow"] {
  const claimClass = claims.storageClass;
  if (claimClass === cfg.kubeflow.storage.storageClassName) return cfg.kubeflow;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { storageClassName: _named, ...storage } = cfg.kubeflow.storage;
  return {
    ...cfg.kubeflow,
    storage: claimClass !== undefined ? { ...storage, storageClassName: claimClass } : storage,
  };
}

/** The StorageClass named on Kubeflow's claims; undefined names none (the cluster's default class). */
export interface ClaimClass {
  storageClass: string | undefined;
}

/**
 * Credentials the user brings (external object store, external database), read from the stack's secret
 * config under the same stable keys the generated secrets use: KubeflowRelease's `secrets`, which it then
 * does not generate.
 */
export function userSecretOutputs(
  params: Pick<KubeflowParams, "pipelines" | "katib" | "modelRegistry">,
  stores?: ManagedStores,
): Record<string, pulumi.Output<string>> {
  const out: Record<string, pulumi.Output<string>> = {};
  // The managed server's generated password, under the key the in-cluster one is generated with.
  if (params.pipelines.database.type === "managed" && stores?.database !== undefined)
    out["pipelines-mysql-password"] = stores.database.password;
  for (const app of APP_DATABASES) {
    if (params[app.application].database.type === "managed" && stores?.database !== undefined)
      out[app.passwordSecretKey] = stores.database.password;
  }
  const store = params.pipelines.objectStore;
  if (store.type === "s3") {
    out["pipelines-object-store-access-key"] = store.accessKeySecret.value();
    out["pipelines-object-store-secret-key"] = store.secretKeySecret.value();
  }
  const db = params.pipelines.database;
  if (db.type === "external") out["pipelines-mysql-password"] = db.passwordSecret.value();
  return out;
}

export function createKubeflow(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
  services: ServicesHandle,
  claims: ClaimClass = { storageClass: kubeflowStorageClass(cfg) },
  stores?: ManagedStores,
): KubeflowHandle {
  const params = cfg.kubeflow;
  const userSecrets = userSecretOutputs(params, stores);
  const managed = managedPipelinesStores(cfg, stores);
  const release = new KubeflowRelease(
    "kubeflow",
    {
      release: cfg.kubeflow.version,
      bundleDir: bundleDirOf(cfg),
      applications: cfg.kubeflow.applications,
      services,
      cluster,
      dataProtection: params.dataProtection,
      // The spawner offers the cluster's accelerator pools; then the stack's parameters (an explicit
      // notebooks.gpuVendors wins), secure defaults and the image mirror.
      transforms: [
        spawnerConfigTransform(cluster.accelerators),
        gatewayTlsTransform(services.istio.tls),
        ...buildTransforms(storageParams(cfg, claims), params.version, managed),
      ],
      // The release replaces every upstream default credential by a generated one, except those the user
      // brings (external stores) or the cloud generated (the managed database's password).
      secrets: userSecrets,
      unprotected: releasedObjects(cfg),
      // Under STRICT mTLS the API server (outside the mesh) could not call the webhooks served by injected
      // pods in Kubeflow's namespaces: Istio's exceptions for them are applied once those namespaces exist.
      extraObjects: [
        ...(services.istio.mtlsExceptions ?? []).map((obj) => ({
          app: "core" as const,
          obj,
          source: "platform: Istio mTLS exceptions",
        })),
        ...platformObjects(),
        // The scraper's way into the namespaces the release isolates (left out where it does not, or
        // where the release creates no such namespace).
        ...metricsNetworkPolicies(cfg, cluster).map((p) => ({
          app: p.application,
          obj: p.obj,
          source: "platform: metrics scraping",
          additive: true,
        })),
      ],
    },
    { provider: cluster.provider },
  );
  const dbServices = [
    ...(managed.database !== undefined ? [PIPELINES_DB_SERVICE] : []),
    ...APP_DATABASES.filter((a) => managed.appDatabases?.[a.application] !== undefined).map(
      (a) => a.service,
    ),
  ];
  if (stores !== undefined && (managed.objectStore !== undefined || dbServices.length > 0)) {
    const bucket = managed.objectStore !== undefined ? stores.objectStore : undefined;
    new ManagedStoresLink(
      "kubeflow-managed-stores",
      {
        ...(dbServices.length > 0 && stores.database !== undefined
          ? {
              database: {
                services: dbServices,
                namespace: PIPELINES_NAMESPACE,
                server: stores.database,
              },
            }
          : {}),
        identities: (bucket?.identities ?? []).filter(
          (i) => i.principal.namespace === PIPELINES_NAMESPACE,
        ),
        // The namespace and the accounts, not the whole release: the API server's Deployment becomes ready
        // only once the database Service exists, so waiting for it would never end.
        dependsOn: linkDependencies(
          release.resources,
          (bucket?.identities ?? []).map((i) => i.principal),
        ),
      },
      { provider: cluster.provider },
    );
  }
  return {
    release: release.release,
    ready: release.ready,
    applications: applicationStatuses(release.plan),
    installed: installedApplications(release.plan.applications, release.protectedData),
  };
}
