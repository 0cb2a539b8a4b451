/**
 * The loader's own structural transformations (object in, object out, never mutating the input). They run
 * before the parameter transforms of `transforms/`.
 */
import { CrdFacts, isNamespaced, SERVICE_NAMESPACES } from "./kinds";
import { K8sObject, ObjectTransform } from "./types";

/**
 * Drop the Namespace objects of namespaces a platform service owns (cert-manager, istio-system, auth,
 * oauth2-proxy): its Helm chart creates them, and two owners of one Namespace would fight over its labels.
 */
export const dropServiceNamespaces: ObjectTransform = (obj) =>
  obj.kind === "Namespace" &&
  obj.apiVersion === "v1" &&
  SERVICE_NAMESPACES[obj.metadata.name] !== undefined
    ? undefined
    : obj;

/**
 * Put namespaced objects rendered without a namespace into `namespace`, for the given kustomize paths only
 * (upstream applies the Model Registry paths with `kubectl apply -n kubeflow`). ServiceAccount subjects of
 * bindings without a namespace follow, as kustomize's namespace transformer would do.
 */
export function placeInNamespace(
  paths: readonly string[],
  namespace: string,
  crds: ReadonlyMap<string, CrdFacts> = new Map(),
): ObjectTransform {
  const selected = new Set(paths);
  return (obj, ctx) => {
    if (!selected.has(ctx.origin.path)) return obj;
    let out = obj;
    if (isNamespaced(obj, crds) && (obj.metadata.namespace ?? "") === "") {
      out = { ...out, metadata: { ...out.metadata, namespace } };
    }
    const subjects = obj.subjects as Array<{ kind: string; namespace?: string }> | undefined;
    if (
      Array.isArray(subjects) &&
      subjects.some((s) => s.kind === "ServiceAccount" && !s.namespace)
    ) {
      out = {
        ...out,
        subjects: subjects.map((s) =>
          s.kind === "ServiceAccount" && !s.namespace ? { ...s, namespace } : s,
        ),
      };
    }
    return out;
  };
}

/**
 * Remove `metadata.namespace` from cluster-scoped objects (built-in kinds, and custom kinds whose CRD in
 * `crds` says `scope: Cluster`). Kustomize's namespace transformer sets it on some (the Spark overlay's
 * ClusterRoles, KServe's ClusterServingRuntimes); the API server ignores it, but the graph and the provider
 * would take the object for a namespaced one.
 */
export function clearClusterScopedNamespace(
  crds: ReadonlyMap<string, CrdFacts> = new Map(),
): ObjectTransform {
  return (obj) => {
    if (obj.metadata.namespace === undefined || isNamespaced(obj, crds)) return obj;
    const metadata: K8sObject["metadata"] = { ...obj.metadata };
    delete metadata.namespace;
    return { ...obj, metadata };
  };
}
