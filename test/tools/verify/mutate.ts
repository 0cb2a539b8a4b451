/** Deliberately broken variants of real platform sets, for the tests that rules and journeys reject them. */
import { K8sObject } from "../../../components/kubeflow/types";
import { PlatformSet } from "../../../tools/verify/types";

const is = (o: K8sObject, kind: string, ns: string | undefined, name: string) =>
  o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name;

/** The set without one object; throws when the set does not hold it (a fixture must break something). */
export function without(
  set: PlatformSet,
  kind: string,
  ns: string | undefined,
  name: string,
): PlatformSet {
  const objects = set.objects.filter((o) => !is(o.obj, kind, ns, name));
  if (objects.length === set.objects.length)
    throw new Error(`the set has no ${kind} ${ns}/${name}`);
  return { ...set, objects };
}

/** The set with one object replaced by `edit(copy)`; throws when the set does not hold it. */
export function editing(
  set: PlatformSet,
  kind: string,
  ns: string | undefined,
  name: string,
  edit: (obj: K8sObject) => K8sObject,
): PlatformSet {
  let found = false;
  const objects = set.objects.map((o) => {
    if (!is(o.obj, kind, ns, name)) return o;
    found = true;
    return { ...o, obj: edit(JSON.parse(JSON.stringify(o.obj)) as K8sObject) };
  });
  if (!found) throw new Error(`the set has no ${kind} ${ns}/${name}`);
  return { ...set, objects };
}
