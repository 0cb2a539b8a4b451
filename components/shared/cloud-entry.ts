/**
 * The contract between a cloud's public entry (a component under `components/cloud/`) and the layers that
 * consume it (the Istio gateway, the mesh's authentication, the status and the verification). The layers
 * above the cluster never branch on the cloud: they read these facts.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * How the cloud's load balancer reaches the Istio ingress gateway. Known before the gateway exists (names
 * and annotations are fixed by the entry's config), so the gateway Service is created with them.
 */
export interface GatewayBackend {
  /** Type of the gateway Service behind the cloud load balancer: only the load balancer reaches it. */
  serviceType: "ClusterIP";
  /** Annotations the cloud's controllers need on the gateway Service (GKE: standalone NEG; EKS: none). */
  serviceAnnotations: Record<string, string>;
  /** Service port the load balancer sends plain HTTP to (TLS ends at the load balancer). */
  port: number;
  /** Source ranges the load balancer's requests come from (Google Front Ends; the ALB's subnets). */
  sourceRanges: readonly string[];
  /**
   * The provider of the identity the entry will assert (as `CloudIdentity.provider`), known from the config
   * before the entry exists: the services layer then keeps oauth2-proxy's ext-authz out of the request path.
   * Undefined: the mesh's own login (Dex, oauth2-proxy) authenticates users.
   */
  identityProvider?: string;
}

/**
 * The identity the cloud's entry asserts on each request it forwards, as a signed JWT in a header, which the
 * mesh verifies (RequestAuthentication) and maps to Kubeflow's user header.
 */
export interface CloudIdentity {
  /** What asserts it, for messages and the status: "iap" (GKE), "alb-cognito" or "alb-oidc" (EKS). */
  provider: string;
  /** The JWT's `iss`. */
  issuer: pulumi.Input<string>;
  /** Where the mesh fetches the keys that sign it (JWKS). */
  jwksUri: pulumi.Input<string>;
  /** Accepted `aud` values; empty when the token carries none (say why where the provider is built). */
  audiences: readonly pulumi.Input<string>[];
  /** Request header carrying the JWT, e.g. `x-goog-iap-jwt-assertion`. */
  fromHeader: string;
  /** Claim holding the user's e-mail, mapped to Kubeflow's `kubeflow-userid`. */
  emailClaim: string;
  /**
   * Claims the token must carry with exactly these values, where `aud` cannot say whom it is for (Cognito's
   * access token: `client_id`, `token_use`); the mesh refuses a token without them. @default - none
   */
  requiredClaims?: Readonly<Record<string, string>>;
}

/** What a cloud entry gives the platform once created. */
export interface PublicEntry {
  /** `https://<hostname>`. */
  url: pulumi.Output<string>;
  hostname: pulumi.Output<string>;
  /** The static address the DNS record points at. */
  address: pulumi.Output<string>;
  backend: GatewayBackend;
  /** Present when the cloud's identity service authenticates users instead of Dex and oauth2-proxy. */
  identity?: CloudIdentity;
  /** Resources that exist once the entry serves (load balancer, certificate, DNS record). */
  ready: readonly pulumi.Resource[];
}
