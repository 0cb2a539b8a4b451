import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AcceleratorPool, ClusterHandle, GpuDriverMode } from "../cluster/handle";
import { NAMESPACES } from "../shared/constants";
import { MirrorSpec } from "../shared/image-ref";
import { CHARTS, ChartSource, releaseArgs } from "./charts";
import { HelmValues, mergeValues, serviceNamespace, ServiceMode } from "./common";
import { inputError } from "../shared/input-error";
import { withImageMirror } from "./image-mirror";

export type GpuInstall = "none" | "device-plugin" | "operator";

/** What GPU support can install where drivers are on the node, for a schema to take. */
export const GPU_KINDS = ["device-plugin", "operator"] as const;

/**
 * Settings of GPU support. Every default is in `GPU_SUPPORT_DEFAULTS`; the stack schema (`services.gpu`) takes
 * its defaults from there.
 */
export interface GpuSupportOptions {
  /**
   * "install" GPU support, or "existing" to rely on what the cluster already runs (nothing installed).
   * @default GPU_SUPPORT_DEFAULTS.mode ("install")
   */
  mode?: ServiceMode;
  /**
   * What to install where drivers are on the node: NVIDIA's device plugin, or the GPU operator (with its
   * driver container disabled, since the driver is already there).
   * @default GPU_SUPPORT_DEFAULTS.kind ("device-plugin")
   */
  kind?: (typeof GPU_KINDS)[number];
  /** Install NVIDIA's DCGM exporter for GPU metrics (operator only). @default GPU_SUPPORT_DEFAULTS.dcgmExporter (false) */
  dcgmExporter?: boolean;
  /**
   * Extra Helm values of the GPU chart (device plugin or operator) merged last. An escape hatch: not
   * covered by upgrade guarantees.
   * @default {}
   */
  values?: HelmValues;
  /** Where the pinned chart comes from. @default - the chart's public Helm repository */
  charts?: ChartSource;
  /**
   * Registry mirror every image of the chart is pulled from, through the chart's image values.
   * @default - none: the chart's own images
   */
  imageMirror?: MirrorSpec;
}

/** The defaults of `GpuSupportOptions`, written once. */
export const GPU_SUPPORT_DEFAULTS = {
  mode: "install",
  kind: "device-plugin",
  dcgmExporter: false,
} as const satisfies Required<Pick<GpuSupportOptions, "mode" | "kind" | "dcgmExporter">>;

/** GPU support's settings and its wiring. */
export interface GpuSupportArgs extends GpuSupportOptions {
  /** The cluster: its GPU driver mode and accelerator pools decide what is installed. */
  cluster: Pick<ClusterHandle, "ready" | "gpuDriver" | "accelerators">;
}

/** Pure: what to install, from the cluster's facts. */
export function planGpu(args: {
  mode: ServiceMode;
  gpuDriver: GpuDriverMode;
  accelerators: number;
  kind: "device-plugin" | "operator";
}): GpuInstall {
  if (args.mode === "existing") return "none";
  // GKE installs the driver and its own device plugin (gpuDriverInstallationConfig): adding ours would
  // advertise the GPUs twice.
  if (args.gpuDriver !== "driver-on-node" || args.accelerators === 0) return "none";
  return args.kind;
}

/** Pure: tolerations for every taint of the accelerator pools (and critical add-ons). */
export function gpuTolerations(pools: readonly AcceleratorPool[]) {
  const seen = new Map<string, { key: string; operator: "Exists"; effect: string }>();
  for (const p of pools) {
    for (const t of p.taints)
      seen.set(`${t.key}:${t.effect}`, { key: t.key, operator: "Exists", effect: t.effect });
  }
  return [{ key: "CriticalAddonsOnly", operator: "Exists" }, ...seen.values()];
}

/**
 * Pure: node affinity to the accelerator pools (any pool matches), or undefined when a pool has no labels to
 * select it by (then the daemon runs on every node and idles where there is no GPU).
 */
export function gpuAffinity(pools: readonly AcceleratorPool[]) {
  if (pools.length === 0 || pools.some((p) => Object.keys(p.nodeSelector).length === 0)) {
    return undefined;
  }
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: pools.map((p) => ({
          matchExpressions: Object.entries(p.nodeSelector).map(([key, value]) => ({
            key,
            operator: "In",
            values: [value],
          })),
        })),
      },
    },
  };
}

/** Pure: nvidia-device-plugin chart values. */
export function devicePluginValues(pools: readonly AcceleratorPool[], values?: HelmValues) {
  const affinity = gpuAffinity(pools);
  return mergeValues(
    {
      tolerations: gpuTolerations(pools),
      // Without pool labels we cannot rely on NFD's labels (the chart's default affinity) being present.
      affinity: affinity ?? {},
      ...(affinity === undefined ? { failOnInitError: false } : {}),
    },
    values,
  );
}

/** Pure: gpu-operator chart values for nodes whose image already has the driver. */
export function gpuOperatorValues(
  pools: readonly AcceleratorPool[],
  dcgmExporter: boolean,
  values?: HelmValues,
) {
  // The operator picks GPU nodes itself (NFD's PCI vendor label); only its tolerations need our taints.
  return mergeValues(
    {
      driver: { enabled: false },
      // The chart's default asks the operator for its own ServiceMonitor, which needs the Prometheus
      // Operator's CRDs; the Metrics component scrapes the exporter instead, by the backend the stack chose.
      dcgmExporter: { enabled: dcgmExporter, serviceMonitor: { enabled: false } },
      daemonsets: {
        tolerations: gpuTolerations(pools).filter((t) => t.key !== "CriticalAddonsOnly"),
      },
    },
    values,
  );
}

/** GPU support: NVIDIA's device plugin or GPU operator where the cluster needs one; nothing elsewhere. */
export class GpuSupport extends pulumi.ComponentResource {
  public readonly installed: GpuInstall;
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: GpuSupportArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:services:GpuSupport", name, {}, opts);
    const kind = args.kind ?? GPU_SUPPORT_DEFAULTS.kind;
    if (args.dcgmExporter === true && kind !== "operator") {
      throw inputError(`GpuSupport ${name}`, [
        {
          path: ["dcgmExporter"],
          message: `needs kind "operator" (kind is "${kind}"; no pinned DCGM chart otherwise)`,
        },
      ]);
    }
    this.installed = planGpu({
      mode: args.mode ?? GPU_SUPPORT_DEFAULTS.mode,
      gpuDriver: args.cluster.gpuDriver,
      accelerators: args.cluster.accelerators.length,
      kind,
    });
    const ready: pulumi.Resource[] = [];
    if (this.installed !== "none") {
      const ns = serviceNamespace(
        `${name}-namespace`,
        NAMESPACES.gpu,
        // Device plugins mount host paths and run privileged.
        { "pod-security.kubernetes.io/enforce": "privileged" },
        this,
        args.cluster.ready,
      );
      const pools = args.cluster.accelerators;
      const release =
        this.installed === "device-plugin"
          ? new k8s.helm.v3.Release(
              `${name}-device-plugin`,
              {
                ...releaseArgs(
                  CHARTS.nvidiaDevicePlugin,
                  "nvidia-device-plugin",
                  NAMESPACES.gpu,
                  args.charts,
                ),
                values: devicePluginValues(
                  pools,
                  withImageMirror("nvidiaDevicePlugin", args.imageMirror, args.values),
                ),
              },
              { parent: this, dependsOn: [ns] },
            )
          : new k8s.helm.v3.Release(
              `${name}-operator`,
              {
                ...releaseArgs(CHARTS.gpuOperator, "gpu-operator", NAMESPACES.gpu, args.charts),
                values: gpuOperatorValues(
                  pools,
                  args.dcgmExporter ?? GPU_SUPPORT_DEFAULTS.dcgmExporter,
                  withImageMirror("gpuOperator", args.imageMirror, args.values),
                ),
              },
              { parent: this, dependsOn: [ns] },
            );
      ready.push(release);
    }
    this.ready = ready;
    this.registerOutputs({ installed: this.installed });
  }
}
