/**
 * The snapshot procedure before an upgrade (`npm run snapshot -- <stack>`): a VolumeSnapshot of every
 * PersistentVolumeClaim of the platform (Pipelines' MySQL and object store, Katib's MySQL, Model Registry's
 * databases: whatever the stack's object set holds), through the platform's VolumeSnapshotClass, and the
 * commands that snapshot every claim users created in profile namespaces (unknown to the program). Pure.
 */
import { PLATFORM_SNAPSHOT_CLASS } from "../components/cluster/snapshot-class";
import { K8sObject } from "../components/kubeflow/types";
import { PROFILE_NAMESPACE_LABELS } from "../components/profiles/namespace";
import { apiGroup, ofKind } from "./verify/objects";
import { PlatformSet } from "./verify/types";

/** Label on every VolumeSnapshot the procedure creates: the run's label, to list or delete them together. */
export const SNAPSHOT_LABEL = "kubeflow-platform.io/snapshot";
/** Label with the Kubeflow release the snapshot was taken at. */
export const SNAPSHOT_RELEASE_LABEL = "kubeflow-platform.io/release";

/** The label every profile namespace carries (the profile controller's and this program's). */
export const PROFILE_NAMESPACE_SELECTOR = "app.kubernetes.io/part-of";

/** A label of a snapshot run: lowercase, used as the suffix of each snapshot's name. */
export const RUN_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RUN_LABEL_MAX = 40;

export interface SnapshotPlan {
  /** The platform's VolumeSnapshotClass, when the set holds it. */
  className?: string;
  /** One VolumeSnapshot per platform PVC, in the PVC's namespace. */
  snapshots: K8sObject[];
  /** Shell commands that snapshot every PVC of every profile namespace. */
  profileScript: string;
}

/** Pure: why a run label is refused, or undefined when it is fine. */
export function runLabelProblem(label: string): string | undefined {
  if (RUN_LABEL_PATTERN.test(label) && label.length <= RUN_LABEL_MAX) return undefined;
  return (
    `--label "${label}" must be lowercase letters, digits and '-', starting and ending with a letter or ` +
    `digit, at most ${RUN_LABEL_MAX} characters (e.g. pre-26-03-upgrade)`
  );
}

/** Pure: the default run label for a moment: `pre-upgrade-<yyyymmdd>-<hhmm>` in UTC. */
export function defaultRunLabel(at: Date): string {
  const iso = at.toISOString(); // 2026-12-02T04:50:12.345Z
  return `pre-upgrade-${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 16).replace(":", "")}`;
}

/** Pure: the platform's VolumeSnapshotClass in a set, if it holds one. */
export function platformSnapshotClass(set: PlatformSet): K8sObject | undefined {
  return ofKind(set, "VolumeSnapshotClass", "snapshot.storage.k8s.io").find(
    (c) => c.metadata.name === PLATFORM_SNAPSHOT_CLASS,
  );
}

/** Pure: one VolumeSnapshot of a claim. */
export function volumeSnapshot(
  namespace: string,
  claim: string,
  label: string,
  release: string,
  className: string | undefined,
): K8sObject {
  return {
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshot",
    metadata: {
      name: `${claim}-${label}`,
      namespace,
      labels: { [SNAPSHOT_LABEL]: label, [SNAPSHOT_RELEASE_LABEL]: release },
    },
    spec: {
      ...(className !== undefined ? { volumeSnapshotClassName: className } : {}),
      source: { persistentVolumeClaimName: claim },
    },
  };
}

/** Pure: the shell commands that snapshot every PVC of every profile namespace. */
export function profileSnapshotScript(
  label: string,
  release: string,
  className: string | undefined,
): string {
  const selector = `${PROFILE_NAMESPACE_SELECTOR}=${PROFILE_NAMESPACE_LABELS[PROFILE_NAMESPACE_SELECTOR]}`;
  const classLine =
    className !== undefined ? `\\"volumeSnapshotClassName\\":\\"${className}\\",` : "";
  const manifest =
    `{\\"apiVersion\\":\\"snapshot.storage.k8s.io/v1\\",\\"kind\\":\\"VolumeSnapshot\\",` +
    `\\"metadata\\":{\\"name\\":\\"$pvc-${label}\\",\\"namespace\\":\\"$ns\\",\\"labels\\":` +
    `{\\"${SNAPSHOT_LABEL}\\":\\"${label}\\",\\"${SNAPSHOT_RELEASE_LABEL}\\":\\"${release}\\"}},` +
    `\\"spec\\":{${classLine}\\"source\\":{\\"persistentVolumeClaimName\\":\\"$pvc\\"}}}`;
  return [
    `for ns in $(kubectl get namespaces -l ${selector} -o name); do`,
    `  ns=\${ns#namespace/}`,
    `  for pvc in $(kubectl -n "$ns" get persistentvolumeclaims -o name); do`,
    `    pvc=\${pvc#persistentvolumeclaim/}`,
    `    echo "${manifest}" | kubectl apply -f -`,
    `  done`,
    `done`,
  ].join("\n");
}

/**
 * Pure: the snapshots of a platform set: every PersistentVolumeClaim the set holds (the program's, its
 * ConfigGroups' and its charts'), sorted by namespace and name, through the platform's class.
 */
export function planSnapshots(set: PlatformSet, label: string): SnapshotPlan {
  const cls = platformSnapshotClass(set);
  const className = cls?.metadata.name;
  const claims = set.objects
    .map((o) => o.obj)
    .filter((o) => o.kind === "PersistentVolumeClaim" && apiGroup(o.apiVersion) === "")
    .map((o) => ({ namespace: o.metadata.namespace ?? "default", claim: o.metadata.name }))
    .sort((a, b) =>
      a.namespace === b.namespace
        ? a.claim.localeCompare(b.claim)
        : a.namespace.localeCompare(b.namespace),
    );
  return {
    ...(className !== undefined ? { className } : {}),
    snapshots: claims.map((c) =>
      volumeSnapshot(c.namespace, c.claim, label, set.release, className),
    ),
    profileScript: profileSnapshotScript(label, set.release, className),
  };
}

/** Pure: the commands that show whether every snapshot of a run is ready to use. */
export function readinessCommand(label: string): string {
  return (
    `kubectl get volumesnapshots --all-namespaces -l ${SNAPSHOT_LABEL}=${label} ` +
    `-o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,READY:.status.readyToUse`
  );
}
