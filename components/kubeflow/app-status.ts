/**
 * What a platform team reads about each installed application: the upstream version it runs (read from the
 * release's own objects, so it cannot drift from the bundle) and the path of its web UI at the gateway.
 * Pure facts and functions; the stack's `status` output is built from them.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApplicationKey } from "../catalog";
import { K8sObject } from "./types";

/**
 * Where an application's version is read from its objects:
 * - `image`: the tag of the first image whose repository path ends with this (registry-independent, so an
 *   image mirror does not change it);
 * - `label`: the value of this label on the first object carrying it (Knative pins its images by digest and
 *   labels its objects with the version instead).
 */
export type VersionSource = { image: string } | { label: string };

export interface ApplicationStatusFacts {
  /** Short name in the status table. */
  name: string;
  /** Where the version comes from; undefined when the application has no version of its own (core). */
  version?: VersionSource;
  /**
   * Path the application's web UI is routed at on `kubeflow/kubeflow-gateway` (upstream's VirtualService
   * prefix, with a trailing slash). The tests route every such path through the stack's whole object set.
   */
  webPath?: string;
}

/**
 * One entry per application. Image paths are upstream's image names (no tags: the tag is read from the
 * bundle); the test reads every catalogued release's bundle and fails when one no longer resolves.
 */
export const APPLICATION_STATUS_FACTS: Readonly<Record<ApplicationKey, ApplicationStatusFacts>> = {
  core: { name: "Core" },
  centralDashboard: {
    name: "Central Dashboard",
    version: { image: "kubeflow/kubeflow/central-dashboard" },
    webPath: "/",
  },
  profiles: { name: "Profiles + KFAM", version: { image: "kubeflow/kubeflow/profile-controller" } },
  podDefaults: { name: "PodDefaults", version: { image: "kubeflow/kubeflow/poddefaults-webhook" } },
  notebooks: {
    name: "Notebooks",
    version: { image: "kubeflow/kubeflow/jupyter-web-app" },
    webPath: "/jupyter/",
  },
  volumes: {
    name: "Volumes",
    version: { image: "kubeflow/kubeflow/volumes-web-app" },
    webPath: "/volumes/",
  },
  tensorboards: {
    name: "Tensorboards",
    version: { image: "kubeflow/kubeflow/tensorboards-web-app" },
    webPath: "/tensorboards/",
  },
  pvcViewer: { name: "PVC Viewer", version: { image: "kubeflow/kubeflow/pvcviewer-controller" } },
  // The UI's image: v1.11.0's k8s-native variant ships a placeholder API server image (`domain.local/...`).
  pipelines: {
    name: "Pipelines",
    version: { image: "kubeflow/kfp-frontend" },
    webPath: "/pipeline/",
  },
  katib: {
    name: "Katib",
    version: { image: "kubeflow/katib/katib-controller" },
    webPath: "/katib/",
  },
  trainer: { name: "Trainer", version: { image: "kubeflow/trainer/trainer-controller-manager" } },
  trainingOperator: {
    name: "Training Operator",
    version: { image: "kubeflow/training-v1/training-operator" },
  },
  knative: { name: "Knative Serving", version: { label: "app.kubernetes.io/version" } },
  // The models web app (InferenceServices) is KServe's UI.
  kserve: {
    name: "KServe",
    version: { image: "kserve/kserve-controller" },
    webPath: "/kserve-endpoints/",
  },
  spark: { name: "Spark Operator", version: { image: "kubeflow/spark-operator/controller" } },
  modelRegistry: {
    name: "Model Registry",
    version: { image: "kubeflow/model-registry/server" },
    webPath: "/model-registry/",
  },
};

/** Pure: every `image:` string of an object, in document order. */
export function imagesIn(obj: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === "string") {
      if (key === "image" && v !== "") out.push(v);
    } else if (pulumi.Output.isInstance(v)) {
      // A generated secret: never an image, and never to be walked.
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  walk(obj, "");
  return out;
}

/** Pure: an image reference's repository (registry and path, no tag or digest) and tag, if any. */
export function splitImage(ref: string): { repository: string; tag?: string } {
  const noDigest = ref.split("@")[0]!;
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  if (colon > slash)
    return { repository: noDigest.slice(0, colon), tag: noDigest.slice(colon + 1) };
  return { repository: noDigest };
}

/** Pure: the version of an application from its objects, or undefined when the source names none. */
export function versionFrom(
  objects: readonly K8sObject[],
  source: VersionSource,
): string | undefined {
  if ("label" in source) {
    for (const o of objects) {
      const v = o.metadata.labels?.[source.label];
      if (v !== undefined && v !== "") return v;
    }
    return undefined;
  }
  for (const o of objects) {
    for (const ref of imagesIn(o)) {
      const { repository, tag } = splitImage(ref);
      if (tag === undefined) continue;
      if (repository === source.image || repository.endsWith(`/${source.image}`)) return tag;
    }
  }
  return undefined;
}

/** Pure: the version of application `app` from its objects (undefined for core, or when not found). */
export function applicationVersion(
  app: ApplicationKey,
  objects: readonly K8sObject[],
): string | undefined {
  const source = APPLICATION_STATUS_FACTS[app].version;
  return source === undefined ? undefined : versionFrom(objects, source);
}
