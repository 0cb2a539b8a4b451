/**
 * Rule `objects-unique`: every Kubernetes object of the platform has one producer. Two producers of one
 * object (two applications, or an application and a chart, or one kept by an upgrade next to its
 * replacement) fight over it: with server-side apply the second apply conflicts on the fields the first
 * owns, and when either producer is removed Pulumi deletes the object the other still needs. An object is
 * identified as the API server does: API group, kind, namespace and name (the version is only a view).
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { apiGroup } from "../objects";
import { ObjectSource, PlatformSet, Rule, Violation } from "../types";
import { fmtList, violation } from "./common";

const NAME = "objects-unique";

/** The identity the API server gives an object. */
export function objectIdentity(obj: K8sObject): string {
  return `${apiGroup(obj.apiVersion)}/${obj.kind} ${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
}

const fmtSource = (s: ObjectSource): string =>
  s.via === "helm" ? `Helm release ${s.resource} (${s.chart ?? "?"})` : `${s.via} ${s.resource}`;

export const objectsUnique: Rule = {
  name: NAME,
  description:
    "Every Kubernetes object of the platform is produced by one resource, chart or group.",
  check(set: PlatformSet): Violation[] {
    const byIdentity = new Map<string, Array<{ obj: K8sObject; source: ObjectSource }>>();
    for (const o of set.objects) {
      const id = objectIdentity(o.obj);
      byIdentity.set(id, [...(byIdentity.get(id) ?? []), o]);
    }
    const out: Violation[] = [];
    for (const producers of byIdentity.values()) {
      if (producers.length < 2) continue;
      out.push(
        violation(
          NAME,
          producers[0]!.obj,
          `is produced ${producers.length} times: by ${fmtList(producers.map((p) => fmtSource(p.source)))}`,
          "install it from one producer only: disable one of the applications " +
            "(kubeflow.applications.<app>.enabled: false) or the service that also renders it",
        ),
      );
    }
    return out;
  },
};
