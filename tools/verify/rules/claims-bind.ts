/**
 * Rule `claims-bind`: every PersistentVolumeClaim (and StatefulSet claim template) of the platform can bind.
 * A claim naming a StorageClass the cluster does not have stays `Pending` forever ("storageclass.storage.k8s.io
 * not found"), and so does its pod; a size that is not a quantity is refused by the API server, and one beyond
 * what a volume can be is never provisioned. The classes are the set's StorageClass objects and those the
 * cluster provides itself (`PlatformSet.storageClasses`: GKE's own, EKS's gp2, an existing cluster's declared
 * class).
 */
import { MAX_VOLUME_BYTES, quantityProblems } from "../../../components/shared/quantity";
import { K8sObject } from "../../../components/kubeflow/types";
import { ofKind } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import { field, fmtCandidates, list, str, violation } from "./common";

const NAME = "claims-bind";

/** One claim of the set: the object that holds it, its name, and its spec. */
export interface Claim {
  owner: K8sObject;
  name: string;
  spec: Record<string, unknown>;
}

/** Pure: the claims of the set, standalone and as StatefulSet volumeClaimTemplates. */
export function claimsOf(set: PlatformSet): Claim[] {
  const out: Claim[] = ofKind(set, "PersistentVolumeClaim", "").map((pvc) => ({
    owner: pvc,
    name: pvc.metadata.name,
    spec: field(pvc, "spec"),
  }));
  for (const sts of ofKind(set, "StatefulSet", "apps")) {
    for (const t of list(field(sts, "spec"), "volumeClaimTemplates")) {
      out.push({
        owner: sts,
        name: str(field(t, "metadata"), "name") ?? "?",
        spec: field(t, "spec"),
      });
    }
  }
  return out;
}

/** Pure: the StorageClasses a claim may name: the set's objects and the cluster's own. */
export function storageClassesOf(set: PlatformSet): string[] {
  return [
    ...new Set([
      ...ofKind(set, "StorageClass", "storage.k8s.io").map((o) => o.metadata.name),
      ...(set.storageClasses ?? []),
    ]),
  ].sort();
}

function check(set: PlatformSet): Violation[] {
  const classes = storageClassesOf(set);
  const out: Violation[] = [];
  for (const c of claimsOf(set)) {
    const cls = str(c.spec, "storageClassName");
    // "" asks for no class (a pre-bound volume); undefined for the cluster's default.
    if (cls !== undefined && cls !== "" && !classes.includes(cls)) {
      out.push(
        violation(
          NAME,
          c.owner,
          `claim ${c.name} names StorageClass ${cls}, which the cluster does not have; classes: ` +
            fmtCandidates(cls, classes),
          "set kubeflow.storage.storageClassName (or cluster.storageClass on an existing cluster) to a class " +
            "the cluster declares, or remove it for the default class",
        ),
      );
    }
    const size = str(field(field(c.spec, "resources"), "requests"), "storage");
    const problems =
      size === undefined
        ? ["is missing (resources.requests.storage)"]
        : quantityProblems(size, { kind: "bytes", max: MAX_VOLUME_BYTES });
    if (problems.length > 0) {
      out.push(
        violation(
          NAME,
          c.owner,
          `claim ${c.name} requests storage ${size ?? "nothing"}, which ${problems.join("; ")}`,
          `set kubeflow.storage.sizes.${c.name} to a size with a unit, at most 64Ti`,
        ),
      );
    }
  }
  return out;
}

/** Every claim names a StorageClass the cluster has and a size a volume can be. */
export const claimsBind: Rule = {
  name: NAME,
  description:
    "Every PersistentVolumeClaim and StatefulSet claim template names a StorageClass the set or the " +
    "cluster provides (or none, for the default) and requests a storage quantity from 1M to 64Ti.",
  check,
};
