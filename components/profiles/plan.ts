/**
 * Pure planning of one profile: every Kubernetes object it consists of, each under a stable key that the
 * component uses to name its Pulumi resource (profile name, KFAM binding name, pool name — never an index).
 */
import { AcceleratorPool } from "../cluster/handle";
import { K8sObject } from "../shared/k8s-object";
import { acceleratorPodDefault } from "./accelerators";
import {
  ContributorRole,
  contributorAccess,
  DEFAULT_KFAM_SETTINGS,
  KfamSettings,
  kfamBindingName,
  Subject,
} from "./kfam";
import { PROFILE_NAMESPACE_LABELS, profileNamespace } from "./namespace";
import {
  DEFAULT_CONTAINER_REQUESTS,
  defaultRequestsLimitRange,
  planQuota,
  ProfileQuota,
} from "./quota";
import { inputError } from "../shared/input-error";
import { parseQuantity, quantityProblems, QuantityRules } from "../shared/quantity";

/**
 * A contributor: a user or group and the role it gets.
 * @optionDocs
 */
export interface Contributor extends Subject {
  /** Access in the profile: edit (kubeflow-edit) or view (kubeflow-view). */
  role: ContributorRole;
}

export interface ProfilePlanInput {
  /** Profile and namespace name. */
  name: string;
  owner: Subject;
  contributors?: readonly Contributor[];
  quota?: ProfileQuota;
  /** Names of the pools offered; undefined offers every pool of the cluster. */
  accelerators?: readonly string[];
  /** The cluster's accelerator pools. */
  clusterPools?: readonly AcceleratorPool[];
  kfam?: KfamSettings;
  namespaceLabels?: Readonly<Record<string, string>>;
}

export interface PlannedObject {
  /** Stable key, unique within the profile: used in the Pulumi resource name. */
  key: string;
  object: K8sObject;
}

export interface ProfilePlan {
  namespace: K8sObject;
  profile: K8sObject;
  /** RoleBindings and AuthorizationPolicies of the contributors, keyed `<kind>-<KFAM binding name>`. */
  access: PlannedObject[];
  /** One PodDefault per offered pool, keyed by pool name. */
  podDefaults: PlannedObject[];
  /** Default container requests, when the quota limits CPU or memory requests. */
  limitRange?: K8sObject;
  /** The pools offered. */
  offered: AcceleratorPool[];
}

/** A problem of a profile's input: the property path (as `ProfileArgs` names it) and what to do. */
export interface ProfileProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * How a caller's messages name the cluster's accelerator pools: the argument (or config key) that holds them
 * and what adding one means there.
 */
export interface PoolsNaming {
  /** `clusterPools` (the components' argument), `cluster.accelerators` (the stack's config key). */
  key: string;
  /** What to do so that the cluster has the pool. */
  addPool: string;
}

/** The components' words: the pools are the `clusterPools` argument (from `ClusterHandle.accelerators`). */
export const CLUSTER_POOLS_ARG: PoolsNaming = {
  key: "clusterPools",
  addPool: "pass the cluster's pools (ClusterHandle.accelerators) as clusterPools",
};

/**
 * Pure: the pools a profile names that the cluster lacks, and a GPU quota with no pool to apply to, on the
 * profile's `accelerators[j]` and `quota.gpus`. Messages name the cluster's pools as `naming` says: the
 * components' `clusterPools` by default; the stack config reports the same problems under its own keys
 * (stacks/config/profiles.ts), before any resource exists.
 */
export function acceleratorProblems(
  accelerators: readonly string[] | undefined,
  poolNames: readonly string[],
  gpus: number | undefined,
  naming: PoolsNaming = CLUSTER_POOLS_ARG,
): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  (accelerators ?? []).forEach((name, j) => {
    if (poolNames.includes(name)) return;
    problems.push({
      path: ["accelerators", j],
      message:
        poolNames.length === 0
          ? `unknown accelerator pool "${name}": the cluster has no accelerator pools ` +
            `(${naming.key}); remove it`
          : `unknown accelerator pool "${name}"; the cluster's pools are: ${poolNames.join(", ")}`,
    });
  });
  if (gpus !== undefined && accelerators === undefined && poolNames.length === 0) {
    problems.push({
      path: ["quota", "gpus"],
      message:
        `the cluster has no accelerator pools (${naming.key}), so there is no GPU to limit; ` +
        `remove quota.gpus or ${naming.addPool}`,
    });
  }
  return problems;
}

/** The quantity rules of each quota field: totals, so more than zero; counts whole and not negative. */
export const QUOTA_RULES: Readonly<Record<"cpu" | "memory" | "storage", QuantityRules>> = {
  cpu: { kind: "cpu" },
  memory: { kind: "bytes" },
  storage: { kind: "bytes" },
};

/** Pure: the quota fields that are not quantities a ResourceQuota accepts (the stack's schema uses the same rules). */
export function quotaProblems(quota: ProfileQuota | undefined): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  for (const field of ["cpu", "memory", "storage"] as const) {
    const v = quota?.[field];
    if (v === undefined) continue;
    for (const m of quantityProblems(v, QUOTA_RULES[field])) {
      problems.push({ path: ["quota", field], message: `${JSON.stringify(v)} ${m}` });
    }
  }
  for (const field of ["gpus", "persistentVolumeClaims"] as const) {
    const v = quota?.[field];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
      problems.push({ path: ["quota", field], message: `${v} must be a whole number, 0 or more` });
    }
  }
  return problems;
}

/**
 * Pure: a CPU or memory quota below the default request the profile's LimitRange gives each container: no
 * pod that states no requests (pipeline steps, most controllers' pods) could ever start. The stack config
 * reports the same problems.
 */
export function quotaDefaultsProblems(quota: ProfileQuota | undefined): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  for (const field of ["cpu", "memory"] as const) {
    const text = quota?.[field];
    // A value that is no valid quota at all is reported by quotaProblems alone.
    if (text === undefined || quantityProblems(text, QUOTA_RULES[field]).length > 0) continue;
    const given = parseQuantity(text)!;
    const floor = parseQuantity(DEFAULT_CONTAINER_REQUESTS[field])!;
    if (given.value >= floor.value) continue;
    problems.push({
      path: ["quota", field],
      message:
        `is less than the ${field} request every container without its own gets ` +
        `(${floor.text}), so no such pod could start; give at least ${floor.text}`,
    });
  }
  return problems;
}

/** Every problem of a profile's input, with its property path; empty when it can be planned. */
export function profileProblems(input: ProfilePlanInput): ProfileProblem[] {
  const pools = input.clusterPools ?? [];
  const problems = [
    ...acceleratorProblems(
      input.accelerators,
      pools.map((p) => p.name),
      input.quota?.gpus,
    ),
    ...quotaProblems(input.quota),
    ...quotaDefaultsProblems(input.quota),
  ];
  const seen = new Map<string, string>();
  (input.contributors ?? []).forEach((c, i) => {
    const key = kfamBindingName(c, c.role);
    const who = `${c.kind} ${c.name}`;
    const before = seen.get(key);
    if (before !== undefined) {
      problems.push({
        path: ["contributors", i],
        message: `${who} and ${before} map to the same binding ${key}; keep one of them`,
      });
    }
    seen.set(key, who);
  });
  return problems;
}

/** Pure: the objects of one profile. Throws an InputPropertiesError when `profileProblems` finds any. */
export function planProfile(input: ProfilePlanInput): ProfilePlan {
  const problems = profileProblems(input);
  if (problems.length > 0) throw inputError(`Profile ${input.name}`, problems);

  const pools = input.clusterPools ?? [];
  const offered =
    input.accelerators === undefined
      ? [...pools]
      : pools.filter((p) => input.accelerators!.includes(p.name));
  const ns = input.name;
  const hard = planQuota(input.quota, offered, pools);

  const profile: K8sObject = {
    apiVersion: "kubeflow.org/v1",
    kind: "Profile",
    metadata: { name: ns },
    spec: {
      owner: { kind: input.owner.kind, name: input.owner.name },
      ...(hard !== undefined ? { resourceQuotaSpec: { hard } } : {}),
    },
  };

  const access = (input.contributors ?? []).flatMap((c) =>
    contributorAccess(
      ns,
      { kind: c.kind, name: c.name },
      c.role,
      input.kfam ?? DEFAULT_KFAM_SETTINGS,
    ).map((object) => ({
      key: `${object.kind === "RoleBinding" ? "rb" : "ap"}-${object.metadata.name}`,
      object,
    })),
  );

  const limitRange = defaultRequestsLimitRange(ns, hard);
  return {
    namespace: profileNamespace(
      ns,
      input.owner.name,
      input.namespaceLabels ?? PROFILE_NAMESPACE_LABELS,
    ),
    profile,
    access,
    podDefaults: offered.map((p) => ({ key: p.name, object: acceleratorPodDefault(ns, p) })),
    ...(limitRange !== undefined ? { limitRange } : {}),
    offered,
  };
}
