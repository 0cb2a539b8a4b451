/** Kubeflow v1.11.0. */
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

export const RELEASE_V1_11_0: Release = {
  tag: "v1.11.0",
  commit: "854bd3a21044f767204def71b2dcda83e376891f",
  commitDate: "2025-12-15",
  source: "https://github.com/kubeflow/community-distribution",
  previous: "v1.10.2",
  kubernetes: { min: "1.33", statement: "Kubernetes 1.33+" },
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
      modes: {
        argo: variant([P.pipelinesMultiUser], "Pipelines on Argo Workflows, multi-user."),
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
  },
  replaced: servicePaths(["common/cert-manager/base", "common/cert-manager/kubeflow-issuer/base"], {
    gke: true,
    ambient: true,
  }),
  charts: CHARTS_2026,
  hazards: [
    {
      id: "minio-to-seaweedfs",
      from: "v1.10 -> v1.11",
      description:
        "Pipelines replace MinIO by SeaweedFS as the artifact store. Objects in MinIO (pipeline artifacts, " +
        "run outputs) are not moved by the upgrade and become unreachable from the new Pipelines.",
      manualStep:
        "In this order: 1. copy the `mlpipeline` bucket out of MinIO to a safe place (e.g. `mc mirror`). " +
        "2. With {release} still v1.10.2, add minioToSeaweedfsMigrated to " +
        "{upgradeAcknowledgements} and run `pulumi up`: it lifts " +
        "the protection of the MinIO volume claim, which stays retained on delete (the volume outlives the " +
        "upgrade). 3. Set {release}: v1.11.0 and run `pulumi up`. 4. Copy the bucket into " +
        "SeaweedFS's S3 endpoint (`seaweedfs.kubeflow:8333`) and check a past run's artifacts in the " +
        "Pipelines UI; then delete the retained claim yourself (`kubectl -n kubeflow delete pvc minio-pvc`).",
      acknowledgementKey: "minioToSeaweedfsMigrated",
      touchesData: true,
      releasesData: ["PersistentVolumeClaim kubeflow/minio-pvc"],
      see: "https://github.com/kubeflow/community-distribution/releases/tag/v1.11.0",
    },
  ],
};
