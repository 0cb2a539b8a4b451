/**
 * The services layer of a stack: cert-manager → Istio → Dex → oauth2-proxy, and GPU support, from the
 * `services` config. Each can be `existing` (the cluster runs it); the handle says what the layers above get.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../components/cluster/handle";
import { CertManager } from "../components/services/cert-manager";
import { Dex, DexStaticUser } from "../components/services/dex";
import { DexConnector } from "../components/services/dex-config";
import { GpuSupport } from "../components/services/gpu";
import { ServicesHandle } from "../components/services/handle";
import { Istio } from "../components/services/istio";
import { exposureProblems } from "../components/services/istio-values";
import { OAuth2Proxy } from "../components/services/oauth2-proxy";
import { DEX_ISSUER } from "../components/shared/constants";
import { PlatformConfig } from "./config";
import { resolveChartSource, ServicesConfig } from "./config/services";
import { entryBackend } from "./entry";
import { projectRoot } from "./project-root";
import { profileStaticUsers } from "./profiles";

/** Inputs from other layers (the users declared with profiles, wired by the stack). */
export interface ServicesExtras {
  /** Dex static users beyond those of `services.dex.staticUsers`. @default [] */
  staticUsers?: DexStaticUser[];
}

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
const opt = <K extends string, V>(key: K, v: V | undefined) =>
  (v !== undefined ? { [key]: v } : {}) as Partial<Record<K, V>>;

/** Pure: the Dex connectors of the config, with their secrets read through SecretRefs. */
export function dexConnectors(
  cfg: ServicesConfig["dex"]["connectors"],
): DexConnector<pulumi.Output<string>>[] {
  return cfg.map((c): DexConnector<pulumi.Output<string>> => {
    switch (c.type) {
      case "ldap":
        return {
          type: "ldap",
          id: c.id,
          name: c.name,
          host: c.host,
          startTLS: c.startTLS,
          bindDN: c.bindDN,
          bindPassword: c.bindPasswordSecret.value(),
          userSearch: { ...c.userSearch },
          ...opt("groupSearch", c.groupSearch),
        } as DexConnector<pulumi.Output<string>>;
      case "oidc":
        return {
          type: "oidc",
          id: c.id,
          name: c.name,
          issuer: c.issuer,
          clientId: c.clientId,
          clientSecret: c.clientSecretSecret.value(),
          groups: c.groups,
        };
      case "google":
        return {
          type: "google",
          id: c.id,
          name: c.name,
          clientId: c.clientId,
          clientSecret: c.clientSecretSecret.value(),
          ...opt("hostedDomains", c.hostedDomains),
        };
      case "github":
        return {
          type: "github",
          id: c.id,
          name: c.name,
          clientId: c.clientId,
          clientSecret: c.clientSecretSecret.value(),
          ...opt("orgs", c.orgs),
        };
    }
  });
}

/**
 * Pure: one Dex user per e-mail (case-insensitive), the first declaration winning: `services.dex.staticUsers`,
 * then the profiles' users, then the stack's extras.
 */
export function mergeStaticUsers(users: readonly DexStaticUser[]): DexStaticUser[] {
  const seen = new Set<string>();
  return users.filter((u) => {
    const key = u.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Pure: problems only the cluster's facts reveal (the config schema cannot see them). */
export function servicesProblems(s: ServicesConfig, cluster: Pick<ClusterHandle, "loadBalancer">) {
  const tls = s.istio.tls ?? (s.istio.hostname !== undefined ? "self-signed" : "none");
  if (s.istio.mode === "existing") return [];
  return exposureProblems({
    exposure: s.istio.exposure,
    clusterLoadBalancer: cluster.loadBalancer,
    tls,
    ...opt("hostname", s.istio.hostname),
  }).map((p) => `services.istio: ${p}`);
}

export function createServices(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
  extras: ServicesExtras = {},
): ServicesHandle {
  const s = cfg.services;
  // Fail before any service registers a resource.
  const problems = servicesProblems(s, cluster);
  if (problems.length > 0) throw new pulumi.RunError(problems.join("\n"));
  const opts = { providers: [cluster.provider] };
  const prefix = cluster.name;
  // Air-gapped installs: every chart from services.charts, every chart image through the mirror the Kubeflow
  // layer uses for its own images.
  const airGap = {
    charts: resolveChartSource(s.charts, projectRoot()),
    ...opt("imageMirror", cfg.kubeflow.imageRegistry),
  };
  // Behind a cloud entry TLS ends at the cloud's load balancer: the gateway serves plain HTTP on the
  // backend's port, with no cert-manager certificate, and the public URL is https.
  const backend = entryBackend(cfg, cluster);
  const tls =
    backend !== undefined
      ? "none"
      : (s.istio.tls ?? (s.istio.hostname !== undefined ? "self-signed" : "none"));
  const publicUrl =
    s.istio.hostname !== undefined
      ? `${tls === "none" && backend === undefined ? "http" : "https"}://${s.istio.hostname}`
      : undefined;

  const certManager = new CertManager(
    `${prefix}-cert-manager`,
    {
      mode: s.certManager.mode,
      ...airGap,
      cluster,
      replicas: s.certManager.replicas,
      ...opt("resources", s.certManager.resources as Resources),
      ...opt("existingClusterIssuer", s.certManager.clusterIssuer),
      ...opt("acme", s.certManager.acme),
      ...opt("values", s.certManager.values),
    },
    opts,
  );

  const istio = new Istio(
    `${prefix}-istio`,
    {
      mode: s.istio.mode,
      ...airGap,
      cluster,
      ...opt("revision", s.istio.revision),
      mtlsMode: s.istio.mtls.mode,
      mtlsExceptions: s.istio.mtls.exceptions,
      exposure: s.istio.exposure,
      ...opt("hostname", s.istio.hostname),
      tls,
      certManager: certManager.handle,
      serviceAnnotations: { ...s.istio.serviceAnnotations, ...backend?.serviceAnnotations },
      istiodReplicas: s.istio.istiod.replicas,
      gatewayReplicas: s.istio.gateway.replicas,
      ...opt("istiodResources", s.istio.istiod.resources as Resources),
      ...opt("gatewayResources", s.istio.gateway.resources as Resources),
      values: s.istio.values,
      ...opt("existing", s.istio.existing),
    },
    opts,
  );

  const staticUsers = mergeStaticUsers([
    ...s.dex.staticUsers.map((u) => ({
      email: u.email,
      ...opt("username", u.username),
      password: u.passwordSecret.value(),
    })),
    // Owners and contributors declared with a password in the profiles section.
    ...profileStaticUsers(cfg).map((u) => ({ email: u.email, password: u.passwordSecret.value() })),
    ...(extras.staticUsers ?? []),
  ]);
  const dex = new Dex(
    `${prefix}-dex`,
    {
      mode: s.dex.mode,
      ...airGap,
      cluster,
      istio: istio.handle,
      staticUsers,
      // Without any user or connector nobody could log in: create one with a generated password.
      ...(staticUsers.length === 0 && s.dex.connectors.length === 0
        ? { initialUser: s.dex.initialUser ?? "user@example.com" }
        : {}),
      connectors: dexConnectors(s.dex.connectors),
      ...opt("publicUrl", publicUrl),
      replicas: s.dex.replicas,
      ...opt("resources", s.dex.resources),
      ...opt("values", s.dex.values),
      ...(s.dex.existing !== undefined
        ? {
            existing: {
              oauth2ProxyClientSecret: s.dex.existing.oauth2ProxyClientSecretSecret.value(),
            },
          }
        : {}),
    },
    opts,
  );

  const oauth2Proxy = new OAuth2Proxy(
    `${prefix}-oauth2-proxy`,
    {
      mode: s.oauth2Proxy.mode,
      ...airGap,
      cluster,
      istio: istio.handle,
      client: dex.oauth2ProxyClient,
      // Behind a cloud entry the session cookie is not yet marked Secure: the whole-platform verification
      // models the entry from the gateway (plain HTTP) and would see a login loop. A known gap.
      tls: tls !== "none",
      acmeChallenges: tls === "acme",
      // A cloud entry's identity authenticates users before the gateway: no ext-authz to oauth2-proxy.
      extAuthz: backend?.identityProvider === undefined,
      replicas: s.oauth2Proxy.replicas,
      ...opt("resources", s.oauth2Proxy.resources),
      ...opt("values", s.oauth2Proxy.values),
    },
    opts,
  );

  const gpu = new GpuSupport(
    `${prefix}-gpu`,
    {
      mode: s.gpu.mode,
      ...airGap,
      cluster,
      kind: s.gpu.kind,
      dcgmExporter: s.gpu.dcgmExporter,
      ...opt("values", s.gpu.values),
    },
    opts,
  );

  return {
    certManager: { ready: certManager.ready, clusterIssuer: certManager.clusterIssuer },
    istio: istio.handle,
    auth: {
      ready: [...dex.ready, ...oauth2Proxy.ready],
      issuer: DEX_ISSUER,
      ...opt("initialUser", dex.initialUser),
    },
    gpu: { ready: gpu.ready },
  };
}
