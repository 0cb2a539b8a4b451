/**
 * Platform services: cert-manager, Istio, Dex, oauth2-proxy, GPU support and metrics scraping. Each component
 * takes `XArgs extends XOptions`: the options are its settings, each default in the exported `X_DEFAULTS`;
 * the rest is wiring (the cluster and the handles of the services before it).
 */
export {
  ACME_ISSUER,
  ACME_ISSUER_DEFAULTS,
  CERT_MANAGER_DEFAULTS,
  CertManager,
} from "./cert-manager";
export type { AcmeIssuerArgs, CertManagerArgs, CertManagerOptions } from "./cert-manager";
export {
  GATEWAY_TLS_MODES,
  gatewayTlsMode,
  Istio,
  ISTIO_DEFAULTS,
  istioInputProblems,
} from "./istio";
export type {
  ExistingIstioArgs,
  GatewayTlsMode,
  IstioArgs,
  IstioChartValues,
  IstioOptions,
} from "./istio";
export { EXPOSURES, MTLS_MODES } from "./istio-values";
export type { Exposure, MtlsException, MtlsMode } from "./istio-values";
export { Dex, DEX_DEFAULTS, dexInputProblems } from "./dex";
export type { DexArgs, DexOptions, DexStaticUser, ExistingDexArgs } from "./dex";
export type { DexConnector } from "./dex-config";
export { OAuth2Proxy, OAUTH2_PROXY_DEFAULTS } from "./oauth2-proxy";
export type { OAuth2ProxyArgs, OAuth2ProxyOptions } from "./oauth2-proxy";
export { CloudIdentityAuth } from "./cloud-identity";
export type { CloudIdentityAuthArgs } from "./cloud-identity";
export { GPU_KINDS, GPU_SUPPORT_DEFAULTS, GpuSupport } from "./gpu";
export type { GpuSupportArgs, GpuSupportOptions } from "./gpu";
export { Metrics, METRICS_DEFAULTS } from "./metrics";
export type { MetricsArgs, MetricsOptions, PrometheusOperatorOptions } from "./metrics";
export { SERVICE_MODES } from "./common";
/**
 * The TSDoc summary of each field of the folder's `*Options` interfaces and `@optionDocs` types (generated:
 * npm run option-docs).
 */
export * from "./option-docs";
export type { ContainerResources, ServiceMode } from "./common";
export type { CertManagerHandle, IstioHandle, ServicesHandle } from "./handle";
