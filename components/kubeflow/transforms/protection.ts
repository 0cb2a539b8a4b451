/**
 * Data safety and immutable fields: the Pulumi resource options each bundle object gets.
 *
 * - Stateful objects (PVCs, CRDs — deleting one deletes every custom resource of its kind —, namespaces that
 *   hold PVCs, Profiles — deleting one deletes the user's namespace —, and database workloads) are
 *   `protect`ed and/or `retainOnDelete`, per `kubeflow.dataProtection`, so a change that would destroy data
 *   fails at preview instead of at apply.
 * - Fields Kubernetes refuses to change in place (a workload's selector, a StatefulSet's claim templates,
 *   a Job's template) are listed in `replaceOnChanges` with `deleteBeforeReplace` (names are fixed, so the
 *   old object must go first): a release that changes them shows a replacement in the preview.
 */
import { K8sObject } from "../types";
import { getIn, podSpecPath } from "./walk";

/** How stateful objects are guarded: each mode, strongest first. */
export const DATA_PROTECTION_MODES = ["protect", "retain", "none"] as const;
export type DataProtection = (typeof DATA_PROTECTION_MODES)[number];
/** Stateful objects are protected unless the caller asks otherwise. */
export const DEFAULT_DATA_PROTECTION: DataProtection = "protect";

/** The options of one object's resource, with the reason for each decision (shown in docs and tests). */
export interface ObjectResourceOptions {
  /** Pulumi `protect`: a deletion or replacement of the object fails at preview. */
  protect: boolean;
  /** Pulumi `retainOnDelete`: the object stays in the cluster when its resource is deleted. */
  retainOnDelete: boolean;
  /** Immutable fields of the kind: a change to one replaces the object. */
  replaceOnChanges: string[];
  /** Delete the object before creating its replacement (its name is fixed, so old and new cannot coexist). */
  deleteBeforeReplace: boolean;
  /** Why the object is stateful, when it is. */
  stateful?: string;
}

export interface ProtectionOptions {
  /** How stateful objects are guarded: `protect`, `retain` or `none`. */
  dataProtection: DataProtection;
  /** Namespaces holding user data, from `namespacesWithData(objects)`. */
  dataNamespaces: ReadonlySet<string>;
}

/** The namespace upstream applies un-namespaced renders into (the Model Registry paths). */
const DEFAULT_NAMESPACE = "kubeflow";

/** Namespaces that hold PersistentVolumeClaims in a set of objects. */
export function namespacesWithData(objects: readonly K8sObject[]): Set<string> {
  return new Set(
    objects
      .filter((o) => o.kind === "PersistentVolumeClaim")
      .map((o) => o.metadata.namespace ?? DEFAULT_NAMESPACE),
  );
}

function mountsClaim(obj: K8sObject): boolean {
  const path = podSpecPath(obj.kind);
  if (!path) return false;
  const volumes = getIn(obj, [...path, "volumes"]);
  return (
    Array.isArray(volumes) &&
    volumes.some((v: Record<string, unknown>) => v.persistentVolumeClaim !== undefined)
  );
}

/** Why an object holds data that must survive, or undefined when it does not. */
export function statefulReason(
  obj: K8sObject,
  dataNamespaces: ReadonlySet<string>,
): string | undefined {
  switch (obj.kind) {
    case "PersistentVolumeClaim":
      return "a PersistentVolumeClaim: deleting it deletes the volume's data";
    case "CustomResourceDefinition":
      return "a CRD: deleting it deletes every custom resource of its kind";
    case "Profile":
      return "a Profile: deleting it deletes the user's namespace and everything in it";
    case "Namespace":
      return dataNamespaces.has(obj.metadata.name)
        ? "a Namespace holding PersistentVolumeClaims: deleting it deletes them"
        : undefined;
    case "StatefulSet": {
      const policy = getIn(obj, ["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"]);
      if (policy === "Delete") return "a StatefulSet that deletes its claims when deleted";
      return mountsClaim(obj) ? "a database workload (mounts a PersistentVolumeClaim)" : undefined;
    }
    case "Deployment":
      return mountsClaim(obj) ? "a database workload (mounts a PersistentVolumeClaim)" : undefined;
    default:
      return undefined;
  }
}

/**
 * Immutable fields per kind (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#label-selector-updates,
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/, Job's template and selector).
 * PVC specs are immutable except for the requested size, but PVCs are protected: a change fails at preview.
 */
const IMMUTABLE: Record<string, readonly string[]> = {
  Deployment: ["spec.selector"],
  DaemonSet: ["spec.selector"],
  ReplicaSet: ["spec.selector"],
  StatefulSet: [
    "spec.selector",
    "spec.serviceName",
    "spec.volumeClaimTemplates",
    "spec.podManagementPolicy",
  ],
  Job: ["spec.selector", "spec.template", "spec.completionMode"],
  PersistentVolumeClaim: ["spec.storageClassName", "spec.accessModes", "spec.volumeName"],
  Service: ["spec.clusterIP", "spec.clusterIPs"],
};

/**
 * Resource options for one object. Database workloads are retained on delete but never protected: an
 * upstream selector change must stay possible (as a replacement), and their data lives in the PVC.
 */
export function resourceOptionsFor(
  obj: K8sObject,
  options: ProtectionOptions,
): ObjectResourceOptions {
  const replaceOnChanges = [...(IMMUTABLE[obj.kind] ?? [])];
  const stateful = statefulReason(obj, options.dataNamespaces);
  const workload = obj.kind === "Deployment" || obj.kind === "StatefulSet";
  const guard = stateful !== undefined && options.dataProtection !== "none";
  return {
    protect: guard && options.dataProtection === "protect" && !workload,
    retainOnDelete: guard,
    replaceOnChanges,
    deleteBeforeReplace: replaceOnChanges.length > 0,
    ...(stateful !== undefined ? { stateful } : {}),
  };
}
