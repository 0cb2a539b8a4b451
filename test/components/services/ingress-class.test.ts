/**
 * cert-manager's ACME HTTP-01 solver names IngressClass `istio`; istiod (mode STRICT) serves the challenge
 * Ingress only through that IngressClass, so it exists exactly when an ACME certificate is asked for.
 */
import { ISTIO_INGRESS_CLASS } from "../../../components/shared/constants";
import { runProgram } from "../../harness";
import { eksNlbStack } from "../../harness/eks-nlb";
import { readStackFile } from "../../harness/stackfile";

const INGRESS_CLASS = "kubernetes:networking.k8s.io/v1:IngressClass";

describe("the IngressClass of istiod's Ingress support", () => {
  it("is created with tls acme, with istiod's controller, and the solver names it", async () => {
    // Both cloud examples' certificates are now the clouds' (their entries): eks-example on an NLB gateway
    // with tls acme asks for ACME.
    const eks = eksNlbStack({ tls: "acme" }) as { services: Record<string, unknown> };
    const inv = await runProgram({
      ...eks,
      services: {
        ...eks.services,
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
