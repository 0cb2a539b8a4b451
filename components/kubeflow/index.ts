/** Kubeflow: a pinned upstream release installed from its rendered bundle, one component per application. */
export { KubeflowApplication, KubeflowRelease } from "./release";
export type { KubeflowReleaseArgs, ObjectOptions } from "./release";
export { GeneratedSecrets } from "./secure-defaults/generated-secrets";
export type { GeneratedSecretsArgs } from "./secure-defaults/generated-secrets";
export type { KubeflowParams } from "./params";
export { readBundle } from "./bundle";
/** The stack's transformation chain (secure defaults included), its secrets plan and per-object options. */
export { buildTransforms, planGeneratedSecrets, resourceOptionsForAll } from "./transforms";
export type { ApplicationChoice, ApplicationChoices } from "./applications";
export type { ReadBundleOptions } from "./bundle";
