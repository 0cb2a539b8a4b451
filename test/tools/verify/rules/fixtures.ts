/**
 * Test helpers for the cross-object rules: small inline objects in the shape of real ones, and the objects of
 * one real bundle file as a platform set.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { K8sObject } from "../../../../components/kubeflow/types";
import { PlatformSet } from "../../../../tools/verify/types";
import { bundleDir } from "../../../harness/upstream";

/** A set of the given objects, as if the program registered them. */
export function setOf(...objects: K8sObject[]): PlatformSet {
  return {
    stack: "test",
    release: "26.03",
    objects: objects.map((obj) => ({
      obj,
      source: { via: "program", resource: obj.metadata.name },
    })),
  };
}

/** The objects of one rendered file of a real release bundle, as a set. */
export function bundleFileSet(release: string, file: string): PlatformSet {
  const text = fs.readFileSync(path.join(bundleDir(release), file), "utf8");
  const objects = parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
  return {
    stack: "bundle",
    release,
    objects: objects.map((obj) => ({ obj, source: { via: "program", resource: file } })),
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): K8sObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** A Deployment whose pods carry `labels` and run the given pod spec. */
export function deployment(
  ns: string,
  name: string,
  labels: Record<string, string>,
  spec: Record<string, unknown> = { containers: [{ name, image: `example.com/${name}:1` }] },
  annotations: Record<string, string> = {},
): K8sObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns, labels },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels, annotations }, spec },
    },
  };
}

export interface PortSpec {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

export function service(
  ns: string,
  name: string,
  selector: Record<string, string>,
  ports: PortSpec[],
  labels: Record<string, string> = {},
): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: ns, labels },
    spec: { selector, ports },
  };
}

export function serviceAccount(ns: string, name: string): K8sObject {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: ns } };
}
