/**
 * Kustomize paths shared by several releases (the manifests repository keeps most of its layout between
 * releases). Each release file picks from these and adds what is its own.
 */
import { ApplicationVariant, CatalogApplication, ReplacedPath } from "./types";

/** An application with one way of installing it. */
export function single(
  paths: readonly string[],
  enabledByDefault: boolean,
  description = "As upstream's example installs it.",
): CatalogApplication {
  return { modes: { default: { paths, description } }, defaultMode: "default", enabledByDefault };
}

export function variant(paths: readonly string[], description: string): ApplicationVariant {
  return { paths, description };
}

export const P = {
  kubeflowNamespace: "common/kubeflow-namespace/base",
  kubeflowRoles: "common/kubeflow-roles/base",
  kubeflowIstioResources: "common/istio/kubeflow-istio-resources/base",
  istioNamespace: "common/istio/istio-namespace/base",
  networkPolicies: "common/networkpolicies/base",
  centralDashboard: "applications/centraldashboard/overlays/oauth2-proxy",
  profiles: "applications/profiles/pss",
  podDefaults: "applications/admission-webhook/upstream/overlays/cert-manager",
  notebookController: "applications/jupyter/notebook-controller/upstream/overlays/kubeflow",
  jupyterWebApp: "applications/jupyter/jupyter-web-app/upstream/overlays/istio",
  volumes: "applications/volumes-web-app/upstream/overlays/istio",
  tensorboardController:
    "applications/tensorboard/tensorboard-controller/upstream/overlays/kubeflow",
  tensorboardsWebApp: "applications/tensorboard/tensorboards-web-app/upstream/overlays/istio",
  pvcViewer: "applications/pvcviewer-controller/upstream/base",
  pipelinesMultiUser:
    "applications/pipeline/upstream/env/cert-manager/platform-agnostic-multi-user",
  pipelinesK8sNative:
    "applications/pipeline/upstream/env/cert-manager/platform-agnostic-multi-user-k8s-native",
  katib: "applications/katib/upstream/installs/katib-with-kubeflow",
  trainer: "applications/trainer/overlays",
  trainingOperator: "applications/training-operator/upstream/overlays/kubeflow",
  knativeServing: "common/knative/knative-serving/overlays/gateways",
  clusterLocalGateway: "common/istio/cluster-local-gateway/base",
  knativeEventing: "common/knative/knative-eventing/base",
  kserve: "applications/kserve/kserve",
  modelsWebApp: "applications/kserve/models-web-app/overlays/kubeflow",
  spark: "applications/spark/spark-operator/overlays/kubeflow",
  userNamespace: "common/user-namespace/base",
  kuberay: "experimental/ray/kuberay-operator/overlays/kubeflow",
  istioCrds: "common/istio/istio-crds/base",
  istioInstall: "common/istio/istio-install/overlays/oauth2-proxy",
  istioInstallGke: "common/istio/istio-install/overlays/gke",
  istioInstallAmbient: "common/istio/istio-install/overlays/ambient-oauth2-proxy",
  istioInstallAmbientGke: "common/istio/istio-install/overlays/ambient-oauth2-proxy-gke",
  dex: "common/dex/overlays/oauth2-proxy",
  oauth2Proxy: "common/oauth2-proxy/overlays/m2m-dex-only",
  oauth2ProxyKind: "common/oauth2-proxy/overlays/m2m-dex-and-kind",
  oauth2ProxyEks: "common/oauth2-proxy/overlays/m2m-dex-and-eks",
} as const;

/** Applications whose paths did not change between v1.10 and 26.03. */
export const STABLE_APPLICATIONS = {
  centralDashboard: single([P.centralDashboard], true),
  profiles: single([P.profiles], true),
  podDefaults: single([P.podDefaults], true),
  notebooks: single([P.notebookController, P.jupyterWebApp], true),
  volumes: single([P.volumes], true),
  tensorboards: single([P.tensorboardController, P.tensorboardsWebApp], true),
  pvcViewer: single([P.pvcViewer], true),
  katib: single([P.katib], true),
  knative: {
    modes: {
      serving: variant(
        [P.knativeServing, P.clusterLocalGateway],
        "Knative Serving with the Istio gateways and the cluster-local gateway, for KServe serverless.",
      ),
      "serving-and-eventing": variant(
        [P.knativeServing, P.clusterLocalGateway, P.knativeEventing],
        "Also Knative Eventing (upstream's commented-out option).",
      ),
    },
    defaultMode: "serving",
    enabledByDefault: true,
  },
  kserve: {
    modes: {
      serverless: variant(
        [P.kserve, P.modelsWebApp],
        "KServe on Knative (scale to zero, revisions); needs the knative application.",
      ),
      raw: variant(
        [P.kserve, P.modelsWebApp],
        "KServe raw deployments (plain Deployments and HPA), without Knative.",
      ),
    },
    defaultMode: "serverless",
    enabledByDefault: true,
  },
  spark: single([P.spark], true),
} satisfies Record<string, CatalogApplication>;

/** Training Operator v1 (PyTorchJob, TFJob, ...) as an alternative to Trainer v2. */
export const TRAINING_OPERATOR_ALTERNATIVE = single(
  [P.trainingOperator],
  false,
  "Training Operator v1 (PyTorchJob, TFJob, ...), upstream's alternative to Trainer v2.",
);

/** Paths every release renders that the platform services replace with their Helm charts. */
export function servicePaths(
  certManager: readonly string[],
  istioOverlays: { gke: boolean; ambient: boolean },
): ReplacedPath[] {
  return [
    ...certManager.map((path) => ({ path, by: "certManager" as const })),
    { path: P.istioCrds, by: "istio" },
    { path: P.istioInstall, by: "istio" },
    ...(istioOverlays.gke
      ? [{ path: P.istioInstallGke, by: "istio" as const, variant: "gke" }]
      : []),
    ...(istioOverlays.ambient
      ? [
          { path: P.istioInstallAmbient, by: "istio" as const, variant: "ambient" },
          { path: P.istioInstallAmbientGke, by: "istio" as const, variant: "ambient-gke" },
        ]
      : []),
    { path: P.dex, by: "dex" },
    { path: P.oauth2Proxy, by: "oauth2Proxy" },
    { path: P.oauth2ProxyKind, by: "oauth2Proxy", variant: "kind" },
    { path: P.oauth2ProxyEks, by: "oauth2Proxy", variant: "eks" },
    // The example user's Profile: users and teams come from the profiles layer.
    { path: P.userNamespace, by: "profiles-layer" },
    // KubeRay is experimental upstream and not offered here.
    { path: P.kuberay, by: "not-offered" },
  ];
}
