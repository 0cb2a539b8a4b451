/** Kubeflow v1.10.2, the oldest release this program installs. */
import { CHARTS_2026 } from "./charts";
import { P, servicePaths, single, STABLE_APPLICATIONS, variant } from "./paths";
import { Release } from "./types";

export const RELEASE_V1_10_2: Release = {
  tag: "v1.10.2",
  commit: "d8d643f1a736b28c525bd9b8ee5c9b2f4a661b39",
  commitDate: "2025-07-18",
  source: "https://github.com/kubeflow/community-distribution",
  kubernetes: { min: "1.31", maxTested: "1.33", statement: "Kubernetes 1.31-1.33+" },
  applications: {
    ...STABLE_APPLICATIONS,
    core: single(
      [
        P.kubeflowNamespace,
        P.networkPolicies,
        P.kubeflowRoles,
        P.kubeflowIstioResources,
        P.istioNamespace,
      ],
      true,
    ),
    pipelines: {
      modes: { argo: variant([P.pipelinesMultiUser], "Pipelines on Argo Workflows, multi-user.") },
      defaultMode: "argo",
      enabledByDefault: true,
    },
    // v1.10 has no Trainer v2: Training Operator v1 is the default.
    trainingOperator: single([P.trainingOperator], true, "Training Operator v1."),
  },
  replaced: servicePaths(["common/cert-manager/base", "common/cert-manager/kubeflow-issuer/base"], {
    gke: false,
    ambient: false,
  }),
  charts: CHARTS_2026,
  hazards: [],
};
