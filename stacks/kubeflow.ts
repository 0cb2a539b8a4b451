/** The Kubeflow layer of a stack: every application of the pinned release, from its bundle. */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../components/cluster/handle";
import { KubeflowRelease } from "../components/kubeflow/release";
import { GeneratedSecrets } from "../components/kubeflow/secure-defaults/generated-secrets";
import {
  buildTransforms,
  planGeneratedSecrets,
  resourceOptionsForAll,
} from "../components/kubeflow/transforms";
import { ApplicationKey, getRelease } from "../components/catalog";
import { applicationVersion } from "../components/kubeflow/app-status";
import { K8sObject } from "../components/kubeflow/types";
import { selectApplications } from "../components/kubeflow/applications";
import { readBundle } from "../components/kubeflow/bundle";
import { platformObjects } from "../components/kubeflow/platform-objects";
import { gatewayTlsTransform } from "../components/kubeflow/transforms/gateway";
import { spawnerConfigTransform } from "../components/profiles/spawner";
import { ServicesHandle } from "../components/services/handle";
import { PlatformConfig } from "./config";
import { defaultBundleDir } from "./config/kubeflow";
import { KubeflowParams } from "./config/kubeflow-params";

export interface KubeflowHandle {
  /** The release installed, e.g. `26.03`; undefined when Kubeflow is not installed. */
  release?: string;
  /** Resources user profiles must wait for (profile controller, CRDs, PodDefault webhook). */
  ready: readonly pulumi.Resource[];
  /** Each installed application: its mode and the upstream version its objects run (stack status). */
  applications: readonly InstalledApplication[];
}

/** An application the release installs, as the stack's status reports it. */
export interface InstalledApplication {
  key: ApplicationKey;
  /** The catalog mode it is installed in (`default` when the application has one way). */
  mode: string;
  /** Upstream version, read from its objects; undefined for core (the release itself). */
  version?: string;
}

/** Pure: the installed applications of a release plan, each with the version its objects run. */
export function installedApplications(plan: {
  applications: ReadonlyArray<{ key: ApplicationKey; mode: string }>;
  objects: ReadonlyArray<{ app: ApplicationKey; obj: K8sObject }>;
}): InstalledApplication[] {
  return plan.applications.map((a) => {
    const version = applicationVersion(
      a.key,
      plan.objects.filter((o) => o.app === a.key).map((o) => o.obj),
    );
    return { key: a.key, mode: a.mode, ...(version !== undefined ? { version } : {}) };
  });
}

/**
 * The project root (the directory of Pulumi.yaml, found upwards from this file so that it holds for the
 * TypeScript sources and the compiled `dist/`): relative `kubeflow.bundleDir` values are resolved against it.
 */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** Pure: the absolute bundle directory of a stack. */
export function bundleDirOf(cfg: PlatformConfig, root = projectRoot()): string {
  return path.resolve(root, cfg.kubeflow.bundleDir ?? defaultBundleDir(cfg.kubeflow.version));
}

/**
 * The release bundle's problems (missing, foreign, edited, or lacking a path the selected applications
 * need), as config problems naming `kubeflow.bundleDir`: checked before the first resource, so that a typo in
 * the path never leaves a cluster and its services half-created. Reads and hashes the bundle, as the loader
 * does again (its parse cache makes the second read cheap).
 */
export function bundleProblems(cfg: PlatformConfig, root = projectRoot()): string[] {
  const dir = bundleDirOf(cfg, root);
  const release = getRelease(cfg.kubeflow.version);
  const selection = selectApplications(release, cfg.kubeflow.applications);
  // Selection problems are reported by the Kubeflow layer's own checks; only the bundle is read here.
  const needed = selection.applications.flatMap((a) => a.paths);
  try {
    readBundle(dir, release.tag, needed, { cacheDir: false });
    return [];
  } catch (e) {
    return [
      `kubeflow.bundleDir (${cfg.kubeflow.bundleDir ?? "default"} -> ${dir}): ${(e as Error).message}`,
    ];
  }
}

/**
 * Credentials the user brings (external object store, external database), read from the stack's secret
 * config under the same stable keys the generated secrets use. Pass the keys as `provided` to
 * planGeneratedSecrets, and merge the values into TransformContext.secrets.
 */
export function userSecretOutputs(
  params: Pick<KubeflowParams, "pipelines">,
): Record<string, pulumi.Output<string>> {
  const out: Record<string, pulumi.Output<string>> = {};
  const store = params.pipelines.objectStore;
  if (store.type === "s3") {
    out["pipelines-object-store-access-key"] = store.accessKeySecret.value();
    out["pipelines-object-store-secret-key"] = store.secretKeySecret.value();
  }
  const db = params.pipelines.database;
  if (db.type === "external") out["pipelines-mysql-password"] = db.passwordSecret.value();
  return out;
}

export function createKubeflow(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
  services: ServicesHandle,
): KubeflowHandle {
  const params = cfg.kubeflow;
  const userSecrets = userSecretOutputs(params);
  const release = new KubeflowRelease(
    "kubeflow",
    {
      release: cfg.kubeflow.version,
      bundleDir: bundleDirOf(cfg),
      applications: cfg.kubeflow.applications,
      services,
      clusterReady: cluster.ready,
      // The spawner offers the cluster's accelerator pools; then the stack's parameters (an explicit
      // notebooks.gpuVendors wins), secure defaults and the image mirror.
      transforms: [
        spawnerConfigTransform(cluster.accelerators),
        gatewayTlsTransform(services.istio.tls),
        ...buildTransforms(params, params.version),
      ],
      // Every upstream default credential is replaced by a generated one; only the secrets the selected
      // applications' objects need are generated, each under a stable key.
      secrets: (raw) => {
        const generated = new GeneratedSecrets("kubeflow-secrets", {
          secrets: planGeneratedSecrets(raw, new Set(Object.keys(userSecrets))),
        });
        return { ...generated.values, ...userSecrets };
      },
      resourceOptions: (objects) => resourceOptionsForAll(objects, params),
      // Under STRICT mTLS the API server (outside the mesh) could not call the webhooks served by injected
      // pods in Kubeflow's namespaces: Istio's exceptions for them are applied once those namespaces exist.
      extraObjects: [
        ...(services.istio.mtlsExceptions ?? []).map((obj) => ({
          app: "core" as const,
          obj,
          source: "platform: Istio mTLS exceptions",
        })),
        ...platformObjects(),
      ],
      ...(cluster.kubernetesVersion !== undefined
        ? { kubernetesVersion: cluster.kubernetesVersion }
        : {}),
    },
    { provider: cluster.provider },
  );
  return {
    release: release.release,
    ready: release.ready,
    applications: installedApplications(release.plan),
  };
}
