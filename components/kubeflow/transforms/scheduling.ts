/**
 * Per-application scheduling of Kubeflow's system pods: replicas, resources of the main container, node
 * selector and tolerations, applied to the Deployments and StatefulSets of the object's application
 * (TransformContext.application).
 */
import type { ApplicationKey, KubeflowParams } from "../params";
import { K8sObject, ObjectTransform } from "../types";
import { statefulReason } from "./protection";
import { updatePodSpec } from "./walk";

type Resources = NonNullable<NonNullable<KubeflowParams["applications"]["core"]>["resources"]>;
type Toleration = KubeflowParams["scheduling"]["tolerations"][number];

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet"]);

/** Merge requests/limits key by key, so a parameter for memory keeps upstream's cpu request. */
export function mergeResources(upstream: unknown, params: Resources): Record<string, unknown> {
  const base = (upstream ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const out: Record<string, unknown> = { ...base };
  for (const part of ["requests", "limits"] as const) {
    const p = params[part];
    if (p === undefined) continue;
    const defined = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
    out[part] = { ...(base[part] ?? {}), ...defined };
  }
  return out;
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function scheduling(
  params: Pick<KubeflowParams, "scheduling" | "applications">,
): ObjectTransform {
  return (obj, ctx): K8sObject => {
    if (!WORKLOAD_KINDS.has(obj.kind)) return obj;
    const app = params.applications[ctx.application as ApplicationKey];
    const workload = app?.workloads?.[obj.metadata.name];
    const nodeSelector = app?.nodeSelector ?? params.scheduling.nodeSelector;
    const tolerations = app?.tolerations ?? params.scheduling.tolerations;
    // A database keeps one replica: its ReadWriteOnce volume can't be shared (only an explicit
    // per-workload value changes it).
    const isDatabase = statefulReason(obj, new Set()) !== undefined;
    const replicas = workload?.replicas ?? (isDatabase ? undefined : app?.replicas);
    const resources = workload?.resources ?? app?.resources;

    let out = obj;
    if (replicas !== undefined && (obj.spec as Record<string, unknown>)?.replicas !== replicas) {
      out = { ...out, spec: { ...(out.spec as object), replicas } };
    }
    return updatePodSpec(out, (spec) => {
      let next = spec;
      if (Object.keys(nodeSelector).length > 0) {
        next = {
          ...next,
          nodeSelector: { ...((spec.nodeSelector as object | undefined) ?? {}), ...nodeSelector },
        };
      }
      if (tolerations.length > 0) {
        const existing = (spec.tolerations as Toleration[] | undefined) ?? [];
        const added = tolerations.filter((t) => !existing.some((e) => sameToleration(e, t)));
        if (added.length > 0) next = { ...next, tolerations: [...existing, ...added] };
      }
      if (resources !== undefined && Array.isArray(spec.containers) && spec.containers.length > 0) {
        const [main, ...rest] = spec.containers as Array<Record<string, unknown>>;
        next = {
          ...next,
          containers: [{ ...main, resources: mergeResources(main!.resources, resources) }, ...rest],
        };
      }
      return next;
    });
  };
}
