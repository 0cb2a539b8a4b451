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
import { defaultRequestsLimitRange, planQuota, ProfileQuota } from "./quota";

/** A contributor: a user or group and the role it gets. */
export interface Contributor extends Subject {
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

/** Every problem of a profile's input, as sentences; empty when it can be planned. */
export function profileProblems(input: ProfilePlanInput): string[] {
  const problems: string[] = [];
  const pools = input.clusterPools ?? [];
  const names = pools.map((p) => p.name);
  for (const a of input.accelerators ?? []) {
    if (!names.includes(a)) {
      problems.push(
        `profile ${input.name}: unknown accelerator pool "${a}"; ` +
          (names.length > 0
            ? `the cluster's pools are: ${names.join(", ")}`
            : "the cluster has none"),
      );
    }
  }
  const seen = new Map<string, string>();
  for (const c of input.contributors ?? []) {
    const key = kfamBindingName(c, c.role);
    const who = `${c.kind} ${c.name}`;
    const before = seen.get(key);
    if (before !== undefined) {
      problems.push(`profile ${input.name}: ${who} and ${before} map to the same binding ${key}`);
    }
    seen.set(key, who);
  }
  return problems;
}

/** Pure: the objects of one profile. Throws when `profileProblems` finds any. */
export function planProfile(input: ProfilePlanInput): ProfilePlan {
  const problems = profileProblems(input);
  if (problems.length > 0) throw new Error(problems.join("\n"));

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
