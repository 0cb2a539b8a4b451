/**
 * Storage: the StorageClass and size of every PersistentVolumeClaim and StatefulSet volumeClaimTemplate.
 * Set-once: a claim's class can't change in place, and the claims are protected, so changing it later
 * fails at preview. Sizes are keyed by claim (or template) name.
 */
import type { KubeflowParams } from "../params";
import { K8sObject, ObjectTransform } from "../types";

type StorageParams = KubeflowParams["storage"];

/** A claim (or claim template) with the configured class and size. */
export function editClaim(
  claim: Record<string, unknown>,
  name: string,
  params: StorageParams,
): Record<string, unknown> {
  const spec = (claim.spec ?? {}) as Record<string, unknown>;
  let next = spec;
  if (params.storageClassName !== undefined && spec.storageClassName !== params.storageClassName) {
    next = { ...next, storageClassName: params.storageClassName };
  }
  const size = params.sizes[name];
  const resources = (spec.resources ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (size !== undefined && resources.requests?.storage !== size) {
    next = {
      ...next,
      resources: { ...resources, requests: { ...resources.requests, storage: size } },
    };
  }
  return next === spec ? claim : { ...claim, spec: next };
}

export function storage(params: StorageParams): ObjectTransform {
  return (obj): K8sObject => {
    if (obj.kind === "PersistentVolumeClaim") {
      return editClaim(obj, obj.metadata.name, params) as K8sObject;
    }
    if (obj.kind === "StatefulSet") {
      const spec = (obj.spec ?? {}) as Record<string, unknown>;
      const templates = spec.volumeClaimTemplates;
      if (!Array.isArray(templates)) return obj;
      let changed = false;
      const next = templates.map((t: Record<string, unknown>) => {
        const name = ((t.metadata ?? {}) as { name?: string }).name ?? "";
        const e = editClaim(t, name, params);
        if (e !== t) changed = true;
        return e;
      });
      return changed ? { ...obj, spec: { ...spec, volumeClaimTemplates: next } } : obj;
    }
    return obj;
  };
}
