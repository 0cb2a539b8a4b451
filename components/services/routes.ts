/** Pure: routes through Kubeflow's gateway (`kubeflow/kubeflow-gateway`, from the release bundle). */

/** The Gateway Kubeflow's bundle defines and every application's VirtualService binds to. */
export const KUBEFLOW_GATEWAY = "kubeflow/kubeflow-gateway";

/** A VirtualService sending one path prefix through Kubeflow's gateway to a Service. */
export function kubeflowVirtualService(args: {
  name: string;
  namespace: string;
  prefix: string;
  host: string;
  port: number;
}) {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: args.name, namespace: args.namespace },
    spec: {
      gateways: [KUBEFLOW_GATEWAY],
      hosts: ["*"],
      http: [
        {
          match: [{ uri: { prefix: args.prefix } }],
          route: [{ destination: { host: args.host, port: { number: args.port } } }],
        },
      ],
    },
  };
}
