/**
 * Pure decisions of the AWS public entry: the ALB Ingress the AWS Load Balancer Controller turns into an
 * internet-facing ALB, the controller's Helm values, and the identity the mesh verifies. Facts from the
 * controller's docs and chart at v3.5.0 (docs/guide/ingress/annotations.md, helm/.../values.yaml) and
 * the ALB's authentication docs
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html).
 */
import type * as pulumi from "@pulumi/pulumi";
import { inputError } from "../shared/input-error";
import { CloudIdentity, GatewayBackend } from "../shared/cloud-entry";

/** The controller's ServiceAccount: its IRSA role trusts exactly this one. */
export const AWS_LB_CONTROLLER_NAMESPACE = "kube-system";
export const AWS_LB_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
/** The IngressClass the chart creates (`ingressClass: alb`, `createIngressClassResource: true`). */
export const ALB_INGRESS_CLASS = "alb";
/** Annotation prefix the controller reads on Ingresses. */
export const ALB_ANNOTATION = "alb.ingress.kubernetes.io";
/** The Istio gateway's status port and readiness path (the gateway chart's `status-port`). */
export const GATEWAY_STATUS_PORT = 15021;
export const GATEWAY_READY_PATH = "/healthz/ready";

/**
 * TLS policies of the ALB's HTTPS listener this program allows: TLS 1.3 with 1.2 at least (the name's
 * `TLS13-1-<min>`), per https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html.
 */
export const ALB_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
] as const;
export type AlbTlsPolicy = (typeof ALB_TLS_POLICIES)[number];

/** Pure: whether an ALB TLS policy is modern (TLS 1.3 offered, nothing below 1.2). */
export function isModernTlsPolicy(policy: string): boolean {
  return /^ELBSecurityPolicy-TLS13-1-[23]-/.test(policy);
}

/** Pure: the ALB's name (≤ 32 characters, the ALB limit) unless the config names one. */
export function albName(clusterName: string, configured?: string): string {
  return configured ?? `${clusterName.slice(0, 23).replace(/-+$/, "")}-kubeflow`;
}

/**
 * Pure: why a hostname cannot be served from a hosted zone, or undefined. Route 53 returns zone names with
 * or without the final dot; the hostname must be the apex or under it.
 */
export function hostnameOutsideZone(hostname: string, zoneName: string): string | undefined {
  const zone = zoneName.replace(/\.$/, "").toLowerCase();
  if (hostname === zone || hostname.endsWith(`.${zone}`)) return undefined;
  return `"${hostname}" is not in the hosted zone "${zone}"; use a name ending in .${zone}, or name the zone that holds it`;
}

/** The ALB's authentication, as the Ingress annotations need it. */
export type AlbAuth =
  | { type: "cognito"; userPoolArn: string; userPoolClientId: string; userPoolDomain: string }
  | {
      type: "oidc";
      issuer: string;
      authorizationEndpoint: string;
      tokenEndpoint: string;
      userInfoEndpoint: string;
      /** Secret in the Ingress's namespace with keys `clientID` and `clientSecret`. */
      secretName: string;
    };

export interface AlbIngressPlan {
  loadBalancerName: string;
  certificateArn: string;
  sslPolicy: string;
  inboundCidrs: readonly string[];
  publicSubnetIds?: readonly string[];
  auth?: AlbAuth;
}

/**
 * Pure: the annotations of the entry's Ingress. One ALB (`load-balancer-name`, and a `group.name` of the
 * same, so a second Ingress can join it on purpose, never by accident), internet-facing, sending to the
 * gateway pods' IPs (target-type ip: the Service stays ClusterIP), HTTP redirected to HTTPS, health-checked
 * on the gateway's status port. With authentication, the ALB signs users in before forwarding, asks for
 * the `email` scope and forwards the IdP's access token in `x-amzn-oidc-accesstoken`.
 */
export function albIngressAnnotations(p: AlbIngressPlan): Record<string, string> {
  const a = (k: string, v: string): [string, string] => [`${ALB_ANNOTATION}/${k}`, v];
  const entries: [string, string][] = [
    a("load-balancer-name", p.loadBalancerName),
    a("group.name", p.loadBalancerName),
    a("scheme", "internet-facing"),
    a("target-type", "ip"),
    a("backend-protocol", "HTTP"),
    a("listen-ports", JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }])),
    a("ssl-redirect", "443"),
    a("certificate-arn", p.certificateArn),
    a("ssl-policy", p.sslPolicy),
    a("inbound-cidrs", p.inboundCidrs.join(",")),
    a("healthcheck-port", String(GATEWAY_STATUS_PORT)),
    a("healthcheck-path", GATEWAY_READY_PATH),
    a("success-codes", "200"),
  ];
  if (p.publicSubnetIds !== undefined) entries.push(a("subnets", p.publicSubnetIds.join(",")));
  const auth = p.auth;
  if (auth !== undefined) {
    entries.push(
      a("auth-type", auth.type),
      a("auth-scope", "openid email"),
      a("auth-on-unauthenticated-request", "authenticate"),
    );
    if (auth.type === "cognito") {
      entries.push(
        a(
          "auth-idp-cognito",
          JSON.stringify({
            userPoolARN: auth.userPoolArn,
            userPoolClientID: auth.userPoolClientId,
            userPoolDomain: auth.userPoolDomain,
          }),
        ),
      );
    } else {
      entries.push(
        a(
          "auth-idp-oidc",
          JSON.stringify({
            issuer: auth.issuer,
            authorizationEndpoint: auth.authorizationEndpoint,
            tokenEndpoint: auth.tokenEndpoint,
            userInfoEndpoint: auth.userInfoEndpoint,
            secretName: auth.secretName,
          }),
        ),
      );
    }
  }
  return Object.fromEntries(entries);
}

/** Pure: the Ingress spec: every path of the hostname to the gateway Service's HTTP port. */
export function albIngressSpec(hostname: pulumi.Input<string>, service: string, port: number) {
  return {
    ingressClassName: ALB_INGRESS_CLASS,
    rules: [
      {
        host: hostname,
        http: {
          paths: [
            {
              path: "/",
              pathType: "Prefix",
              backend: { service: { name: service, port: { number: port } } },
            },
          ],
        },
      },
    ],
  };
}

/**
 * The header the ALB forwards the IdP's access token in. Its own `x-amzn-oidc-data` is an ES256 JWT whose
 * key is published per key id as a PEM (https://public-keys.auth.elb.<region>.amazonaws.com/<kid>), not as
 * a JWKS, and base64-padded: Envoy's jwt_authn (Istio RequestAuthentication) cannot verify it. The access
 * token is a standard JWT with a JWKS when the IdP issues JWT access tokens (Cognito does).
 */
export const ALB_ACCESS_TOKEN_HEADER = "x-amzn-oidc-accesstoken";

/**
 * The `CloudIdentity.provider` (and `GatewayBackend.identityProvider`) of the ALB's authentication: the
 * backend says it from the config, before the entry exists, and the identity repeats it.
 */
export function albIdentityProvider(type: AlbAuth["type"]): "alb-cognito" | "alb-oidc" {
  return type === "cognito" ? "alb-cognito" : "alb-oidc";
}

/** Pure: the region and pool id of a Cognito user pool ARN. */
export function cognitoPool(userPoolArn: string): { region: string; poolId: string } {
  const m = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/(.+)$/.exec(userPoolArn);
  if (m === null)
    throw inputError("AwsPublicEntry", [
      {
        path: ["identity", "userPoolArn"],
        message: `not a Cognito user pool ARN: ${userPoolArn} (arn:aws:cognito-idp:<region>:<account>:userpool/<id>)`,
      },
    ]);
  return { region: m[1], poolId: m[2] };
}

/**
 * Pure: what the mesh verifies behind an ALB with Cognito. Cognito's access token is RS256 with a JWKS,
 * issuer `https://cognito-idp.<region>.amazonaws.com/<poolId>`; it has no `aud` but `client_id` (required
 * to be the platform's app client, so tokens of the pool's other clients are refused) and `token_use:
 * access`, and no e-mail unless the pool's pre-token-generation trigger (event version V2, access token
 * customization) adds it under `emailClaim`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
 */
export function cognitoIdentity(
  userPoolArn: string,
  userPoolClientId: string,
  emailClaim: string,
): CloudIdentity {
  const { region, poolId } = cognitoPool(userPoolArn);
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
  return {
    provider: albIdentityProvider("cognito"),
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    audiences: [],
    fromHeader: ALB_ACCESS_TOKEN_HEADER,
    emailClaim,
    requiredClaims: { client_id: userPoolClientId, token_use: "access" },
  };
}

/**
 * Pure: what the mesh verifies behind an ALB with an OIDC IdP: the IdP's access token, which must be a JWT
 * (Okta, Auth0 with an API audience, Keycloak, Entra ID with an app scope) carrying the e-mail claim; an
 * opaque access token cannot be verified at the mesh, so the config names its JWKS.
 */
export function oidcIdentity(o: {
  issuer: string;
  accessTokenIssuer?: string;
  accessTokenJwksUri: string;
  accessTokenAudiences: readonly string[];
  emailClaim: string;
}): CloudIdentity {
  return {
    provider: albIdentityProvider("oidc"),
    issuer: o.accessTokenIssuer ?? o.issuer,
    jwksUri: o.accessTokenJwksUri,
    audiences: [...o.accessTokenAudiences],
    fromHeader: ALB_ACCESS_TOKEN_HEADER,
    emailClaim: o.emailClaim,
  };
}

/**
 * Pure: the gateway Service behind the ALB. ClusterIP: the ALB sends to the pods' IPs (target-type ip);
 * no annotation is needed on the Service; its requests come from the ALB's subnets. With the ALB's
 * authentication (`identity`), the backend names its provider, so oauth2-proxy leaves the request path.
 */
export function albGatewayBackend(
  port: number,
  sourceRanges: readonly string[],
  identity?: AlbAuth["type"],
): GatewayBackend {
  return {
    serviceType: "ClusterIP",
    serviceAnnotations: {},
    port,
    sourceRanges: [...sourceRanges],
    ...(identity !== undefined ? { identityProvider: albIdentityProvider(identity) } : {}),
  };
}

export interface LbControllerValuesArgs {
  clusterName: string;
  region: string;
  vpcId: string;
  roleArn: string;
  /** Registry prefix the image is pulled from instead of public.ecr.aws, when mirrored. */
  imageRepository?: string;
}

/**
 * Pure: the controller chart's values (keys of helm/aws-load-balancer-controller/values.yaml at v3.5.0).
 * The Service mutator webhook is off: with it, the controller takes every new Service of type LoadBalancer
 * (also those meant for the in-tree cloud provider); the gateway's NLB annotations
 * (`aws-load-balancer-type: external`) select the controller without it.
 */
export function lbControllerValues(v: LbControllerValuesArgs): Record<string, unknown> {
  return {
    clusterName: v.clusterName,
    region: v.region,
    vpcId: v.vpcId,
    replicaCount: 2,
    serviceAccount: {
      create: true,
      name: AWS_LB_CONTROLLER_SERVICE_ACCOUNT,
      annotations: { "eks.amazonaws.com/role-arn": v.roleArn },
    },
    ingressClass: ALB_INGRESS_CLASS,
    createIngressClassResource: true,
    enableServiceMutatorWebhook: false,
    ...(v.imageRepository !== undefined ? { image: { repository: v.imageRepository } } : {}),
  };
}
