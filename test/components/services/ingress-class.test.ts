/**
 * cert-manager's ACME HTTP-01 solver names IngressClass `istio`; istiod (mode STRICT) serves the challenge
 * Ingress only through that IngressClass, so it exists exactly when an ACME certificate is asked for.
 */
import { ISTIO_INGRESS_CLASS } from "../../../components/shared/constants";
import { runProgram } from "../../harness";
import { readStackFile } from "../../harness/stackfile";

const INGRESS_CLASS = "kubernetes:networking.k8s.io/v1:IngressClass";

describe("the IngressClass of istiod's Ingress support", () => {
  it("is created with tls acme, with istiod's controller, and the solver names it", async () => {
    // gke-example's certificate is now the cloud's (its entry): eks-example with tls acme asks for ACME.
    const eks = readStackFile("eks-example") as { services: { istio: Record<string, unknown> } };
    const inv = await runProgram({
      ...eks,
      services: {
        ...eks.services,
        istio: { ...eks.services.istio, tls: "acme" },
        certManager: { acme: { email: "platform-team@acme.example.com", server: "production" } },
      },
    });
    const classes = inv.byType(INGRESS_CLASS);
    expect(classes.map((c) => [c.inputs.metadata, c.inputs.spec])).toEqual([
      [{ name: "istio" }, { controller: "istio.io/ingress-controller" }],
    ]);
    const issuer = inv
      .k8s("ClusterIssuer")
      .find((r) => (r.inputs.spec as { acme?: unknown }).acme !== undefined);
    expect(JSON.stringify(issuer?.inputs.spec)).toContain(
      `"ingress":{"ingressClassName":"${ISTIO_INGRESS_CLASS}"}`,
    );
  });

  it("is not created without ACME", async () => {
    const inv = await runProgram(readStackFile("dev"));
    expect(inv.byType(INGRESS_CLASS)).toEqual([]);
  });
});
