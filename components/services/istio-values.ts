/**
 * Pure functions: the values of Istio's `base`, `istiod`, `cni` and `gateway` charts, the mesh config Kubeflow
 * expects, and the mesh-wide security objects. Tested without mocks against the pinned charts and the bundle.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { K8sObject } from "../shared/k8s-object";
import {
  EXT_AUTHZ_PROVIDER,
  INGRESS_GATEWAY_SELECTOR,
  INGRESS_GATEWAY_SERVICE_ACCOUNT,
  INGRESS_GATEWAY_SERVICE,
  ISTIO_INGRESS_CLASS,
  ISTIO_INGRESS_CONTROLLER,
  NAMESPACES,
  OAUTH2_PROXY_SERVICE,
} from "../shared/constants";
import { CHARTS, ISTIO_HUB } from "./charts";
import { HelmValues, mergeValues } from "./common";

/** The mesh-wide mTLS modes, for a schema to take. */
export const MTLS_MODES = ["STRICT", "PERMISSIVE"] as const;
export type MtlsMode = (typeof MTLS_MODES)[number];
/** The types of the ingress gateway Service, for a schema to take. */
export const EXPOSURES = ["ClusterIP", "LoadBalancer"] as const;
export type Exposure = (typeof EXPOSURES)[number];

/**
 * A workload whose ports must accept plain text although the mesh is STRICT.
 * @optionDocs
 */
export interface MtlsException {
  /** Stable key of the exception; names its PeerAuthentication. */
  name: string;
  /** Namespace of the workload. */
  namespace: string;
  /** Pod labels of the workload. */
  selector: Record<string, string>;
  /** Container ports that accept plain text (they stay PERMISSIVE), e.g. a webhook the API server calls. */
  ports: number[];
}

/** Default revision: the minor version, so 1.30 installs beside it as `1-30`. */
export const DEFAULT_ISTIO_REVISION = CHARTS.istiod.version.split(".").slice(0, 2).join("-");

/**
 * The `oauth2-proxy` ext-authz provider exactly as Kubeflow's istio-install overlay declares it: Kubeflow's
 * AuthorizationPolicies (`action: CUSTOM`, `provider.name: oauth2-proxy`) call it.
 */
export function oauth2ProxyExtensionProvider() {
  return {
    name: EXT_AUTHZ_PROVIDER,
    envoyExtAuthzHttp: {
      service: OAUTH2_PROXY_SERVICE.host,
      port: OAUTH2_PROXY_SERVICE.port,
      includeRequestHeadersInCheck: ["authorization", "cookie"],
      headersToUpstreamOnAllow: [
        "authorization",
        "path",
        "x-auth-request-email",
        "x-auth-request-groups",
        "x-auth-request-user",
      ],
      headersToDownstreamOnDeny: ["content-type", "set-cookie"],
    },
  };
}

/** Pure: the mesh config. */
export function meshConfig() {
  return {
    accessLogFile: "/dev/stdout",
    enablePrometheusMerge: true,
    // As upstream: keep idle connections through cloud load balancers alive.
    tcpKeepalive: { interval: "5s", probes: 3, time: "10s" },
    extensionProviders: [oauth2ProxyExtensionProvider()],
  };
}

const images = () => ({ hub: ISTIO_HUB, tag: CHARTS.istiod.appVersion });

/** Pure: `base` chart values (CRDs, the default validating webhook pointing at the default revision). */
export function istioBaseValues(args: { revision: string; values?: HelmValues }): HelmValues {
  return mergeValues({ defaultRevision: args.revision }, args.values);
}

export interface IstiodValuesArgs {
  /** Revision label of this control plane, e.g. `1-29`. */
  revision: string;
  /** Whether this revision serves the `default` tag (the `istio-injection: enabled` label Kubeflow uses). */
  defaultRevision: boolean;
  /** istiod replicas (and the autoscaler's minimum). @default 1 */
  replicas?: number;
  /** istiod requests and limits. @default - the chart's */
  resources?: k8s.types.input.core.v1.ResourceRequirements;
  /** Extra values merged last. @default {} */
  values?: HelmValues;
}

/** Pure: `istiod` chart values. */
export function istiodValues(args: IstiodValuesArgs): HelmValues {
  const replicas = args.replicas ?? 1;
  const base: HelmValues = {
    revision: args.revision,
    // Kubeflow's namespaces use `istio-injection: enabled`, which only the `default` tag's webhook serves.
    revisionTags: args.defaultRevision ? ["default"] : [],
    global: {
      ...images(),
      istioNamespace: NAMESPACES.istio,
      // Injected proxies (sidecars and gateways) get the RuntimeDefault seccomp profile that Pod Security
      // "restricted" requires, as upstream's rendered gateway has.
      proxy: { seccompProfile: { type: "RuntimeDefault" } },
    },
    // Sidecars get their iptables rules from the CNI node agent, so injected pods need no NET_ADMIN init
    // container and pass Pod Security "restricted"/"baseline" in user namespaces.
    cni: { enabled: true },
    // istiod itself runs in istio-system, which enforces Pod Security "restricted": the chart sets no seccomp
    // profile by default (`seccompProfile: {}`), and admission would refuse every istiod pod.
    seccompProfile: { type: "RuntimeDefault" },
    replicaCount: replicas,
    autoscaleMin: replicas,
    ...(args.resources !== undefined ? { resources: args.resources } : {}),
    meshConfig: meshConfig(),
    pdb: { minAvailable: 1 },
  };
  return mergeValues(base, args.values);
}

/** Pure: `cni` chart values. */
export function istioCniValues(args: { cniBinDir: string; values?: HelmValues }): HelmValues {
  return mergeValues(
    {
      global: images(),
      // From the ClusterHandle: /opt/cni/bin, but /home/kubernetes/bin on GKE, whose /opt is read-only
      // (https://istio.io/latest/docs/setup/additional-setup/cni/#installing-with-helm, platform gke).
      cniBinDir: args.cniBinDir,
    },
    args.values,
  );
}

export interface GatewayValuesArgs {
  /** Revision whose istiod injects the gateway's proxy. */
  revision: string;
  /** Type of the gateway Service. */
  exposure: Exposure;
  /** Gateway replicas (the autoscaler's minimum). @default 1 */
  replicas?: number;
  /** Gateway requests and limits. @default - the chart's */
  resources?: k8s.types.input.core.v1.ResourceRequirements;
  /** Annotations on the Service, e.g. for a cloud load balancer. @default {} */
  serviceAnnotations?: Record<string, string>;
  /** Extra values merged last. @default {} */
  values?: HelmValues;
}

/**
 * Pure: `gateway` chart values for the ingress gateway. The name `istio-ingressgateway` makes the chart label
 * pods `app: istio-ingressgateway, istio: ingressgateway`, which Kubeflow's Gateway and policies select; the
 * Service maps 80/443 to 8080/8443 as upstream, which Kubeflow's NetworkPolicies allow.
 */
export function gatewayValues(args: GatewayValuesArgs): HelmValues {
  const replicas = args.replicas ?? 1;
  const base: HelmValues = {
    name: INGRESS_GATEWAY_SERVICE,
    revision: args.revision,
    labels: { ...INGRESS_GATEWAY_SELECTOR, app: INGRESS_GATEWAY_SERVICE },
    // Kubeflow's AuthorizationPolicies admit the gateway by this principal; the chart's default (the release
    // name) would make every web app answer 403 "RBAC: access denied".
    serviceAccount: { create: true, name: INGRESS_GATEWAY_SERVICE_ACCOUNT },
    service: {
      type: args.exposure,
      ports: [
        { name: "status-port", port: 15021, protocol: "TCP", targetPort: 15021 },
        { name: "http2", port: 80, protocol: "TCP", targetPort: 8080 },
        { name: "https", port: 443, protocol: "TCP", targetPort: 8443 },
      ],
      ...(args.serviceAnnotations !== undefined ? { annotations: args.serviceAnnotations } : {}),
    },
    autoscaling: { enabled: true, minReplicas: replicas, maxReplicas: Math.max(replicas, 5) },
    // istio-system enforces Pod Security "restricted". This replaces the chart's default pod securityContext
    // (a sysctl to bind ports < 1024), which the gateway does not need: it listens on 8080/8443.
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    ...(args.resources !== undefined ? { resources: args.resources } : {}),
  };
  return mergeValues(base, args.values);
}

/** Pure: the mesh-wide PeerAuthentication, in the root namespace. */
export function meshPeerAuthentication(mode: MtlsMode) {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name: "default", namespace: NAMESPACES.istio },
    spec: { mtls: { mode } },
  };
}

/**
 * Pure: one PeerAuthentication per exception, keeping the listed ports PERMISSIVE. They live in the
 * workloads' namespaces, which the Kubeflow layer creates, so the handle carries them for that layer.
 */
export function exceptionPeerAuthentications(exceptions: readonly MtlsException[]): K8sObject[] {
  return exceptions.map((e) => ({
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name: `mtls-exception-${e.name}`, namespace: e.namespace },
    spec: {
      selector: { matchLabels: e.selector },
      portLevelMtls: Object.fromEntries(e.ports.map((p) => [String(p), { mode: "PERMISSIVE" }])),
    },
  }));
}

/**
 * Pure: the rest of each exception: the API server calls a webhook from outside the mesh, with no identity,
 * so besides a PERMISSIVE port it needs an ALLOW AuthorizationPolicy for that port (the mesh-wide
 * `global-deny-all` refuses it otherwise) and a NetworkPolicy admitting the port from any address (the API
 * server's source address is the control plane's, which the cluster does not name). Upstream ships such
 * policies for some webhooks and not others (pvcviewer, JobSet and Trainer in the mesh, llmisvc's port):
 * declaring them with the exception makes every exception complete; duplicates of upstream's are harmless.
 */
export function exceptionAccessPolicies(exceptions: readonly MtlsException[]): K8sObject[] {
  return exceptions.flatMap((e): K8sObject[] => [
    {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: `mtls-exception-${e.name}`, namespace: e.namespace },
      spec: {
        action: "ALLOW",
        selector: { matchLabels: e.selector },
        rules: [{ to: [{ operation: { ports: e.ports.map(String) } }] }],
      },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: `mtls-exception-${e.name}`, namespace: e.namespace },
      spec: {
        podSelector: { matchLabels: e.selector },
        policyTypes: ["Ingress"],
        ingress: [{ ports: e.ports.map((port) => ({ port, protocol: "TCP" })) }],
      },
    },
  ]);
}

/**
 * The documented exceptions to STRICT mTLS that Kubeflow 26.03 needs: admission webhooks served by
 * sidecar-injected pods. The API server is outside the mesh and calls them with plain TLS, which a STRICT
 * sidecar refuses, so object creation would fail. (Knative's webhooks carry their own exceptions in the
 * bundle; webhooks whose pods opt out of injection need none.) Derived from the bundle by a test.
 */
export const KUBEFLOW_MTLS_EXCEPTIONS: readonly MtlsException[] = [
  {
    name: "pipelines-cache-webhook",
    namespace: NAMESPACES.kubeflow,
    selector: {
      app: "cache-server",
      "app.kubernetes.io/component": "ml-pipeline",
      "app.kubernetes.io/name": "kubeflow-pipelines",
      "application-crd-id": "kubeflow-pipelines",
    },
    ports: [8443],
  },
  {
    name: "pvcviewer-webhook",
    namespace: NAMESPACES.kubeflow,
    selector: { app: "pvcviewer", "control-plane": "controller-manager" },
    ports: [9443],
  },
  {
    name: "kserve-llmisvc-webhook",
    namespace: NAMESPACES.kubeflow,
    selector: {
      app: "kserve",
      "app.kubernetes.io/name": "kserve",
      "control-plane": "llmisvc-controller-manager",
    },
    ports: [9443],
  },
  {
    name: "jobset-webhook",
    namespace: NAMESPACES.kubeflowSystem,
    selector: { "control-plane": "controller-manager" },
    ports: [9443],
  },
  {
    name: "trainer-webhook",
    namespace: NAMESPACES.kubeflowSystem,
    selector: { "app.kubernetes.io/component": "manager" },
    ports: [9443],
  },
];

/**
 * Pure: upstream's mesh-wide default deny (an empty ALLOW policy in the root namespace matches nothing), plus
 * the policy that lets every request reach the ingress gateway, where oauth2-proxy's policies then apply.
 */
export function meshAuthorizationPolicies() {
  return [
    {
      key: "global-deny-all",
      object: {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "global-deny-all", namespace: NAMESPACES.istio },
        spec: {},
      },
    },
    {
      key: "ingressgateway-allow",
      object: {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: INGRESS_GATEWAY_SERVICE, namespace: NAMESPACES.istio },
        spec: {
          action: "ALLOW",
          rules: [{}],
          selector: { matchLabels: { ...INGRESS_GATEWAY_SELECTOR, app: INGRESS_GATEWAY_SERVICE } },
        },
      },
    },
  ];
}

/**
 * Pure: a Service named `istiod` selecting the default revision. Kubeflow's cluster-local gateway (Knative)
 * is a pre-rendered, non-injected proxy whose CA_ADDR and discovery address are `istiod.istio-system.svc:15012`;
 * a revisioned istiod only creates `istiod-<revision>`. This alias moves with the default tag on upgrade.
 */
export function istiodAliasService(revision: string) {
  return {
    metadata: {
      name: "istiod",
      namespace: NAMESPACES.istio,
      labels: { app: "istiod", istio: "pilot", "istio.io/rev": revision },
    },
    spec: {
      selector: { app: "istiod", "istio.io/rev": revision },
      ports: [
        { name: "grpc-xds", port: 15010, protocol: "TCP" },
        { name: "https-dns", port: 15012, protocol: "TCP" },
        { name: "https-webhook", port: 443, targetPort: 15017, protocol: "TCP" },
        { name: "http-monitoring", port: 15014, protocol: "TCP" },
      ],
    },
  };
}

/** Pure: the gateway Certificate (in istio-system, where the gateway reads `credentialName` secrets). */
export function gatewayCertificate(hostname: pulumi.Input<string>, issuer: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: GATEWAY_TLS_SECRET, namespace: NAMESPACES.istio },
    spec: {
      secretName: GATEWAY_TLS_SECRET,
      dnsNames: [hostname],
      issuerRef: { kind: "ClusterIssuer", name: issuer, group: "cert-manager.io" },
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
    },
  };
}

/** Secret (and Certificate) holding the public gateway's TLS key pair; the Gateway's `credentialName`. */
export const GATEWAY_TLS_SECRET = "kubeflow-gateway-tls";

/** Pure: the problem of a LoadBalancer gateway on a cluster whose LoadBalancer Services get no address. */
export function loadBalancerProblem(
  exposure: Exposure,
  clusterLoadBalancer: boolean,
): string | undefined {
  if (exposure !== "LoadBalancer" || clusterLoadBalancer) return undefined;
  return (
    'exposure "LoadBalancer" needs a cluster whose LoadBalancer Services get an address ' +
    '(cluster.loadBalancer: true); use exposure "ClusterIP" and port-forward, or fix the cluster'
  );
}

/**
 * Pure: the problem of an ACME certificate for a gateway nothing outside the cluster can reach: the issuer
 * answers Let's Encrypt's HTTP-01 challenge on the gateway's port 80
 * (https://cert-manager.io/docs/configuration/acme/http01/), which a ClusterIP Service never exposes.
 */
export function acmeReachProblem(
  exposure: Exposure,
  tls: "none" | "self-signed" | "acme",
): string | undefined {
  if (tls !== "acme" || exposure === "LoadBalancer") return undefined;
  return (
    `tls "acme" answers Let's Encrypt's HTTP-01 challenge on the ingress gateway, which exposure ` +
    `"${exposure}" keeps inside the cluster; set exposure "LoadBalancer" (and point the hostname at its ` +
    'address), or use tls "self-signed"'
  );
}

/**
 * Pure: the IngressClass that makes istiod serve cert-manager's HTTP-01 challenge Ingresses: in its default
 * ingressControllerMode STRICT, an Ingress naming a class is served only through an IngressClass with
 * istiod's controller (pilot/pkg/config/kube/ingress, `shouldProcessIngressWithClass`).
 */
export function istioIngressClass() {
  return {
    apiVersion: "networking.k8s.io/v1" as const,
    kind: "IngressClass" as const,
    metadata: { name: ISTIO_INGRESS_CLASS },
    spec: { controller: ISTIO_INGRESS_CONTROLLER },
  };
}

/** Pure: refuse an exposure the cluster cannot serve. Returns the problems (empty when fine). */
export function exposureProblems(args: {
  exposure: Exposure;
  clusterLoadBalancer: boolean;
  hostname?: pulumi.Input<string>;
  tls: "none" | "self-signed" | "acme";
}): string[] {
  const problems = [
    loadBalancerProblem(args.exposure, args.clusterLoadBalancer),
    acmeReachProblem(args.exposure, args.tls),
  ].filter((p): p is string => p !== undefined);
  if (args.tls !== "none" && args.hostname === undefined) {
    problems.push(
      `tls "${args.tls}" needs a hostname for the certificate; set hostname or tls "none"`,
    );
  }
  return problems;
}
