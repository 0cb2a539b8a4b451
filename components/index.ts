/**
 * The public entry point of the kubeflow-platform component library: what a platform team's own Pulumi program
 * imports (`import { KubeflowRelease, Istio, ExistingCluster } from "kubeflow-platform"`). Each layer takes the
 * handles of the one below it: a cluster component gives a `ClusterHandle`, the services a `ServicesHandle`,
 * and `KubeflowRelease` and `Profiles` take both. The stack program (`index.ts`, `stacks/`) is one composition of
 * these; README "Use as a library".
 */
export * from "./cluster";
export * from "./services";
export * from "./kubeflow";
export { Profile, PROFILE_DEFAULTS, Profiles, PROFILES_DEFAULTS } from "./profiles/profile";
export {
  CONTRIBUTOR_DOCS,
  PROFILE_OPTION_DOCS,
  PROFILE_QUOTA_DOCS,
  PROFILES_OPTION_DOCS,
} from "./profiles/option-docs";
export type { Contributor } from "./profiles/plan";
export type { ProfileQuota } from "./profiles/quota";
export type {
  ProfileArgs,
  ProfileOptions,
  ProfilesArgs,
  ProfileSpec,
  ProfilesOptions,
  ProfileWiring,
  ReadyHandle,
} from "./profiles/profile";
export { CATALOG, getRelease, RELEASE_TAGS } from "./catalog";
export type { ApplicationKey, Release, UpgradeHazard } from "./catalog";
export { DEX_ISSUER, NAMESPACES } from "./shared/constants";
export type { K8sObject } from "./shared/k8s-object";
export type { MirrorSpec } from "./shared/image-ref";
/** The TSDoc summary of each field of `MirrorSpec` (generated: npm run option-docs). */
export { MIRROR_SPEC_DOCS } from "./shared/option-docs";
export { GcpManagedStores } from "./cloud/gcp-stores";
export { GCP_DATABASE_DEFAULTS, GCP_STORES_DEFAULTS } from "./cloud/gcp-stores-plan";
export { GcpPublicEntry } from "./cloud/gcp-entry";
export type {
  GcpIapOAuthClient,
  GcpPublicEntryArgs,
  GcpPublicEntryIap,
  GcpPublicEntryOptions,
} from "./cloud/gcp-entry";
export { AWS_ENTRY_DEFAULTS, AwsPublicEntry } from "./cloud/aws-entry";
export type {
  AwsEntryCognitoIdentity,
  AwsEntryIdentity,
  AwsEntryOidcIdentity,
  AwsPublicEntryArgs,
  AwsPublicEntryOptions,
} from "./cloud/aws-entry";
export { AwsLoadBalancerController } from "./cloud/aws-lb-controller";
export type {
  AwsLoadBalancerControllerArgs,
  AwsLoadBalancerControllerOptions,
} from "./cloud/aws-lb-controller";
export { AwsManagedStores } from "./cloud/aws-stores";
export type { AwsBucketOptions, AwsManagedStoresArgs } from "./cloud/aws-stores";
export { AWS_DATABASE_DEFAULTS, AWS_STORES_DEFAULTS } from "./cloud/aws-stores-plan";
export type { AwsDatabaseOptions } from "./cloud/aws-stores-plan";
export type {
  GcpBucketOptions,
  GcpDatabaseOptions,
  GcpManagedStoresArgs,
} from "./cloud/gcp-stores";
export type { ManagedStores, WorkloadPrincipal } from "./shared/managed-stores";
export type { OptionDocs } from "./shared/option-docs-type";
/**
 * The TSDoc summary of each field of the cloud components' `*Options` and `@optionDocs` types (generated: npm
 * run option-docs).
 */
export {
  AWS_BUCKET_OPTION_DOCS,
  AWS_DATABASE_OPTION_DOCS,
  AWS_ENTRY_COGNITO_IDENTITY_DOCS,
  AWS_ENTRY_OIDC_IDENTITY_DOCS,
  AWS_LOAD_BALANCER_CONTROLLER_OPTION_DOCS,
  AWS_PUBLIC_ENTRY_OPTION_DOCS,
  GCP_BUCKET_OPTION_DOCS,
  GCP_DATABASE_OPTION_DOCS,
  GCP_IAP_OAUTH_CLIENT_DOCS,
  GCP_PUBLIC_ENTRY_IAP_DOCS,
  GCP_PUBLIC_ENTRY_OPTION_DOCS,
} from "./cloud/option-docs";
