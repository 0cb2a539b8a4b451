/**
 * The transformation chain of Kubeflow bundle objects, built from the stack's Kubeflow parameters.
 *
 * Order (each step sees the previous step's output):
 * 0. dropDanglingUpstreamObjects — bindings upstream ships to accounts no release creates;
 * 1. pipelinesStorage — drops the in-cluster object store / database when external ones are configured,
 *    and points the Pipelines clients at them;
 * 1b. appDatabases — Katib's and Model Registry's in-cluster MySQL replaced by the managed server;
 * 2. notebooks — spawner images and GPU vendors, idle culling;
 * 3. kserve — default deployment mode, ingress domain;
 * 4. storage — StorageClass and size of PVCs and claim templates;
 * 5. scheduling — replicas, resources, node selector, tolerations per application;
 * 6. webhookScope — admission webhooks kept off Kubernetes' own namespaces, and confined to the profile
 *    namespaces and Kubeflow's own when asked (labels Kubeflow's Namespaces);
 * 7. imageMirror — last, so images added by earlier steps (notebook images) are mirrored too.
 *
 * `KubeflowRelease` runs its secure defaults after this chain (literal credentials replaced by generated or
 * caller-provided secrets), so an external store's credentials land in the same Secrets and no chain a
 * caller builds can leave an upstream default credential in place.
 */
import { getRelease } from "../../catalog";
import { ApplicationChoices, selectApplications } from "../applications";
import { KubeflowParams, kubeflowParams, KubeflowParamsOptions } from "../params";
import { K8sObject, ObjectTransform } from "../types";
import { dropDanglingUpstreamObjects } from "./dangling";
import { imageMirror } from "./images";
import { kserve } from "./kserve";
import { notebooks } from "./notebooks";
import { ManagedKubeflowStores, pipelinesStorage } from "./pipelines";
import { appDatabases } from "./app-databases";
import { namespacesWithData, ObjectResourceOptions, resourceOptionsFor } from "./protection";
import { scheduling } from "./scheduling";
import { storage } from "./storage";
import { webhookScope } from "./webhooks";

export { KNOWN_GPU_VENDORS } from "./notebooks";
export type { GpuVendor } from "./notebooks";
export { planGeneratedSecrets } from "../secure-defaults/plan";
export { namespacesWithData, resourceOptionsFor } from "./protection";
export type { ObjectResourceOptions } from "./protection";

/**
 * The ordered transformation chain for the parameters (order documented above); what `options` leaves out
 * takes its default (`KUBEFLOW_PARAMS_DEFAULTS`).
 */
export function buildTransforms(
  options: KubeflowParamsOptions,
  release: string,
  managed: ManagedKubeflowStores = {},
): ObjectTransform[] {
  const params = kubeflowParams(options);
  // The stack passes its whole kubeflow section, whose applications carry `enabled` and `mode` too.
  const selected = selectApplications(
    getRelease(release),
    params.applications as ApplicationChoices,
  ).applications;
  const knativeInstalled = selected.some((a) => a.key === "knative");
  return [
    dropDanglingUpstreamObjects,
    pipelinesStorage(params.pipelines, managed),
    appDatabases(params, managed.appDatabases ?? {}),
    notebooks(params.notebooks),
    kserve(params.kserve, knativeInstalled),
    storage(params.storage),
    scheduling(params),
    webhookScope({ confineToProfiles: params.confineToProfiles }),
    ...(params.imageRegistry !== undefined ? [imageMirror(params.imageRegistry)] : []),
  ];
}

/** Run a chain over one object; `undefined` when a step drops it. */
export function applyTransforms(
  transforms: readonly ObjectTransform[],
  obj: K8sObject,
  ctx: Parameters<ObjectTransform>[1],
): K8sObject | undefined {
  let out: K8sObject | undefined = obj;
  for (const t of transforms) {
    if (out === undefined) return undefined;
    out = t(out, ctx);
  }
  return out;
}

/**
 * Resource options of every object of a release, given the stack's data protection mode. `released` names
 * the objects whose protection the stack lifts (an application allowed to be deleted, the data an
 * acknowledged upgrade hazard releases): they keep `retainOnDelete`, so removing them later leaves them in
 * the cluster, but Pulumi no longer stops at them.
 */
export function resourceOptionsForAll(
  objects: readonly K8sObject[],
  params: Pick<KubeflowParams, "dataProtection">,
  released: (obj: K8sObject) => boolean = () => false,
): Map<K8sObject, ObjectResourceOptions> {
  const dataNamespaces = namespacesWithData(objects);
  return new Map(
    objects.map((o) => {
      const options = resourceOptionsFor(o, {
        dataProtection: params.dataProtection,
        dataNamespaces,
      });
      return [o, options.protect && released(o) ? { ...options, protect: false } : options];
    }),
  );
}
