/**
 * Pod Security Standards as a pure evaluator: the checks the Pod Security admission controller runs for a level at
 * version `latest`, over a pod's metadata and spec.
 *
 * Each check follows kubernetes/pod-security-admission `policy/check_*.go` (read at commit 8f84a87, July 2026,
 * whose newest policy version is v1.37) and carries its check ID; the standard itself is
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/. The library reports one result per check;
 * here each offending container (or the pod) is its own violation, so a message can name what to fix.
 *
 * Left out: older policy versions (`pod-security.kubernetes.io/enforce-version` pins), exemptions configured in the
 * admission plugin, and the warn/audit modes.
 */
import { PSS_CHECKS, pssContext } from "./pod-security-checks";

/** A Pod Security Standards level. */
export type PssLevel = "privileged" | "baseline" | "restricted";

/** One way a pod breaks a level. */
export interface PssViolation {
  /** The pod-security-admission check ID, e.g. `runAsNonRoot`, `capabilities_restricted`. */
  check: string;
  /** The container at fault, when the fault is a container's. */
  container?: string;
  /** What is wrong and what the standard wants instead. */
  message: string;
}

/** The pod as the checks read it: annotations and the pod spec. */
export interface PssPod {
  metadata?: { annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

/**
 * Every way a pod breaks a Pod Security Standards level at version `latest`: nothing for `privileged`; the
 * baseline checks for `baseline`; for `restricted` the restricted checks plus the baseline checks none of them
 * override (as the library's registry composes them).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/registry.go
 */
export function podSecurityViolations(level: PssLevel, pod: PssPod): PssViolation[] {
  if (level === "privileged") return [];
  const ctx = pssContext(pod);
  const active = PSS_CHECKS.filter((c) => level === "restricted" || c.level === "baseline");
  const overridden = new Set(active.flatMap((c) => c.overrides ?? []));
  return active
    .filter((c) => !overridden.has(c.id))
    .flatMap((c) => c.run(ctx).map((v) => ({ check: c.id, ...v })));
}

/** The namespace label the admission controller enforces. */
export const PSS_ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

/**
 * The enforce level of a namespace from its labels, if any. An invalid value enforces `restricted`: the
 * admission controller fails closed on it (api.ParseLevel).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
 * @see https://github.com/kubernetes/pod-security-admission/blob/master/api/helpers.go
 */
export function namespaceLevel(labels: Record<string, string>): PssLevel | undefined {
  const value = labels[PSS_ENFORCE_LABEL];
  if (value === undefined) return undefined;
  return value === "privileged" || value === "baseline" || value === "restricted"
    ? value
    : "restricted";
}
