/**
 * Pure: the NetworkPolicies upstream puts on the auth namespaces, with the pod labels of the official charts.
 * Dex is reachable only from the ingress gateway (login pages), istiod (JWKS for RequestAuthentication) and
 * oauth2-proxy (token redemption); oauth2-proxy only from the ingress gateway (ext-authz, /oauth2/).
 */
import { K8sObject } from "../shared/k8s-object";
import { NAMESPACES } from "../shared/constants";

const fromPods = (namespace: string, labels: Record<string, string>) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
  podSelector: { matchLabels: labels },
});
const gateway = fromPods(NAMESPACES.istio, { app: "istio-ingressgateway" });

function sameNamespace(namespace: string): K8sObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: `default-allow-same-namespace-${namespace}`, namespace },
    spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
  };
}

export function dexNetworkPolicies(): K8sObject[] {
  return [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "allow-istio-and-oauth2-proxy", namespace: NAMESPACES.auth },
      spec: {
        // The Dex chart's pod label (upstream's own manifests label pods `app: dex`).
        podSelector: { matchLabels: { "app.kubernetes.io/name": "dex" } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              gateway,
              fromPods(NAMESPACES.istio, { app: "istiod" }),
              fromPods(NAMESPACES.oauth2Proxy, { "app.kubernetes.io/name": "oauth2-proxy" }),
            ],
          },
        ],
      },
    },
    sameNamespace(NAMESPACES.auth),
  ];
}

export function oauth2ProxyNetworkPolicies(): K8sObject[] {
  return [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "allow-istio-ingressgateway", namespace: NAMESPACES.oauth2Proxy },
      spec: {
        podSelector: {
          matchExpressions: [
            { key: "app.kubernetes.io/name", operator: "In", values: ["oauth2-proxy"] },
          ],
        },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    {
                      key: "kubernetes.io/metadata.name",
                      operator: "In",
                      values: [NAMESPACES.istio],
                    },
                  ],
                },
                podSelector: { matchLabels: { app: "istio-ingressgateway" } },
              },
            ],
          },
        ],
      },
    },
    sameNamespace(NAMESPACES.oauth2Proxy),
  ];
}
