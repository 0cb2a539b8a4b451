/**
 * The cloud entry's identity in the mesh: the gateway verifies IAP's JWT and maps its e-mail to
 * kubeflow-userid; oauth2-proxy's ext-authz leaves the request path; without identity nothing changes.
 */
import {
  cloudIdentityRequestAuthentication,
  cloudIdentityRequiredClaimsPolicy,
} from "../../../components/services/cloud-identity";
import { iapIdentity } from "../../../components/cloud/gcp-entry-plan";
import { cognitoIdentity } from "../../../components/cloud/aws-entry-plan";
import { K8sObject } from "../../../components/kubeflow/types";
import { evaluateAuthorization, MeshRequest } from "../../../tools/verify/istio-authz";
import { runProgram } from "../../harness";
import { readStackFile } from "../../harness/stackfile";

const CR = (kind: string) => (r: { type: string; inputs: Record<string, unknown> }) =>
  r.type.startsWith("kubernetes:") && r.inputs.kind === kind;

describe("cloudIdentityRequestAuthentication", () => {
  it("verifies the entry's JWT from its header and maps the e-mail claim to kubeflow-userid", () => {
    const ra = cloudIdentityRequestAuthentication(
      iapIdentity("/projects/123/global/backendServices/456"),
    );
    expect(ra.metadata).toEqual({ name: "cloud-entry-jwt", namespace: "istio-system" });
    expect(ra.spec.selector).toEqual({ matchLabels: { app: "istio-ingressgateway" } });
    expect(ra.spec.jwtRules).toEqual([
      {
        issuer: "https://cloud.google.com/iap",
        jwksUri: "https://www.gstatic.com/iap/verify/public_key-jwk",
        audiences: ["/projects/123/global/backendServices/456"],
        fromHeaders: [{ name: "x-goog-iap-jwt-assertion" }],
        forwardOriginalToken: true,
        outputClaimToHeaders: [{ header: "kubeflow-userid", claim: "email" }],
      },
    ]);
  });

  it("omits audiences when the provider's token carries none", () => {
    const ra = cloudIdentityRequestAuthentication({
      ...iapIdentity("x"),
      audiences: [],
    });
    expect(ra.spec.jwtRules[0]).not.toHaveProperty("audiences");
  });
});

const POOL = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123";
const COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";
const K8S_ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";
const GATEWAY = {
  namespace: "istio-system",
  labels: { app: "istio-ingressgateway", istio: "ingressgateway" },
};

/** A request at the gateway as RequestAuthentication leaves it: the token's principal and claims. */
function authenticated(iss: string, claims: Record<string, unknown>): MeshRequest {
  return {
    host: "kubeflow.acme.example.com",
    port: 80,
    method: "GET",
    path: "/",
    headers: {},
    requestPrincipal: `${iss}/sub-1`,
    claims: { iss, sub: "sub-1", ...claims },
  };
}

describe("cloudIdentityRequiredClaimsPolicy", () => {
  const policy = cloudIdentityRequiredClaimsPolicy(cognitoIdentity(POOL, "app1client", "email"))!;
  const decide = (r: MeshRequest) =>
    evaluateAuthorization([policy as K8sObject], GATEWAY, r, () => ({
      allow: false,
      status: 500,
    }));

  it("denies, at the ingress gateway, tokens of the issuer whose claims differ: one rule per claim", () => {
    expect(policy.metadata).toEqual({
      name: "cloud-entry-required-claims",
      namespace: "istio-system",
    });
    expect(policy.spec).toEqual({
      action: "DENY",
      selector: { matchLabels: { app: "istio-ingressgateway" } },
      rules: [
        {
          from: [{ source: { requestPrincipals: [`${COGNITO}/*`] } }],
          when: [{ key: "request.auth.claims[client_id]", notValues: ["app1client"] }],
        },
        {
          from: [{ source: { requestPrincipals: [`${COGNITO}/*`] } }],
          when: [{ key: "request.auth.claims[token_use]", notValues: ["access"] }],
        },
      ],
    });
  });

  it("lets the platform's app client's access token pass", () => {
    expect(
      decide(authenticated(COGNITO, { client_id: "app1client", token_use: "access" })).allowed,
    ).toBe(true);
  });

  it.each([
    ["another app client of the pool", { client_id: "otherclient", token_use: "access" }],
    ["an ID token of the platform's client", { client_id: "app1client", token_use: "id" }],
    ["a token without client_id", { token_use: "access" }],
    ["a token whose client_id is not a string", { client_id: 1, token_use: "access" }],
  ])("refuses %s with 403", (_what, claims) => {
    const d = decide(authenticated(COGNITO, claims));
    expect(d.allowed).toBe(false);
    expect(d.status).toBe(403);
    expect(d.decidedBy).toBe("AuthorizationPolicy istio-system/cloud-entry-required-claims");
  });

  it("leaves other issuers' tokens (the cluster's service-account tokens) and requests without one alone", () => {
    expect(decide(authenticated(K8S_ISSUER, {})).allowed).toBe(true);
    expect(decide(authenticated(`${COGNITO}-other`, {})).allowed).toBe(true);
    const anonymous = { ...authenticated(COGNITO, {}), requestPrincipal: undefined, claims: {} };
    expect(decide(anonymous).allowed).toBe(true);
  });

  it("is not created when the identity requires no claims (IAP's aud says whom the token is for)", () => {
    expect(cloudIdentityRequiredClaimsPolicy(iapIdentity("x"))).toBeUndefined();
    expect(
      cloudIdentityRequiredClaimsPolicy({ ...iapIdentity("x"), requiredClaims: {} }),
    ).toBeUndefined();
  });
});

describe("gke-example with IAP", () => {
  it("verifies IAP's JWT at the gateway, keeps require-jwt and m2m, drops the ext-authz policy", async () => {
    const inv = await runProgram(readStackFile("gke-example"));
    const ras = inv.resources.filter(CR("RequestAuthentication"));
    const iap = ras.find((r) => (r.inputs.metadata as { name: string }).name === "cloud-entry-jwt");
    expect(iap).toBeDefined();
    const rule = (iap!.inputs.spec as { jwtRules: Record<string, unknown>[] }).jwtRules[0]!;
    expect(rule.issuer).toBe("https://cloud.google.com/iap");
    expect(rule.fromHeaders).toEqual([{ name: "x-goog-iap-jwt-assertion" }]);
    expect((rule.audiences as string[])[0]).toMatch(
      /^\/projects\/[^/]+\/global\/backendServices\/[^/]+$/,
    );
    expect(ras.map((r) => (r.inputs.metadata as { name: string }).name)).toContain(
      "m2m-token-issuer",
    );
    const policies = inv.resources
      .filter(CR("AuthorizationPolicy"))
      .map((r) => (r.inputs.metadata as { name: string }).name);
    expect(policies).toContain("istio-ingressgateway-require-jwt");
    expect(policies).not.toContain("istio-ingressgateway-oauth2-proxy");
  });

  it("keeps oauth2-proxy's ext-authz when the entry has no identity", async () => {
    const stack = readStackFile("gke-example");
    const cluster = stack.cluster as { entry: Record<string, unknown> };
    const entry = { ...cluster.entry };
    delete entry.identity;
    const inv = await runProgram({ ...stack, cluster: { ...cluster, entry } });
    const names = (kind: string) =>
      inv.resources.filter(CR(kind)).map((r) => (r.inputs.metadata as { name: string }).name);
    expect(names("RequestAuthentication")).not.toContain("cloud-entry-jwt");
    expect(names("AuthorizationPolicy")).toContain("istio-ingressgateway-oauth2-proxy");
  });
});

describe("eks-example with Cognito on the ALB", () => {
  it("verifies the access token at the gateway, requires its client and kind, drops the ext-authz policy", async () => {
    const inv = await runProgram(readStackFile("eks-example"));
    const named = (kind: string, name: string) =>
      inv.resources
        .filter(CR(kind))
        .find((r) => (r.inputs.metadata as { name: string }).name === name);
    const rule = (
      named("RequestAuthentication", "cloud-entry-jwt")!.inputs.spec as {
        jwtRules: Record<string, unknown>[];
      }
    ).jwtRules[0]!;
    expect(rule.issuer).toBe(COGNITO);
    expect(rule.fromHeaders).toEqual([{ name: "x-amzn-oidc-accesstoken" }]);
    const claims = named("AuthorizationPolicy", "cloud-entry-required-claims");
    expect((claims!.inputs.spec as { rules: unknown[] }).rules).toEqual([
      {
        from: [{ source: { requestPrincipals: [`${COGNITO}/*`] } }],
        when: [
          { key: "request.auth.claims[client_id]", notValues: ["1example23456789abcdefghij"] },
        ],
      },
      {
        from: [{ source: { requestPrincipals: [`${COGNITO}/*`] } }],
        when: [{ key: "request.auth.claims[token_use]", notValues: ["access"] }],
      },
    ]);
    expect(named("AuthorizationPolicy", "istio-ingressgateway-require-jwt")).toBeDefined();
    expect(named("AuthorizationPolicy", "istio-ingressgateway-oauth2-proxy")).toBeUndefined();
  });
});
