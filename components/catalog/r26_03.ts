/** Kubeflow 26.03 (the first calendar-versioned release of the community distribution). */
import { CHARTS_2026 } from "./charts";
import {
  P,
  servicePaths,
  single,
  STABLE_APPLICATIONS,
  TRAINING_OPERATOR_ALTERNATIVE,
  variant,
} from "./paths";
import { Release } from "./types";

export const RELEASE_26_03: Release = {
  tag: "26.03",
  commit: "d68ebc7fab366ab40ddd1541d2ec22febb31bc83",
  commitDate: "2026-03-21",
  source: "https://github.com/kubeflow/community-distribution",
  previous: "v1.11.0",
  kubernetes: { min: "1.34", statement: "Kubernetes 1.34+" },
  applications: {
    ...STABLE_APPLICATIONS,
    // 26.03 folds the network policies into the namespace path and adds kubeflow-system.
    core: single(
      [P.kubeflowNamespace, P.kubeflowRoles, P.kubeflowIstioResources, P.istioNamespace],
      true,
    ),
    pipelines: {
      modes: {
        argo: variant(
          ["applications/pipeline/overlays"],
          "Pipelines on Argo Workflows, multi-user (upstream's default).",
        ),
        "k8s-native": variant(
          [P.pipelinesK8sNative],
          "Pipelines storing definitions as Kubernetes resources (PipelineVersion CRD and webhooks).",
        ),
      },
      defaultMode: "argo",
      enabledByDefault: true,
    },
    trainer: single([P.trainer], true, "Kubeflow Trainer v2 with JobSet."),
    trainingOperator: TRAINING_OPERATOR_ALTERNATIVE,
    // Upstream CI installs Model Registry separately, into kubeflow; some paths render without a namespace.
    // https://github.com/kubeflow/community-distribution/blob/26.03/README.md
    modelRegistry: {
      ...single(
        [
          "applications/model-registry/upstream/overlays/db",
          "applications/model-registry/upstream/options/istio",
          "applications/model-registry/upstream/options/ui/overlays/istio",
          "applications/model-registry/upstream/options/catalog/base",
        ],
        false,
        "Model Registry with its MySQL database, Istio routing, UI and model catalog.",
      ),
      placeIn: "kubeflow",
    },
  },
  replaced: servicePaths(["common/cert-manager/overlays/kubeflow"], { gke: true, ambient: true }),
  charts: CHARTS_2026,
  // Nothing upstream documents for v1.11 -> 26.03 beyond what `pulumi up` applies in place.
  hazards: [],
  nextHazards: [
    {
      id: "jobset-deployment-selector",
      from: "26.03 -> next",
      description:
        "The release after 26.03 changes the JobSet controller Deployment's selector, which is immutable: " +
        "the Deployment must be replaced, not updated.",
      manualStep:
        "Before `pulumi up`, delete the JobSet controller Deployment " +
        "(`kubectl -n kubeflow-system delete deployment jobset-controller-manager`); running JobSets are " +
        "not affected and the new Deployment takes over.",
      acknowledgementKey: "jobsetDeploymentDeleted",
      // A Deployment holds no data; running JobSets and their volumes are untouched.
      touchesData: false,
      see: "https://github.com/kubeflow/community-distribution/releases",
    },
  ],
};
