/**
 * Rule `acme-solvers-served`: every ACME issuer's HTTP-01 solver can be answered. cert-manager creates an
 * Ingress of the solver's class for each challenge; istiod turns it into gateway routes only if it serves that
 * class, and Let's Encrypt reaches it only through a LoadBalancer Service on port 80 in front of the gateway
 * pods istiod programs. Otherwise the challenge times out and the certificate is never issued.
 *
 * Which Ingresses istiod serves (pilot/pkg/config/kube/ingress, `shouldProcessIngressWithClass`): one with
 * the `kubernetes.io/ingress.class` annotation when it equals meshConfig.ingressClass (mode not OFF); one with
 * `spec.ingressClassName` only if an IngressClass of that name exists with controller
 * `istio.io/ingress-controller`; without either, only in mode DEFAULT. Defaults: mode STRICT, class `istio`,
 * gateway pods labelled `istio: ingressgateway`, Service `istio-ingressgateway`
 * (https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/).
 */
import { parse } from "yaml";
import { K8sObject } from "../../../components/kubeflow/types";
import { ofKind, podTemplates, selects } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import { field, fmtList, list, servicePorts, str, violation } from "./common";
import { CERT_MANAGER_GROUP } from "./certificates-resolve";

const NAME = "acme-solvers-served";
export const ISTIO_INGRESS_CONTROLLER = "istio.io/ingress-controller";

/** The mesh config settings of istiod's Ingress support, with Istio's defaults. */
export interface MeshIngress {
  mode: string;
  ingressClass: string;
  ingressService: string;
  ingressSelector: string;
}

/** Pure: the Ingress settings of every istiod mesh config in the set (ConfigMaps `istio`, `istio-<rev>`). */
export function meshIngressConfigs(set: PlatformSet): MeshIngress[] {
  return ofKind(set, "ConfigMap", "")
    .filter(
      (c) =>
        c.metadata.namespace === "istio-system" &&
        /^istio(-.+)?$/.test(c.metadata.name) &&
        typeof str(c.data, "mesh") === "string",
    )
    .map((c) => {
      const mesh = (parse(str(c.data, "mesh")!) ?? {}) as Record<string, unknown>;
      return {
        mode: str(mesh, "ingressControllerMode") ?? "STRICT",
        ingressClass: str(mesh, "ingressClass") ?? "istio",
        ingressService: str(mesh, "ingressService") ?? "istio-ingressgateway",
        ingressSelector: str(mesh, "ingressSelector") ?? "ingressgateway",
      };
    });
}

/** Pure: why istiod (with this mesh config) would not serve a solver's Ingress, or undefined. */
function unservedReason(
  set: PlatformSet,
  mesh: MeshIngress,
  solver: Record<string, unknown>,
): string | undefined {
  const className = str(solver, "ingressClassName");
  const annotationClass = str(solver, "class");
  if (mesh.mode === "OFF") return "istiod's ingressControllerMode is OFF";
  if (annotationClass !== undefined) {
    return annotationClass === mesh.ingressClass
      ? undefined
      : `its class ${annotationClass} is not istiod's ingressClass ${mesh.ingressClass}`;
  }
  if (className !== undefined) {
    const ic = ofKind(set, "IngressClass", "networking.k8s.io").find(
      (i) => i.metadata.name === className,
    );
    if (ic === undefined) {
      return (
        `no IngressClass ${className} exists, and istiod serves an Ingress naming a class only through ` +
        `an IngressClass with controller ${ISTIO_INGRESS_CONTROLLER}`
      );
    }
    const controller = str(ic.spec, "controller");
    return controller === ISTIO_INGRESS_CONTROLLER
      ? undefined
      : `IngressClass ${className} belongs to controller ${controller ?? "none"}, not istiod`;
  }
  return mesh.mode === "DEFAULT"
    ? undefined
    : `it names no class and istiod's mode is ${mesh.mode}`;
}

/** Pure: why the gateway istiod programs for Ingresses is unreachable from the internet on port 80. */
function unreachableReason(set: PlatformSet, mesh: MeshIngress): string | undefined {
  const svc = ofKind(set, "Service", "").find(
    (s) => s.metadata.namespace === "istio-system" && s.metadata.name === mesh.ingressService,
  );
  if (svc === undefined)
    return `the ingress Service istio-system/${mesh.ingressService} is missing`;
  const type = str(svc.spec, "type") ?? "ClusterIP";
  if (type !== "LoadBalancer") {
    return `Service istio-system/${mesh.ingressService} is of type ${type}, which the internet cannot reach`;
  }
  if (!servicePorts(svc).some((p) => p.port === 80)) {
    return `Service istio-system/${mesh.ingressService} has no port 80, where HTTP-01 is answered`;
  }
  const selector = field(svc.spec, "selector") as Record<string, string>;
  const gatewayPods = podTemplates(set).filter(
    (p) => p.namespace === "istio-system" && p.labels.istio === mesh.ingressSelector,
  );
  if (!gatewayPods.some((p) => Object.keys(selector).length > 0 && selects(selector, p.labels))) {
    return (
      `Service istio-system/${mesh.ingressService} selects none of the pods labelled ` +
      `istio: ${mesh.ingressSelector}, which istiod programs for Ingresses`
    );
  }
  return undefined;
}

function check(set: PlatformSet): Violation[] {
  const meshes = meshIngressConfigs(set);
  // An Istio the set does not install (mode existing) or another Ingress controller: not modelled.
  if (meshes.length === 0) return [];
  const issuers: K8sObject[] = [
    ...ofKind(set, "ClusterIssuer", CERT_MANAGER_GROUP),
    ...ofKind(set, "Issuer", CERT_MANAGER_GROUP),
  ];
  const out: Violation[] = [];
  for (const issuer of issuers) {
    for (const solver of list(field(issuer.spec, "acme"), "solvers")) {
      const ingress = field(field(solver, "http01"), "ingress");
      if (Object.keys(ingress).length === 0) continue;
      const reasons = meshes.map(
        (m) => unservedReason(set, m, ingress) ?? unreachableReason(set, m),
      );
      if (reasons.some((r) => r === undefined)) continue;
      out.push(
        violation(
          NAME,
          issuer,
          `the HTTP-01 solver's challenge Ingress (${JSON.stringify(ingress)}) would never be answered: ` +
            fmtList(reasons.map((r) => r!)),
          `add IngressClass ${str(ingress, "ingressClassName") ?? "istio"} with controller ` +
            `${ISTIO_INGRESS_CONTROLLER}, and expose the ingress gateway as a LoadBalancer on port 80`,
        ),
      );
    }
  }
  return out;
}

/** Every ACME HTTP-01 solver's Ingress is served by istiod on a gateway reachable from the internet. */
export const acmeSolversServed: Rule = {
  name: NAME,
  description:
    "Every ACME issuer's HTTP-01 solver Ingress is of a class istiod serves, on a LoadBalancer gateway " +
    "Service with port 80.",
  check,
};
