/**
 * The cloud entry's identity inside the mesh: the ingress gateway verifies the JWT the cloud's load balancer
 * asserts (IAP's `x-goog-iap-jwt-assertion`, the ALB's OIDC data...) and maps its e-mail claim to
 * `kubeflow-userid`, which Kubeflow's dashboard, KFAM and profiles read unchanged (the bundle's USERID_HEADER
 * is `kubeflow-userid` with an empty prefix; IAP's `email` claim carries no `accounts.google.com:` prefix).
 * Refusing requests without a principal is the gateway's existing DENY policy (`require-jwt`, any validated
 * issuer: this one, or the cluster's service-account issuer for machine-to-machine access); oauth2-proxy's
 * ext-authz is then not applied (see OAuth2ProxyArgs.extAuthz), so Dex and oauth2-proxy stay installed but
 * out of the request path.
 *
 * Where the token has no `aud` saying whom it is for (Cognito's access token), `requiredClaims` are enforced by
 * a DENY policy scoped to this issuer's principals, so the cluster's service-account tokens (another issuer,
 * machine-to-machine access) are untouched by it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CloudIdentity } from "../shared/cloud-entry";
import { NAMESPACES } from "../shared/constants";
import { IstioHandle } from "./handle";

export const CLOUD_IDENTITY_REQUEST_AUTHENTICATION = "cloud-entry-jwt";
export const CLOUD_IDENTITY_REQUIRED_CLAIMS = "cloud-entry-required-claims";

/** `<issuer>/*`: every principal of the issuer (Istio splits a request principal at its last `/`). */
function issuerPrincipals(issuer: pulumi.Input<string>): pulumi.Input<string> {
  return typeof issuer === "string" ? `${issuer}/*` : pulumi.interpolate`${issuer}/*`;
}

/** Pure: the RequestAuthentication of the cloud entry's JWT on the ingress gateway. */
export function cloudIdentityRequestAuthentication(identity: CloudIdentity) {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "RequestAuthentication",
    metadata: { name: CLOUD_IDENTITY_REQUEST_AUTHENTICATION, namespace: NAMESPACES.istio },
    spec: {
      selector: { matchLabels: { app: "istio-ingressgateway" } },
      jwtRules: [
        {
          issuer: identity.issuer,
          jwksUri: identity.jwksUri,
          ...(identity.audiences.length > 0 ? { audiences: [...identity.audiences] } : {}),
          // The header carries the bare JWT (no "Bearer " prefix).
          fromHeaders: [{ name: identity.fromHeader }],
          forwardOriginalToken: true,
          outputClaimToHeaders: [{ header: "kubeflow-userid", claim: identity.emailClaim }],
        },
      ],
    },
  };
}

/**
 * Pure: the DENY policy refusing a token of the entry's issuer whose required claims differ (a token of the
 * pool's other app clients, an ID token where the access token is expected), or undefined when the identity
 * requires none. One rule per claim (rules are OR'ed: any differing or missing claim denies); each rule is
 * scoped to the issuer's principals, so other issuers' tokens pass to the policies after it.
 * @see https://istio.io/latest/docs/reference/config/security/conditions/ (`request.auth.claims`)
 */
export function cloudIdentityRequiredClaimsPolicy(identity: CloudIdentity) {
  const claims = Object.entries(identity.requiredClaims ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  if (claims.length === 0) return undefined;
  const principals = [issuerPrincipals(identity.issuer)];
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: CLOUD_IDENTITY_REQUIRED_CLAIMS, namespace: NAMESPACES.istio },
    spec: {
      action: "DENY",
      selector: { matchLabels: { app: "istio-ingressgateway" } },
      rules: claims.map(([claim, value]) => ({
        from: [{ source: { requestPrincipals: principals } }],
        when: [{ key: `request.auth.claims[${claim}]`, notValues: [value] }],
      })),
    },
  };
}

/** The mesh's verification of a cloud entry's identity: all wiring, no settings of its own. */
export interface CloudIdentityAuthArgs {
  /** What the cloud entry asserts (`PublicEntry.identity`); its issuer may be an output of the same program. */
  identity: CloudIdentity;
  /** Istio (`Istio.handle`): the policies need its CRDs. */
  istio: Pick<IstioHandle, "ready">;
}

/** The mesh's verification of a cloud entry's identity. */
export class CloudIdentityAuth extends pulumi.ComponentResource {
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: CloudIdentityAuthArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:services:CloudIdentityAuth", name, {}, opts);
    const requestAuthentication = new k8s.apiextensions.CustomResource(
      `${name}-request-authentication`,
      cloudIdentityRequestAuthentication(args.identity),
      { parent: this, dependsOn: [...args.istio.ready] },
    );
    const claims = cloudIdentityRequiredClaimsPolicy(args.identity);
    const requiredClaims =
      claims === undefined
        ? []
        : [
            new k8s.apiextensions.CustomResource(`${name}-required-claims`, claims, {
              parent: this,
              dependsOn: [...args.istio.ready],
            }),
          ];
    this.ready = [requestAuthentication, ...requiredClaims];
    this.registerOutputs({ provider: args.identity.provider });
  }
}
