import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../cluster/handle";
import { INGRESS_GATEWAY_SERVICE, NAMESPACES } from "../shared/constants";
import { MirrorSpec } from "../shared/image-ref";
import { CHARTS, ChartSource, releaseArgs } from "./charts";
import { ContainerResources, HelmValues, serviceNamespace, ServiceMode } from "./common";
import { withImageMirror } from "./image-mirror";
import { inputError, InputProblem } from "../shared/input-error";
import { CertManagerHandle, IstioHandle } from "./handle";
import {
  acmeReachProblem,
  DEFAULT_ISTIO_REVISION,
  Exposure,
  loadBalancerProblem,
  GATEWAY_TLS_SECRET,
  gatewayCertificate,
  gatewayValues,
  istioBaseValues,
  istioCniValues,
  istiodAliasService,
  istiodValues,
  istioIngressClass,
  exceptionAccessPolicies,
  exceptionPeerAuthentications,
  KUBEFLOW_MTLS_EXCEPTIONS,
  meshAuthorizationPolicies,
  meshPeerAuthentication,
  MtlsException,
  MtlsMode,
} from "./istio-values";
import { K8sObject } from "../shared/k8s-object";

/**
 * What the cluster's own Istio provides, in `existing` mode.
 * @optionDocs
 */
export interface ExistingIstioArgs {
  /** Namespace of the ingress gateway Service. @default ISTIO_DEFAULTS.existing.namespace ("istio-system") */
  namespace?: string;
  /** Name of the ingress gateway Service. @default ISTIO_DEFAULTS.existing.service ("istio-ingressgateway") */
  service?: string;
}

/**
 * Extra Helm values of each Istio chart, merged last over the program's.
 * @optionDocs
 */
export interface IstioChartValues {
  /** Extra Istio base Helm values merged last. An escape hatch: not covered by upgrade guarantees. @default {} */
  base?: HelmValues;
  /** Extra istiod Helm values merged last. An escape hatch: not covered by upgrade guarantees. @default {} */
  istiod?: HelmValues;
  /** Extra Istio CNI Helm values merged last. An escape hatch: not covered by upgrade guarantees. @default {} */
  cni?: HelmValues;
  /**
   * Extra Istio gateway Helm values merged last. An escape hatch: not covered by upgrade guarantees.
   * @default {}
   */
  gateway?: HelmValues;
}

/** Where the gateway certificate comes from. */
export type GatewayTlsMode = "none" | "self-signed" | "acme";
/** The gateway certificate sources, for a schema to take. */
export const GATEWAY_TLS_MODES = [
  "none",
  "self-signed",
  "acme",
] as const satisfies readonly GatewayTlsMode[];

/**
 * Settings of Istio: what is installed and how the mesh and its gateway behave. Every default is in
 * `ISTIO_DEFAULTS`; the stack schema (`services.istio`) takes its defaults from there.
 */
export interface IstioOptions {
  /**
   * "install" Istio, or "existing" to use the one the cluster already runs (nothing installed).
   * @default ISTIO_DEFAULTS.mode ("install")
   */
  mode?: ServiceMode;
  /**
   * Istio revision label (`istio.io/rev`). Changing it replaces istiod (new beside old, then old removed):
   * restart injected workloads after; for no downtime, install the next minor's revision beside this one
   * instead (the canary upgrade, README "Platform services").
   * @default ISTIO_DEFAULTS.revision (the pinned istiod minor, "1-29")
   */
  revision?: string;
  /**
   * Mesh-wide mTLS mode (PeerAuthentication `default` in istio-system).
   * @default ISTIO_DEFAULTS.mtlsMode ("STRICT")
   */
  mtlsMode?: MtlsMode;
  /**
   * Workload ports that stay PERMISSIVE under STRICT, besides the ones Kubeflow needs (webhooks served by
   * injected pods), which are always exempted.
   * @default ISTIO_DEFAULTS.mtlsExceptions ([])
   * @remarks Kubeflow's own are KUBEFLOW_MTLS_EXCEPTIONS.
   */
  mtlsExceptions?: MtlsException[];
  /**
   * Type of the ingress gateway Service: ClusterIP, or LoadBalancer where the cluster provides one.
   * @default ISTIO_DEFAULTS.exposure ("ClusterIP")
   */
  exposure?: Exposure;
  /**
   * Public hostname of the platform (gateway certificate, login callbacks); needed for TLS. @default - none
   * @remarks May be an Output (a name the same program creates); whether it is given is what counts here.
   */
  hostname?: pulumi.Input<string>;
  /**
   * Gateway certificate: none, self-signed (cert-manager) or acme (Let's Encrypt).
   * @default - "self-signed" with a hostname, else "none"
   */
  tls?: GatewayTlsMode;
  /** Annotations on the gateway Service (cloud load balancer settings). @default - none */
  serviceAnnotations?: Record<string, string>;
  /** Replicas of istiod. @default ISTIO_DEFAULTS.istiodReplicas (1) */
  istiodReplicas?: number;
  /** Replicas of the ingress gateway (the autoscaler's minimum). @default ISTIO_DEFAULTS.gatewayReplicas (1) */
  gatewayReplicas?: number;
  /** CPU and memory requests and limits of istiod. @default - the chart's */
  istiodResources?: ContainerResources;
  /** CPU and memory requests and limits of the ingress gateway. @default - the chart's */
  gatewayResources?: ContainerResources;
  /**
   * Extra Helm values per Istio chart (base, istiod, cni, gateway), merged last. An escape hatch: not
   * covered by upgrade guarantees.
   * @default {}
   */
  values?: IstioChartValues;
  /** In mode "existing": the cluster's ingress gateway. @default ISTIO_DEFAULTS.existing */
  existing?: ExistingIstioArgs;
  /** Where the pinned charts come from. @default - their public Helm repositories */
  charts?: ChartSource;
  /**
   * Registry mirror every image of the charts is pulled from, through the charts' image values: istiod's
   * and the CNI's hub (the injected proxies and the ingress gateway take istiod's).
   * @default - none: the charts' own images
   */
  imageMirror?: MirrorSpec;
}

/** The defaults of `IstioOptions`, written once. */
export const ISTIO_DEFAULTS = {
  mode: "install",
  revision: DEFAULT_ISTIO_REVISION,
  mtlsMode: "STRICT",
  mtlsExceptions: [],
  exposure: "ClusterIP",
  istiodReplicas: 1,
  gatewayReplicas: 1,
  existing: { namespace: NAMESPACES.istio, service: INGRESS_GATEWAY_SERVICE },
} as const satisfies Required<
  Pick<
    IstioOptions,
    | "mode"
    | "revision"
    | "mtlsMode"
    | "mtlsExceptions"
    | "exposure"
    | "istiodReplicas"
    | "gatewayReplicas"
  >
> & { existing: Required<ExistingIstioArgs> };

/** Pure: the gateway certificate source an Istio's options stand for. */
export function gatewayTlsMode(o: Pick<IstioOptions, "tls" | "hostname">): GatewayTlsMode {
  return o.tls ?? (o.hostname !== undefined ? "self-signed" : "none");
}

/** Istio's settings and its wiring. */
export interface IstioArgs extends IstioOptions {
  /** The cluster: what Istio waits for, the CNI bin dir and whether LoadBalancer Services work. */
  cluster: Pick<ClusterHandle, "ready" | "cniBinDir" | "loadBalancer">;
  /**
   * cert-manager, for the gateway Certificate: what to wait for and which ClusterIssuers to use
   * (`clusterIssuer` for "self-signed", `acmeIssuer` for "acme").
   * @default - none (required when `tls` is not "none")
   */
  certManager?: Pick<CertManagerHandle, "ready" | "clusterIssuer" | "acmeIssuer">;
}

/**
 * Pure: the problems of an Istio's args, each with its property path: an exposure the cluster cannot serve,
 * a certificate without a hostname or without the cert-manager (or ACME issuer) to issue it. Empty when fine.
 */
export function istioInputProblems(
  args: Pick<IstioArgs, "mode" | "exposure" | "hostname" | "tls"> & {
    cluster: Pick<ClusterHandle, "loadBalancer">;
    certManager?: Pick<CertManagerHandle, "acmeIssuer">;
  },
): InputProblem[] {
  const mode = args.mode ?? ISTIO_DEFAULTS.mode;
  const exposure = args.exposure ?? ISTIO_DEFAULTS.exposure;
  const tls = gatewayTlsMode(args);
  const problems: InputProblem[] = [];
  // The cluster's own Istio: nothing is installed, so nothing of ours needs exposing or a certificate.
  if (mode === "existing") return problems;
  const lb = loadBalancerProblem(exposure, args.cluster.loadBalancer);
  if (lb !== undefined) problems.push({ path: ["exposure"], message: lb });
  const reach = acmeReachProblem(exposure, tls);
  if (reach !== undefined) problems.push({ path: ["tls"], message: reach });
  if (tls !== "none" && args.hostname === undefined) {
    problems.push({
      path: ["hostname"],
      message: `tls "${tls}" needs a hostname for the certificate; set hostname or tls "none"`,
    });
  }
  if (tls !== "none" && args.certManager === undefined) {
    problems.push({
      path: ["certManager"],
      message: `tls "${tls}" needs cert-manager to issue the certificate: pass a CertManager's handle`,
    });
  }
  if (
    tls === "acme" &&
    args.certManager !== undefined &&
    args.certManager.acmeIssuer === undefined
  ) {
    problems.push({
      path: ["certManager", "acmeIssuer"],
      message: 'tls "acme" needs an ACME ClusterIssuer: give the CertManager `acme` settings',
    });
  }
  return problems;
}

/**
 * Istio from the official `base`, `istiod`, `cni` and `gateway` charts, revision-tagged, with the mesh config,
 * mTLS default and ingress gateway Kubeflow expects.
 *
 * Canary upgrade to the next minor (e.g. 1.30): install a second Istio component (or Release set) with
 * `revision: "1-30"` and `defaultRevision: false` beside this one; label a test namespace `istio.io/rev: 1-30`
 * and restart its pods; then move the `default` tag (this component's `revisionTags`, the base chart's
 * `defaultRevision` and the `istiod` alias Service) to 1-30, restart the injected workloads and the gateway,
 * and remove the 1-29 control plane. The `base` CRDs are upgraded first, as Istio requires.
 * @see https://istio.io/latest/docs/setup/upgrade/canary/
 */
export class Istio extends pulumi.ComponentResource {
  /** Resources that must be ready before any Istio resource or injected namespace. */
  public readonly ready: pulumi.Resource[];
  public readonly ingressGateway: { namespace: string; service: string };
  public readonly revision: string;
  /** The ingress gateway's release (its Deployment and Service), when this program installs it. */
  public readonly gatewayReady: pulumi.Resource[] = [];
  /** The gateway's TLS secret and hostname, when TLS is on. */
  public readonly tls?: {
    credentialName: string;
    hostname: pulumi.Input<string>;
    httpsRedirect: boolean;
  };
  /**
   * PeerAuthentications for the mTLS exceptions. They belong to Kubeflow's namespaces, which the Kubeflow
   * layer creates: that layer applies them (after `ready`), before the webhooks they serve are called.
   */
  public readonly mtlsExceptions: K8sObject[];
  /**
   * The address (hostname or IP) the cloud gave the gateway Service, read back after the gateway release,
   * when this program installs a LoadBalancer gateway; `pending` until the load balancer exists.
   */
  public readonly loadBalancerAddress?: pulumi.Output<string>;

  /** What the components after Istio take: `ready`, the gateway, TLS, mTLS exceptions. */
  public readonly handle: IstioHandle;

  constructor(name: string, args: IstioArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:services:Istio", name, {}, opts);
    const mode = args.mode ?? ISTIO_DEFAULTS.mode;
    this.revision = args.revision ?? ISTIO_DEFAULTS.revision;
    const exposure = args.exposure ?? ISTIO_DEFAULTS.exposure;
    const tls = gatewayTlsMode(args);

    const problems = istioInputProblems(args);
    if (problems.length > 0) throw inputError(`Istio ${name}`, problems);

    const mtlsMode = args.mtlsMode ?? ISTIO_DEFAULTS.mtlsMode;
    const exceptions = [
      ...KUBEFLOW_MTLS_EXCEPTIONS,
      ...(args.mtlsExceptions ?? ISTIO_DEFAULTS.mtlsExceptions),
    ];
    this.mtlsExceptions =
      mode === "install" && mtlsMode === "STRICT"
        ? [...exceptionPeerAuthentications(exceptions), ...exceptionAccessPolicies(exceptions)]
        : [];

    const ready: pulumi.Resource[] = [];
    if (mode === "existing") {
      this.ingressGateway = {
        namespace: args.existing?.namespace ?? ISTIO_DEFAULTS.existing.namespace,
        service: args.existing?.service ?? ISTIO_DEFAULTS.existing.service,
      };
    } else {
      this.ingressGateway = { namespace: NAMESPACES.istio, service: INGRESS_GATEWAY_SERVICE };
      const ns = serviceNamespace(
        `${name}-namespace`,
        NAMESPACES.istio,
        // As upstream's common/istio/istio-namespace. The CNI DaemonSet is privileged, so it runs in
        // kube-system, as upstream does.
        { "istio-injection": "disabled", "pod-security.kubernetes.io/enforce": "restricted" },
        this,
        args.cluster.ready,
      );
      const release = (role: string, chart: (typeof CHARTS)[keyof typeof CHARTS], ns: string) =>
        releaseArgs(chart, role, ns, args.charts);
      const mirror = args.imageMirror;

      // CRDs and cluster roles. CRDs stay when the release goes: deleting them deletes every Istio resource.
      const base = new k8s.helm.v3.Release(
        `${name}-base`,
        {
          ...release("istio-base", CHARTS.istioBase, NAMESPACES.istio),
          values: istioBaseValues({
            revision: this.revision,
            values: withImageMirror("istioBase", mirror, args.values?.base),
          }),
        },
        { parent: this, dependsOn: [ns], retainOnDelete: true },
      );
      const cni = new k8s.helm.v3.Release(
        `${name}-cni`,
        {
          ...release("istio-cni", CHARTS.istioCni, "kube-system"),
          values: istioCniValues({
            cniBinDir: args.cluster.cniBinDir,
            values: withImageMirror("istioCni", mirror, args.values?.cni),
          }),
        },
        { parent: this, dependsOn: [base] },
      );
      const istiod = new k8s.helm.v3.Release(
        `${name}-istiod`,
        {
          ...release(`istiod-${this.revision}`, CHARTS.istiod, NAMESPACES.istio),
          values: istiodValues({
            revision: this.revision,
            defaultRevision: true,
            replicas: args.istiodReplicas ?? ISTIO_DEFAULTS.istiodReplicas,
            ...(args.istiodResources !== undefined ? { resources: args.istiodResources } : {}),
            values: withImageMirror("istiod", mirror, args.values?.istiod),
          }),
        },
        { parent: this, dependsOn: [base, cni] },
      );
      const alias = istiodAliasService(this.revision);
      new k8s.core.v1.Service(`${name}-istiod-alias`, alias, { parent: this, dependsOn: [ns] });
      ready.push(base, cni, istiod);

      const gateway = new k8s.helm.v3.Release(
        `${name}-gateway`,
        {
          ...release(INGRESS_GATEWAY_SERVICE, CHARTS.istioGateway, NAMESPACES.istio),
          values: gatewayValues({
            revision: this.revision,
            exposure,
            replicas: args.gatewayReplicas ?? ISTIO_DEFAULTS.gatewayReplicas,
            ...(args.gatewayResources !== undefined ? { resources: args.gatewayResources } : {}),
            ...(args.serviceAnnotations !== undefined
              ? { serviceAnnotations: args.serviceAnnotations }
              : {}),
            values: withImageMirror("istioGateway", mirror, args.values?.gateway),
          }),
        },
        // The gateway's proxy is injected by istiod's webhook.
        { parent: this, dependsOn: [istiod] },
      );
      this.gatewayReady.push(gateway);

      if (exposure === "LoadBalancer") {
        // A read, not a resource of this stack. Its id comes from the release's output: a read waits only
        // for dependencies carried by its inputs (an explicit dependsOn is ignored, pulumi/pulumi#16395), and
        // a preview of a new stack, where the release does not exist yet, then skips the read.
        const service = k8s.core.v1.Service.get(
          `${name}-gateway-service`,
          gateway.status.apply(
            (st) => `${st?.namespace ?? NAMESPACES.istio}/${INGRESS_GATEWAY_SERVICE}`,
          ),
          { parent: this },
        );
        this.loadBalancerAddress = service.status.apply((st) => {
          const ingress = st?.loadBalancer?.ingress?.[0];
          return ingress?.hostname ?? ingress?.ip ?? "pending";
        });
      }

      const mesh = [{ key: "peer-authentication", object: meshPeerAuthentication(mtlsMode) }];
      for (const { key, object } of [...mesh, ...meshAuthorizationPolicies()]) {
        new k8s.apiextensions.CustomResource(`${name}-${key}`, object, {
          parent: this,
          dependsOn: [istiod],
        });
      }

      if (tls !== "none" && args.hostname !== undefined && args.certManager !== undefined) {
        const issuer =
          tls === "acme" ? args.certManager.acmeIssuer! : args.certManager.clusterIssuer;
        new k8s.apiextensions.CustomResource(
          `${name}-gateway-certificate`,
          gatewayCertificate(args.hostname, issuer),
          { parent: this, dependsOn: [ns, gateway, ...args.certManager.ready] },
        );
        if (tls === "acme") {
          // cert-manager's challenge Ingresses name this class; without it istiod ignores them.
          new k8s.networking.v1.IngressClass(`${name}-ingress-class`, istioIngressClass(), {
            parent: this,
            dependsOn: [istiod],
          });
        }
        // ACME's HTTP-01 challenge is answered on port 80 before a certificate exists: no redirect then.
        this.tls = {
          credentialName: GATEWAY_TLS_SECRET,
          hostname: args.hostname,
          httpsRedirect: tls !== "acme",
        };
      }
    }

    this.ready = ready;
    this.handle = {
      ready: this.ready,
      ingressGateway: this.ingressGateway,
      gatewayReady: this.gatewayReady,
      ...(mode === "install" ? { revision: this.revision } : {}),
      ...(this.tls !== undefined ? { tls: this.tls } : {}),
      mtlsExceptions: this.mtlsExceptions,
      ...(this.loadBalancerAddress !== undefined
        ? { loadBalancerAddress: this.loadBalancerAddress }
        : {}),
    };
    this.registerOutputs({ revision: this.revision, ingressGateway: this.ingressGateway });
  }
}
