/**
 * A profile's quota as the `resourceQuotaSpec` of its Profile; the profile controller turns it into the
 * namespace's ResourceQuota `kf-resource-quota`.
 */
import { AcceleratorPool } from "../cluster/handle";
import { K8sObject } from "../shared/k8s-object";

/**
 * Limits of one profile; every field is optional and an absent field is unlimited.
 * @optionDocs
 */
export interface ProfileQuota {
  /** Total CPU the profile's pods may request, e.g. `"32"` or `"500m"`; more than 0. @default - unlimited */
  cpu?: string;
  /**
   * Total memory the profile's pods may request, e.g. `"128Gi"`; at least 1M, with a unit.
   * @default - unlimited
   */
  memory?: string;
  /**
   * Total GPUs (of the offered pools' resource names) the profile's pods may request.
   * @default - unlimited
   */
  gpus?: number;
  /**
   * Total storage the profile's PersistentVolumeClaims may request, e.g. `"1Ti"`; at least 1M, with a unit.
   * @default - unlimited
   */
  storage?: string;
  /** Number of PersistentVolumeClaims the profile may hold. @default - unlimited */
  persistentVolumeClaims?: number;
}

/**
 * Pure: the `hard` map of the ResourceQuota. Extended resources (GPUs) can only be limited by their
 * `requests.` name (https://kubernetes.io/docs/concepts/policy/resource-quotas/#resource-quota-for-extended-resources).
 * - `gpus` limits each resource name of the offered pools;
 * - resource names of the cluster's pools that the profile is not offered get `0`, so a pod cannot bypass
 *   the offer by requesting them directly (pools sharing a resource name with an offered pool cannot be told
 *   apart by a quota: their nodes are kept apart by the pool's node labels).
 * Returns undefined when nothing is limited, so that no ResourceQuota is created.
 */
export function planQuota(
  quota: ProfileQuota | undefined,
  offered: readonly AcceleratorPool[],
  clusterPools: readonly AcceleratorPool[],
): Record<string, string> | undefined {
  const hard: Record<string, string> = {};
  if (quota?.cpu !== undefined) hard["requests.cpu"] = quota.cpu;
  if (quota?.memory !== undefined) hard["requests.memory"] = quota.memory;
  if (quota?.storage !== undefined) hard["requests.storage"] = quota.storage;
  if (quota?.persistentVolumeClaims !== undefined) {
    hard.persistentvolumeclaims = String(quota.persistentVolumeClaims);
  }
  const offeredNames = new Set(offered.map((p) => p.resourceName));
  if (quota?.gpus !== undefined) {
    for (const rn of offeredNames) hard[`requests.${rn}`] = String(quota.gpus);
  }
  for (const p of clusterPools) {
    if (!offeredNames.has(p.resourceName)) hard[`requests.${p.resourceName}`] = "0";
  }
  return Object.keys(hard).length > 0 ? hard : undefined;
}

/** The requests the profile's LimitRange gives a container that states none. */
export const DEFAULT_CONTAINER_REQUESTS = { cpu: "100m", memory: "256Mi" } as const;

/**
 * A quota on `requests.cpu` or `requests.memory` makes the API server reject every pod that does not state
 * that request — pipeline steps and many controllers' pods do not. A LimitRange with default requests keeps
 * them schedulable (https://kubernetes.io/docs/concepts/policy/resource-quotas/#requests-vs-limits).
 * Returns undefined when the quota limits neither.
 */
export function defaultRequestsLimitRange(
  namespace: string,
  hard: Readonly<Record<string, string>> | undefined,
  defaults: { cpu: string; memory: string } = DEFAULT_CONTAINER_REQUESTS,
): K8sObject | undefined {
  const defaultRequest: Record<string, string> = {};
  if (hard?.["requests.cpu"] !== undefined) defaultRequest.cpu = defaults.cpu;
  if (hard?.["requests.memory"] !== undefined) defaultRequest.memory = defaults.memory;
  if (Object.keys(defaultRequest).length === 0) return undefined;
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: "profile-default-requests", namespace },
    spec: { limits: [{ type: "Container", defaultRequest }] },
  };
}
