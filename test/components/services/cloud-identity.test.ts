/**
 * The cloud entry's identity in the mesh: the gateway verifies IAP's JWT and maps its e-mail to
 * kubeflow-userid; oauth2-proxy's ext-authz leaves the request path; without identity nothing changes.
 */
import { cloudIdentityRequestAuthentication } from "../../../components/services/cloud-identity";
import { iapIdentity } from "../../../components/cloud/gcp-entry-plan";
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
