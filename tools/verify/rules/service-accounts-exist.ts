/**
 * Rule `service-accounts-exist`: every ServiceAccount the platform names exists. A pod whose
 * serviceAccountName is missing is never created (its ReplicaSet reports `serviceaccount "x" not found`);
 * a binding or an AuthorizationPolicy principal naming a missing account grants nothing, so the workload
 * it was meant for is denied.
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { findObject, ofKind, platformNamespaces, podTemplates } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import { field, fmtCandidates, list, str, violation } from "./common";
import { producerOf } from "./producers";

const NAME = "service-accounts-exist";

/** A ServiceAccount that an object refers to, and where the reference sits (for the message). */
export interface AccountRef {
  from: K8sObject;
  namespace: string;
  name: string;
  /** e.g. `serviceAccountName`, `subjects[1]`, `principal cluster.local/ns/a/sa/b`. */
  via: string;
}

/**
 * An Istio principal `<trust-domain>/ns/<namespace>/sa/<account>` as namespace and account; `undefined`
 * for other forms and for any wildcard (`*`, `prefix*`, `*suffix`), which name no single account.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export function parsePrincipal(p: string): { namespace: string; name: string } | undefined {
  if (p.includes("*")) return undefined;
  const m = /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(p);
  return m ? { namespace: m[1]!, name: m[2]! } : undefined;
}

function principalRefs(policy: K8sObject): AccountRef[] {
  const out: AccountRef[] = [];
  const add = (p: string, where: string): void => {
    const parsed = parsePrincipal(p);
    if (parsed) out.push({ from: policy, ...parsed, via: `${where} ${p}` });
  };
  list(policy.spec, "rules").forEach((rule, i) => {
    for (const from of list(rule, "from")) {
      const source = field(from, "source");
      for (const key of ["principals", "notPrincipals"]) {
        const values = source[key];
        if (Array.isArray(values))
          values
            .filter((v): v is string => typeof v === "string")
            .forEach((v) => add(v, `rules[${i}].from.source.${key}`));
      }
    }
    for (const cond of list(rule, "when")) {
      if (str(cond, "key") !== "source.principal") continue;
      for (const key of ["values", "notValues"]) {
        const values = cond[key];
        if (Array.isArray(values))
          values
            .filter((v): v is string => typeof v === "string")
            .forEach((v) => add(v, `rules[${i}].when[source.principal].${key}`));
      }
    }
  });
  return out;
}

/** Every ServiceAccount reference of the set: pod templates, RBAC subjects, Istio principals. */
export function accountRefs(set: PlatformSet): AccountRef[] {
  const out: AccountRef[] = [];
  for (const pod of podTemplates(set))
    out.push({
      from: pod.owner,
      namespace: pod.namespace,
      name: pod.serviceAccountName,
      via: "serviceAccountName",
    });
  for (const kind of ["RoleBinding", "ClusterRoleBinding"]) {
    for (const binding of ofKind(set, kind, "rbac.authorization.k8s.io")) {
      const subjects = Array.isArray(binding.subjects)
        ? (binding.subjects as Record<string, unknown>[])
        : [];
      subjects.forEach((s, i) => {
        const name = str(s, "name");
        if (str(s, "kind") !== "ServiceAccount" || name === undefined) return;
        // A RoleBinding's ServiceAccount subject without a namespace means the binding's own namespace
        // (RBAC authorizer); a ClusterRoleBinding's must name one, or the API server rejects it.
        // https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects
        const namespace = str(s, "namespace") ?? binding.metadata.namespace;
        if (namespace !== undefined)
          out.push({ from: binding, namespace, name, via: `subjects[${i}]` });
      });
    }
  }
  for (const policy of ofKind(set, "AuthorizationPolicy", "security.istio.io"))
    out.push(...principalRefs(policy));
  return out;
}

function check(set: PlatformSet): Violation[] {
  const namespaces = platformNamespaces(set);
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const ref of accountRefs(set)) {
    // Only namespaces the platform creates: elsewhere (a user's namespace, kube-system) the accounts are
    // someone else's to make.
    if (!namespaces.has(ref.namespace)) continue;
    if (findObject(set, "ServiceAccount", ref.namespace, ref.name)) continue;
    if (producerOf(set, "ServiceAccount", ref.namespace, ref.name)) continue;
    const key = `${ref.from.kind}/${ref.from.metadata.namespace ?? ""}/${ref.from.metadata.name}/${ref.namespace}/${ref.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const others = ofKind(set, "ServiceAccount", "")
      .filter((sa) => sa.metadata.namespace === ref.namespace)
      .map((sa) => sa.metadata.name);
    out.push(
      violation(
        NAME,
        ref.from,
        `${ref.via} names ServiceAccount ${ref.namespace}/${ref.name}, which the set does not hold; ` +
          `ServiceAccounts in ${ref.namespace}: ${fmtCandidates(ref.name, others)}`,
        `create ServiceAccount ${ref.name} in namespace ${ref.namespace}, or correct the reference to an ` +
          `existing account`,
      ),
    );
  }
  return out;
}

/** Every ServiceAccount a pod, an RBAC binding or an Istio principal names exists (platform namespaces). */
export const serviceAccountsExist: Rule = {
  name: NAME,
  description:
    "Every ServiceAccount named by a pod template, an RBAC binding subject or an Istio AuthorizationPolicy " +
    "principal exists, in the namespaces the platform creates.",
  check,
};
