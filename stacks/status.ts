/**
 * The `status` stack output: what a platform team reads after `pulumi up` — the release, each installed
 * application with its upstream version, mode and URL, the gateway address, and which platform services this
 * stack installs (with their chart versions) or uses as the cluster runs them. `npm run status -- <stack>`
 * prints it as a table. No secret is part of it.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApplicationKey } from "../components/catalog";
import { ClusterHandle } from "../components/cluster/handle";
import { APPLICATION_STATUS_FACTS } from "../components/kubeflow/app-status";
import { defaultDeploymentMode } from "../components/kubeflow/transforms/kserve";
import { CHARTS } from "../components/services/charts";
import { planGpu } from "../components/services/gpu";
import { ServicesHandle } from "../components/services/handle";
import { PlatformConfig } from "./config";
import { KubeflowHandle } from "./kubeflow";

/** Local port of the port-forward command the status prints when the gateway has no hostname. */
export const PORT_FORWARD_LOCAL_PORT = 8080;

export interface ApplicationStatus {
  key: ApplicationKey;
  /** Short name, e.g. `Pipelines`. */
  name: string;
  /** Upstream version its objects run; absent for core (it is the release). */
  version?: string;
  /** How it is installed, when there is a choice (catalog mode and the stack's parameters). */
  mode?: string;
  /** Its web UI through the gateway, when it has one. */
  url?: string;
}

export interface GatewayStatus {
  /** Base URL of the platform: `https://<services.istio.hostname>`, or the port-forward's local URL. */
  url: string;
  /** How users get there: the public hostname, or a port-forward to the gateway Service. */
  access: "hostname" | "port-forward";
  /** The ingress gateway Service, `namespace/name`. */
  service: string;
  /** Type of the gateway Service when this program installs it; absent for an existing Istio. */
  exposure?: "ClusterIP" | "LoadBalancer";
  /** Without a hostname: the command that reaches the gateway from a workstation with cluster access. */
  portForward?: string;
  /** The load balancer's hostname or IP (`pending` until the cloud assigns one), for a LoadBalancer. */
  loadBalancerAddress?: Address;
}
/** An Output in the program; its value once read back with `pulumi stack output --json`. */
type Address = pulumi.Output<string> | string;

export type ServiceKey = "certManager" | "istio" | "dex" | "oauth2Proxy" | "gpu";
export const SERVICE_KEYS: readonly ServiceKey[] = [
  "certManager",
  "istio",
  "dex",
  "oauth2Proxy",
  "gpu",
];

export type ServiceStatus =
  /** This stack installs it from the pinned chart. */
  | { state: "installed"; chart: string; version: string; detail?: string }
  /** The stack uses what the cluster already runs (`mode: existing`). */
  | { state: "existing"; detail?: string }
  /** Nothing is installed, and why (e.g. GKE installs the GPU driver and device plugin itself). */
  | { state: "not installed"; detail: string };

export interface PlatformStatus {
  release: string;
  platform: string;
  cluster: string;
  gateway: GatewayStatus;
  applications: ApplicationStatus[];
  services: Record<ServiceKey, ServiceStatus>;
}

/** What the status reads from the layers (handles), beside the config. */
export interface StatusInputs {
  config: PlatformConfig;
  cluster: Pick<ClusterHandle, "name" | "platform" | "gpuDriver" | "accelerators">;
  services: {
    istio: Pick<ServicesHandle["istio"], "ingressGateway" | "loadBalancerAddress" | "revision">;
  };
  kubeflow: Pick<KubeflowHandle, "release" | "applications">;
}

/** Pure: the gateway's address, from the config and the gateway the services layer reports. */
export function gatewayStatus(
  config: PlatformConfig,
  istio: StatusInputs["services"]["istio"],
): GatewayStatus {
  const s = config.services.istio;
  const { namespace, service } = istio.ingressGateway;
  const tls = s.tls ?? (s.hostname !== undefined ? "self-signed" : "none");
  const portForward = `kubectl -n ${namespace} port-forward svc/${service} ${PORT_FORWARD_LOCAL_PORT}:80`;
  return {
    url:
      s.hostname !== undefined
        ? `${tls === "none" ? "http" : "https"}://${s.hostname}`
        : `http://localhost:${PORT_FORWARD_LOCAL_PORT}`,
    access: s.hostname !== undefined ? "hostname" : "port-forward",
    service: `${namespace}/${service}`,
    ...(s.mode === "install" ? { exposure: s.exposure } : {}),
    ...(s.hostname === undefined ? { portForward } : {}),
    ...(istio.loadBalancerAddress !== undefined
      ? { loadBalancerAddress: istio.loadBalancerAddress }
      : {}),
  };
}

/** Pure: the mode of an application as a user reads it (catalog mode and the parameters that shape it). */
export function applicationMode(
  config: PlatformConfig,
  key: ApplicationKey,
  mode: string,
  installed: readonly ApplicationKey[] = [],
): string | undefined {
  const parts = mode === "default" ? [] : [mode];
  const kf = config.kubeflow;
  if (key === "pipelines") {
    const store = kf.pipelines.objectStore;
    const db = kf.pipelines.database;
    parts.push(
      `object store ${store.type === "s3" ? `s3://${store.bucket}` : "in-cluster"}`,
      `database ${db.type === "external" ? `external ${db.host}:${db.port}` : "in-cluster"}`,
    );
  }
  if (key === "kserve") {
    const knative = installed.includes("knative");
    parts.push(`InferenceServices ${defaultDeploymentMode(kf.kserve, knative)}`);
  }
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** Pure: what the services layer installs, from the config and the cluster's facts. */
export function servicesStatus(
  config: PlatformConfig,
  cluster: StatusInputs["cluster"],
  istio: Pick<ServicesHandle["istio"], "ingressGateway" | "revision">,
): Record<ServiceKey, ServiceStatus> {
  const s = config.services;
  const chart = (pin: { chart: string; version: string }, detail?: string): ServiceStatus => ({
    state: "installed",
    chart: pin.chart,
    version: pin.version,
    ...(detail !== undefined ? { detail } : {}),
  });
  const existing = (detail?: string): ServiceStatus => ({
    state: "existing",
    ...(detail !== undefined ? { detail } : {}),
  });
  const gpu = planGpu({
    mode: s.gpu.mode,
    gpuDriver: cluster.gpuDriver,
    accelerators: cluster.accelerators.length,
    kind: s.gpu.kind,
  });
  const gpuStatus = (): ServiceStatus => {
    if (gpu === "device-plugin") return chart(CHARTS.nvidiaDevicePlugin);
    if (gpu === "operator") return chart(CHARTS.gpuOperator);
    if (s.gpu.mode === "existing") return existing();
    if (cluster.accelerators.length === 0) {
      return { state: "not installed", detail: "no accelerator pools" };
    }
    return {
      state: "not installed",
      detail:
        cluster.gpuDriver === "platform-managed"
          ? "the platform installs the GPU driver and device plugin"
          : "no GPU driver mode",
    };
  };
  return {
    certManager:
      s.certManager.mode === "install"
        ? chart(CHARTS.certManager)
        : existing(
            s.certManager.clusterIssuer !== undefined
              ? `ClusterIssuer ${s.certManager.clusterIssuer}`
              : undefined,
          ),
    istio:
      s.istio.mode === "install"
        ? chart(
            CHARTS.istiod,
            istio.revision !== undefined ? `revision ${istio.revision}` : undefined,
          )
        : existing(`gateway ${istio.ingressGateway.namespace}/${istio.ingressGateway.service}`),
    dex:
      s.dex.mode === "install"
        ? chart(
            CHARTS.dex,
            CHARTS.dex.imageTag !== undefined ? `image ${CHARTS.dex.imageTag}` : undefined,
          )
        : existing(),
    oauth2Proxy: s.oauth2Proxy.mode === "install" ? chart(CHARTS.oauth2Proxy) : existing(),
    gpu: gpuStatus(),
  };
}

/** Pure: the stack's status from its validated config and the handles of its layers. */
export function platformStatus(inputs: StatusInputs): PlatformStatus {
  const { config, cluster, services, kubeflow } = inputs;
  const gateway = gatewayStatus(config, services.istio);
  const base = gateway.url.replace(/\/$/, "");
  return {
    release: kubeflow.release ?? config.kubeflow.version,
    platform: cluster.platform,
    cluster: cluster.name,
    gateway,
    applications: kubeflow.applications.map((a) => {
      const mode = applicationMode(
        config,
        a.key,
        a.mode,
        kubeflow.applications.map((i) => i.key),
      );
      const webPath = APPLICATION_STATUS_FACTS[a.key].webPath;
      return {
        key: a.key,
        name: APPLICATION_STATUS_FACTS[a.key].name,
        ...(a.version !== undefined ? { version: a.version } : {}),
        ...(mode !== undefined ? { mode } : {}),
        ...(webPath !== undefined ? { url: `${base}${webPath}` } : {}),
      };
    }),
    services: servicesStatus(config, cluster, services.istio),
  };
}
