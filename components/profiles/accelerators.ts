/**
 * Accelerators in user namespaces: the PodDefaults a user picks in the notebook spawner ("Configurations"),
 * and the spawner settings that only a cluster-wide config can carry.
 *
 * What a PodDefault can inject is fixed by its CRD (kubeflow.org/v1alpha1, applications/admission-webhook in
 * the bundle): env, volumes, tolerations, labels, annotations, containers... but no nodeSelector, affinity
 * or resources — fields outside the schema are pruned by the API server. So the work is split:
 * - the PodDefault of a pool tolerates the pool's taints (any labelled pod: notebooks, pipeline steps,
 *   Katib trials) and marks the pod with the pool's label;
 * - the Jupyter web app's spawner config (one ConfigMap for the cluster) gets the GPU vendors the cluster
 *   really has (the resource-limit field), one affinity option per pool that has node labels, and one
 *   toleration group per tainted pool: see `spawnerAcceleratorConfig`.
 */
import { AcceleratorPool } from "../cluster/handle";
import { ACCELERATOR_POOL_LABEL } from "../shared/constants";
import { K8sObject } from "../shared/k8s-object";

/**
 * Prefix of the label that selects a pool's PodDefault. The spawner sets `<key>: "true"` on the notebook for
 * each configuration picked, reading the key from the PodDefault's (single) `matchLabels` entry.
 */
export const POD_DEFAULT_LABEL_PREFIX = "accelerator.kubeflow-platform.io/";

/** Label key a pod carries to receive the PodDefault of `pool`. */
export function acceleratorSelectorLabel(pool: string): string {
  return `${POD_DEFAULT_LABEL_PREFIX}${pool}`;
}

/** Display name of a pool in the spawner. */
function poolTitle(pool: AcceleratorPool): string {
  const vendor = vendorTitle(pool.vendor);
  return pool.type !== undefined
    ? `${vendor} ${pool.type} (pool ${pool.name})`
    : `${vendor} GPU pool ${pool.name}`;
}

function vendorTitle(vendor: AcceleratorPool["vendor"]): string {
  switch (vendor) {
    case "nvidia":
      return "NVIDIA";
  }
}

/** Tolerations that let a pod onto the pool's nodes: one per taint, matching its value when it has one. */
export function poolTolerations(pool: AcceleratorPool): Array<Record<string, string>> {
  return pool.taints.map((t): Record<string, string> =>
    t.value !== undefined
      ? { key: t.key, operator: "Equal", value: t.value, effect: t.effect }
      : { key: t.key, operator: "Exists", effect: t.effect },
  );
}

/** The PodDefault of one pool in one profile namespace. */
export function acceleratorPodDefault(namespace: string, pool: AcceleratorPool): K8sObject {
  const tolerations = poolTolerations(pool);
  return {
    apiVersion: "kubeflow.org/v1alpha1",
    kind: "PodDefault",
    metadata: { name: `accelerator-${pool.name}`, namespace },
    spec: {
      desc:
        `${poolTitle(pool)}: schedule on its nodes; ` +
        `set the number of ${pool.resourceName} in the GPU field`,
      selector: { matchLabels: { [acceleratorSelectorLabel(pool.name)]: "true" } },
      labels: { [ACCELERATOR_POOL_LABEL]: pool.name },
      ...(tolerations.length > 0 ? { tolerations } : {}),
    },
  };
}

/** A GPU vendor entry of the spawner: the extended resource to limit, and its name in the dropdown. */
export interface SpawnerGpuVendor {
  limitsKey: string;
  uiName: string;
}

/** The accelerator part of the Jupyter web app's `spawner_ui_config.yaml` (`spawnerFormDefaults`). */
export interface SpawnerAcceleratorConfig {
  /** `gpus.value.vendors`: only the resources the cluster's pools advertise (upstream lists NVIDIA, AMD, Gaudi). */
  gpuVendors: SpawnerGpuVendor[];
  /** `affinityConfig.options`: one per pool with node labels, requiring those labels. */
  affinityOptions: Array<{ configKey: string; displayName: string; affinity: unknown }>;
  /** `tolerationGroup.options`: one per tainted pool. */
  tolerationGroups: Array<{ groupKey: string; displayName: string; tolerations: unknown[] }>;
}

/** Pure: what the spawner should offer for these pools. Deterministic order (pool order, first seen). */
export function spawnerAcceleratorConfig(
  pools: readonly AcceleratorPool[],
): SpawnerAcceleratorConfig {
  const vendors = new Map<string, SpawnerGpuVendor>();
  for (const p of pools) {
    if (vendors.has(p.resourceName)) continue;
    const title = vendorTitle(p.vendor);
    const standard = p.resourceName === "nvidia.com/gpu";
    vendors.set(p.resourceName, {
      limitsKey: p.resourceName,
      uiName: standard ? title : `${title} (${p.resourceName})`,
    });
  }
  return {
    gpuVendors: [...vendors.values()],
    affinityOptions: pools
      .filter((p) => Object.keys(p.nodeSelector).length > 0)
      .map((p) => ({
        configKey: `accelerator-${p.name}`,
        displayName: poolTitle(p),
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: Object.entries(p.nodeSelector).map(([key, value]) => ({
                    key,
                    operator: "In",
                    values: [value],
                  })),
                },
              ],
            },
          },
        },
      })),
    tolerationGroups: pools
      .filter((p) => p.taints.length > 0)
      .map((p) => ({
        groupKey: `accelerator-${p.name}`,
        displayName: poolTitle(p),
        tolerations: poolTolerations(p),
      })),
  };
}
