/** The `kubeflow` key: the pinned release, where its bundle is, and which applications to install. */
import { z } from "zod";
import {
  APPLICATION_KEYS,
  ApplicationKey,
  DEFAULT_RELEASE,
  getRelease,
  kubernetesVersionProblem,
  RELEASE_TAGS,
} from "../../components/catalog";
import { selectApplications } from "../../components/kubeflow/applications";
import { ACKNOWLEDGEMENT_KEYS } from "../../components/kubeflow/upgrade";
import { applicationParamsShape, kubeflowParamsShape } from "./kubeflow-params";
import { strict, upgradeSafe } from "./schema";

/** Where `npm run sync -- <release>` writes a release's bundle, relative to the project root. */
export const defaultBundleDir = (release: string) => `manifests/kubeflow/${release}`;

const applicationSchema = strict({
  enabled: upgradeSafe(
    z.boolean().optional(),
    "Whether to install the application.",
    "- as the release's example install",
  ),
  mode: upgradeSafe(
    z.string().min(1).optional(),
    "How to install the application: one of the modes its catalog entry lists for the release.",
    "- the release's default mode",
  ),
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
    "Kubeflow release to install; changing it is the upgrade (catalogued releases only).",
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
    for (const p of selectApplications(getRelease(k.version), k.applications).problems) {
      ctx.addIssue({ code: "custom", path: ["applications", ...p.path], message: p.message });
    }
  })
  .prefault({});

export type KubeflowConfig = z.output<typeof kubeflowSchema>;

/**
 * Cross-section check run by the root schema: a cluster whose Kubernetes version is known must be one the
 * release supports.
 */
export function kubeflowClusterProblems(cfg: {
  kubeflow: KubeflowConfig;
  cluster?: unknown;
}): Array<{ path: string[]; message: string }> {
  const version = (cfg.cluster as { kubernetesVersion?: unknown } | undefined)?.kubernetesVersion;
  if (typeof version !== "string" || !/^\d+\.\d+$/.test(version)) return [];
  const problem = kubernetesVersionProblem(getRelease(cfg.kubeflow.version), version);
  return problem === undefined
    ? []
    : [{ path: ["cluster", "kubernetesVersion"], message: problem }];
}
