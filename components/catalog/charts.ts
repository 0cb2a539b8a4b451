/**
 * Chart versions of the platform services, pinned once and shared by the releases that use them.
 * Facts from the chart repositories (see each chart's `Chart.yaml` at the tag).
 */
import { ChartPin, ChartPins } from "./types";

const ISTIO_REPO = "https://istio-release.storage.googleapis.com/charts";
const ISTIO_VERSION = "1.29.6";

/** Charts current in 2026: Istio 1.29, cert-manager 1.19, Dex 2.45, oauth2-proxy 7.15. */
export const CHARTS_2026: ChartPins = {
  certManager: {
    repo: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.19.6",
    appVersion: "v1.19.6",
  },
  istioBase: { repo: ISTIO_REPO, chart: "base", version: ISTIO_VERSION, appVersion: ISTIO_VERSION },
  istiod: { repo: ISTIO_REPO, chart: "istiod", version: ISTIO_VERSION, appVersion: ISTIO_VERSION },
  istioCni: { repo: ISTIO_REPO, chart: "cni", version: ISTIO_VERSION, appVersion: ISTIO_VERSION },
  istioGateway: {
    repo: ISTIO_REPO,
    chart: "gateway",
    version: ISTIO_VERSION,
    appVersion: ISTIO_VERSION,
  },
  // No chart with a 2.45 appVersion was released (dexidp/helm-charts#165 still open). 0.24.0 ships 2.44.0
  // and takes `image.tag`: Kubeflow 26.03 ships Dex v2.45.0, and v2.45.1 is its patch release.
  dex: {
    repo: "https://charts.dexidp.io",
    chart: "dex",
    version: "0.24.0",
    appVersion: "2.44.0",
    imageTag: "v2.45.1",
  },
  oauth2Proxy: {
    repo: "https://oauth2-proxy.github.io/manifests",
    chart: "oauth2-proxy",
    version: "10.7.0",
    appVersion: "7.15.3",
  },
  nvidiaDevicePlugin: {
    repo: "https://nvidia.github.io/k8s-device-plugin",
    chart: "nvidia-device-plugin",
    version: "0.20.0",
    appVersion: "0.20.0",
  },
  gpuOperator: {
    repo: "https://helm.ngc.nvidia.com/nvidia",
    chart: "gpu-operator",
    version: "v26.7.0",
    appVersion: "v26.7.0",
  },
};

/**
 * The AWS Load Balancer Controller, installed on EKS for the public entry's ALB (and the gateway's NLB
 * annotations). Not a Kubeflow service and not in `ChartPins`: one pin for every release. Chart 3.5.0 ships
 * controller v3.5.0 (helm/aws-load-balancer-controller/Chart.yaml at tag v3.5.0); its one image is the
 * `image.repository` value, `public.ecr.aws/eks/aws-load-balancer-controller`, for the air-gap mirror.
 */
export const AWS_LB_CONTROLLER_CHART: ChartPin = {
  repo: "https://aws.github.io/eks-charts",
  chart: "aws-load-balancer-controller",
  version: "3.5.0",
  appVersion: "v3.5.0",
  notOffline:
    "not in the shared offline chart set; its values were checked against the chart's values.yaml at v3.5.0",
};

/** The controller chart's image value and its default (values.yaml at v3.5.0). */
export const AWS_LB_CONTROLLER_IMAGE = {
  path: ["image", "repository"],
  repository: "public.ecr.aws/eks/aws-load-balancer-controller",
} as const;
