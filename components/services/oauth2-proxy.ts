import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ClusterHandle, DEFAULT_SERVICE_ACCOUNT_ISSUER } from "../cluster/handle";
import { NAMESPACES, OAUTH2_PROXY_SERVICE } from "../shared/constants";
import { MirrorSpec, rewriteImage } from "../shared/image-ref";
import { assertSafeOauth2ProxyVersion, CHARTS, ChartSource, releaseArgs } from "./charts";
import {
  ContainerResources,
  HelmValues,
  namespacePolicies,
  serviceNamespace,
  ServiceMode,
} from "./common";
import {
  clusterJwksProxy,
  dexRequestAuthentication,
  gatewayAuthorizationPolicies,
  KUBECTL_IMAGE,
  m2mRequestAuthentication,
  OAUTH2_PROXY_CREDENTIALS_SECRET,
  oauth2ProxyValues,
} from "./oauth2-proxy-values";
import { IstioHandle } from "./handle";
import { withImageMirror } from "./image-mirror";
import { oauth2ProxyNetworkPolicies } from "./network-policies";
import { kubeflowVirtualService } from "./routes";

/**
 * Settings of oauth2-proxy and the gateway's authentication. Every default is in `OAUTH2_PROXY_DEFAULTS`; the
 * stack schema (`services.oauth2Proxy`) takes its defaults from there.
 */
export interface OAuth2ProxyOptions {
  /**
   * "install" oauth2-proxy, or "existing" to use the cluster's, which must answer as
   * `oauth2-proxy.oauth2-proxy:80` (the mesh's ext-authz provider). The gateway policies are created in both
   * modes.
   * @default OAUTH2_PROXY_DEFAULTS.mode ("install")
   */
  mode?: ServiceMode;
  /** Exempt Let's Encrypt's HTTP-01 path from authentication. @default OAUTH2_PROXY_DEFAULTS.acmeChallenges (false) */
  acmeChallenges?: boolean;
  /**
   * Send unauthenticated requests to oauth2-proxy (the CUSTOM ext-authz policy). False when a cloud entry's
   * identity (IAP...) authenticates users before the gateway: its JWT is verified by the mesh instead.
   * @default OAUTH2_PROXY_DEFAULTS.extAuthz (true)
   */
  extAuthz?: boolean;
  /**
   * Issuer of the cluster's service-account tokens accepted for machine-to-machine access; may be computed in
   * the same program (a cluster's OIDC issuer output).
   * @default - the ClusterHandle's oidcIssuer
   */
  m2mIssuer?: pulumi.Input<string>;
  /** Replicas of oauth2-proxy. @default OAUTH2_PROXY_DEFAULTS.replicas (2) */
  replicas?: number;
  /** CPU and memory requests and limits of oauth2-proxy. @default - the chart's (none) */
  resources?: ContainerResources;
  /**
   * Extra oauth2-proxy Helm values merged last. An escape hatch: not covered by upgrade guarantees.
   * @default {}
   */
  values?: HelmValues;
  /** Where the pinned chart comes from. @default - the chart's public Helm repository */
  charts?: ChartSource;
  /**
   * Registry mirror every image is pulled from: the chart's (through its image values) and the JWKS proxy's.
   * @default - none: the public images
   */
  imageMirror?: MirrorSpec;
}

/** The defaults of `OAuth2ProxyOptions`, written once. */
export const OAUTH2_PROXY_DEFAULTS = {
  mode: "install",
  acmeChallenges: false,
  extAuthz: true,
  replicas: 2,
} as const satisfies Required<
  Pick<OAuth2ProxyOptions, "mode" | "acmeChallenges" | "extAuthz" | "replicas">
>;

/** oauth2-proxy's settings and its wiring. */
export interface OAuth2ProxyArgs extends OAuth2ProxyOptions {
  /** The cluster: what the namespace waits for, and its service-account token issuer (m2m access). */
  cluster: Pick<ClusterHandle, "ready" | "oidcIssuer">;
  /** Istio (`Istio.handle`): the policies and route need its CRDs and istiod. */
  istio: Pick<IstioHandle, "ready">;
  /** Dex's static client for oauth2-proxy (`Dex.oauth2ProxyClient`). */
  client: { id: string; secret: pulumi.Output<string> };
  /** Whether users reach the gateway over TLS (`Istio.handle.tls` is set): cookies are then `Secure`. */
  tls: boolean;
}

/**
 * oauth2-proxy from the official chart as Istio's ext-authz provider, and the gateway's authentication as
 * Kubeflow's m2m-dex overlays configure it: Dex logins, plus the cluster's service-account tokens.
 */
export class OAuth2Proxy extends pulumi.ComponentResource {
  public readonly ready: pulumi.Resource[];
  public readonly service = OAUTH2_PROXY_SERVICE;

  constructor(name: string, args: OAuth2ProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:services:OAuth2Proxy", name, {}, opts);
    assertSafeOauth2ProxyVersion(CHARTS.oauth2Proxy.appVersion);
    const mode = args.mode ?? OAUTH2_PROXY_DEFAULTS.mode;
    const ready: pulumi.Resource[] = [];
    const istioOpts = { parent: this, dependsOn: [...args.istio.ready] };

    if (mode === "install") {
      const ns = serviceNamespace(
        `${name}-namespace`,
        NAMESPACES.oauth2Proxy,
        { "pod-security.kubernetes.io/enforce": "restricted" },
        this,
        args.cluster.ready,
      );
      namespacePolicies(name, oauth2ProxyNetworkPolicies(), this, ns);
      // 32 random bytes, as oauth2-proxy needs for an AES-256 cookie cipher.
      const cookieSecret = new random.RandomPassword(
        `${name}-cookie-secret`,
        { length: 32, special: false },
        { parent: this, additionalSecretOutputs: ["result"] },
      );
      const credentials = new k8s.core.v1.Secret(
        `${name}-credentials`,
        {
          metadata: { name: OAUTH2_PROXY_CREDENTIALS_SECRET, namespace: NAMESPACES.oauth2Proxy },
          type: "Opaque",
          stringData: {
            "client-id": args.client.id,
            "client-secret": pulumi.secret(args.client.secret),
            "cookie-secret": pulumi.secret(cookieSecret.result),
          },
        },
        { parent: this, dependsOn: [ns] },
      );
      const chart = new k8s.helm.v3.Release(
        `${name}-chart`,
        {
          ...releaseArgs(
            CHARTS.oauth2Proxy,
            OAUTH2_PROXY_SERVICE.name,
            NAMESPACES.oauth2Proxy,
            args.charts,
          ),
          values: oauth2ProxyValues({
            secureCookies: args.tls,
            replicas: args.replicas ?? OAUTH2_PROXY_DEFAULTS.replicas,
            ...(args.resources !== undefined ? { resources: args.resources } : {}),
            values: withImageMirror("oauth2Proxy", args.imageMirror, args.values),
          }),
        },
        { parent: this, dependsOn: [ns, credentials] },
      );
      new k8s.apiextensions.CustomResource(
        `${name}-route`,
        kubeflowVirtualService({
          name: "oauth2-proxy",
          namespace: NAMESPACES.oauth2Proxy,
          prefix: "/oauth2/",
          host: OAUTH2_PROXY_SERVICE.host,
          port: OAUTH2_PROXY_SERVICE.port,
        }),
        { parent: this, dependsOn: [ns, ...args.istio.ready] },
      );
      ready.push(chart);
    }

    new k8s.apiextensions.CustomResource(`${name}-dex-jwt`, dexRequestAuthentication(), istioOpts);

    // In-cluster issuers serve their JWKS only to authenticated clients over the cluster CA: proxy them.
    const issuer = args.m2mIssuer ?? args.cluster.oidcIssuer;
    const inCluster = args.m2mIssuer === undefined && isInClusterIssuer(args.cluster);
    let jwksUri: string | undefined;
    if (inCluster) {
      const proxy = clusterJwksProxy(
        args.imageMirror !== undefined
          ? rewriteImage(KUBECTL_IMAGE, args.imageMirror)
          : KUBECTL_IMAGE,
      );
      const sa = new k8s.core.v1.ServiceAccount(
        `${name}-jwks-proxy`,
        proxy.serviceAccount,
        istioOpts,
      );
      new k8s.rbac.v1.ClusterRoleBinding(`${name}-jwks-proxy`, proxy.binding, istioOpts);
      new k8s.apps.v1.Deployment(`${name}-jwks-proxy`, proxy.deployment, {
        parent: this,
        dependsOn: [sa, ...args.istio.ready],
      });
      new k8s.core.v1.Service(`${name}-jwks-proxy`, proxy.service, istioOpts);
      jwksUri = proxy.jwksUri;
    }
    const m2m = m2mRequestAuthentication("", jwksUri);
    new k8s.apiextensions.CustomResource(
      `${name}-m2m-jwt`,
      {
        ...m2m,
        spec: pulumi.output(issuer).apply((i) => m2mRequestAuthentication(i, jwksUri).spec),
      },
      istioOpts,
    );
    const [custom, deny] = gatewayAuthorizationPolicies({
      acmeChallenges: args.acmeChallenges ?? OAUTH2_PROXY_DEFAULTS.acmeChallenges,
    });
    if (args.extAuthz ?? OAUTH2_PROXY_DEFAULTS.extAuthz) {
      new k8s.apiextensions.CustomResource(`${name}-ext-authz`, custom!, istioOpts);
    }
    new k8s.apiextensions.CustomResource(`${name}-require-jwt`, deny!, istioOpts);

    this.ready = ready;
    this.registerOutputs({});
  }
}

/** The handle's issuer is the in-cluster default (kind, k3s, most on-prem), not a public OIDC issuer. */
function isInClusterIssuer(cluster: Pick<ClusterHandle, "oidcIssuer">): boolean {
  return cluster.oidcIssuer === DEFAULT_SERVICE_ACCOUNT_ISSUER;
}
