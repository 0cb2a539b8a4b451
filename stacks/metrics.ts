/**
 * The metrics layer of a stack: who scrapes (`services.metrics.scrape`, `auto` resolved by platform), which
 * of the platform's components run (so that every monitor selects something), the monitors themselves and the
 * NetworkPolicies the Kubeflow layer applies in its isolated namespaces.
 */
import { ClusterHandle } from "../components/cluster/handle";
import { getRelease } from "../components/catalog";
import { selectApplications } from "../components/kubeflow/applications";
import { planGpu } from "../components/services/gpu";
import { ServicesHandle } from "../components/services/handle";
import {
  Metrics,
  MetricsTargets,
  operatorOptions,
  planMetrics,
  PrometheusOperatorOptions,
  ScrapeBackend,
  ScrapePolicy,
} from "../components/services/metrics";
import { PlatformConfig } from "./config";
import { resolveScrape } from "./config/services";
import type { KubeflowHandle } from "./kubeflow";

/** Pure: the backend of a stack. */
export function metricsBackend(cfg: PlatformConfig): ScrapeBackend {
  return resolveScrape(cfg.services.metrics, cfg.platform, cfg.cluster);
}

/** Pure: which scrape targets run on this stack. */
export function metricsTargets(
  cfg: PlatformConfig,
  cluster: Pick<ClusterHandle, "gpuDriver" | "accelerators">,
): MetricsTargets {
  const s = cfg.services;
  const apps = selectApplications(getRelease(cfg.kubeflow.version), cfg.kubeflow.applications);
  const gpu = planGpu({
    mode: s.gpu.mode,
    gpuDriver: cluster.gpuDriver,
    accelerators: cluster.accelerators.length,
    kind: s.gpu.kind,
  });
  return {
    istiod: s.istio.mode === "install",
    certManager: s.certManager.mode === "install",
    katib: apps.applications.some((a) => a.key === "katib"),
    dcgmExporter: gpu === "operator" && s.gpu.dcgmExporter,
  };
}

function operatorOf(cfg: PlatformConfig): PrometheusOperatorOptions {
  const m = cfg.services.metrics;
  return operatorOptions({
    ...(m.prometheusNamespace !== undefined ? { namespace: m.prometheusNamespace } : {}),
    ...(m.monitorLabels !== undefined ? { monitorLabels: m.monitorLabels } : {}),
  });
}

/** Pure: NetworkPolicies admitting the scraper in Kubeflow's namespaces (applied by the Kubeflow layer). */
export function metricsNetworkPolicies(
  cfg: PlatformConfig,
  cluster: Pick<ClusterHandle, "gpuDriver" | "accelerators">,
): ScrapePolicy[] {
  return planMetrics(metricsBackend(cfg), metricsTargets(cfg, cluster), operatorOf(cfg))
    .networkPolicies;
}

/** The monitors, once the services and Kubeflow's namespaces and workloads they select exist. */
export function createMetrics(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
  services: ServicesHandle,
  kubeflow: KubeflowHandle,
): Metrics {
  return new Metrics(
    `${cluster.name}-metrics`,
    {
      backend: metricsBackend(cfg),
      targets: metricsTargets(cfg, cluster),
      prometheusOperator: operatorOf(cfg),
      dependsOn: [
        ...services.istio.ready,
        ...services.certManager.ready,
        ...services.gpu.ready,
        ...kubeflow.ready,
      ],
    },
    { providers: [cluster.provider] },
  );
}
