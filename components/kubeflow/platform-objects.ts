/**
 * Objects the platform adds to Kubeflow's applications where upstream's leave a gap that the whole-platform
 * verification found (`npm run verify`): each says which journey it opens and why upstream's objects do not.
 */
import { NAMESPACES } from "../shared/constants";
import { ApplicationKey } from "../catalog";
import { K8sObject } from "./types";

/** Label the profile controller puts on every profile namespace (namespace-labels-data). */
const PROFILE_NAMESPACE_LABEL = { "app.kubernetes.io/part-of": "kubeflow-profile" } as const;

/**
 * Knative's cluster-local gateway serves InferenceServices to callers inside the cluster (a notebook, a
 * pipeline step): `<isvc>.<ns>.svc.cluster.local` leads to `knative-local-gateway.istio-system`, whose pods
 * listen on 8081 (HTTP) and 8444 (HTTPS). Upstream's istio-system NetworkPolicies admit only Knative's own
 * namespace, on 8080, so every in-cluster prediction from a profile would time out.
 */
export function clusterLocalGatewayAccess(): K8sObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "allow-profiles-to-cluster-local-gateway", namespace: NAMESPACES.istio },
    spec: {
      podSelector: {
        matchLabels: { app: "cluster-local-gateway", istio: "cluster-local-gateway" },
      },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { ...PROFILE_NAMESPACE_LABEL } } },
            {
              namespaceSelector: {
                matchLabels: { "kubernetes.io/metadata.name": NAMESPACES.kubeflow },
              },
            },
          ],
          ports: [8080, 8081, 8444].map((port) => ({ port, protocol: "TCP" })),
        },
      ],
    },
  };
}

/** Every object the platform adds, with the application it belongs to (added only when that one is). */
export function platformObjects(): Array<{ app: ApplicationKey; obj: K8sObject; source: string }> {
  return [
    {
      app: "knative",
      obj: clusterLocalGatewayAccess(),
      source: "platform: in-cluster access to InferenceServices",
    },
  ];
}
