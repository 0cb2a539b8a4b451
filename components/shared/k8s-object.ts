/**
 * Kubernetes object types shared by every layer: the bundle loader, the transformation chain and the
 * dependency graph of components/kubeflow, and the objects services, profiles and cluster build.
 */
import * as pulumi from "@pulumi/pulumi";

/** One Kubernetes object as kustomize rendered it (plain JSON), or as a transformation left it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  /** Other top-level fields (spec, data, rules, ...). Values may be Outputs after secret replacement. */
  [key: string]: unknown;
}

/** Where an object came from: the release, the kustomize path, and its position in that path's stream. */
export interface ObjectOrigin {
  release: string;
  path: string;
  index: number;
}

/** The configuration a transformation reads: built once per stack from the validated config and cluster. */
export interface TransformContext {
  /** The Kubeflow release being installed, e.g. `26.03`. */
  release: string;
  /** Application key of the object (e.g. `pipelines`), from the catalog. */
  application: string;
  origin: ObjectOrigin;
  /** Generated secrets by stable key; values are Pulumi secrets. */
  secrets: Readonly<Record<string, pulumi.Output<string>>>;
}

/**
 * A pure step of the transformation chain: object in, object out. Return `undefined` to drop the object
 * (e.g. a Namespace a platform service already owns). Must not mutate its input.
 */
export type ObjectTransform = (obj: K8sObject, ctx: TransformContext) => K8sObject | undefined;

/** Stable identity of an object within a release: `group/kind/namespace/name` (group "" for core). */
export function objectKey(obj: Pick<K8sObject, "apiVersion" | "kind" | "metadata">): string {
  const slash = obj.apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : obj.apiVersion.slice(0, slash);
  return `${group}/${obj.kind}/${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
}
