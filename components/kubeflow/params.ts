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

export interface WorkloadParams {
  replicas?: number;
  resources?: ResourcesParams;
}

/** Scheduling of one application's system pods; each field replaces the stack-wide one. */
export interface ApplicationParams {
  replicas?: number;
  resources?: ResourcesParams;
  nodeSelector?: Readonly<Record<string, string>>;
  tolerations?: readonly TolerationParams[];
  /** By Deployment/StatefulSet name. */
  workloads?: Readonly<Record<string, WorkloadParams>>;
}

export interface SchedulingParams {
  nodeSelector: Readonly<Record<string, string>>;
  tolerations: readonly TolerationParams[];
}

export interface NotebooksParams {
  images?: readonly string[];
  defaultImage?: string;
  gpuVendors?: ReadonlyArray<{ limitsKey: string; uiName: string }>;
  culling: { enabled: boolean; idleMinutes: number; checkPeriodMinutes: number };
}

export type ObjectStoreParams =
  | { type: "in-cluster" }
  | { type: "s3"; endpoint: string; bucket: string; region: string; secure: boolean }
  /** Created by the stack beside the cluster (stacks/stores.ts); the bucket comes as ManagedKubeflowStores. */
  | { type: "managed" };

export type DatabaseParams =
  | { type: "in-cluster" }
  | { type: "external"; host: string; port: number; user: string }
  /** Created by the stack beside the cluster (stacks/stores.ts); the server comes as ManagedKubeflowStores. */
  | { type: "managed" };

/** An application's database: the release's in-cluster MySQL, or the managed server. */
export interface AppDatabaseParams {
  database: { type: "in-cluster" | "managed" };
}

export interface PipelinesParams {
  objectStore: ObjectStoreParams;
  database: DatabaseParams;
}

export interface KserveParams {
  /** Default InferenceService mode. @default - "Serverless" when Knative is installed, else "RawDeployment" */
  deploymentMode?: "Serverless" | "RawDeployment";
  ingressDomain: string;
}

export interface StorageParams {
  storageClassName?: string;
  /** PVC size by claim name. */
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
  notebooks?: Omit<NotebooksParams, "culling"> & { culling?: Partial<NotebooksParams["culling"]> };
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
