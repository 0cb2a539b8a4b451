import { K8sObject } from "../../../../components/kubeflow/types";
import { planSnapshots, volumeSnapshot } from "../../../../tools/snapshot-plan";
import { snapshotPlanViolations, snapshotsFit } from "../../../../tools/verify/rules/snapshots-fit";
import { PlatformSet } from "../../../../tools/verify/types";
import { editing } from "../mutate";
import { platformSet } from "../sets";
import { setOf } from "./fixtures";

const CLASS = "kubeflow-platform-snapshots";
/** gke-example with Kubeflow on its in-cluster stores (its kubeflow section, which asks for managed ones, replaced). */
const gkeInCluster = () => platformSet("gke-example", undefined, { kubeflow: {} });
const claimsOf = (set: PlatformSet) =>
  planSnapshots(set, "pre-test").snapshots.map(
    (s) =>
      `${s.metadata.namespace}/${(s.spec as { source: { persistentVolumeClaimName: string } }).source.persistentVolumeClaimName}`,
  );

describe("snapshots-fit on the example stacks", () => {
  it("GKE on managed stores: no claim of Kubeflow's to snapshot (GCS versioning, Cloud SQL backups and PITR)", async () => {
    expect(claimsOf(await platformSet("gke-example"))).toEqual([]);
  });

  it("GKE on its in-cluster stores: snapshots Pipelines' database and object store and Katib's database, through GKE's PD driver", async () => {
    const set = await gkeInCluster();
    // The Kubeflow 26.03 example install: Pipelines' MySQL and SeaweedFS, Katib's MySQL (bundle PVCs).
    expect(claimsOf(set)).toEqual([
      "kubeflow/katib-mysql",
      "kubeflow/mysql-pv-claim",
      "kubeflow/seaweedfs-pvc",
    ]);
    expect(planSnapshots(set, "pre-test").className).toBe(CLASS);
    expect(snapshotsFit.check(set)).toEqual([]);
  });

  it("EKS with Model Registry: its databases are snapshotted too, through the EBS driver of gp3", async () => {
    // The override replaces eks-example's whole kubeflow section: Pipelines on its in-cluster stores here.
    const set = await platformSet("eks-example", undefined, {
      kubeflow: { applications: { modelRegistry: { enabled: true } } },
    });
    expect(claimsOf(set)).toEqual([
      "kubeflow/katib-mysql",
      "kubeflow/metadata-mysql",
      "kubeflow/model-catalog-postgres",
      "kubeflow/mysql-pv-claim",
      "kubeflow/seaweedfs-pvc",
    ]);
    expect(snapshotsFit.check(set)).toEqual([]);
  });

  it("an existing cluster whose operator stated the driver: its own StorageClass is taken on their word", async () => {
    const set = await platformSet("teams-example");
    const cls = set.objects.find((o) => o.obj.kind === "VolumeSnapshotClass")!.obj;
    expect(cls.driver).toBe("pd.csi.storage.gke.io");
    expect(set.objects.filter((o) => o.obj.kind === "StorageClass")).toEqual([]);
    expect(claimsOf(set)).toHaveLength(3);
    expect(snapshotsFit.check(set)).toEqual([]);
  });

  it("the dev stack (no driver stated) has no class to snapshot through", async () => {
    const set = await platformSet("dev");
    expect(planSnapshots(set, "pre-test").className).toBeUndefined();
    // The claims still resolve: nothing else to check without a class.
    expect(claimsOf(set)).toHaveLength(3);
    expect(snapshotsFit.check(set)).toEqual([]);
  });
});

describe("snapshots-fit refuses what the cluster would not snapshot", () => {
  // gke-example on its in-cluster stores, so that there are claims to snapshot.
  it("a snapshot of a claim the namespace does not hold", async () => {
    const set = await gkeInCluster();
    const plan = planSnapshots(set, "pre-test");
    const wrong = volumeSnapshot("kubeflow", "mysql-pvc", "pre-test", "26.03", CLASS);
    expect(snapshotPlanViolations(set, { ...plan, snapshots: [wrong] })).toEqual([
      {
        rule: "snapshots-fit",
        object: "VolumeSnapshot kubeflow/mysql-pvc-pre-test",
        message:
          "source.persistentVolumeClaimName mysql-pvc names no PersistentVolumeClaim of namespace kubeflow, " +
          "so the snapshot never becomes ready; claims in kubeflow: katib-mysql, mysql-pv-claim and seaweedfs-pvc",
        fix: "snapshot a claim the platform holds (npm run snapshot lists them from the stack)",
      },
    ]);
  });

  it("a claim snapshotted in another namespace than its own", async () => {
    const set = await gkeInCluster();
    const wrong = volumeSnapshot("kubeflow-system", "katib-mysql", "pre-test", "26.03", CLASS);
    expect(
      snapshotPlanViolations(set, { snapshots: [wrong], profileScript: "" }).map((v) => v.object),
    ).toEqual(["VolumeSnapshot kubeflow-system/katib-mysql-pre-test"]);
  });

  it("a class whose driver is not the provisioner of GKE's default StorageClass", async () => {
    const set = editing(await gkeInCluster(), "VolumeSnapshotClass", undefined, CLASS, (c) => ({
      ...c,
      driver: "ebs.csi.aws.com",
    }));
    const violations = snapshotsFit.check(set);
    expect(violations.map((v) => v.object)).toEqual([
      "VolumeSnapshot kubeflow/katib-mysql-verify",
      "VolumeSnapshot kubeflow/mysql-pv-claim-verify",
      "VolumeSnapshot kubeflow/seaweedfs-pvc-verify",
    ]);
    expect(violations[0]!.message).toBe(
      "claim kubeflow/katib-mysql is provisioned by pd.csi.storage.gke.io (StorageClass standard-rwo), but " +
        "VolumeSnapshotClass kubeflow-platform-snapshots has driver ebs.csi.aws.com: the snapshot is never taken",
    );
    expect(violations[0]!.fix).toBe(
      "set the cluster handle's snapshot driver to pd.csi.storage.gke.io",
    );
  });

  it("GKE without its StorageClasses modelled: the default class's provisioner is unknown, which is refused", async () => {
    const gke = await gkeInCluster();
    const set = {
      ...gke,
      objects: gke.objects.filter((o) => o.obj.kind !== "StorageClass"),
    };
    expect(snapshotsFit.check(set).map((v) => v.message)[0]).toBe(
      "claim kubeflow/katib-mysql is provisioned by the cluster's default StorageClass, which the set does " +
        "not hold, so driver pd.csi.storage.gke.io of VolumeSnapshotClass kubeflow-platform-snapshots " +
        "cannot be matched with its provisioner",
    );
  });

  it("a claim naming a StorageClass of another driver, even where the operator stated the driver", () => {
    const claim: K8sObject = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: "kubeflow" },
      spec: { storageClassName: "nfs" },
    };
    const set = setOf(
      claim,
      {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: "nfs" },
        provisioner: "nfs.csi.k8s.io",
      },
      {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        metadata: {
          name: CLASS,
          annotations: { "kubeflow-platform.io/snapshot-driver-source": "cluster-config" },
        },
        driver: "rook-ceph.rbd.csi.ceph.com",
        deletionPolicy: "Retain",
      },
    );
    expect(snapshotsFit.check(set).map((v) => v.message)).toEqual([
      "claim kubeflow/data is provisioned by nfs.csi.k8s.io (StorageClass nfs), but VolumeSnapshotClass " +
        "kubeflow-platform-snapshots has driver rook-ceph.rbd.csi.ceph.com: the snapshot is never taken",
    ]);
  });

  it("a snapshot whose name the API server would refuse (claim name and label over 253 characters)", () => {
    const long = `data-${"x".repeat(240)}`;
    const set = setOf({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: long, namespace: "kubeflow" },
      spec: {},
    });
    const snap = volumeSnapshot("kubeflow", long, "pre-upgrade-20261202-0450", "26.03", CLASS);
    expect(
      snapshotPlanViolations(set, { snapshots: [snap], profileScript: "" }).map((v) => v.message),
    ).toEqual([
      `name ${long}-pre-upgrade-20261202-0450 (271 characters) is not a DNS subdomain of at most 253 ` +
        "characters, so the API server refuses the VolumeSnapshot",
    ]);
  });

  it("a snapshot naming a class the set does not hold", () => {
    const set = setOf({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: "kubeflow" },
      spec: {},
    });
    const snap = volumeSnapshot("kubeflow", "data", "pre-test", "26.03", "csi-snapclass");
    expect(
      snapshotPlanViolations(set, { snapshots: [snap], profileScript: "" }).map((v) => v.message),
    ).toEqual(["volumeSnapshotClassName csi-snapclass names no VolumeSnapshotClass of the set"]);
  });
});
