/**
 * The cloud entry's identity inside the mesh: the ingress gateway verifies the JWT the cloud's load balancer
 * asserts (IAP's `x-goog-iap-jwt-assertion`, the ALB's OIDC data...) and maps its e-mail claim to
 * `kubeflow-userid`, which Kubeflow's dashboard, KFAM and profiles read unchanged (the bundle's USERID_HEADER
 * is `kubeflow-userid` with an empty prefix; IAP's `email` claim carries no `accounts.google.com:` prefix).
 * Refusing requests without a principal is the gateway's existing DENY policy (`require-jwt`, any validated
 * issuer: this one, or the cluster's service-account issuer for machine-to-machine access); oauth2-proxy's
 * ext-authz is then not applied (see OAuth2ProxyArgs.extAuthz), so Dex and oauth2-proxy stay installed but
 * out of the request path.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CloudIdentity } from "../shared/cloud-entry";
import { NAMESPACES } from "../shared/constants";

export const CLOUD_IDENTITY_REQUEST_AUTHENTICATION = "cloud-entry-jwt";

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

export interface CloudIdentityAuthArgs {
  identity: CloudIdentity;
  /** The mesh is up (Istio's CRDs exist). */
  istioReady: readonly pulumi.Resource[];
}

/** The mesh's verification of a cloud entry's identity. */
export class CloudIdentityAuth extends pulumi.ComponentResource {
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: CloudIdentityAuthArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:services:CloudIdentityAuth", name, {}, opts);
    const requestAuthentication = new k8s.apiextensions.CustomResource(
      `${name}-request-authentication`,
      cloudIdentityRequestAuthentication(args.identity),
      { parent: this, dependsOn: [...args.istioReady] },
    );
    this.ready = [requestAuthentication];
    this.registerOutputs({ provider: args.identity.provider });
  }
}
