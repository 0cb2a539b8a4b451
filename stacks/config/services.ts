/**
 * The `services` key: cert-manager, Istio, Dex, oauth2-proxy and GPU support. Chart versions are not here:
 * they are pinned by the program (components/services/charts.ts) and change only with it.
 */
import * as path from "path";
import { z } from "zod";
import {
  ACME_ISSUER_DEFAULTS,
  ACME_SERVERS,
  CERT_MANAGER_DEFAULTS,
  CertManagerOptions,
} from "../../components/services/cert-manager";
import { chartDirectoryProblems, ChartSource } from "../../components/services/charts";
import { SERVICE_MODES, ServiceMode } from "../../components/services/common";
import { DEX_DEFAULTS, DexOptions } from "../../components/services/dex";
import { passwordProblems } from "../../components/services/dex-config";
import { GPU_KINDS, GPU_SUPPORT_DEFAULTS, GpuSupportOptions } from "../../components/services/gpu";
import { GATEWAY_TLS_MODES, ISTIO_DEFAULTS, IstioOptions } from "../../components/services/istio";
import { EXPOSURES, MTLS_MODES } from "../../components/services/istio-values";
import { METRICS_DEFAULTS, MetricsOptions } from "../../components/services/metrics";
import { OAUTH2_PROXY_DEFAULTS, OAuth2ProxyOptions } from "../../components/services/oauth2-proxy";
import {
  ACME_ISSUER_ARGS_DOCS as ACME,
  CERT_MANAGER_OPTION_DOCS as CERT_MANAGER,
  CONTAINER_RESOURCES_DOCS as CONTAINER_RESOURCES,
  DEX_OPTION_DOCS as DEX,
  DEX_STATIC_USER_DOCS as DEX_STATIC_USER,
  EXISTING_ISTIO_ARGS_DOCS as EXISTING_ISTIO,
  GPU_SUPPORT_OPTION_DOCS as GPU,
  ISTIO_CHART_VALUES_DOCS as ISTIO_CHART_VALUES,
  ISTIO_OPTION_DOCS as ISTIO,
  METRICS_OPTION_DOCS as METRICS,
  MTLS_EXCEPTION_DOCS as MTLS_EXCEPTION,
  OAUTH2_PROXY_OPTION_DOCS as OAUTH2_PROXY,
  PROMETHEUS_OPERATOR_OPTION_DOCS as PROMETHEUS_OPERATOR,
} from "../../components/services/option-docs";
import { projectRoot } from "../project-root";
import { resourceQuantities } from "./quantity";
import { Fits, strict, upgradeSafe } from "./schema";
import { secretRef } from "./secrets";

// Descriptions of keys that are a component's options, or fields of the nested types they hold, come from
// the TSDoc (the generated X_OPTION_DOCS and Y_DOCS); only keys no component field has (secret references,
// the chart source, the sections that group Istio's flat options) are written here.

// Upgrade-safe: switching to "existing" uninstalls our release but keeps its namespace (retainOnDelete) and
// CRDs (crds.keep, Istio base retained), so no data is lost; it is an outage to plan, not a replacement.
const mode = (description: string, dflt: ServiceMode) =>
  upgradeSafe(z.enum(SERVICE_MODES).default(dflt), description);

/** `description` is the option's; the nested requests and limits are ContainerResources' fields. */
const resources = (description: string) =>
  upgradeSafe(
    strict({
      requests: upgradeSafe(
        resourceQuantities.optional(),
        CONTAINER_RESOURCES.requests,
        "- the chart's",
      ),
      limits: upgradeSafe(
        resourceQuantities.optional(),
        CONTAINER_RESOURCES.limits,
        "- the chart's",
      ),
    }).optional(),
    description,
    "- the chart's",
  );

const replicas = (description: string, dflt: number) =>
  upgradeSafe(z.number().int().min(1).max(10).default(dflt), description);

/** Keys of Helm values that would hold a credential; refused in the escape hatch. */
const SECRET_KEY = /(password|secret|token|credential|privatekey|apikey)$/i;

function secretValuePaths(v: unknown, path: string[] = []): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => secretValuePaths(x, [...path, String(i)]));
  if (v !== null && typeof v === "object") {
    return Object.entries(v).flatMap(([k, x]) =>
      typeof x === "string" && x !== "" && SECRET_KEY.test(k)
        ? [[...path, k].join(".")]
        : secretValuePaths(x, [...path, k]),
    );
  }
  return [];
}

const values = (description: string) =>
  upgradeSafe(
    z
      .record(z.string(), z.unknown())
      .optional()
      .superRefine((v, ctx) => {
        for (const p of secretValuePaths(v)) {
          // Reported as a refused key, so the message never echoes the credential's value.
          ctx.addIssue({
            code: "unrecognized_keys",
            keys: [p],
            message:
              `${p} would put a credential in plain text in the Helm values (and the state); ` +
              "reference a Kubernetes Secret in the chart's values instead",
          });
        }
      }),
    description,
    "{}",
  );

const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/, {
  error: "must be a fully qualified lowercase DNS name such as kubeflow.example.com",
});

/** A new schema per use: the docs registry keeps one description per schema instance. */
const email = () =>
  z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, {
    error: "must be an e-mail address such as ops@example.com",
  });

export const certManagerSchema = strict({
  mode: mode(CERT_MANAGER.mode, CERT_MANAGER_DEFAULTS.mode),
  replicas: replicas(CERT_MANAGER.replicas, CERT_MANAGER_DEFAULTS.replicas),
  resources: resources(CERT_MANAGER.resources),
  clusterIssuer: upgradeSafe(
    z.string().min(1).optional(),
    CERT_MANAGER.existingClusterIssuer,
    "- create kubeflow-self-signing-issuer",
  ),
  acme: upgradeSafe(
    strict({
      email: upgradeSafe(email(), ACME.email),
      server: upgradeSafe(
        z
          .enum(Object.keys(ACME_SERVERS) as [keyof typeof ACME_SERVERS])
          .default(ACME_ISSUER_DEFAULTS.server),
        ACME.server,
      ),
    }).optional(),
    CERT_MANAGER.acme,
    "- none",
  ),
  values: values(CERT_MANAGER.values),
});

const mtlsException = strict({
  name: upgradeSafe(
    z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "must be a lowercase name" }),
    MTLS_EXCEPTION.name,
  ),
  namespace: upgradeSafe(z.string().min(1), MTLS_EXCEPTION.namespace),
  selector: upgradeSafe(z.record(z.string(), z.string()), MTLS_EXCEPTION.selector),
  ports: upgradeSafe(z.array(z.number().int().min(1).max(65535)).min(1), MTLS_EXCEPTION.ports),
});

export const istioSchema = strict({
  mode: mode(ISTIO.mode, ISTIO_DEFAULTS.mode),
  revision: upgradeSafe(
    z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "must be a revision label such as 1-29" })
      .optional(),
    ISTIO.revision,
    ISTIO_DEFAULTS.revision,
  ),
  mtls: upgradeSafe(
    strict({
      mode: upgradeSafe(z.enum(MTLS_MODES).default(ISTIO_DEFAULTS.mtlsMode), ISTIO.mtlsMode),
      exceptions: upgradeSafe(
        z.array(mtlsException).default(() => [...ISTIO_DEFAULTS.mtlsExceptions]),
        ISTIO.mtlsExceptions,
        "[]",
      ),
    }).prefault({}),
    "Mutual TLS between workloads.",
  ),
  exposure: upgradeSafe(z.enum(EXPOSURES).default(ISTIO_DEFAULTS.exposure), ISTIO.exposure),
  hostname: upgradeSafe(hostname.optional(), ISTIO.hostname, "- none (port-forward)"),
  tls: upgradeSafe(
    z.enum(GATEWAY_TLS_MODES).optional(),
    ISTIO.tls,
    '- "self-signed" with a hostname, else "none"',
  ),
  serviceAnnotations: upgradeSafe(
    z.record(z.string(), z.string()).default({}),
    ISTIO.serviceAnnotations,
    "{}",
  ),
  istiod: upgradeSafe(
    strict({
      replicas: replicas(ISTIO.istiodReplicas, ISTIO_DEFAULTS.istiodReplicas),
      resources: resources(ISTIO.istiodResources),
    }).prefault({}),
    "The control plane.",
  ),
  gateway: upgradeSafe(
    strict({
      replicas: replicas(ISTIO.gatewayReplicas, ISTIO_DEFAULTS.gatewayReplicas),
      resources: resources(ISTIO.gatewayResources),
    }).prefault({}),
    "The ingress gateway.",
  ),
  values: upgradeSafe(
    strict({
      base: values(ISTIO_CHART_VALUES.base),
      istiod: values(ISTIO_CHART_VALUES.istiod),
      cni: values(ISTIO_CHART_VALUES.cni),
      gateway: values(ISTIO_CHART_VALUES.gateway),
    }).prefault({}),
    ISTIO.values,
  ),
  existing: upgradeSafe(
    strict({
      namespace: upgradeSafe(
        z.string().min(1).default(ISTIO_DEFAULTS.existing.namespace),
        EXISTING_ISTIO.namespace,
      ),
      service: upgradeSafe(
        z.string().min(1).default(ISTIO_DEFAULTS.existing.service),
        EXISTING_ISTIO.service,
      ),
    }).optional(),
    ISTIO.existing,
    `- ${ISTIO_DEFAULTS.existing.namespace}/${ISTIO_DEFAULTS.existing.service}`,
  ),
});

const connectorBase = {
  id: upgradeSafe(
    z.string().regex(/^[a-z0-9][-a-z0-9]*$/, { error: "must be a lowercase id" }),
    "Stable id of the connector (part of Dex's user ids: never change it).",
  ),
  name: upgradeSafe(z.string().min(1), "Name shown on the login page."),
};
const clientConnector = {
  ...connectorBase,
  clientId: upgradeSafe(z.string().min(1), "OAuth client id at the provider."),
  clientSecretSecret: secretRef("Config key holding the OAuth client secret."),
};

export const dexConnectorSchema = z.discriminatedUnion(
  "type",
  [
    strict({
      type: z.literal("oidc"),
      ...clientConnector,
      issuer: upgradeSafe(z.url(), "Issuer URL of the OIDC provider."),
      groups: upgradeSafe(z.boolean().default(false), "Map the provider's groups claim."),
    }),
    strict({
      type: z.literal("google"),
      ...clientConnector,
      hostedDomains: upgradeSafe(
        z.array(z.string().min(1)).optional(),
        "Google Workspace domains allowed to log in.",
        "- any",
      ),
    }),
    strict({
      type: z.literal("github"),
      ...clientConnector,
      orgs: upgradeSafe(
        z
          .array(strict({ name: z.string().min(1), teams: z.array(z.string()).optional() }))
          .optional(),
        "GitHub organizations (and teams) allowed to log in.",
        "- any",
      ),
    }),
    strict({
      type: z.literal("ldap"),
      ...connectorBase,
      host: upgradeSafe(z.string().min(1), "LDAP server host:port."),
      startTLS: upgradeSafe(z.boolean().default(false), "Use StartTLS on port 389."),
      bindDN: upgradeSafe(z.string().min(1), "DN Dex binds as."),
      bindPasswordSecret: secretRef("Config key holding the bind password."),
      userSearch: upgradeSafe(
        strict({
          baseDN: z.string().min(1),
          filter: z.string().optional(),
          username: z.string().default("mail"),
          idAttr: z.string().default("uid"),
          emailAttr: z.string().default("mail"),
          nameAttr: z.string().default("cn"),
        }),
        "Where and how users are searched.",
      ),
      groupSearch: upgradeSafe(
        strict({
          baseDN: z.string().min(1),
          filter: z.string().optional(),
          userAttr: z.string().default("DN"),
          groupAttr: z.string().default("member"),
          nameAttr: z.string().default("cn"),
        }).optional(),
        "Where and how groups are searched.",
        "- no groups",
      ),
    }),
  ],
  {
    error: (iss) =>
      iss.code === "invalid_union"
        ? 'type must be one of "oidc", "google", "github", "ldap"'
        : undefined,
  },
);

/** The user created with a generated password when no Dex user or connector is configured. */
export const DEX_INITIAL_USER = "user@example.com";

export const dexSchema = strict({
  mode: mode(DEX.mode, DEX_DEFAULTS.mode),
  replicas: replicas(DEX.replicas, DEX_DEFAULTS.replicas),
  resources: resources(DEX.resources),
  staticUsers: upgradeSafe(
    z
      .array(
        strict({
          email: upgradeSafe(email(), DEX_STATIC_USER.email),
          username: upgradeSafe(
            z.string().min(1).optional(),
            DEX_STATIC_USER.username,
            "- from the e-mail",
          ),
          passwordSecret: secretRef("Config key holding the user's password."),
        }),
      )
      .default([]),
    DEX.staticUsers,
    "[]",
  ),
  initialUser: upgradeSafe(email().optional(), DEX.initialUser, DEX_INITIAL_USER),
  connectors: upgradeSafe(z.array(dexConnectorSchema).default([]), DEX.connectors, "[]"),
  values: values(DEX.values),
  existing: upgradeSafe(
    strict({
      oauth2ProxyClientSecretSecret: secretRef(
        "Config key holding the secret of the existing Dex's kubeflow-oidc-authservice client.",
      ),
    }).optional(),
    DEX.existing,
    "- none",
  ),
});

export const oauth2ProxySchema = strict({
  mode: mode(OAUTH2_PROXY.mode, OAUTH2_PROXY_DEFAULTS.mode),
  replicas: replicas(OAUTH2_PROXY.replicas, OAUTH2_PROXY_DEFAULTS.replicas),
  resources: resources(OAUTH2_PROXY.resources),
  values: values(OAUTH2_PROXY.values),
});

export const gpuSchema = strict({
  mode: mode(GPU.mode, GPU_SUPPORT_DEFAULTS.mode),
  kind: upgradeSafe(z.enum(GPU_KINDS).default(GPU_SUPPORT_DEFAULTS.kind), GPU.kind),
  dcgmExporter: upgradeSafe(
    z.boolean().default(GPU_SUPPORT_DEFAULTS.dcgmExporter),
    GPU.dcgmExporter,
  ),
  values: values(GPU.values),
});

/** A DNS-1123 label: a namespace name. */
const namespaceName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    "must be a namespace name: lowercase letters, digits and '-', at most 63 characters",
  );

// Upgrade-safe: monitors and their NetworkPolicies are created, changed or removed in place; no workload
// restarts and no data is lost (metrics history lives in the backend).
export const metricsSchema = strict({
  scrape: upgradeSafe(
    z.enum(["auto", "managed-prometheus", "prometheus-operator", "none"]).default("auto"),
    // The option's backends, and the config's own "auto", which resolveScrape turns into one of them.
    `${METRICS.backend} "auto" is managed-prometheus on gcp with cluster.managedPrometheus, else none.`,
  ),
  prometheusNamespace: upgradeSafe(
    namespaceName.optional(),
    PROMETHEUS_OPERATOR.namespace,
    METRICS_DEFAULTS.prometheusOperator.namespace,
  ),
  monitorLabels: upgradeSafe(
    z.record(z.string(), z.string()).optional(),
    PROMETHEUS_OPERATOR.monitorLabels,
    "{}",
  ),
});

export type MetricsConfig = z.output<typeof metricsSchema>;

/**
 * Pure: the backend `scrape` stands for on a platform: `auto` is GKE's Managed Prometheus where the cluster
 * has it (gcp with cluster.managedPrometheus, which defaults to true), else none.
 */
export function resolveScrape(
  metrics: Pick<MetricsConfig, "scrape">,
  platform: string,
  cluster?: unknown,
): "managed-prometheus" | "prometheus-operator" | "none" {
  if (metrics.scrape !== "auto") return metrics.scrape;
  return platform === "gcp" && managedPrometheusOn(cluster) ? "managed-prometheus" : "none";
}

function managedPrometheusOn(cluster: unknown): boolean {
  return (cluster as { managedPrometheus?: unknown } | undefined)?.managedPrometheus !== false;
}

/** Problems of `services.metrics` only the platform reveals: Managed Prometheus exists only on GKE with it on. */
export function metricsPlatformProblems(cfg: {
  platform: string;
  cluster?: unknown;
  services: { metrics: MetricsConfig };
}): Array<{ path: string[]; message: string }> {
  if (cfg.services.metrics.scrape !== "managed-prometheus") return [];
  const path = ["services", "metrics", "scrape"];
  if (cfg.platform !== "gcp") {
    return [
      {
        path,
        message:
          `"managed-prometheus" is GKE's Managed Service for Prometheus and needs platform "gcp" ` +
          `(platform is "${cfg.platform}"); use "prometheus-operator" where the Prometheus Operator's CRDs ` +
          `are installed, or "none"`,
      },
    ];
  }
  if (!managedPrometheusOn(cfg.cluster)) {
    return [
      {
        path,
        message:
          '"managed-prometheus" needs cluster.managedPrometheus: true (it is false, so the cluster has no ' +
          'PodMonitoring CRDs); turn it on, or use "prometheus-operator" or "none"',
      },
    ];
  }
  return [];
}

const REGISTRY =
  /^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z0-9.-]+:[0-9]{1,5})(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** An OCI registry host and optional path, without scheme: `harbor.corp/helm`, `localhost:5000/charts`. */
const ociRegistry = z.string().superRefine((v, ctx) => {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(v);
  if (scheme) {
    ctx.addIssue({
      code: "custom",
      message:
        `must be a registry host and path without a scheme (charts are pulled as ` +
        `oci://<registry>/<chart>:<version>); remove "${scheme[0]}"`,
    });
  } else if (!REGISTRY.test(v)) {
    ctx.addIssue({
      code: "custom",
      message:
        "must be a registry host (with a dot or a port, or localhost) and an optional lowercase path, " +
        "without a trailing slash, e.g. harbor.corp/helm",
    });
  }
});

// Upgrade-safe: every source serves the same chart bytes at the pinned version, so changing it updates each
// Release's chart reference in place (helm upgrade to the same chart): nothing is replaced.
export const chartsSchema = strict({
  source: upgradeSafe(
    z.enum(["repository", "directory", "oci"]).default("repository"),
    "Where the services' pinned Helm charts come from: their public Helm repositories, a local directory, " +
      "or an OCI registry (air-gapped installs).",
  ),
  directory: upgradeSafe(
    z.string().min(1).optional(),
    'With source "directory": folder holding each pinned chart unpacked as `<directory>/<chart>/<version>/`, ' +
      "relative to the project root; checked before anything is created.",
    "- none",
  ),
  registry: upgradeSafe(
    ociRegistry.optional(),
    'With source "oci": registry and path the charts are pushed to, pulled as ' +
      "`oci://<registry>/<chart>:<version>`, e.g. `harbor.corp/helm`.",
    "- none",
  ),
});

export type ChartsConfig = z.output<typeof chartsSchema>;

/**
 * Pure: the chart source the components get, a relative directory resolved against the project root (as
 * `kubeflow.bundleDir` is).
 */
export function resolveChartSource(charts: ChartsConfig, root: string): ChartSource {
  if (charts.source === "directory" && charts.directory !== undefined) {
    return { source: "directory", directory: path.resolve(root, charts.directory) };
  }
  if (charts.source === "oci" && charts.registry !== undefined) {
    return { source: "oci", registry: charts.registry };
  }
  return { source: "repository" };
}

/** Problems of the `charts` section: the key its source needs, keys it does not use, a missing chart. */
function chartsProblems(c: ChartsConfig): Array<{ path: string[]; message: string }> {
  const problems: Array<{ path: string[]; message: string }> = [];
  if (c.source === "directory" && c.directory === undefined) {
    problems.push({
      path: ["directory"],
      message:
        'is required with source "directory": the folder holding each pinned chart as ' +
        "<directory>/<chart>/<version>/ (relative to the project root)",
    });
  }
  if (c.source === "oci" && c.registry === undefined) {
    problems.push({
      path: ["registry"],
      message:
        'is required with source "oci": the registry and path the charts are pushed to, pulled as ' +
        "oci://<registry>/<chart>:<version>, e.g. harbor.corp/helm",
    });
  }
  if (c.source !== "directory" && c.directory !== undefined) {
    problems.push({
      path: ["directory"],
      message: `only applies with source "directory" (source is "${c.source}"); remove it or set source "directory"`,
    });
  }
  if (c.source !== "oci" && c.registry !== undefined) {
    problems.push({
      path: ["registry"],
      message: `only applies with source "oci" (source is "${c.source}"); remove it or set source "oci"`,
    });
  }
  // The folder is read only once the section is consistent: each pinned chart must be there.
  if (problems.length === 0 && c.source === "directory" && c.directory !== undefined) {
    for (const message of chartDirectoryProblems(path.resolve(projectRoot(), c.directory))) {
      problems.push({ path: ["directory"], message });
    }
  }
  return problems;
}

export const servicesSchema = strict({
  charts: upgradeSafe(
    chartsSchema
      .superRefine((c, ctx) => {
        for (const p of chartsProblems(c)) {
          ctx.addIssue({ code: "custom", path: p.path, message: p.message });
        }
      })
      .prefault({}),
    "Where the pinned Helm charts of cert-manager, Istio, Dex, oauth2-proxy and GPU support come from.",
  ),
  certManager: certManagerSchema.prefault({}),
  istio: istioSchema.prefault({}),
  dex: dexSchema.prefault({}),
  oauth2Proxy: oauth2ProxySchema.prefault({}),
  gpu: gpuSchema.prefault({}),
  metrics: metricsSchema.prefault({}),
})
  .superRefine((s, ctx) => {
    const issue = (path: PropertyKey[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const tls = s.istio.tls ?? (s.istio.hostname !== undefined ? "self-signed" : "none");
    if (tls !== "none" && s.istio.hostname === undefined) {
      issue(
        ["istio", "tls"],
        `"${tls}" needs istio.hostname for the certificate; set it or use "none"`,
      );
    }
    if (tls === "acme" && s.certManager.acme === undefined) {
      issue(["istio", "tls"], '"acme" needs certManager.acme (email, server)');
    }
    if (s.certManager.clusterIssuer !== undefined && s.certManager.mode !== "existing") {
      issue(["certManager", "clusterIssuer"], 'only applies with mode "existing"; remove it');
    }
    if (s.istio.existing !== undefined && s.istio.mode !== "existing") {
      issue(["istio", "existing"], 'only applies with mode "existing"; remove it');
    }
    if (s.dex.mode === "existing" && s.dex.existing === undefined) {
      issue(
        ["dex", "existing"],
        'mode "existing" needs existing.oauth2ProxyClientSecretSecret (the client secret oauth2-proxy uses)',
      );
    }
    if (s.dex.existing !== undefined && s.dex.mode !== "existing") {
      issue(["dex", "existing"], 'only applies with mode "existing"; remove it');
    }
    if (s.dex.connectors.length > 0 && s.istio.hostname === undefined) {
      issue(
        ["istio", "hostname"],
        "is required by dex.connectors, whose callback URL is https://<hostname>/dex/callback",
      );
    }
    const emails = new Set<string>();
    s.dex.staticUsers.forEach((u, i) => {
      const e = u.email.toLowerCase();
      if (emails.has(e)) issue(["dex", "staticUsers", i, "email"], `duplicate user "${u.email}"`);
      emails.add(e);
    });
    const ids = new Set<string>();
    s.dex.connectors.forEach((c, i) => {
      if (ids.has(c.id)) issue(["dex", "connectors", i, "id"], `duplicate connector id "${c.id}"`);
      ids.add(c.id);
    });
    const names = new Set<string>();
    s.istio.mtls.exceptions.forEach((x, i) => {
      if (names.has(x.name)) {
        issue(["istio", "mtls", "exceptions", i, "name"], `duplicate exception "${x.name}"`);
      }
      names.add(x.name);
    });
    for (const key of ["prometheusNamespace", "monitorLabels"] as const) {
      if (s.metrics[key] !== undefined && s.metrics.scrape !== "prometheus-operator") {
        issue(
          ["metrics", key],
          `only applies with scrape "prometheus-operator" (scrape is "${s.metrics.scrape}"); remove it`,
        );
      }
    }
    if (s.gpu.dcgmExporter && s.gpu.kind !== "operator") {
      issue(
        ["gpu", "dcgmExporter"],
        'needs kind "operator" (the operator ships the DCGM exporter)',
      );
    }
  })
  .prefault({});

export type ServicesConfig = z.output<typeof servicesSchema>;

// Compile-time checks that each section's parsed config is what its component takes: a default, an enum
// value or a type the component's options do not accept fails to compile here. Keys holding secret
// references (Dex's users, connectors and existing client) are resolved by stacks/services.ts first.
type CertManagerConfig = ServicesConfig["certManager"];
type IstioConfig = ServicesConfig["istio"];
type DexConfig = ServicesConfig["dex"];
/** `services.certManager` as CertManagerOptions (`clusterIssuer` is `existingClusterIssuer`). */
export type CertManagerConfigFits = Fits<
  Omit<CertManagerConfig, "clusterIssuer"> & {
    existingClusterIssuer: CertManagerConfig["clusterIssuer"];
  },
  CertManagerOptions
>;
/** `services.istio` as IstioOptions (the nested `mtls`, `istiod` and `gateway` keys flattened). */
export type IstioConfigFits = Fits<
  {
    mode: IstioConfig["mode"];
    revision: IstioConfig["revision"];
    mtlsMode: IstioConfig["mtls"]["mode"];
    mtlsExceptions: IstioConfig["mtls"]["exceptions"];
    exposure: IstioConfig["exposure"];
    hostname: IstioConfig["hostname"];
    tls: IstioConfig["tls"];
    serviceAnnotations: IstioConfig["serviceAnnotations"];
    istiodReplicas: IstioConfig["istiod"]["replicas"];
    istiodResources: IstioConfig["istiod"]["resources"];
    gatewayReplicas: IstioConfig["gateway"]["replicas"];
    gatewayResources: IstioConfig["gateway"]["resources"];
    values: IstioConfig["values"];
    existing: IstioConfig["existing"];
  },
  IstioOptions
>;
/** `services.dex`'s plain keys as DexOptions. */
export type DexConfigFits = Fits<
  Pick<DexConfig, "mode" | "replicas" | "resources" | "initialUser" | "values">,
  DexOptions
>;
/** `services.oauth2Proxy` is OAuth2ProxyOptions. */
export type OAuth2ProxyConfigFits = Fits<ServicesConfig["oauth2Proxy"], OAuth2ProxyOptions>;
/** `services.gpu` is GpuSupportOptions. */
export type GpuConfigFits = Fits<ServicesConfig["gpu"], GpuSupportOptions>;
/** `services.metrics`' Prometheus Operator keys as MetricsOptions.prometheusOperator. */
export type MetricsConfigFits = Fits<
  {
    prometheusOperator: {
      namespace: ServicesConfig["metrics"]["prometheusNamespace"];
      monitorLabels: ServicesConfig["metrics"]["monitorLabels"];
    };
  },
  Pick<MetricsOptions, "prometheusOperator">
>;

/**
 * Passwords of Dex static users (services.dex.staticUsers, profile owners and contributors with a
 * passwordSecret) that Dex could not use: refused at load time from the secret config values, where the Dex
 * component could only fail during the deployment. Messages name the user and the key, never the value.
 */
export function dexPasswordProblems(
  cfg: {
    services: ServicesConfig;
    profiles: ReadonlyArray<{
      owner: { user?: string | undefined; passwordSecret?: { key: string } | undefined };
      contributors: ReadonlyArray<{
        user?: string | undefined;
        passwordSecret?: { key: string } | undefined;
      }>;
    }>;
  },
  read: (key: string) => string | undefined,
): Array<{ path: PropertyKey[]; message: string }> {
  const users: Array<{
    path: PropertyKey[];
    email?: string | undefined;
    key?: string | undefined;
  }> = [
    ...cfg.services.dex.staticUsers.map((u, i) => ({
      path: ["services", "dex", "staticUsers", i, "passwordSecret"],
      email: u.email,
      key: u.passwordSecret.key,
    })),
    ...cfg.profiles.flatMap((p, i) => [
      {
        path: ["profiles", i, "owner", "passwordSecret"],
        email: p.owner.user,
        key: p.owner.passwordSecret?.key,
      },
      ...p.contributors.map((c, j) => ({
        path: ["profiles", i, "contributors", j, "passwordSecret"],
        email: c.user,
        key: c.passwordSecret?.key,
      })),
    ]),
  ];
  const problems: Array<{ path: PropertyKey[]; message: string }> = [];
  for (const u of users) {
    if (u.email === undefined || u.key === undefined) continue;
    const value = read(u.key);
    if (value === undefined) continue;
    const found = passwordProblems(u.email, value);
    if (found.length === 0) continue;
    problems.push({
      path: u.path,
      message:
        `config key "${u.key}": ${found.join("; ")}. Set a password of 8 to 72 bytes with ` +
        `\`pulumi config set --secret ${u.key} <password>\``,
    });
  }
  return problems;
}
