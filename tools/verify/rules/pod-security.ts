/**
 * Rule `pod-security`: every pod template of a namespace the set labels `pod-security.kubernetes.io/enforce`
 * meets that level. Admission checks the pods, not the workload, so a Deployment that breaks the level is
 * accepted and then its ReplicaSet never creates a pod (`FailedCreate ... violates PodSecurity`).
 */
import { ofKind, podTemplates } from "../objects";
import { namespaceLevel, PSS_ENFORCE_LABEL, podSecurityViolations } from "../pod-security";
import { PlatformSet, Rule, Violation } from "../types";
import { violation } from "./common";

const NAME = "pod-security";

function check(set: PlatformSet): Violation[] {
  const levels = new Map(
    ofKind(set, "Namespace", "").flatMap((ns) => {
      const level = namespaceLevel(ns.metadata.labels ?? {});
      return level !== undefined ? [[ns.metadata.name, level] as const] : [];
    }),
  );
  const out: Violation[] = [];
  for (const pod of podTemplates(set)) {
    const level = levels.get(pod.namespace);
    if (level === undefined) continue;
    const found = podSecurityViolations(level, {
      metadata: { annotations: pod.annotations },
      spec: pod.spec,
    });
    if (found.length === 0) continue;
    const what = found.map(
      (v) =>
        `${v.check}: ${v.container !== undefined ? `container ${v.container} ` : ""}${v.message}`,
    );
    out.push(
      violation(
        NAME,
        pod.owner,
        `namespace ${pod.namespace} enforces ${level} (${PSS_ENFORCE_LABEL}), and the pod breaks it: ` +
          what.join("; "),
        `set the pod's securityContext as listed, or move the workload to a namespace whose ` +
          `${PSS_ENFORCE_LABEL} level allows it`,
      ),
    );
  }
  return out;
}

/** Pods in namespaces with a Pod Security enforce label comply with that level. */
export const podSecurity: Rule = {
  name: NAME,
  description:
    "Every pod template in a namespace labelled pod-security.kubernetes.io/enforce meets that Pod " +
    "Security Standards level.",
  check,
};
