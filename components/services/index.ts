/** Platform services: cert-manager, Istio, Dex, oauth2-proxy, GPU support and metrics scraping. */
export { CertManager } from "./cert-manager";
export type { AcmeIssuerArgs, CertManagerArgs } from "./cert-manager";
export { Istio } from "./istio";
export type { ExistingIstioArgs, IstioArgs } from "./istio";
export type { MtlsMode } from "./istio-values";
export { Dex } from "./dex";
export type { DexArgs, ExistingDexArgs } from "./dex";
export { OAuth2Proxy } from "./oauth2-proxy";
export { CloudIdentityAuth } from "./cloud-identity";
export { GpuSupport } from "./gpu";
export type { GpuSupportArgs } from "./gpu";
export { Metrics } from "./metrics";
export type { MetricsArgs, PrometheusOperatorOptions } from "./metrics";
export type { ServiceMode } from "./common";
export type { ServicesHandle } from "./handle";
