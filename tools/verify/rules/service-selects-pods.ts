/**
 * Rule `service-selects-pods`: a Service with a selector has pods behind it, and its named target ports
 * exist on them. A Service that selects nothing has no endpoints: clients get connection refused (or
 * Istio's 503 `no healthy upstream`) and nothing in the cluster reports why.
 */
import { PodTemplate, podTemplates } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import {
  fmtLabels,
  fmtList,
  owners,
  podPorts,
  resolveTargetPort,
  serviceSelector,
  servicePods,
  servicePorts,
  services,
  violation,
} from "./common";

const NAME = "service-selects-pods";

/** At most three pod templates of `pods` that share the most selector entries, nearest first. */
export function nearestPods(
  pods: readonly PodTemplate[],
  selector: Record<string, string>,
): PodTemplate[] {
  const score = (p: PodTemplate): number =>
    Object.entries(selector).filter(([k, v]) => p.labels[k] === v).length;
  const scored = pods.map((p) => ({ p, s: score(p) })).filter((x) => x.s > 0);
  const best = Math.max(0, ...scored.map((x) => x.s));
  return scored
    .filter((x) => x.s === best)
    .map((x) => x.p)
    .slice(0, 3);
}

function describePods(pods: readonly PodTemplate[]): string {
  return pods.map((p) => `${owners([p])[0]!} ${fmtLabels(p.labels)}`).join("; ");
}

function check(set: PlatformSet): Violation[] {
  const out: Violation[] = [];
  const all = podTemplates(set);
  for (const svc of services(set)) {
    const selector = serviceSelector(svc);
    // No selector: ExternalName or hand-managed endpoints, nothing to match.
    if (Object.keys(selector).length === 0) continue;
    const ns = svc.metadata.namespace ?? "default";
    const selected = servicePods(set, svc);
    if (selected.length === 0) {
      const here = all.filter((p) => p.namespace === ns);
      const near = nearestPods(here, selector);
      const context =
        here.length === 0
          ? `the set has no pod template in namespace ${ns}`
          : near.length > 0
            ? `nearest pods there: ${describePods(near)}`
            : `no pod there carries any of these labels (${here.length} pod templates in ${ns})`;
      out.push(
        violation(
          NAME,
          svc,
          `selector ${fmtLabels(selector)} matches no pod in namespace ${ns}; ${context}`,
          `make spec.selector equal to the pod template labels of the workload that serves it (or add ` +
            `the missing labels to that template); if the workload lives in another application, install it`,
        ),
      );
      continue;
    }
    for (const sp of servicePorts(svc)) {
      const target = sp.targetPort;
      if (typeof target !== "string" || /^\d+$/.test(target)) continue;
      if (selected.some((p) => resolveTargetPort(sp, p) !== undefined)) continue;
      const declared = [
        ...new Set(
          selected.flatMap((p) =>
            podPorts(p).map(
              (cp) => `${cp.name ?? "(unnamed)"}=${cp.containerPort}/${cp.protocol ?? "TCP"}`,
            ),
          ),
        ),
      ];
      out.push(
        violation(
          NAME,
          svc,
          `port ${sp.name ?? sp.port} has targetPort "${target}"/${sp.protocol ?? "TCP"}, which no ` +
            `selected pod declares (${fmtList(owners(selected))}); their container ports: ${fmtList(declared)}`,
          `name a container port "${target}" in the pod template, or set targetPort to the port number ` +
            `the container listens on`,
        ),
      );
    }
  }
  return out;
}

/** Every Service with a selector selects some pod of its namespace, and its named targetPorts exist. */
export const serviceSelectsPods: Rule = {
  name: NAME,
  description:
    "Every Service with a selector has pods of its namespace behind it, and every named targetPort is a " +
    "container port of one of them.",
  check,
};
