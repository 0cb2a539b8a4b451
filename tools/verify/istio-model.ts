/**
 * The request and workload model of the Istio evaluator, and which Istio security policies
 * (AuthorizationPolicy, RequestAuthentication) attach to a workload.
 */
import { K8sObject } from "../../components/kubeflow/types";
import { NAMESPACES } from "../../components/shared/constants";
import { selects } from "./objects";

/** Istio's default root namespace: policies there apply mesh-wide. */
export const ROOT_NAMESPACE = NAMESPACES.istio;

/** The label Istio puts on a Gateway API gateway's pods, naming their Gateway. */
export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

/** One HTTP request as the destination's proxy sees it. */
export interface MeshRequest {
  /** Peer identity from mTLS, e.g. "cluster.local/ns/istio-system/sa/istio-ingressgateway"; undefined = plain text / no mTLS. */
  principal?: string;
  /** Source namespace (derived from the principal when set); informational, matching reads the principal. */
  sourceNamespace?: string;
  /** Address of the downstream connection (`source.ip`, `ipBlocks`). */
  sourceIp?: string;
  /** Original client address (`remote.ip`, `remoteIpBlocks`); defaults to `sourceIp`, as with no trusted proxies. */
  remoteIp?: string;
  /** Address the connection was made to (`destination.ip`). */
  destinationIp?: string;
  /** TLS server name of the connection (`connection.sni`). */
  sni?: string;
  /** The `:authority` header, with its port if the client sent one. */
  host: string;
  port: number;
  method: string;
  /** The `:path` header, query string included. */
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Set by RequestAuthentication when a JWT validated: `<iss>/<sub>`, and its claims. */
  requestPrincipal?: string;
  claims?: Record<string, unknown>;
}

/** A workload as policies select it: its namespace and pod labels. */
export interface Workload {
  namespace: string;
  labels: Record<string, string>;
}

/** A policy's `targetRef(s)` entry. */
export interface PolicyTargetRef {
  group?: string;
  kind: string;
  name: string;
  namespace?: string;
}

interface Attachable {
  selector?: { matchLabels?: Record<string, string> };
  targetRef?: PolicyTargetRef;
  targetRefs?: PolicyTargetRef[];
}

/** The namespace a policy lives in (`default` when the object names none, as `kubectl apply` would). */
export function policyNamespace(policy: K8sObject): string {
  return policy.metadata.namespace ?? "default";
}

/**
 * Whether a policy attaches to a workload, as istiod's WorkloadPolicyMatcher decides: the policy must
 * be in the workload's namespace or the root namespace; a sidecar or classic gateway pod is chosen by
 * `selector.matchLabels` (absent = every workload in scope) and ignores policies with `targetRefs`; a
 * Gateway API gateway pod (labelled with {@link GATEWAY_NAME_LABEL}) is chosen by a `targetRefs` entry
 * naming its Gateway in its own namespace, or, without `targetRefs`, by the selector (istiod's default
 * ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY=true). GatewayClass, Service and ServiceEntry targets attach
 * to waypoints only, which this model has not.
 * @see https://github.com/istio/istio/blob/master/pilot/pkg/model/policyattachment.go
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy
 */
export function policyApplies(
  policy: K8sObject,
  workload: Workload,
  rootNamespace: string = ROOT_NAMESPACE,
): boolean {
  const ns = policyNamespace(policy);
  if (ns !== workload.namespace && ns !== rootNamespace) return false;
  const spec = (policy.spec ?? {}) as Attachable;
  const refs = spec.targetRefs ?? (spec.targetRef !== undefined ? [spec.targetRef] : []);
  const bySelector = () => selects(spec.selector?.matchLabels ?? {}, workload.labels);
  const gatewayName = workload.labels[GATEWAY_NAME_LABEL];
  if (gatewayName === undefined) return refs.length === 0 && bySelector();
  if (refs.length === 0) return bySelector();
  return refs.some(
    (r) =>
      ns === workload.namespace &&
      (r.namespace === undefined || r.namespace === "" || r.namespace === workload.namespace) &&
      r.kind === "Gateway" &&
      r.group === "gateway.networking.k8s.io" &&
      r.name === gatewayName,
  );
}
