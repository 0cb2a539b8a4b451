/** Kubeflow: a pinned upstream release installed from its rendered bundle, one component per application. */
export { KubeflowApplication, KubeflowRelease } from "./release";
export type { KubeflowReleaseArgs, ObjectOptions } from "./release";
export { GeneratedSecrets } from "./secure-defaults/generated-secrets";
export type { GeneratedSecretsArgs } from "./secure-defaults/generated-secrets";
export type { KubeflowParams } from "./params";
export { readBundle } from "./bundle";
export type { ReadBundleOptions } from "./bundle";
