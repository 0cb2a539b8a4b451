/**
 * The platform's VolumeSnapshotClass: how `npm run snapshot` (and users) snapshot the volumes of the
 * platform's StorageClass before an upgrade. The driver is the one the cluster handle says provisions that
 * StorageClass; a snapshot class naming another driver is never used by the snapshot controller for those
 * volumes (the snapshot stays `readyToUse: false`).
 * @see https://kubernetes.io/docs/concepts/storage/volume-snapshot-classes/
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { K8sObject } from "../shared/k8s-object";
import { ClusterHandle, VolumeSnapshotSupport } from "./handle";
import { argError } from "./problems";

/** Name of the VolumeSnapshotClass the program registers; the snapshot procedure names it. */
export const PLATFORM_SNAPSHOT_CLASS = "kubeflow-platform-snapshots";

/**
 * Annotation saying where the class's driver comes from: `platform` (the program creates or knows the
 * StorageClass: GKE, EKS) or `cluster-config` (an existing cluster's operator stated it in
 * `cluster.snapshots.driver`; the StorageClass is the cluster's own, which the program does not see).
 */
export const SNAPSHOT_DRIVER_SOURCE_ANNOTATION = "kubeflow-platform.io/snapshot-driver-source";

export type SnapshotDriverSource = "platform" | "cluster-config";

/** Pure: where a handle's snapshot driver comes from. */
export function driverSource(support: VolumeSnapshotSupport): SnapshotDriverSource {
  return support.controller === "cluster" ? "cluster-config" : "platform";
}

/**
 * Pure: the VolumeSnapshotClass object. `deletionPolicy: Retain`: deleting a VolumeSnapshot (or the
 * namespace holding it, such as a removed profile) keeps the disk snapshot in the cloud, so a snapshot
 * taken before an upgrade survives whatever the upgrade or a cleanup deletes; it is removed only on purpose
 * (the VolumeSnapshotContent, then the cloud snapshot), as the platform's StorageClass retains volumes.
 */
export function snapshotClassObject(
  support: VolumeSnapshotSupport,
  name: string = PLATFORM_SNAPSHOT_CLASS,
): K8sObject {
  return {
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshotClass",
    metadata: {
      name,
      annotations: { [SNAPSHOT_DRIVER_SOURCE_ANNOTATION]: driverSource(support) },
      labels: { "app.kubernetes.io/managed-by": "kubeflow-platform" },
    },
    driver: support.driver,
    deletionPolicy: "Retain",
  };
}

export interface VolumeSnapshotClassOptions {
  /** Name of the VolumeSnapshotClass. @default SNAPSHOT_CLASS_DEFAULTS.className ("kubeflow-platform-snapshots") */
  className?: string;
}

/** The defaults of `VolumeSnapshotClassOptions`, written once. */
export const SNAPSHOT_CLASS_DEFAULTS = {
  className: PLATFORM_SNAPSHOT_CLASS,
} as const satisfies Required<VolumeSnapshotClassOptions>;

export interface VolumeSnapshotClassArgs extends VolumeSnapshotClassOptions {
  /** The cluster: its provider and `ready` resources, and its `snapshots`, which say the driver. */
  cluster: Pick<ClusterHandle, "provider" | "ready" | "snapshots">;
  /** Snapshot support to use instead of the handle's. @default - `cluster.snapshots` */
  snapshots?: VolumeSnapshotSupport;
}

/**
 * The VolumeSnapshotClass of the platform's storage. Registered after the cluster is ready (on EKS that
 * includes the `snapshot-controller` add-on, which installs the CRD).
 */
export class PlatformSnapshotClass extends pulumi.ComponentResource {
  /** Name of the VolumeSnapshotClass. */
  public readonly className: string;

  constructor(name: string, args: VolumeSnapshotClassArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cluster:PlatformSnapshotClass", name, {}, opts);
    const support = args.snapshots ?? args.cluster.snapshots;
    if (support === undefined) {
      throw argError(`PlatformSnapshotClass ${name}`, [
        {
          path: ["cluster", "snapshots"],
          message:
            "the cluster handle offers no volume snapshots; pass `snapshots` (the CSI driver of the " +
            "platform's StorageClass), or do not create the class",
        },
      ]);
    }
    this.className = args.className ?? SNAPSHOT_CLASS_DEFAULTS.className;
    const obj = snapshotClassObject(support, this.className);
    const { apiVersion, kind, metadata, ...rest } = obj;
    new k8s.apiextensions.CustomResource(
      `${name}-class`,
      { apiVersion, kind, metadata, ...rest },
      {
        parent: this,
        provider: args.cluster.provider,
        dependsOn: [...args.cluster.ready],
        // A class's driver and parameters cannot be updated in place: a change replaces the class (it holds
        // no data; existing snapshots keep their contents).
        replaceOnChanges: ["driver", "parameters"],
        deleteBeforeReplace: true,
      },
    );
    this.registerOutputs({ className: this.className });
  }
}
