/**
 * Rule `snapshots-fit`: the snapshot procedure (`npm run snapshot`) works on this platform. Every
 * VolumeSnapshot it creates names a PersistentVolumeClaim of its own namespace (a snapshot of a missing claim
 * never becomes ready) and a VolumeSnapshotClass the set holds, and that class's driver is the provisioner of
 * the StorageClass the claim is provisioned by (its `storageClassName`, else the default class): the
 * snapshot controller hands a snapshot only to the driver of the class, which can snapshot only its own
 * volumes.
 */
import { SNAPSHOT_DRIVER_SOURCE_ANNOTATION } from "../../../components/cluster/snapshot-class";
import { K8sObject } from "../../../components/kubeflow/types";
import { planSnapshots, SnapshotPlan } from "../../snapshot-plan";
import { findObject, ofKind } from "../objects";
import { DEFAULT_STORAGE_CLASS_ANNOTATION } from "../provided";
import { PlatformSet, Rule, Violation } from "../types";
import { field, fmtList, str, violation } from "./common";

const NAME = "snapshots-fit";

/** What the API server accepts as an object name (RFC 1123 subdomain). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The StorageClass a claim is provisioned by: its own, else the set's default class. */
function storageClassOf(
  set: PlatformSet,
  claim: K8sObject,
): { name?: string; sc?: K8sObject; explicit: boolean } {
  const named = str(claim.spec, "storageClassName");
  if (named !== undefined) {
    return { name: named, sc: findObject(set, "StorageClass", undefined, named), explicit: true };
  }
  const defaults = ofKind(set, "StorageClass", "storage.k8s.io").filter(
    (s) => s.metadata.annotations?.[DEFAULT_STORAGE_CLASS_ANNOTATION] === "true",
  );
  return defaults.length === 1
    ? { name: defaults[0]!.metadata.name, sc: defaults[0]!, explicit: false }
    : { explicit: false };
}

/** Pure: the violations of a snapshot plan on a set. */
export function snapshotPlanViolations(set: PlatformSet, plan: SnapshotPlan): Violation[] {
  const out: Violation[] = [];
  for (const snap of plan.snapshots) {
    const ns = snap.metadata.namespace ?? "default";
    if (!DNS_SUBDOMAIN.test(snap.metadata.name) || snap.metadata.name.length > 253) {
      out.push(
        violation(
          NAME,
          snap,
          `name ${snap.metadata.name} (${snap.metadata.name.length} characters) is not a DNS subdomain ` +
            "of at most 253 characters, so the API server refuses the VolumeSnapshot",
          "use a shorter --label",
        ),
      );
      continue;
    }
    const spec = snap.spec as Record<string, unknown> | undefined;
    const claimName = str(field(spec, "source"), "persistentVolumeClaimName");
    const claim =
      claimName === undefined ? undefined : findObject(set, "PersistentVolumeClaim", ns, claimName);
    if (claim === undefined) {
      const here = ofKind(set, "PersistentVolumeClaim", "")
        .filter((c) => (c.metadata.namespace ?? "default") === ns)
        .map((c) => c.metadata.name)
        .sort();
      out.push(
        violation(
          NAME,
          snap,
          `source.persistentVolumeClaimName ${claimName ?? "(unset)"} names no PersistentVolumeClaim of ` +
            `namespace ${ns}, so the snapshot never becomes ready; claims in ${ns}: ${fmtList(here)}`,
          `snapshot a claim the platform holds (npm run snapshot lists them from the stack)`,
        ),
      );
      continue;
    }
    const className = str(spec, "volumeSnapshotClassName");
    if (className === undefined) continue; // the CLI refuses a plan without a class; nothing to match
    const cls = findObject(set, "VolumeSnapshotClass", undefined, className);
    if (cls === undefined) {
      out.push(
        violation(
          NAME,
          snap,
          `volumeSnapshotClassName ${className} names no VolumeSnapshotClass of the set`,
          `register VolumeSnapshotClass ${className} (the cluster layer does where the handle has snapshots)`,
        ),
      );
      continue;
    }
    const driver = str(cls, "driver") ?? "(unset)";
    const { name: scName, sc, explicit } = storageClassOf(set, claim);
    if (sc === undefined) {
      // An existing cluster's own StorageClass: its driver is the operator's word (cluster.snapshots.driver).
      if (cls.metadata.annotations?.[SNAPSHOT_DRIVER_SOURCE_ANNOTATION] === "cluster-config")
        continue;
      out.push(
        violation(
          NAME,
          snap,
          `claim ${ns}/${claim.metadata.name} is provisioned by ` +
            (explicit ? `StorageClass ${scName}` : "the cluster's default StorageClass") +
            `, which the set does not hold, so driver ${driver} of VolumeSnapshotClass ${className} ` +
            `cannot be matched with its provisioner`,
          `model or create the platform's StorageClass (tools/verify/provided.ts, the cluster component)`,
        ),
      );
      continue;
    }
    const provisioner = str(sc, "provisioner") ?? "(unset)";
    if (provisioner !== driver) {
      out.push(
        violation(
          NAME,
          snap,
          `claim ${ns}/${claim.metadata.name} is provisioned by ${provisioner} (StorageClass ` +
            `${sc.metadata.name}), but VolumeSnapshotClass ${className} has driver ${driver}: the ` +
            `snapshot is never taken`,
          `set the cluster handle's snapshot driver to ${provisioner}`,
        ),
      );
    }
  }
  return out;
}

/** Every VolumeSnapshot of the snapshot procedure resolves its claim, its class and the class's driver. */
export const snapshotsFit: Rule = {
  name: NAME,
  description:
    "Every VolumeSnapshot `npm run snapshot` creates names a PersistentVolumeClaim of its namespace and a " +
    "VolumeSnapshotClass whose driver provisions that claim's StorageClass.",
  check: (set) => snapshotPlanViolations(set, planSnapshots(set, "verify")),
};
