import { K8sObject } from "../../../../components/kubeflow/types";
import { acmeSolversServed } from "../../../../tools/verify/rules/acme-solvers-served";
import { eksNlbOverride } from "../../../harness/eks-nlb";
import { platformSet } from "../sets";
import { deployment, service, setOf } from "./fixtures";

const GATEWAY = { istio: "ingressgateway", app: "istio-ingressgateway" };

function acmeIssuer(ingress: Record<string, string>): K8sObject {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name: "kubeflow-acme" },
    spec: { acme: { solvers: [{ http01: { ingress } }] } },
  };
}
function mesh(text = "accessLogFile: /dev/stdout\n"): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "istio-1-29", namespace: "istio-system" },
    data: { mesh: text },
  };
}
function ingressClass(controller = "istio.io/ingress-controller"): K8sObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: { name: "istio" },
    spec: { controller },
  };
}
function gateway(type: string, ports = [80, 443]): K8sObject[] {
  const svc = service(
    "istio-system",
    "istio-ingressgateway",
    GATEWAY,
    ports.map((port) => ({ port })),
  );
  return [
    { ...svc, spec: { ...(svc.spec as object), type } },
    deployment("istio-system", "istio-ingressgateway", GATEWAY),
  ];
}

describe("acme-solvers-served", () => {
  it("accepts a solver of an IngressClass istiod serves, on a LoadBalancer gateway with port 80", () => {
    const set = setOf(
      mesh(),
      ingressClass(),
      acmeIssuer({ ingressClassName: "istio" }),
      ...gateway("LoadBalancer"),
    );
    expect(acmeSolversServed.check(set)).toEqual([]);
  });

  it("reports a solver class without its IngressClass, which istiod ignores in mode STRICT", () => {
    const set = setOf(
      mesh(),
      acmeIssuer({ ingressClassName: "istio" }),
      ...gateway("LoadBalancer"),
    );
    expect(acmeSolversServed.check(set)).toEqual([
      {
        rule: "acme-solvers-served",
        object: "ClusterIssuer kubeflow-acme",
        message:
          'the HTTP-01 solver\'s challenge Ingress ({"ingressClassName":"istio"}) would never be answered: ' +
          "no IngressClass istio exists, and istiod serves an Ingress naming a class only through an " +
          "IngressClass with controller istio.io/ingress-controller",
        fix:
          "add IngressClass istio with controller istio.io/ingress-controller, and expose the ingress " +
          "gateway as a LoadBalancer on port 80",
      },
    ]);
  });

  it("reports an IngressClass of another controller, and a gateway the internet cannot reach", () => {
    const other = setOf(
      mesh(),
      ingressClass("k8s.io/ingress-nginx"),
      acmeIssuer({ ingressClassName: "istio" }),
      ...gateway("LoadBalancer"),
    );
    expect(acmeSolversServed.check(other)[0]?.message).toContain(
      "IngressClass istio belongs to controller k8s.io/ingress-nginx, not istiod",
    );
    const internal = setOf(
      mesh(),
      ingressClass(),
      acmeIssuer({ ingressClassName: "istio" }),
      ...gateway("ClusterIP"),
    );
    expect(acmeSolversServed.check(internal)[0]?.message).toContain(
      "Service istio-system/istio-ingressgateway is of type ClusterIP, which the internet cannot reach",
    );
    const noHttp = setOf(
      mesh(),
      ingressClass(),
      acmeIssuer({ ingressClassName: "istio" }),
      ...gateway("LoadBalancer", [443]),
    );
    expect(acmeSolversServed.check(noHttp)[0]?.message).toContain(
      "has no port 80, where HTTP-01 is answered",
    );
  });

  it("follows the mesh config: the annotation class, and mode OFF", () => {
    const byAnnotation = setOf(mesh(), acmeIssuer({ class: "istio" }), ...gateway("LoadBalancer"));
    expect(acmeSolversServed.check(byAnnotation)).toEqual([]);
    const off = setOf(
      mesh('ingressControllerMode: "OFF"\n'),
      ingressClass(),
      acmeIssuer({ class: "istio" }),
      ...gateway("LoadBalancer"),
    );
    expect(acmeSolversServed.check(off)[0]?.message).toContain(
      "istiod's ingressControllerMode is OFF",
    );
  });

  it("holds for the EKS example stack with its gateway certificate from Let's Encrypt", async () => {
    // Both cloud examples' certificates are the clouds' (their entries); eks-example on an NLB gateway can
    // answer HTTP-01.
    const nlb = eksNlbOverride({ tls: "acme" }) as { services: Record<string, unknown> };
    const set = await platformSet("eks-example", undefined, {
      ...nlb,
      services: {
        ...nlb.services,
        certManager: { acme: { email: "platform-team@acme.example.com", server: "production" } },
      },
    });
    expect(
      set.objects.some(
        (o) =>
          o.obj.kind === "ClusterIssuer" && (o.obj.spec as { acme?: unknown }).acme !== undefined,
      ),
    ).toBe(true);
    expect(acmeSolversServed.check(set)).toEqual([]);
  });
});
