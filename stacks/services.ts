/** The services layer of a stack. Placeholder until the services are built: nothing is installed. */
import { ClusterHandle } from "../components/cluster/handle";
import { ServicesHandle } from "../components/services/handle";
import { PlatformConfig } from "./config";

export function createServices(_cfg: PlatformConfig, _cluster: ClusterHandle): ServicesHandle {
  return {
    certManager: { ready: [], clusterIssuer: "kubeflow-self-signing-issuer" },
    istio: {
      ready: [],
      ingressGateway: { namespace: "istio-system", service: "istio-ingressgateway" },
    },
    auth: { ready: [] },
    gpu: { ready: [] },
  };
}
