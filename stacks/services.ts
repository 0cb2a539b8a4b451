/**
 * The services layer of a stack: cert-manager → Istio → Dex → oauth2-proxy, and GPU support, from the
 * `services` config. Each can be `existing` (the cluster runs it); the handle says what the layers above get.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../components/cluster/handle";
import { ACME_ISSUER, CertManager } from "../components/services/cert-manager";
import { Dex, DexStaticUser } from "../components/services/dex";
import { DexConnector } from "../components/services/dex-config";
import { GpuSupport } from "../components/services/gpu";
import { ServicesHandle } from "../components/services/handle";
import {
  GatewayTlsMode,
  gatewayTlsMode,
  Istio,
  istioInputProblems,
  IstioOptions,
} from "../components/services/istio";
import { OAuth2Proxy } from "../components/services/oauth2-proxy";
import { DEX_ISSUER } from "../components/shared/constants";
import { inputError } from "../components/shared/input-error";
import { PlatformConfig } from "./config";
import { componentConfigError, configKeys, withConfigKeys } from "./config/component-errors";
import { DEX_INITIAL_USER, resolveChartSource, ServicesConfig } from "./config/services";
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

/**
 * Where each Istio property comes from in the stack config, for componentConfigError: the component's own
 * checks (istioInputProblems) are reported under these keys. `certManager` is the cert-manager section the
 * stack builds the handle from; its `acmeIssuer` exists when `services.certManager.acme` is set.
 */
export const ISTIO_CONFIG_KEYS: Readonly<Record<string, string>> = {
  mode: "services.istio.mode",
  revision: "services.istio.revision",
  mtlsMode: "services.istio.mtls.mode",
  mtlsExceptions: "services.istio.mtls.exceptions",
  exposure: "services.istio.exposure",
  hostname: "services.istio.hostname",
  tls: "services.istio.tls",
  serviceAnnotations: "services.istio.serviceAnnotations",
  istiodReplicas: "services.istio.istiod.replicas",
  istiodResources: "services.istio.istiod.resources",
  gatewayReplicas: "services.istio.gateway.replicas",
  gatewayResources: "services.istio.gateway.resources",
  values: "services.istio.values",
  existing: "services.istio.existing",
  certManager: "services.certManager",
  "certManager.acmeIssuer": "services.certManager.acme",
};
/**
 * Where Dex's properties come from (its users are merged from several sections: reported as the program's).
 * A password held in a config secret is checked when the config loads, under the key that names it
 * (`dexPasswordProblems`); Dex's own check of an Output password runs in an apply, past withConfigKeys, and
 * meets only the program's extra users.
 */
export const DEX_CONFIG_KEYS: Readonly<Record<string, string>> = {
  mode: "services.dex.mode",
  replicas: "services.dex.replicas",
  initialUser: "services.dex.initialUser",
  connectors: "services.dex.connectors",
  // The public URL is https://<services.istio.hostname>.
  publicUrl: "services.istio.hostname",
  existing: "services.dex.existing",
  "existing.oauth2ProxyClientSecret": "services.dex.existing.oauth2ProxyClientSecretSecret",
};
/** Where GPU support's properties come from. */
export const GPU_CONFIG_KEYS: Readonly<Record<string, string>> = {
  mode: "services.gpu.mode",
  kind: "services.gpu.kind",
  dcgmExporter: "services.gpu.dcgmExporter",
  values: "services.gpu.values",
};

/** Pure: the gateway certificate source of a stack: none behind a cloud entry (TLS ends at its load balancer). */
export function stackGatewayTls(
  s: Pick<ServicesConfig, "istio">,
  behindEntry: boolean,
): GatewayTlsMode {
  return behindEntry ? "none" : gatewayTlsMode(s.istio);
}

/** Pure: Istio's settings from `services.istio` (the Fits check in config/services.ts keeps them aligned). */
export function istioOptions(
  s: Pick<ServicesConfig, "istio">,
  tls: GatewayTlsMode,
  extraAnnotations: Readonly<Record<string, string>> = {},
): IstioOptions {
  return {
    mode: s.istio.mode,
    ...opt("revision", s.istio.revision),
    mtlsMode: s.istio.mtls.mode,
    mtlsExceptions: s.istio.mtls.exceptions,
    exposure: s.istio.exposure,
    ...opt("hostname", s.istio.hostname),
    tls,
    serviceAnnotations: { ...s.istio.serviceAnnotations, ...extraAnnotations },
    istiodReplicas: s.istio.istiod.replicas,
    gatewayReplicas: s.istio.gateway.replicas,
    ...opt("istiodResources", s.istio.istiod.resources as Resources),
    ...opt("gatewayResources", s.istio.gateway.resources as Resources),
    values: s.istio.values,
    ...opt("existing", s.istio.existing),
  };
}

/**
 * Pure: Istio's own checks of the stack's Istio settings against the cluster's facts (which the config
 * schema cannot see), as the ConfigError naming the keys; undefined when fine.
 */
export function servicesConfigError(
  s: Pick<ServicesConfig, "istio" | "certManager">,
  cluster: Pick<ClusterHandle, "loadBalancer">,
  behindEntry: boolean,
  namespace: string,
): unknown {
  const problems = istioInputProblems({
    ...istioOptions(s, stackGatewayTls(s, behindEntry)),
    cluster,
    certManager: s.certManager.acme !== undefined ? { acmeIssuer: ACME_ISSUER } : {},
  });
  if (problems.length === 0) return undefined;
  return componentConfigError(
    inputError("Istio", problems),
    configKeys(ISTIO_CONFIG_KEYS),
    namespace,
  );
}

export function createServices(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
  extras: ServicesExtras = {},
): ServicesHandle {
  const s = cfg.services;
  const namespace = pulumi.getProject();
  // Behind a cloud entry TLS ends at the cloud's load balancer: the gateway serves plain HTTP on the
  // backend's port, with no cert-manager certificate, and the public URL is https.
  const backend = entryBackend(cfg, cluster);
  // Fail before any service registers a resource.
  const refused = servicesConfigError(s, cluster, backend !== undefined, namespace);
  if (refused !== undefined) throw refused;
  const opts = { providers: [cluster.provider] };
  const prefix = cluster.name;
  // Air-gapped installs: every chart from services.charts, every chart image through the mirror the Kubeflow
  // layer uses for its own images.
  const airGap = {
    charts: resolveChartSource(s.charts, projectRoot()),
    ...opt("imageMirror", cfg.kubeflow.imageRegistry),
  };
  const tls = stackGatewayTls(s, backend !== undefined);
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

  const istio = withConfigKeys(
    () =>
      new Istio(
        `${prefix}-istio`,
        {
          ...istioOptions(s, tls, backend?.serviceAnnotations),
          ...airGap,
          cluster,
          certManager: certManager.handle,
        },
        opts,
      ),
    configKeys(ISTIO_CONFIG_KEYS),
    namespace,
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
  const dex = withConfigKeys(
    () =>
      new Dex(
        `${prefix}-dex`,
        {
          mode: s.dex.mode,
          ...airGap,
          cluster,
          istio: istio.handle,
          staticUsers,
          // Without any user or connector nobody could log in: create one with a generated password.
          ...(staticUsers.length === 0 && s.dex.connectors.length === 0
            ? { initialUser: s.dex.initialUser ?? DEX_INITIAL_USER }
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
      ),
    configKeys(DEX_CONFIG_KEYS),
    namespace,
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

  const gpu = withConfigKeys(
    () =>
      new GpuSupport(
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
      ),
    configKeys(GPU_CONFIG_KEYS),
    namespace,
  );

  return {
    certManager: certManager.handle,
    istio: istio.handle,
    auth: {
      ready: [...dex.ready, ...oauth2Proxy.ready],
      issuer: DEX_ISSUER,
      ...opt("initialUser", dex.initialUser),
    },
    gpu: { ready: gpu.ready },
  };
}
