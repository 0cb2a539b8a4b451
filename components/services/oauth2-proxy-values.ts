/**
 * Pure functions for oauth2-proxy: its config file (no secret: those come from a Secret the program creates),
 * chart values, and the Istio objects that make the ingress gateway authenticate like Kubeflow's
 * `common/oauth2-proxy/overlays/m2m-dex-*` do.
 */
import {
  DEX_ISSUER,
  EXT_AUTHZ_PROVIDER,
  INGRESS_GATEWAY_SELECTOR,
  NAMESPACES,
} from "../shared/constants";
import { CHARTS } from "./charts";
import { ContainerResources, HelmValues, mergeValues } from "./common";

/** Secret with `client-id`, `client-secret`, `cookie-secret` (the chart's `config.existingSecret`). */
export const OAUTH2_PROXY_CREDENTIALS_SECRET = "oauth2-proxy-credentials";
/** Paths that must reach Dex and oauth2-proxy unauthenticated (the login flow itself). */
export const AUTH_FREE_PATHS = ["/dex/*", "/dex/**", "/oauth2/*"];
/** Path of ACME HTTP-01 challenges, which Let's Encrypt fetches without a session. */
export const ACME_CHALLENGE_PATH = "/.well-known/acme-challenge/*";
/** Service of the JWKS proxy for in-cluster service-account token issuers. */
export const CLUSTER_JWKS_PROXY = "cluster-jwks-proxy";

const q = (s: string) => JSON.stringify(s);
const list = (xs: readonly string[]) => `[ ${xs.map(q).join(", ")} ]`;

/** Pure: oauth2_proxy.cfg, equivalent to upstream's, with secure cookies whenever TLS is on. */
export function oauth2ProxyConfigFile(args: { secureCookies: boolean }): string {
  return [
    `provider = "oidc"`,
    `oidc_issuer_url = ${q(DEX_ISSUER)}`,
    `scope = "profile email groups openid"`,
    `email_domains = [ "*" ]`,
    // ext-authz only checks requests; a static 200 upstream answers on success.
    `upstreams = [ "static://200" ]`,
    `skip_auth_routes = [ "^/dex/" ]`,
    // Background API calls get 401 instead of a login redirect (and no pile of CSRF cookies).
    `api_routes = ${list(["/api/", "/apis/", "^/ml_metadata"])}`,
    // Relative login redirect through the gateway: skip discovery, whose URLs are in-cluster addresses.
    `skip_oidc_discovery = true`,
    `login_url = "/dex/auth"`,
    `redeem_url = ${q(`${DEX_ISSUER}/token`)}`,
    `oidc_jwks_url = ${q(`${DEX_ISSUER}/keys`)}`,
    `skip_provider_button = false`,
    `provider_display_name = "Dex"`,
    `prompt = "none"`,
    // Istio's RequestAuthentication reads the user from the forwarded JWT.
    `set_authorization_header = true`,
    `set_xauthrequest = true`,
    `skip_jwt_bearer_tokens = true`,
    `cookie_name = "oauth2_proxy_kubeflow"`,
    // Dex's ID tokens live 24h; a longer cookie would hold a JWT Istio rejects.
    `cookie_expire = "24h"`,
    `cookie_refresh = 0`,
    `cookie_secure = ${args.secureCookies}`,
    `code_challenge_method = "S256"`,
    `redirect_url = "/oauth2/callback"`,
    `relative_redirect_url = true`,
    "",
  ].join("\n");
}

/** Pure: chart values. Credentials come from OAUTH2_PROXY_CREDENTIALS_SECRET, never from values. */
export function oauth2ProxyValues(args: {
  secureCookies: boolean;
  replicas?: number;
  resources?: ContainerResources;
  values?: HelmValues;
}): HelmValues {
  const replicas = args.replicas ?? 2;
  const base: HelmValues = {
    image: { tag: `v${CHARTS.oauth2Proxy.appVersion.replace(/^v/, "")}` },
    config: {
      existingSecret: OAUTH2_PROXY_CREDENTIALS_SECRET,
      configFile: oauth2ProxyConfigFile({ secureCookies: args.secureCookies }),
    },
    replicaCount: replicas,
    podDisruptionBudget: { enabled: replicas > 1, minAvailable: 1 },
    service: { portNumber: 80 },
    ...(args.resources !== undefined ? { resources: args.resources } : {}),
  };
  return mergeValues(base, args.values);
}

const gatewaySelector = { matchLabels: { app: "istio-ingressgateway" } };
const jwtFromBearer = { fromHeaders: [{ name: "Authorization", prefix: "Bearer " }] };

/** Pure: RequestAuthentication for Dex's tokens on the ingress gateway (upstream's `dex-jwt`). */
export function dexRequestAuthentication() {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "RequestAuthentication",
    metadata: { name: "dex-jwt", namespace: NAMESPACES.istio },
    spec: {
      selector: gatewaySelector,
      jwtRules: [
        {
          issuer: DEX_ISSUER,
          forwardOriginalToken: true,
          ...jwtFromBearer,
          outputClaimToHeaders: [
            { header: "kubeflow-userid", claim: "email" },
            { header: "kubeflow-groups", claim: "groups" },
          ],
        },
      ],
    },
  };
}

/**
 * Pure: RequestAuthentication for the cluster's own service-account tokens (machine-to-machine access, e.g.
 * pipelines clients in pods). `jwksUri` is needed when the issuer is not publicly resolvable (in-cluster
 * issuers); public issuers (EKS, GKE) are discovered from `<issuer>/.well-known/openid-configuration`.
 */
export function m2mRequestAuthentication(issuer: string, jwksUri?: string) {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "RequestAuthentication",
    metadata: { name: "m2m-token-issuer", namespace: NAMESPACES.istio },
    spec: {
      selector: gatewaySelector,
      jwtRules: [
        {
          issuer,
          ...(jwksUri !== undefined ? { jwksUri } : {}),
          forwardOriginalToken: true,
          ...jwtFromBearer,
          outputClaimToHeaders: [
            { header: "kubeflow-userid", claim: "sub" },
            { header: "kubeflow-groups", claim: "groups" },
          ],
        },
      ],
    },
  };
}

/**
 * Pure: the gateway's AuthorizationPolicies, as upstream: CUSTOM sends every request without an
 * Authorization header (except the login flow) to oauth2-proxy; DENY refuses any request without a validated
 * JWT principal. With ACME, Let's Encrypt's challenge path is exempt from both.
 */
export function gatewayAuthorizationPolicies(args: { acmeChallenges: boolean }) {
  const notPaths = [...AUTH_FREE_PATHS, ...(args.acmeChallenges ? [ACME_CHALLENGE_PATH] : [])];
  return [
    {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "istio-ingressgateway-oauth2-proxy", namespace: NAMESPACES.istio },
      spec: {
        action: "CUSTOM",
        provider: { name: EXT_AUTHZ_PROVIDER },
        selector: gatewaySelector,
        rules: [
          {
            to: [{ operation: { notPaths } }],
            when: [{ key: "request.headers[authorization]", notValues: ["*"] }],
          },
        ],
      },
    },
    {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "istio-ingressgateway-require-jwt", namespace: NAMESPACES.istio },
      spec: {
        action: "DENY",
        selector: gatewaySelector,
        rules: [
          {
            from: [{ source: { notRequestPrincipals: ["*"] } }],
            to: [{ operation: { notPaths } }],
          },
        ],
      },
    },
  ];
}

/** Pure: the selector of Kubeflow's ingress gateway pods, for tests comparing with the bundle. */
export const GATEWAY_POD_SELECTOR = { ...INGRESS_GATEWAY_SELECTOR, app: "istio-ingressgateway" };

/**
 * Pure: a read-only proxy to the API server's OIDC discovery and JWKS endpoints, for in-cluster issuers that
 * istiod cannot fetch anonymously (as upstream's m2m-dex-and-kind overlay, with a pinned image).
 */
export function clusterJwksProxy(image: string) {
  const labels = { "app.kubernetes.io/name": CLUSTER_JWKS_PROXY };
  return {
    serviceAccount: { metadata: { name: CLUSTER_JWKS_PROXY, namespace: NAMESPACES.istio, labels } },
    binding: {
      metadata: { name: `${CLUSTER_JWKS_PROXY}-issuer-discovery`, labels },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "system:service-account-issuer-discovery",
      },
      subjects: [{ kind: "ServiceAccount", name: CLUSTER_JWKS_PROXY, namespace: NAMESPACES.istio }],
    },
    deployment: {
      metadata: { name: CLUSTER_JWKS_PROXY, namespace: NAMESPACES.istio, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: CLUSTER_JWKS_PROXY,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65532,
              seccompProfile: { type: "RuntimeDefault" },
            },
            volumes: [{ name: "tmp", emptyDir: {} }],
            containers: [
              {
                name: "kubectl-proxy",
                image,
                command: ["kubectl"],
                args: [
                  "proxy",
                  "--address=0.0.0.0",
                  "--port=8080",
                  "--accept-hosts=.*",
                  "--accept-paths=^(?:/openid/v1/jwks)|(?:/.well-known/openid-configuration)$",
                  "--reject-methods=^(POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)$",
                ],
                // kubectl keeps a discovery cache under $HOME; the root filesystem is read-only.
                env: [{ name: "HOME", value: "/tmp" }],
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                ports: [{ name: "http", containerPort: 8080 }],
                readinessProbe: { httpGet: { path: "/openid/v1/jwks", port: "http" } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ["ALL"] },
                  readOnlyRootFilesystem: true,
                },
                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
              },
            ],
          },
        },
      },
    },
    service: {
      metadata: { name: CLUSTER_JWKS_PROXY, namespace: NAMESPACES.istio, labels },
      spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] },
    },
    jwksUri: `http://${CLUSTER_JWKS_PROXY}.${NAMESPACES.istio}.svc.cluster.local/openid/v1/jwks`,
  };
}

/** kubectl image of the JWKS proxy (Kubernetes' own build, pinned; upstream uses an unpinned `latest`). */
export const KUBECTL_IMAGE = "registry.k8s.io/kubectl:v1.34.2";
