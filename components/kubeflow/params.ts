/**
 * The parameters the Kubeflow transformation chain reads: the component's own options type, its defaults
 * (`KUBEFLOW_PARAMS_DEFAULTS`, written once) and `kubeflowParams(options)`, which fills what a caller leaves
 * out. The stack's config schema (stacks/config/kubeflow-params.ts) takes its defaults from there, produces
 * values of this shape and checks at compile time that its parsed type is assignable to it; components never
 * import the schema.
 * Credentials are not part of it: the stack resolves them and passes them in TransformContext.secrets.
 */
import type { ApplicationKey } from "../catalog/types";
import type { MirrorSpec } from "../shared/image-ref";
import { DataProtection, DEFAULT_DATA_PROTECTION } from "./transforms/protection";

export type { ApplicationKey, DataProtection };

/** Requests/limits of a container; a missing quantity keeps upstream's. */
export interface ResourceListParams {
  cpu?: string;
  memory?: string;
  "ephemeral-storage"?: string;
}
export interface ResourcesParams {
  requests?: ResourceListParams;
  limits?: ResourceListParams;
}

export interface TolerationParams {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  tolerationSeconds?: number;
}

/**
 * Overrides of one Deployment or StatefulSet of an application.
 * @optionDocs
 */
export interface WorkloadParams {
  /** Replicas of this Deployment or StatefulSet. @default - upstream's */
  replicas?: number;
  /** Requests and limits of this workload's first (main) container. @default - upstream's */
  resources?: ResourcesParams;
}

/**
 * Replicas, resources and scheduling of one application's system pods; each field replaces the release-wide
 * one.
 * @optionDocs
 */
export interface ApplicationParams {
  /** Replicas of every stateless Deployment of the application (databases keep one). @default - upstream's */
  replicas?: number;
  /** Requests and limits of the main container of every workload of the application. @default - upstream's */
  resources?: ResourcesParams;
  /**
   * Node selector of the application's system pods; replaces the release-wide scheduling.nodeSelector.
   * @default - scheduling.nodeSelector
   */
  nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Tolerations of the application's system pods; replace the release-wide scheduling.tolerations.
   * @default - scheduling.tolerations
   */
  tolerations?: readonly TolerationParams[];
  /** Per-workload overrides by Deployment/StatefulSet name. @default {} */
  workloads?: Readonly<Record<string, WorkloadParams>>;
}

/**
 * Where every Kubeflow system pod runs.
 * @optionDocs
 */
export interface SchedulingParams {
  /** Node selector of every Kubeflow system pod (e.g. a system node pool). */
  nodeSelector: Readonly<Record<string, string>>;
  /** Tolerations of every Kubeflow system pod. */
  tolerations: readonly TolerationParams[];
}

/**
 * The notebook controller's culling of idle notebook servers.
 * @optionDocs
 */
export interface NotebookCullingParams {
  /** Stop idle notebook servers (notebook controller ENABLE_CULLING). */
  enabled: boolean;
  /** Minutes of inactivity before a notebook is culled (CULL_IDLE_TIME). */
  idleMinutes: number;
  /** How often the controller checks for idleness, in minutes (IDLENESS_CHECK_PERIOD). */
  checkPeriodMinutes: number;
}

/**
 * The Jupyter spawner's choices and the culling of idle notebook servers.
 * @optionDocs
 */
export interface NotebooksParams {
  /** Images offered in the Jupyter spawner (replace upstream's list). @default - upstream's list */
  images?: readonly string[];
  /** Image selected by default in the spawner; must be one of `images`. @default - the first of `images`, or upstream's */
  defaultImage?: string;
  /** GPU vendors offered in the spawner, as {limitsKey, uiName}. @default - upstream's: NVIDIA, AMD, Intel Gaudi */
  gpuVendors?: ReadonlyArray<{ limitsKey: string; uiName: string }>;
  /** Culling of idle notebook servers. */
  culling: NotebookCullingParams;
}

/**
 * Pipelines' artifacts in the release's own object store.
 * @optionDocs
 */
export interface InClusterObjectStoreParams {
  /**
   * Object store of Pipelines' artifacts: "in-cluster" (SeaweedFS or MinIO, as the release ships), "s3" or
   * "managed".
   */
  type: "in-cluster";
}

/**
 * Pipelines' artifacts in an external S3-compatible bucket; its keys are secrets the stack passes apart.
 * @optionDocs
 */
export interface S3ObjectStoreParams {
  /** An external S3-compatible bucket (AWS S3, GCS interop, MinIO). */
  type: "s3";
  /** Object store host[:port], e.g. s3.eu-west-1.amazonaws.com. */
  endpoint: string;
  /** Bucket holding pipeline artifacts. */
  bucket: string;
  /** Bucket region. */
  region: string;
  /** Use TLS to reach the endpoint. */
  secure: boolean;
}

/**
 * Pipelines' artifacts in the bucket the stack creates beside the cluster (stacks/stores.ts); the bucket comes
 * as ManagedKubeflowStores.
 * @optionDocs
 */
export interface ManagedObjectStoreParams {
  /** A bucket the stack creates beside the cluster (GCS or S3, cluster.stores.bucket; gcp/aws only). */
  type: "managed";
}

export type ObjectStoreParams =
  InClusterObjectStoreParams | S3ObjectStoreParams | ManagedObjectStoreParams;

/**
 * Pipelines' database in the release's own MySQL.
 * @optionDocs
 */
export interface InClusterDatabaseParams {
  /** Database of Pipelines: "in-cluster" (the release's MySQL), "external" or "managed". */
  type: "in-cluster";
}

/**
 * Pipelines' database on an external MySQL server; its password is a secret the stack passes apart.
 * @optionDocs
 */
export interface ExternalDatabaseParams {
  /** An external MySQL server (Cloud SQL, RDS, ...). */
  type: "external";
  /** MySQL host. */
  host: string;
  /** MySQL port. */
  port: number;
  /** MySQL user. */
  user: string;
}

/**
 * Pipelines' database on the server the stack creates beside the cluster (stacks/stores.ts); the server comes
 * as ManagedKubeflowStores.
 * @optionDocs
 */
export interface ManagedDatabaseParams {
  /**
   * A MySQL server the stack creates beside the cluster (Cloud SQL or RDS, cluster.stores.database).
   */
  type: "managed";
}

export type DatabaseParams =
  InClusterDatabaseParams | ExternalDatabaseParams | ManagedDatabaseParams;

/**
 * Where an application whose in-cluster MySQL the managed server can replace (Katib, Model Registry) keeps
 * its data.
 * @optionDocs
 */
export interface AppDatabaseChoice {
  /**
   * The application's database: "in-cluster" (the release's own MySQL: katib-mysql for Katib,
   * model-registry-db for Model Registry) or "managed" (the MySQL server the stack creates beside the
   * cluster, cluster.stores.database; gcp/aws only).
   */
  type: "in-cluster" | "managed";
}

/** An application's database: the release's in-cluster MySQL, or the managed server. */
export interface AppDatabaseParams {
  database: AppDatabaseChoice;
}

export interface PipelinesParams {
  objectStore: ObjectStoreParams;
  database: DatabaseParams;
}

/**
 * KServe's defaults.
 * @optionDocs
 */
export interface KserveParams {
  /**
   * Default InferenceService deployment mode (inferenceservice-config deploy.defaultDeploymentMode);
   * "Serverless" needs the knative application.
   * @default - "Serverless" when Knative is installed, else "RawDeployment"
   */
  deploymentMode?: "Serverless" | "RawDeployment";
  /** Domain of InferenceService URLs (KServe ingressDomain and Knative config-domain). */
  ingressDomain: string;
}

/**
 * The release's PersistentVolumeClaims.
 * @optionDocs
 */
export interface StorageParams {
  /** StorageClass of every PVC and volumeClaimTemplate of Kubeflow's applications. @default - the cluster's default */
  storageClassName?: string;
  /**
   * Size per PVC (or claim template) name of the release, e.g. mysql-pv-claim: 50Gi; more than 0, at most
   * 64Ti (the largest GCE Persistent Disk and EBS volume). Volumes can grow only if the class allows
   * expansion.
   * @default - upstream's sizes
   */
  sizes: Readonly<Record<string, string>>;
}

export interface KubeflowParams {
  imageRegistry?: MirrorSpec;
  scheduling: SchedulingParams;
  notebooks: NotebooksParams;
  pipelines: PipelinesParams;
  katib: AppDatabaseParams;
  modelRegistry: AppDatabaseParams;
  kserve: KserveParams;
  storage: StorageParams;
  confineToProfiles: boolean;
  dataProtection: DataProtection;
  applications: Readonly<Partial<Record<ApplicationKey, ApplicationParams>>>;
}

/**
 * What a caller gives: every section optional, and within a section every field that has a default. Values of
 * `KubeflowParams` are options too.
 */
export interface KubeflowParamsOptions {
  /** Registry mirror every image of the release is pulled from. @default - none: the public registries */
  imageRegistry?: Omit<MirrorSpec, "includeSourceRegistry" | "mapping"> &
    Partial<Pick<MirrorSpec, "includeSourceRegistry" | "mapping">>;
  /** Node selector and tolerations of every Kubeflow system pod. @default KUBEFLOW_PARAMS_DEFAULTS.scheduling (none) */
  scheduling?: Partial<SchedulingParams>;
  /**
   * The Jupyter spawner's images and GPU vendors, and the culling of idle notebook servers.
   * @default KUBEFLOW_PARAMS_DEFAULTS.notebooks (upstream's images, culled after a day)
   */
  notebooks?: Omit<NotebooksParams, "culling"> & { culling?: Partial<NotebookCullingParams> };
  /** Where Pipelines keeps its artifacts and its database. @default KUBEFLOW_PARAMS_DEFAULTS.pipelines (in-cluster) */
  pipelines?: Partial<PipelinesParams>;
  /** Katib's database. @default KUBEFLOW_PARAMS_DEFAULTS.katib (in-cluster) */
  katib?: Partial<AppDatabaseParams>;
  /** Model Registry's database. @default KUBEFLOW_PARAMS_DEFAULTS.modelRegistry (in-cluster) */
  modelRegistry?: Partial<AppDatabaseParams>;
  /** KServe's default deployment mode and the domain of InferenceService URLs. @default KUBEFLOW_PARAMS_DEFAULTS.kserve */
  kserve?: Partial<KserveParams>;
  /** StorageClass and sizes of the release's PVCs. @default - the cluster's default class, upstream's sizes */
  storage?: Partial<StorageParams>;
  /**
   * Confine Kubeflow's admission webhooks to the profile namespaces and Kubeflow's own (README,
   * "Confinement").
   * @default KUBEFLOW_PARAMS_DEFAULTS.confineToProfiles (false)
   */
  confineToProfiles?: boolean;
  /**
   * How stateful objects are guarded: `protect`, `retain` or `none`, as `KubeflowReleaseOptions.dataProtection`.
   * @default KUBEFLOW_PARAMS_DEFAULTS.dataProtection ("protect")
   */
  dataProtection?: DataProtection;
  /** Replicas, resources and scheduling per application, each replacing the release-wide one. @default {} */
  applications?: KubeflowParams["applications"];
}

/**
 * The defaults of the parameters: upstream's behaviour (in-cluster stores, culling after a day, the
 * release's sizes and scheduling), data protected, webhooks not confined. The stack schema's defaults.
 */
export const KUBEFLOW_PARAMS_DEFAULTS = {
  imageRegistry: { includeSourceRegistry: true, mapping: {} },
  scheduling: { nodeSelector: {}, tolerations: [] },
  notebooks: { culling: { enabled: true, idleMinutes: 1440, checkPeriodMinutes: 1 } },
  pipelines: { objectStore: { type: "in-cluster" }, database: { type: "in-cluster" } },
  katib: { database: { type: "in-cluster" } },
  modelRegistry: { database: { type: "in-cluster" } },
  kserve: { ingressDomain: "example.com" },
  storage: { sizes: {} },
  confineToProfiles: false,
  dataProtection: DEFAULT_DATA_PROTECTION,
  applications: {},
} as const satisfies Omit<KubeflowParams, "imageRegistry"> & { imageRegistry: MirrorSpec };

/** Pure: the parameters with every default a caller left out filled in (no mirror unless one is given). */
export function kubeflowParams(options: KubeflowParamsOptions = {}): KubeflowParams {
  const D = KUBEFLOW_PARAMS_DEFAULTS;
  const o = options;
  return {
    ...(o.imageRegistry !== undefined
      ? { imageRegistry: { ...D.imageRegistry, ...o.imageRegistry } }
      : {}),
    scheduling: { ...D.scheduling, ...o.scheduling },
    notebooks: { ...o.notebooks, culling: { ...D.notebooks.culling, ...o.notebooks?.culling } },
    pipelines: { ...D.pipelines, ...o.pipelines },
    katib: { ...D.katib, ...o.katib },
    modelRegistry: { ...D.modelRegistry, ...o.modelRegistry },
    kserve: { ...D.kserve, ...o.kserve },
    storage: { ...D.storage, ...o.storage },
    confineToProfiles: o.confineToProfiles ?? D.confineToProfiles,
    dataProtection: o.dataProtection ?? D.dataProtection,
    applications: o.applications ?? D.applications,
  };
}
