/** The `kubeflow` key: the pinned release, where its bundle is, and which applications to install. */
import { z } from "zod";
import {
  APPLICATION_KEYS,
  ApplicationKey,
  DEFAULT_RELEASE,
  getRelease,
  kubernetesVersionProblem,
  RELEASE_TAGS,
  ReleaseKeys,
} from "../../components/catalog";
import { SelectedApplication, selectApplications } from "../../components/kubeflow/applications";
import { droppedByExternalStorage } from "../../components/kubeflow/transforms/pipelines";
import { APP_DATABASES } from "../../components/kubeflow/transforms/app-databases";
import { ACKNOWLEDGEMENT_KEYS } from "../../components/kubeflow/upgrade";
import {
  APPLICATION_CHOICE_DOCS as CHOICE,
  KUBEFLOW_RELEASE_OPTION_DOCS as RELEASE,
} from "../../components/kubeflow/option-docs";
import {
  applicationParamsShape,
  KubeflowParams,
  kubeflowParamsShape,
  STORAGE_CLASS_PATTERN,
} from "./kubeflow-params";
import { nearest } from "./nearest";
import { strict, upgradeSafe } from "./schema";
import { EKS_STORAGE_CLASS } from "../../components/cluster/eks";

/**
 * The config keys of the release's settings: the stack layer passes them to the library's checks (which speak
 * of `KubeflowRelease`'s args on their own), so a stack's error names the key to set.
 */
export const KUBEFLOW_CONFIG_KEYS: Readonly<ReleaseKeys> = {
  release: "kubeflow.version",
  applications: "kubeflow.applications",
  bundleDir: "kubeflow.bundleDir",
  dataProtection: "kubeflow.dataProtection",
  upgradeAcknowledgements: "kubeflow.upgradeAcknowledgements",
};

/** Where `npm run sync -- <release>` writes a release's bundle, relative to the project root. */
export const defaultBundleDir = (release: string) => `manifests/kubeflow/${release}`;

const applicationSchema = strict({
  enabled: upgradeSafe(
    z.boolean().optional(),
    CHOICE.enabled,
    "- as the release's example install",
  ),
  mode: upgradeSafe(z.string().min(1).optional(), CHOICE.mode, "- the release's default mode"),
  // The stack's own key: it lifts `protect` through KubeflowReleaseArgs.unprotected.
  allowDeletion: upgradeSafe(
    z.boolean().optional(),
    "Lift the protection of the application's data (CRDs, volume claims) so that disabling it later can " +
      "delete it; set it one `pulumi up` before `enabled: false`.",
    "`false`",
  ),
  ...applicationParamsShape,
});

const applicationsShape = Object.fromEntries(
  APPLICATION_KEYS.map((k) => [k, applicationSchema.optional()]),
) as { [K in ApplicationKey]: z.ZodOptional<typeof applicationSchema> };

export const kubeflowSchema = strict({
  version: upgradeSafe(
    z.enum(RELEASE_TAGS as [string, ...string[]]).default(DEFAULT_RELEASE),
    RELEASE.release,
  ),
  bundleDir: upgradeSafe(
    z.string().min(1).optional(),
    "Directory of the release bundle written by `npm run sync -- <version>`, relative to the project root.",
    "manifests/kubeflow/<version>",
  ),
  applications: upgradeSafe(
    strict(applicationsShape).default({}),
    "Applications to install (`enabled`, `mode`; dependencies between them are checked) and their parameters.",
    "{} (the release's example install)",
  ),
  upgradeAcknowledgements: upgradeSafe(
    z.array(z.enum(ACKNOWLEDGEMENT_KEYS as [string, ...string[]])).default([]),
    "Manual upgrade steps you have done, by the key the upgrade's hazard names (see `npm run upgrade-plan`).",
    "[]",
  ),
  ...kubeflowParamsShape,
})
  .superRefine((k, ctx) => {
    const selection = selectApplications(
      getRelease(k.version),
      k.applications,
      KUBEFLOW_CONFIG_KEYS,
    );
    for (const p of selection.problems) {
      ctx.addIssue({ code: "custom", path: ["applications", ...p.path], message: p.message });
    }
    if (selection.problems.length > 0) return;
    for (const p of selectionContradictions(k, selection.applications)) {
      ctx.addIssue({ code: "custom", path: p.path, message: p.message });
    }
  })
  .prefault({});

export type KubeflowConfig = z.output<typeof kubeflowSchema>;

/** Parameters of an application (beside enabled and mode), which apply only when it is installed. */
const APPLICATION_PARAM_KEYS = Object.keys(applicationParamsShape);

/**
 * Options that contradict the applications selected: KServe's default deployment mode "Serverless" without
 * Knative (every InferenceService would wait for Knative Services no controller serves), and parameters of
 * an application that is not installed (silently ignored otherwise).
 */
export function selectionContradictions(
  k: {
    kserve: { deploymentMode?: string | undefined };
    applications: Partial<
      Record<
        ApplicationKey,
        | { enabled?: boolean | undefined; workloads?: Record<string, unknown> | undefined }
        | undefined
      >
    >;
    pipelines?: KubeflowParams["pipelines"];
    katib?: KubeflowParams["katib"];
    modelRegistry?: KubeflowParams["modelRegistry"];
    storage?: { sizes: Record<string, unknown> };
  },
  selected: readonly SelectedApplication[],
): Array<{ path: string[]; message: string }> {
  const problems: Array<{ path: string[]; message: string }> = [];
  const installed = new Set(selected.map((a) => a.key));
  const kserve = selected.find((a) => a.key === "kserve");
  if (
    kserve !== undefined &&
    !installed.has("knative") &&
    k.kserve.deploymentMode === "Serverless"
  ) {
    const why =
      k.applications.knative?.enabled === false
        ? "kubeflow.applications.knative.enabled is false"
        : "the knative application is not installed";
    problems.push({
      path: ["kserve", "deploymentMode"],
      message:
        `"Serverless" needs Knative, but ${why} (kubeflow.applications.kserve.mode is "${kserve.mode}"). ` +
        'Set kubeflow.kserve.deploymentMode to "RawDeployment" (or remove it), or enable knative',
    });
  }
  for (const app of APP_DATABASES) {
    if (k[app.application]?.database.type !== "managed") continue;
    if (!installed.has(app.application)) {
      problems.push({
        path: [app.application, "database", "type"],
        message:
          `applies only when ${app.application} is installed, and it is not, so it would be ignored. Remove ` +
          `kubeflow.${app.application}.database, or enable kubeflow.applications.${app.application}`,
      });
    }
    for (const dropped of app.dropped.filter((d) => d.startsWith("PersistentVolumeClaim/"))) {
      const claim = dropped.slice("PersistentVolumeClaim/".length);
      if (k.storage?.sizes[claim] === undefined) continue;
      problems.push({
        path: ["storage", "sizes", claim],
        message:
          `"${claim}" is not installed: kubeflow.${app.application}.database.type is "managed", which ` +
          "replaces it, so the setting would be ignored. Remove it",
      });
    }
  }
  const pipelines = k.pipelines;
  if (pipelines !== undefined) {
    const external = (
      [
        ["objectStore", pipelines.objectStore.type !== "in-cluster"],
        ["database", pipelines.database.type !== "in-cluster"],
      ] as const
    ).filter(([, on]) => on);
    for (const [part] of external) {
      if (installed.has("pipelines")) continue;
      problems.push({
        path: ["pipelines", part, "type"],
        message:
          `applies only when pipelines is installed, and it is not, so it would be ignored. Remove ` +
          `kubeflow.pipelines.${part}, or enable kubeflow.applications.pipelines`,
      });
    }
    // A claim or workload the external store or database replaces is dropped: its parameters do nothing.
    const named: Array<[string[], string]> = [
      ...Object.keys(k.storage?.sizes ?? {}).map((n): [string[], string] => [
        ["storage", "sizes", n],
        n,
      ]),
      ...Object.keys(k.applications.pipelines?.workloads ?? {}).map((n): [string[], string] => [
        ["applications", "pipelines", "workloads", n],
        n,
      ]),
    ];
    for (const [path, name] of named) {
      const by = droppedByExternalStorage(pipelines, name);
      if (by === undefined) continue;
      problems.push({
        path,
        message:
          `"${name}" is not installed: kubeflow.pipelines.${by}.type is ` +
          `"${pipelines[by].type}", which replaces it, so the setting would be ignored. Remove it`,
      });
    }
  }
  for (const key of APPLICATION_KEYS) {
    if (installed.has(key)) continue;
    const choice = (k.applications[key] ?? {}) as Record<string, unknown>;
    for (const param of APPLICATION_PARAM_KEYS) {
      if (choice[param] === undefined) continue;
      problems.push({
        path: ["applications", key, param],
        message:
          `applies only when ${key} is installed, and it is not, so it would be ignored. ` +
          `Remove kubeflow.applications.${key}.${param}, or set kubeflow.applications.${key}.enabled: true`,
      });
    }
  }
  return problems;
}

/**
 * StorageClasses each created platform's cluster declares, which `kubeflow.storage.storageClassName` must
 * name: GKE's own classes on the Persistent Disk CSI driver (standard-rwo, its default, pd-balanced;
 * premium-rwo, pd-ssd; standard, pd-standard: https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver),
 * and on EKS the gp3 class the platform creates (components/cluster/eks.ts) beside EKS's own gp2. On an
 * existing cluster the config's only declaration is `cluster.storageClass`.
 */
export const DECLARED_STORAGE_CLASSES: Readonly<Record<"gcp" | "aws", readonly string[]>> = {
  gcp: ["standard-rwo", "premium-rwo", "standard"],
  aws: [EKS_STORAGE_CLASS, "gp2"],
};

/**
 * The StorageClass Kubeflow's PVCs get: `kubeflow.storage.storageClassName`, else an existing cluster's
 * `cluster.storageClass` (documented as the class of every PVC the platform creates), else the cluster's
 * default (undefined).
 */
export function kubeflowStorageClass(cfg: {
  platform: string;
  kubeflow: Pick<KubeflowConfig, "storage">;
  cluster?: unknown;
}): string | undefined {
  const cluster =
    cfg.platform === "existing"
      ? (cfg.cluster as { storageClass?: string } | undefined)?.storageClass
      : undefined;
  return cfg.kubeflow.storage.storageClassName ?? cluster;
}

type Problem = { path: string[]; message: string };

/** A StorageClass name: a lowercase RFC 1123 subdomain (the schema's pattern for kubeflow.storage). */
const STORAGE_CLASS_NAME = STORAGE_CLASS_PATTERN;

/** The named StorageClass against what the cluster declares, and the two keys that both set it. */
function storageClassProblems(cfg: {
  platform: string;
  kubeflow: KubeflowConfig;
  cluster?: unknown;
}): Problem[] {
  const named = cfg.kubeflow.storage.storageClassName;
  const path = ["kubeflow", "storage", "storageClassName"];
  const clusterClass =
    cfg.platform === "existing"
      ? (cfg.cluster as { storageClass?: unknown } | undefined)?.storageClass
      : undefined;
  // The cluster's key accepts any string; a class name is an RFC 1123 subdomain, as for the kubeflow key.
  if (typeof clusterClass === "string" && !STORAGE_CLASS_NAME.test(clusterClass)) {
    return [
      {
        path: ["cluster", "storageClass"],
        message: `"${clusterClass}" is not a StorageClass name (lowercase RFC 1123 subdomain: a-z, 0-9, '-', '.')`,
      },
    ];
  }
  // A name the schema refused already is not checked again (refinements run on values with issues).
  if (named === undefined || !STORAGE_CLASS_NAME.test(named)) return [];
  if (cfg.platform === "existing") {
    const declared = clusterClass as string | undefined;
    if (declared === undefined) {
      return [
        {
          path,
          message:
            `"${named}" is not a StorageClass this config declares; on an existing cluster the class ` +
            `is declared by cluster.storageClass (used for every PVC the platform creates). Set ` +
            `cluster.storageClass to "${named}" and remove kubeflow.storage.storageClassName`,
        },
      ];
    }
    if (declared !== named) {
      return [
        {
          path,
          message:
            `"${named}" contradicts cluster.storageClass "${declared}": both set the StorageClass of ` +
            `Kubeflow's PVCs. Keep one: remove kubeflow.storage.storageClassName (cluster.storageClass ` +
            `applies), or set both to the same class`,
        },
      ];
    }
    return [];
  }
  const declared = DECLARED_STORAGE_CLASSES[cfg.platform as "gcp" | "aws"] ?? [];
  if (declared.includes(named)) return [];
  const guess = nearest(named, declared);
  const where = cfg.platform === "gcp" ? "a GKE cluster" : "the EKS cluster the platform creates";
  return [
    {
      path,
      message:
        `"${named}" is not a StorageClass ${where} declares, so every PVC would stay Pending.` +
        (guess !== undefined ? ` Did you mean "${guess}"?` : "") +
        ` Allowed: ${declared.map((c) => `"${c}"`).join(", ")}; or remove the key for the cluster's default`,
    },
  ];
}

/**
 * Cross-section checks run by the root schema: a cluster whose Kubernetes version is known must be one the
 * release supports; the StorageClass must be one the cluster declares, set by one key.
 */
export function kubeflowClusterProblems(cfg: {
  platform: string;
  kubeflow: KubeflowConfig;
  cluster?: unknown;
}): Problem[] {
  const problems = storageClassProblems(cfg);
  const version = (cfg.cluster as { kubernetesVersion?: unknown } | undefined)?.kubernetesVersion;
  if (typeof version !== "string" || !/^\d+\.\d+$/.test(version)) return problems;
  const problem = kubernetesVersionProblem(
    getRelease(cfg.kubeflow.version),
    version,
    KUBEFLOW_CONFIG_KEYS,
  );
  return problem === undefined
    ? problems
    : [{ path: ["cluster", "kubernetesVersion"], message: problem }, ...problems];
}
