/** Invalid `services` configs: each refused by loadConfig with exactly these problems. */
import * as path from "path";
import { CorpusCase } from "./types";

const base = { platform: "existing" };

/** Relative `services.charts.directory` values resolve against the project root. */
const ROOT = path.resolve(__dirname, "../../..");
const charts = (c: Record<string, unknown>) => ({ ...base, services: { charts: c } });

/** The problem of one pinned chart missing from a charts directory, with the commands that fetch it. */
const missingChart = (dir: string, chart: string, version: string, repo: string) =>
  `kubeflow-platform:services.charts.directory: ${dir} has no chart ${chart}/${version} ` +
  `(expected ${dir}/${chart}/${version}/Chart.yaml); fetch it with \`helm pull ${chart} --repo ${repo} ` +
  `--version ${version} --untar --untardir ${dir}/${chart} && mv ${dir}/${chart}/${chart} ` +
  `${dir}/${chart}/${version}\` (got "test/fixtures/kustomize")`;
const ISTIO = "https://istio-release.storage.googleapis.com/charts";
const NO_CHARTS = path.join(ROOT, "test/fixtures/kustomize");

export const cases: CorpusCase[] = [
  {
    name: "services: Managed Prometheus on an existing cluster",
    config: { ...base, services: { metrics: { scrape: "managed-prometheus" } } },
    problems: [
      'kubeflow-platform:services.metrics.scrape: "managed-prometheus" is GKE\'s Managed Service for Prometheus and needs platform "gcp" (platform is "existing"); use "prometheus-operator" where the Prometheus Operator\'s CRDs are installed, or "none" (got "managed-prometheus")',
    ],
  },
  {
    name: "services: Managed Prometheus on a GKE cluster that has it turned off",
    config: {
      platform: "gcp",
      cluster: { project: "acme-ml", region: "europe-west4", managedPrometheus: false },
      services: { metrics: { scrape: "managed-prometheus" } },
    },
    problems: [
      'kubeflow-platform:services.metrics.scrape: "managed-prometheus" needs cluster.managedPrometheus: true (it is false, so the cluster has no PodMonitoring CRDs); turn it on, or use "prometheus-operator" or "none" (got "managed-prometheus")',
    ],
  },
  {
    name: "services: a scrape backend given by its product name",
    config: { ...base, services: { metrics: { scrape: "prometheus" } } },
    problems: [
      'kubeflow-platform:services.metrics.scrape: got "prometheus"; allowed: "auto", "managed-prometheus", "prometheus-operator", "none"',
    ],
  },
  {
    name: "services: Prometheus Operator settings without its backend",
    config: {
      ...base,
      services: {
        metrics: { prometheusNamespace: "monitoring", monitorLabels: { release: "kps" } },
      },
    },
    problems: [
      'kubeflow-platform:services.metrics.prometheusNamespace: only applies with scrape "prometheus-operator" (scrape is "auto"); remove it (got "monitoring")',
      'kubeflow-platform:services.metrics.monitorLabels: only applies with scrape "prometheus-operator" (scrape is "auto"); remove it (got {"release":"kps"})',
    ],
  },
  {
    name: "services: a Prometheus namespace that is no namespace name",
    config: {
      ...base,
      services: { metrics: { scrape: "prometheus-operator", prometheusNamespace: "Monitoring" } },
    },
    problems: [
      "kubeflow-platform:services.metrics.prometheusNamespace: must be a namespace name: lowercase letters, digits and '-', at most 63 characters (got \"Monitoring\")",
    ],
  },
  {
    name: "services: a misspelt service",
    config: { ...base, services: { certManger: {} } },
    problems: [
      'kubeflow-platform:services: unknown key "certManger". Did you mean "certManager"? Allowed keys: charts, certManager, istio, dex, oauth2Proxy, gpu, metrics',
    ],
  },
  {
    name: "services: a chart version (versions are pinned by the program)",
    config: { ...base, services: { istio: { version: "1.30.0" } } },
    problems: [
      'kubeflow-platform:services.istio: unknown key "version". Allowed keys: mode, revision, mtls, exposure, hostname, tls, serviceAnnotations, istiod, gateway, values, existing',
    ],
  },
  {
    name: "services: an unknown install mode",
    config: { ...base, services: { dex: { mode: "installed" } } },
    problems: [
      'kubeflow-platform:services.dex.mode: got "installed"; allowed: "install", "existing"',
    ],
  },
  {
    name: "services: a LoadBalancer exposure given in lower case",
    config: { ...base, services: { istio: { exposure: "loadbalancer" } } },
    problems: [
      'kubeflow-platform:services.istio.exposure: got "loadbalancer"; allowed: "ClusterIP", "LoadBalancer". Did you mean "LoadBalancer"?',
    ],
  },
  {
    name: "services: an mTLS mode Istio does not have",
    config: { ...base, services: { istio: { mtls: { mode: "DISABLE" } } } },
    problems: [
      'kubeflow-platform:services.istio.mtls.mode: got "DISABLE"; allowed: "STRICT", "PERMISSIVE"',
    ],
  },
  {
    name: "services: TLS without a hostname",
    config: { ...base, services: { istio: { tls: "self-signed" } } },
    problems: [
      'kubeflow-platform:services.istio.tls: "self-signed" needs istio.hostname for the certificate; set it or use "none" (got "self-signed")',
    ],
  },
  {
    name: "services: ACME TLS without an ACME issuer",
    // On a cluster with load balancers, so that the issuer is the only problem.
    config: {
      ...base,
      cluster: { loadBalancer: true },
      services: { istio: { hostname: "kf.example.com", tls: "acme", exposure: "LoadBalancer" } },
    },
    problems: [
      'kubeflow-platform:services.istio.tls: "acme" needs certManager.acme (email, server) (got "acme")',
    ],
  },
  {
    name: "services: an ACME e-mail that is not one",
    config: { ...base, services: { certManager: { acme: { email: "ops" } } } },
    problems: [
      'kubeflow-platform:services.certManager.acme.email: must be an e-mail address such as ops@example.com (got "ops")',
    ],
  },
  {
    name: "services: a hostname with a scheme",
    config: { ...base, services: { istio: { hostname: "https://kf.example.com" } } },
    problems: [
      'kubeflow-platform:services.istio.hostname: must be a fully qualified lowercase DNS name such as kubeflow.example.com (got "https://kf.example.com")',
    ],
  },
  {
    name: "services: a static user's password in plain text",
    config: {
      ...base,
      services: { dex: { staticUsers: [{ email: "ada@example.com", password: "hunter22" }] } },
    },
    problems: [
      "kubeflow-platform:services.dex.staticUsers[0].passwordSecret: is required (a string)",
      'kubeflow-platform:services.dex.staticUsers[0]: "password" would hold a secret in plain text, which is refused. Store it with `pulumi config set --secret <configKey> <value>` and reference it as "passwordSecret: <configKey>"',
    ],
  },
  {
    name: "services: a static user's password key that is not set",
    config: {
      ...base,
      services: {
        dex: { staticUsers: [{ email: "ada@example.com", passwordSecret: "adaPassword" }] },
      },
    },
    problems: [
      'kubeflow-platform:services.dex.staticUsers[0].passwordSecret: names config key "adaPassword", which is not set. Run `pulumi config set --secret adaPassword <value>`',
    ],
  },
  {
    name: "services: a static user's password stored in plain text config",
    config: {
      ...base,
      adaPassword: "hunter22",
      services: {
        dex: { staticUsers: [{ email: "ada@example.com", passwordSecret: "adaPassword" }] },
      },
    },
    problems: [
      "kubeflow-platform:adaPassword: holds a secret in plain text (named by kubeflow-platform:services.dex.staticUsers[0].passwordSecret). Run `pulumi config set --secret adaPassword <value>` to encrypt it, and rotate it",
    ],
  },
  {
    name: "services: the same static user twice",
    config: {
      ...base,
      services: {
        dex: {
          staticUsers: [
            { email: "ada@example.com", passwordSecret: "adaPassword" },
            { email: "Ada@example.com", passwordSecret: "adaPassword" },
          ],
        },
      },
    },
    secrets: { adaPassword: "correct horse battery" },
    problems: [
      'kubeflow-platform:services.dex.staticUsers[1].email: duplicate user "Ada@example.com" (got "Ada@example.com")',
    ],
  },
  {
    name: "services: a connector of an unknown type",
    config: {
      ...base,
      services: {
        istio: { hostname: "kf.example.com" },
        dex: { connectors: [{ type: "saml", id: "corp", name: "Corp" }] },
      },
    },
    problems: [
      'kubeflow-platform:services.dex.connectors[0].type: got "saml"; type must be one of "oidc", "google", "github", "ldap"',
    ],
  },
  {
    name: "services: a connector client secret in plain text",
    config: {
      ...base,
      services: {
        istio: { hostname: "kf.example.com" },
        dex: {
          connectors: [
            { type: "github", id: "gh", name: "GitHub", clientId: "abc", clientSecret: "s3cret" },
          ],
        },
      },
    },
    problems: [
      "kubeflow-platform:services.dex.connectors[0].clientSecretSecret: is required (a string)",
      'kubeflow-platform:services.dex.connectors[0]: "clientSecret" would hold a secret in plain text, which is refused. Store it with `pulumi config set --secret <configKey> <value>` and reference it as "clientSecretSecret: <configKey>"',
    ],
  },
  {
    name: "services: connectors without a hostname for their callback",
    config: {
      ...base,
      services: {
        dex: {
          connectors: [
            {
              type: "google",
              id: "google",
              name: "Google",
              clientId: "abc",
              clientSecretSecret: "googleSecret",
            },
          ],
        },
      },
    },
    secrets: { googleSecret: "g-s3cret-value" },
    problems: [
      "kubeflow-platform:services.istio.hostname: is required by dex.connectors, whose callback URL is https://<hostname>/dex/callback (got nothing)",
    ],
  },
  {
    name: "services: an existing Dex without the client secret oauth2-proxy needs",
    config: { ...base, services: { dex: { mode: "existing" } } },
    problems: [
      'kubeflow-platform:services.dex.existing: mode "existing" needs existing.oauth2ProxyClientSecretSecret (the client secret oauth2-proxy uses) (got nothing)',
    ],
  },
  {
    name: "services: an existing-issuer name while installing cert-manager",
    config: { ...base, services: { certManager: { clusterIssuer: "corp-ca" } } },
    problems: [
      'kubeflow-platform:services.certManager.clusterIssuer: only applies with mode "existing"; remove it (got "corp-ca")',
    ],
  },
  {
    name: "services: DCGM exporter with the device plugin",
    config: { ...base, services: { gpu: { dcgmExporter: true } } },
    problems: [
      'kubeflow-platform:services.gpu.dcgmExporter: needs kind "operator" (the operator ships the DCGM exporter) (got true)',
    ],
  },
  {
    name: "services: a credential in the Helm values escape hatch",
    config: {
      ...base,
      services: { oauth2Proxy: { values: { config: { clientSecret: "s3cret" } } } },
    },
    problems: [
      "kubeflow-platform:services.oauth2Proxy.values: config.clientSecret would put a credential in plain text in the Helm values (and the state); reference a Kubernetes Secret in the chart's values instead",
    ],
  },
  {
    name: "services: zero replicas",
    config: { ...base, services: { oauth2Proxy: { replicas: 0 } } },
    problems: ["kubeflow-platform:services.oauth2Proxy.replicas: must be at least 1 (got 0)"],
  },
  {
    name: "services: a resource quantity that is not one",
    config: { ...base, services: { dex: { resources: { requests: { memory: "lots" } } } } },
    problems: [
      'kubeflow-platform:services.dex.resources.requests.memory: must be a Kubernetes quantity: a number with an optional suffix (binary Ki, Mi, Gi, Ti, Pi, Ei; decimal m, k, M, G, T, P, E; or an exponent such as 1e3), e.g. 512Mi, 16Gi (got "lots")',
    ],
  },
  {
    name: "services: the same mTLS exception twice",
    config: {
      ...base,
      services: {
        istio: {
          mtls: {
            exceptions: [
              { name: "hook", namespace: "kubeflow", selector: { app: "a" }, ports: [443] },
              { name: "hook", namespace: "kubeflow", selector: { app: "b" }, ports: [443] },
            ],
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:services.istio.mtls.exceptions[1].name: duplicate exception "hook" (got "hook")',
    ],
  },
  {
    name: "services.charts: a source the program does not know",
    config: charts({ source: "helm" }),
    problems: [
      'kubeflow-platform:services.charts.source: got "helm"; allowed: "repository", "directory", "oci"',
    ],
  },
  {
    name: "services.charts: a directory source without its directory",
    config: charts({ source: "directory" }),
    problems: [
      'kubeflow-platform:services.charts.directory: is required with source "directory": the folder holding each pinned chart as <directory>/<chart>/<version>/ (relative to the project root) (got nothing)',
    ],
  },
  {
    name: "services.charts: a directory source given a registry too",
    config: charts({ source: "directory", directory: "charts", registry: "harbor.corp/helm" }),
    problems: [
      'kubeflow-platform:services.charts.registry: only applies with source "oci" (source is "directory"); remove it or set source "oci" (got "harbor.corp/helm")',
    ],
  },
  {
    name: "services.charts: an OCI source without its registry",
    config: charts({ source: "oci" }),
    problems: [
      'kubeflow-platform:services.charts.registry: is required with source "oci": the registry and path the charts are pushed to, pulled as oci://<registry>/<chart>:<version>, e.g. harbor.corp/helm (got nothing)',
    ],
  },
  {
    name: "services.charts: an OCI source given a directory too",
    config: charts({ source: "oci", registry: "harbor.corp/helm", directory: "charts" }),
    problems: [
      'kubeflow-platform:services.charts.directory: only applies with source "directory" (source is "oci"); remove it or set source "directory" (got "charts")',
    ],
  },
  {
    name: "services.charts: a registry without source oci (the public repositories are the default)",
    config: charts({ registry: "harbor.corp/helm" }),
    problems: [
      'kubeflow-platform:services.charts.registry: only applies with source "oci" (source is "repository"); remove it or set source "oci" (got "harbor.corp/helm")',
    ],
  },
  {
    name: "services.charts: an OCI registry written with its scheme",
    config: charts({ source: "oci", registry: "oci://harbor.corp/helm" }),
    problems: [
      'kubeflow-platform:services.charts.registry: must be a registry host and path without a scheme (charts are pulled as oci://<registry>/<chart>:<version>); remove "oci://" (got "oci://harbor.corp/helm")',
    ],
  },
  {
    name: "services.charts: an OCI registry with a trailing slash",
    config: charts({ source: "oci", registry: "harbor.corp/helm/" }),
    problems: [
      'kubeflow-platform:services.charts.registry: must be a registry host (with a dot or a port, or localhost) and an optional lowercase path, without a trailing slash, e.g. harbor.corp/helm (got "harbor.corp/helm/")',
    ],
  },
  {
    name: "services.charts: a charts directory that does not exist, resolved against the project root",
    config: charts({ source: "directory", directory: "no-such-charts" }),
    problems: [
      `kubeflow-platform:services.charts.directory: ${ROOT}/no-such-charts is not a directory; create it holding the pinned charts as <directory>/<chart>/<version>/ (the README's air-gapped installs lists the commands), or fix the path (got "no-such-charts")`,
    ],
  },
  {
    name: "services.charts: a charts directory without the pinned charts",
    config: charts({ source: "directory", directory: "test/fixtures/kustomize" }),
    problems: [
      missingChart(NO_CHARTS, "cert-manager", "v1.19.6", "https://charts.jetstack.io"),
      missingChart(NO_CHARTS, "base", "1.29.6", ISTIO),
      missingChart(NO_CHARTS, "istiod", "1.29.6", ISTIO),
      missingChart(NO_CHARTS, "cni", "1.29.6", ISTIO),
      missingChart(NO_CHARTS, "gateway", "1.29.6", ISTIO),
      missingChart(NO_CHARTS, "dex", "0.24.0", "https://charts.dexidp.io"),
      missingChart(NO_CHARTS, "oauth2-proxy", "10.7.0", "https://oauth2-proxy.github.io/manifests"),
      missingChart(
        NO_CHARTS,
        "nvidia-device-plugin",
        "0.20.0",
        "https://nvidia.github.io/k8s-device-plugin",
      ),
      missingChart(NO_CHARTS, "gpu-operator", "v26.7.0", "https://helm.ngc.nvidia.com/nvidia"),
    ],
  },
  // Values checked where mistakes cost most (issue 12): quantities, names of the release, contradictions.
  {
    name: "service resources with a unitless memory and a fractional GPU",
    config: {
      platform: "existing",
      services: {
        dex: {
          resources: {
            requests: { cpu: "-100m", memory: "128" },
            limits: { "nvidia.com/gpu": "0.5" },
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:services.dex.resources.requests.cpu: must not be negative; give a positive quantity such as 500m, 2 (got "-100m")',
      'kubeflow-platform:services.dex.resources.requests.memory: is 128 bytes, surely a missing or wrong unit: give at least 1M with a unit, e.g. 512Mi, 16Gi. Did you mean 128Mi or 128Gi? (got "128")',
      'kubeflow-platform:services.dex.resources.limits.nvidia.com/gpu: must be a whole number (it counts objects) (got "0.5")',
    ],
  },
  {
    name: "a static user's password longer than bcrypt reads",
    config: {
      platform: "existing",
      services: {
        dex: { staticUsers: [{ email: "ops@example.com", passwordSecret: "opsPassword" }] },
      },
    },
    secrets: {
      opsPassword:
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    },
    problems: [
      'kubeflow-platform:services.dex.staticUsers[0].passwordSecret: config key "opsPassword": the password of ops@example.com is longer than 72 bytes, which bcrypt would truncate. Set a password of 8 to 72 bytes with `pulumi config set --secret opsPassword <password>`',
    ],
  },
];
