import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../../../components/cluster/handle";
import {
  PlatformSnapshotClass,
  snapshotClassObject,
} from "../../../components/cluster/snapshot-class";
import { runProgram } from "../../harness";
import { readStackFile } from "../../harness/stackfile";
import { providerUrn, runCluster } from "./run";

const CLASS = "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass";
const ADDON = "aws:eks/addon:Addon";
type Obj = Record<string, unknown>;

describe("snapshotClassObject", () => {
  it("retains the cloud snapshot when a VolumeSnapshot is deleted, with the handle's driver", () => {
    expect(
      snapshotClassObject({ driver: "pd.csi.storage.gke.io", controller: "platform-managed" }),
    ).toEqual({
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshotClass",
      metadata: {
        name: "kubeflow-platform-snapshots",
        annotations: { "kubeflow-platform.io/snapshot-driver-source": "platform" },
        labels: { "app.kubernetes.io/managed-by": "kubeflow-platform" },
      },
      driver: "pd.csi.storage.gke.io",
      deletionPolicy: "Retain",
    });
  });

  it("marks a driver an existing cluster's operator stated as coming from the cluster config", () => {
    const obj = snapshotClassObject({
      driver: "rook-ceph.rbd.csi.ceph.com",
      controller: "cluster",
    });
    expect(obj.metadata.annotations).toEqual({
      "kubeflow-platform.io/snapshot-driver-source": "cluster-config",
    });
  });
});

describe("PlatformSnapshotClass (the library)", () => {
  it("registers the class with the cluster's provider, after what the cluster needs ready", async () => {
    const inv = await runProgram({}, {}, () => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const k8s = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
      const { PlatformSnapshotClass: Cls } =
        require("../../../components/cluster/snapshot-class") as typeof import("../../../components/cluster/snapshot-class");
      /* eslint-enable @typescript-eslint/no-require-imports */
      const provider = new k8s.Provider("lab-k8s", {});
      const ready = new k8s.core.v1.Namespace("lab-ready", { metadata: { name: "ready" } });
      const cluster: ClusterHandle = {
        name: "lab",
        platform: "existing",
        provider,
        loadBalancer: false,
        oidcIssuer: "https://kubernetes.default.svc.cluster.local",
        cniBinDir: "/opt/cni/bin",
        gpuDriver: "none",
        accelerators: [],
        ready: [ready],
        snapshots: { driver: "csi.example.com", controller: "cluster" },
      };
      new Cls("lab-snapshots", { cluster, className: "lab-snaps" });
    });
    const cls = inv.get(CLASS, "lab-snapshots-class");
    expect(cls.inputs).toMatchObject({
      metadata: { name: "lab-snaps" },
      driver: "csi.example.com",
      deletionPolicy: "Retain",
    });
    expect(providerUrn(cls.provider)).toBe(inv.get("pulumi:providers:kubernetes", "lab-k8s").urn);
    expect(cls.dependsOn).toContain(inv.get("kubernetes:core/v1:Namespace", "lab-ready").urn);
    expect(cls.replaceOnChanges).toEqual(["driver", "parameters"]);
  });

  it("refuses a cluster handle without snapshot support as an InputPropertiesError on cluster.snapshots", () => {
    const handle = { name: "lab", ready: [] } as unknown as ClusterHandle;
    let caught: unknown;
    try {
      new PlatformSnapshotClass("lab-snapshots", { cluster: handle });
    } catch (e) {
      caught = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(caught)).toBe(true);
    const e = caught as pulumi.InputPropertiesError;
    expect(e.errors.map((x) => x.propertyPath)).toEqual(["cluster.snapshots"]);
    expect(e.message).toBe(
      "PlatformSnapshotClass lab-snapshots: 1 invalid argument: cluster.snapshots: the cluster handle " +
        "offers no volume snapshots; pass `snapshots` (the CSI driver of the platform's StorageClass), " +
        "or do not create the class",
    );
  });
});

describe("the snapshot class on each platform (cluster layer)", () => {
  it("GKE: the PD CSI driver, snapshot API managed by GKE", async () => {
    const { inv, handle } = await runCluster(readStackFile("gke-example"));
    expect(handle.snapshots).toEqual({
      driver: "pd.csi.storage.gke.io",
      controller: "platform-managed",
    });
    // The driver GKE's standard-rwo uses only exists where the cluster enables it.
    const cluster = inv.get("gcp:container/cluster:Cluster", "kubeflow-cluster");
    expect((cluster.inputs.addonsConfig as Obj).gcePersistentDiskCsiDriverConfig).toEqual({
      enabled: true,
    });
    expect(inv.get(CLASS, "kubeflow-snapshots-class").inputs.driver).toBe("pd.csi.storage.gke.io");
  });

  it("EKS: the EBS CSI driver, and the snapshot-controller add-on installed before the class", async () => {
    const { inv, handle } = await runCluster(readStackFile("eks-example"));
    expect(handle.snapshots).toEqual({ driver: "ebs.csi.aws.com", controller: "add-on" });
    const addon = inv.get(ADDON, "kubeflow-snapshot-controller");
    expect(addon.inputs.addonName).toBe("snapshot-controller");
    expect(addon.dependsOn).toContain(
      inv.get("aws:eks/nodeGroup:NodeGroup", "kubeflow-system").urn,
    );
    const cls = inv.get(CLASS, "kubeflow-snapshots-class");
    expect(cls.inputs.driver).toBe("ebs.csi.aws.com");
    expect(cls.dependsOn).toContain(addon.urn);
    // The class's driver is the default StorageClass's provisioner.
    const sc = inv.get("kubernetes:storage.k8s.io/v1:StorageClass", "kubeflow-gp3");
    expect(sc.inputs.provisioner).toBe(cls.inputs.driver);
  });

  it("EKS: pins the snapshot-controller add-on version when configured", async () => {
    const stack = readStackFile("eks-example");
    const cluster = stack.cluster as Obj;
    const { inv } = await runCluster({
      ...stack,
      cluster: { ...cluster, addons: { snapshotController: "v8.2.0-eksbuild.1" } },
    });
    expect(inv.get(ADDON, "kubeflow-snapshot-controller").inputs.addonVersion).toBe(
      "v8.2.0-eksbuild.1",
    );
  });

  it("existing cluster: no class unless cluster.snapshots.driver says which driver", async () => {
    const bare = await runCluster({ platform: "existing" });
    expect(bare.handle.snapshots).toBeUndefined();
    expect(bare.inv.byType(CLASS)).toEqual([]);

    const stated = await runCluster({
      platform: "existing",
      cluster: { snapshots: { driver: "rook-ceph.rbd.csi.ceph.com" } },
    });
    expect(stated.handle.snapshots).toEqual({
      driver: "rook-ceph.rbd.csi.ceph.com",
      controller: "cluster",
    });
    const cls = stated.inv.get(CLASS, "kubeflow-snapshots-class");
    expect(cls.inputs.driver).toBe("rook-ceph.rbd.csi.ceph.com");
    expect((cls.inputs.metadata as Obj).annotations).toEqual({
      "kubeflow-platform.io/snapshot-driver-source": "cluster-config",
    });
  });
});
