/** Kubeflow: a pinned upstream release installed from its rendered bundle, one component per application. */
export {
  KUBEFLOW_RELEASE_DEFAULTS,
  KubeflowApplication,
  KubeflowRelease,
  releaseResourceOptions,
} from "./release";
export type { KubeflowReleaseArgs, KubeflowReleaseOptions } from "./release";
export { DATA_PROTECTION_MODES, DEFAULT_DATA_PROTECTION } from "./transforms/protection";
export type { DataProtection, ObjectResourceOptions } from "./transforms/protection";
export { GENERATED_SECRETS } from "./secure-defaults/plan";
export { GeneratedSecrets } from "./secure-defaults/generated-secrets";
export type { GeneratedSecretsArgs } from "./secure-defaults/generated-secrets";
export type {
  AppDatabaseChoice,
  ApplicationParams,
  ExternalDatabaseParams,
  InClusterDatabaseParams,
  InClusterObjectStoreParams,
  KserveParams,
  KubeflowParams,
  KubeflowParamsOptions,
  ManagedDatabaseParams,
  ManagedObjectStoreParams,
  NotebookCullingParams,
  NotebooksParams,
  S3ObjectStoreParams,
  SchedulingParams,
  StorageParams,
  WorkloadParams,
} from "./params";
export { KUBEFLOW_PARAMS_DEFAULTS, kubeflowParams } from "./params";
export { readBundle } from "./bundle";
/**
 * The TSDoc summary of each field of the folder's `*Options` interfaces and `@optionDocs` types (generated:
 * npm run option-docs).
 */
export * from "./option-docs";
/** The stack's parameter chain, the secrets plan and per-object options (the release applies both itself). */
export { buildTransforms, planGeneratedSecrets, resourceOptionsForAll } from "./transforms";
export type { ApplicationChoice, ApplicationChoices } from "./applications";
export type { ReadBundleOptions } from "./bundle";
