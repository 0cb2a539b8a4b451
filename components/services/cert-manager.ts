import * as k8s from "@pulumi/kubernetes";
import * as certmanager from "@pulumi/kubernetes-cert-manager";
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../cluster/handle";
import { ISTIO_INGRESS_CLASS, KUBEFLOW_SELF_SIGNING_ISSUER, NAMESPACES } from "../shared/constants";
import { MirrorSpec } from "../shared/image-ref";
import { CHARTS, chartReference, ChartSource, PUBLIC_REPOSITORIES } from "./charts";
import {
  ContainerResources,
  HelmValues,
  mergeValues,
  serviceNamespace,
  ServiceMode,
} from "./common";
import { CertManagerHandle } from "./handle";
import { withImageMirror } from "./image-mirror";

/** Let's Encrypt directory URLs. */
export const ACME_SERVERS = {
  staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
  production: "https://acme-v02.api.letsencrypt.org/directory",
} as const;

/**
 * An ACME (Let's Encrypt) ClusterIssuer answering HTTP-01 challenges through the Istio ingress gateway.
 * @optionDocs
 */
export interface AcmeIssuerArgs {
  /** Account e-mail Let's Encrypt sends expiry notices to. */
  email: string;
  /**
   * Which Let's Encrypt directory to use: test with staging, then switch to production.
   * @default ACME_ISSUER_DEFAULTS.server ("staging")
   */
  server?: keyof typeof ACME_SERVERS;
}

/** The defaults of `AcmeIssuerArgs`, written once. */
export const ACME_ISSUER_DEFAULTS = {
  server: "staging",
} as const satisfies Required<Pick<AcmeIssuerArgs, "server">>;

/**
 * Settings of cert-manager: whether it is installed, its controller and its ClusterIssuers. Every default is
 * in `CERT_MANAGER_DEFAULTS`; the stack schema (`services.certManager`) takes its defaults from there.
 */
export interface CertManagerOptions {
  /**
   * "install" cert-manager, or "existing" to use the one the cluster already runs (nothing installed).
   * @default CERT_MANAGER_DEFAULTS.mode ("install")
   */
  mode?: ServiceMode;
  /** Replicas of the cert-manager controller. @default CERT_MANAGER_DEFAULTS.replicas (1) */
  replicas?: number;
  /** CPU and memory requests and limits of the cert-manager controller. @default - the chart's (none) */
  resources?: ContainerResources;
  /**
   * In `existing` mode, the ClusterIssuer the cluster already has for Kubeflow's Certificates; when unset the
   * self-signed `kubeflow-self-signing-issuer` is created.
   * @default - create kubeflow-self-signing-issuer
   */
  existingClusterIssuer?: string;
  /**
   * An ACME (Let's Encrypt) ClusterIssuer for the public gateway certificate, HTTP-01 through the Istio
   * gateway.
   * @default - none
   */
  acme?: AcmeIssuerArgs;
  /**
   * Extra cert-manager Helm values merged last. An escape hatch: not covered by upgrade guarantees.
   * @default {}
   */
  values?: HelmValues;
  /** Where the pinned chart comes from. @default - the chart's public Helm repository */
  charts?: ChartSource;
  /**
   * Registry mirror every image of the chart is pulled from, through the chart's image values.
   * @default - none: the chart's own images
   */
  imageMirror?: MirrorSpec;
}

/** The defaults of `CertManagerOptions`, written once. */
export const CERT_MANAGER_DEFAULTS = {
  mode: "install",
  replicas: 1,
} as const satisfies Required<Pick<CertManagerOptions, "mode" | "replicas">>;

/** cert-manager's settings and its wiring. */
export interface CertManagerArgs extends CertManagerOptions {
  /** The cluster to install into: the namespace waits for its `ready` resources. */
  cluster: Pick<ClusterHandle, "ready">;
}

/** Name of the ACME ClusterIssuer this component creates. */
export const ACME_ISSUER = "kubeflow-acme";

/** Pure: the cert-manager chart values. */
export function certManagerValues(
  args: Pick<CertManagerArgs, "replicas" | "resources" | "values">,
) {
  const replicas = args.replicas ?? CERT_MANAGER_DEFAULTS.replicas;
  const base: HelmValues = {
    // `installCRDs` is deprecated: the chart manages CRDs with crds.enabled, and crds.keep puts
    // `helm.sh/resource-policy: keep` on them so an uninstall never deletes every Certificate.
    crds: { enabled: true, keep: true },
    replicaCount: replicas,
    ...(args.resources !== undefined ? { resources: args.resources } : {}),
    // Leader-election leases in our own namespace, not kube-system (managed and locked on GKE Autopilot).
    global: { leaderElection: { namespace: NAMESPACES.certManager } },
    podDisruptionBudget: { enabled: replicas > 1 },
    // The startup API check job waits until the webhook answers, so the Release is ready only when an
    // Issuer can really be created.
    startupapicheck: { enabled: true },
  };
  return mergeValues(base, args.values);
}

/** Top-level arguments `@pulumi/kubernetes-cert-manager` 0.2.0 types; everything else goes in helmOptions.values. */
const TYPED_ARGS = new Set([
  "affinity",
  "cainjector",
  "clusterResourceNamespace",
  "containerSecurityContext",
  "deploymentAnnotations",
  "extraArgs",
  "extraEnv",
  "featureGates",
  "global",
  "http_proxy",
  "https_proxy",
  "image",
  "ingressShim",
  "installCRDs",
  "no_proxy",
  "nodeSelector",
  "podAnnotations",
  "podDnsConfig",
  "podDnsPolicy",
  "podLabels",
  "prometheus",
  "replicaCount",
  "resources",
  "securityContext",
  "serviceAccount",
  "serviceAnnotations",
  "serviceLabels",
  "startupapicheck",
  "strategy",
  "tolerations",
  "webhook",
]);

/**
 * Pure: split chart values into the component's typed args and `helmOptions.values`. The component blits
 * typed args over helmOptions.values (pulumi-go-helmbase InitDefaults), so a value must go to exactly one side.
 */
export function splitCertManagerValues(values: HelmValues): {
  typed: Record<string, unknown>;
  helm: HelmValues;
} {
  const typed: Record<string, unknown> = {};
  const helm: HelmValues = {};
  for (const [k, v] of Object.entries(values)) (TYPED_ARGS.has(k) ? typed : helm)[k] = v;
  return { typed, helm };
}

/**
 * Pure: the component's `helmOptions` for a chart source. The component fills an unset repository with
 * charts.jetstack.io (pulumi-go-helmbase `InitDefaults`), and the provider looks a chart up by name in any
 * repository it is given (pulumi-kubernetes helm_release.go, `resolveChartName`/`locateChart`), which a local
 * path is not: for a directory or OCI source the repository is set, empty, so Helm takes the path or the
 * `oci://` reference as it is.
 */
export function certManagerHelmOptions(charts: ChartSource, values: HelmValues) {
  const ref = chartReference(CHARTS.certManager, charts);
  return {
    name: "cert-manager",
    namespace: NAMESPACES.certManager,
    chart: ref.chart,
    version: ref.version,
    repositoryOpts: ref.repositoryOpts ?? { repo: "" },
    createNamespace: false,
    atomic: true,
    cleanupOnFail: true,
    waitForJobs: true,
    timeout: 600,
    values,
  };
}

/** Pure: the self-signed ClusterIssuer Kubeflow's Certificates reference. */
export function selfSignedIssuer(name: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name },
    spec: { selfSigned: {} },
  };
}

/** Pure: an ACME ClusterIssuer solving HTTP-01 through Istio's Ingress support (class `istio`). */
export function acmeIssuer(acme: AcmeIssuerArgs) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name: ACME_ISSUER },
    spec: {
      acme: {
        email: acme.email,
        server: ACME_SERVERS[acme.server ?? ACME_ISSUER_DEFAULTS.server],
        privateKeySecretRef: { name: `${ACME_ISSUER}-account-key` },
        // istiod serves Ingresses of class "istio" (the IngressClass the Istio component creates with an ACME
        // issuer) on the gateway labelled istio=ingressgateway (meshConfig.ingressSelector default), ours.
        solvers: [{ http01: { ingress: { ingressClassName: ISTIO_INGRESS_CLASS } } }],
      },
    },
  };
}

/**
 * cert-manager, from the official chart through `@pulumi/kubernetes-cert-manager`, with its CRDs, plus the
 * ClusterIssuers Kubeflow needs. In `existing` mode only the issuer is created (unless the cluster has one).
 */
export class CertManager extends pulumi.ComponentResource {
  /** Resources that must be ready before any Issuer or Certificate. */
  public readonly ready: pulumi.Resource[];
  /** The ClusterIssuer Kubeflow's Certificates use. */
  public readonly clusterIssuer: string;
  /** The ACME ClusterIssuer, when configured. */
  public readonly acmeIssuer?: string;
  /** What the components after cert-manager take (Istio's gateway certificate, Kubeflow's Certificates). */
  public readonly handle: CertManagerHandle;

  constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:services:CertManager", name, {}, opts);
    const mode = args.mode ?? CERT_MANAGER_DEFAULTS.mode;
    const ready: pulumi.Resource[] = [];

    if (mode === "install") {
      const ns = serviceNamespace(
        `${name}-namespace`,
        NAMESPACES.certManager,
        // As upstream's common/cert-manager: the chart's pods meet PSS restricted.
        { "pod-security.kubernetes.io/enforce": "restricted" },
        this,
        args.cluster.ready,
      );
      const { typed, helm } = splitCertManagerValues(
        certManagerValues({
          ...args,
          values: withImageMirror("certManager", args.imageMirror, args.values),
        }),
      );
      const chart = new certmanager.CertManager(
        `${name}-chart`,
        { ...typed, helmOptions: certManagerHelmOptions(args.charts ?? PUBLIC_REPOSITORIES, helm) },
        { parent: this, dependsOn: [ns] },
      );
      ready.push(chart);
    }

    const issuerOpts = { parent: this, dependsOn: ready };
    if (mode === "existing" && args.existingClusterIssuer !== undefined) {
      this.clusterIssuer = args.existingClusterIssuer;
    } else {
      this.clusterIssuer = KUBEFLOW_SELF_SIGNING_ISSUER;
      new k8s.apiextensions.CustomResource(
        `${name}-self-signing-issuer`,
        selfSignedIssuer(KUBEFLOW_SELF_SIGNING_ISSUER),
        issuerOpts,
      );
    }
    if (args.acme !== undefined) {
      new k8s.apiextensions.CustomResource(
        `${name}-acme-issuer`,
        acmeIssuer(args.acme),
        issuerOpts,
      );
      this.acmeIssuer = ACME_ISSUER;
    }

    this.ready = ready;
    this.handle = {
      ready: this.ready,
      clusterIssuer: this.clusterIssuer,
      ...(this.acmeIssuer !== undefined ? { acmeIssuer: this.acmeIssuer } : {}),
    };
    this.registerOutputs({ clusterIssuer: this.clusterIssuer });
  }
}
