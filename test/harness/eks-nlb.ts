/**
 * eks-example as it was before its cloud entry: the Istio gateway on an NLB the AWS Load Balancer Controller
 * serves (no ALB, no Cognito), for the tests of what only a LoadBalancer gateway does (ACME HTTP-01, the
 * policy pack's NLB annotations). Overrides replace whole top-level keys.
 */
import { StackConfig } from ".";
import { readStackFile } from "./stackfile";

export const EKS_NLB_ANNOTATIONS = {
  "service.beta.kubernetes.io/aws-load-balancer-type": "external",
  "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
  "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
};

/** The `cluster` and `services` keys of eks-example with an NLB gateway instead of `cluster.entry`. */
export function eksNlbOverride(istio: Record<string, unknown> = {}): StackConfig {
  const eks = readStackFile("eks-example") as {
    cluster: Record<string, unknown>;
    services: Record<string, unknown> & { istio: Record<string, unknown> };
  };
  const cluster = { ...eks.cluster };
  delete cluster.entry;
  return {
    cluster,
    services: {
      ...eks.services,
      istio: {
        ...eks.services.istio,
        exposure: "LoadBalancer",
        serviceAnnotations: EKS_NLB_ANNOTATIONS,
        ...istio,
      },
    },
  };
}

/** eks-example's whole config with the NLB gateway. */
export function eksNlbStack(istio: Record<string, unknown> = {}): StackConfig {
  return { ...readStackFile("eks-example"), ...eksNlbOverride(istio) };
}
