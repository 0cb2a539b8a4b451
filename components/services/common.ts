/** Pieces every platform service shares: install modes, namespaces, the values escape hatch. */
import type { K8sObject } from "../shared/k8s-object";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from "../shared/constants";

/** The install modes of every service, for a schema to take. */
export const SERVICE_MODES = ["install", "existing"] as const;
/** `install`: this program installs the service. `existing`: the cluster runs it; nothing is installed. */
export type ServiceMode = (typeof SERVICE_MODES)[number];

/** Free-form Helm values, merged last over the program's values. Not covered by upgrade guarantees. */
export type HelmValues = Record<string, unknown>;

/**
 * CPU and memory of a service's container, as Kubernetes' ResourceRequirements spells them: a quantity per
 * resource name.
 * @optionDocs
 */
export interface ContainerResources {
  /**
   * Requests (what the scheduler reserves for the container), e.g. { cpu: 100m, memory: 128Mi }.
   * @default - the chart's
   */
  requests?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Limits (the most the container may use), e.g. { memory: 1Gi }. @default - the chart's */
  limits?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Pure: merge `extra` over `base` (objects recursively, arrays and scalars replaced), as Helm merges values
 * files. Neither input is modified.
 */
export function mergeValues(base: HelmValues, extra: HelmValues | undefined): HelmValues {
  if (extra === undefined) return base;
  const out: HelmValues = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const cur = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    const merged = isPlainObject(cur) && isPlainObject(v) ? mergeValues(cur, v) : v;
    // defineProperty: a key named "__proto__" in user JSON stays a plain key.
    Object.defineProperty(out, k, {
      value: merged,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Pure: the labels of a platform namespace — upstream's labels plus ours. */
export function namespaceLabels(upstream: Record<string, string>): Record<string, string> {
  return { ...upstream, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
}

/**
 * A namespace a service owns. Protected with `retainOnDelete`: deleting a namespace deletes everything in it
 * (Dex's users and sessions, certificates), so removing it from the program must never cascade.
 */
export function serviceNamespace(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  parent: pulumi.Resource,
  dependsOn: readonly pulumi.Resource[],
): k8s.core.v1.Namespace {
  return new k8s.core.v1.Namespace(
    name,
    { metadata: { name: namespace, labels: namespaceLabels(labels) } },
    { parent, retainOnDelete: true, dependsOn: [...dependsOn] },
  );
}

/**
 * The NetworkPolicies of a service's namespace, each named `${name}-<policy name>`, applied after the
 * namespace exists.
 */
export function namespacePolicies(
  name: string,
  policies: readonly K8sObject[],
  parent: pulumi.Resource,
  ns: pulumi.Resource,
): void {
  for (const np of policies) {
    new k8s.networking.v1.NetworkPolicy(
      `${name}-${np.metadata.name}`,
      { metadata: np.metadata, spec: np.spec as k8s.types.input.networking.v1.NetworkPolicySpec },
      { parent, dependsOn: [ns] },
    );
  }
}
