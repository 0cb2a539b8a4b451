/**
 * Facts about Kubernetes kinds the loader and the graph need without a cluster: which are cluster-scoped,
 * which API groups are built in, which the platform services provide, and resource (plural) names.
 */
import { NAMESPACES } from "../shared/constants";
import { K8sObject } from "./types";
import { ServiceDependency } from "./applications";

/** Built-in kinds that are cluster-scoped. */
const CLUSTER_SCOPED_BUILTIN = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "PriorityClass",
  "StorageClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "IngressClass",
  "RuntimeClass",
  "APIService",
  "CertificateSigningRequest",
  "FlowSchema",
  "PriorityLevelConfiguration",
]);

/** API groups served by Kubernetes itself (no CRD needed). */
const BUILTIN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "rbac.authorization.k8s.io",
  "networking.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
  "coordination.k8s.io",
  "certificates.k8s.io",
  "discovery.k8s.io",
  "node.k8s.io",
  "events.k8s.io",
  "flowcontrol.apiserver.k8s.io",
]);

/** API groups whose CRDs a platform service installs (from its Helm chart), never the bundle. */
export const SERVICE_GROUPS: Readonly<Record<string, ServiceDependency>> = {
  "cert-manager.io": "certManager",
  "acme.cert-manager.io": "certManager",
  "networking.istio.io": "istio",
  "security.istio.io": "istio",
  "telemetry.istio.io": "istio",
  "extensions.istio.io": "istio",
};

/** Cluster-scoped kinds of the service-provided groups (everything else there is namespaced). */
const CLUSTER_SCOPED_SERVICE_KINDS = new Set(["cert-manager.io/ClusterIssuer"]);

/** Namespaces the platform services own: the loader never creates them; their objects wait for the service. */
export const SERVICE_NAMESPACES: Readonly<Record<string, ServiceDependency>> = {
  [NAMESPACES.certManager]: "certManager",
  [NAMESPACES.istio]: "istio",
  [NAMESPACES.auth]: "auth",
  [NAMESPACES.oauth2Proxy]: "auth",
};

/** Namespaces every cluster has. */
export const SYSTEM_NAMESPACES = new Set([
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
]);

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.lastIndexOf("/") + 1);
}

export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}

export function isCrd(obj: Pick<K8sObject, "apiVersion" | "kind">): boolean {
  return (
    obj.kind === "CustomResourceDefinition" && groupOf(obj.apiVersion) === "apiextensions.k8s.io"
  );
}

/** What the bundle's CRDs say about their kinds, keyed `group/Kind`. */
export interface CrdFacts {
  key: string;
  plural: string;
  namespaced: boolean;
}

export function crdFacts(crd: K8sObject): CrdFacts {
  const spec = crd.spec as {
    group: string;
    names: { kind: string; plural: string };
    scope: string;
  };
  return {
    key: `${spec.group}/${spec.names.kind}`,
    plural: spec.names.plural,
    namespaced: spec.scope === "Namespaced",
  };
}

/**
 * Whether objects of this kind live in a namespace. Custom kinds are looked up in `crds`; unknown custom
 * kinds are taken as namespaced (the graph reports them as missing their CRD anyway).
 */
export function isNamespaced(
  obj: Pick<K8sObject, "apiVersion" | "kind">,
  crds: ReadonlyMap<string, CrdFacts> = new Map(),
): boolean {
  const group = groupOf(obj.apiVersion);
  if (isBuiltinGroup(group)) return !CLUSTER_SCOPED_BUILTIN.has(obj.kind);
  const key = `${group}/${obj.kind}`;
  if (CLUSTER_SCOPED_SERVICE_KINDS.has(key)) return false;
  return crds.get(key)?.namespaced ?? true;
}

/** The resource name admission rules use (`Deployment` -> `deployments`). */
export function pluralOf(
  obj: Pick<K8sObject, "apiVersion" | "kind">,
  crds: ReadonlyMap<string, CrdFacts> = new Map(),
): string {
  const fact = crds.get(`${groupOf(obj.apiVersion)}/${obj.kind}`);
  if (fact) return fact.plural;
  const lower = obj.kind.toLowerCase();
  if (lower === "endpoints") return lower;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}
