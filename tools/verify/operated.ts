/**
 * Objects an operator of the set creates at run time, which no chart renders: modelled from the custom
 * resource that asks for them, so that rules can check what selects them. Today: NVIDIA's GPU operator, which
 * runs the DCGM exporter (a DaemonSet and its Service in the operator's namespace) when its ClusterPolicy
 * enables it. Facts from gpu-operator's `assets/state-dcgm-exporter` (0900_daemonset.yaml, 0600_service.yaml):
 * both labelled `app: nvidia-dcgm-exporter`, the container port `metrics` 9400, the Service port
 * `gpu-metrics` 9400.
 * @see https://github.com/NVIDIA/gpu-operator/tree/main/assets/state-dcgm-exporter
 */
import { K8sObject } from "../../components/kubeflow/types";
import { apiGroup } from "./objects";
import { PlatformObject, PlatformSet } from "./types";

export const DCGM_EXPORTER = {
  labels: { app: "nvidia-dcgm-exporter" },
  name: "nvidia-dcgm-exporter",
  containerPort: { name: "metrics", containerPort: 9400 },
  servicePort: { name: "gpu-metrics", port: 9400, targetPort: 9400, protocol: "TCP" },
} as const;

function dcgmObjects(namespace: string): K8sObject[] {
  const labels = { ...DCGM_EXPORTER.labels };
  return [
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: DCGM_EXPORTER.name, namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: DCGM_EXPORTER.name,
            containers: [
              {
                name: DCGM_EXPORTER.name,
                ports: [{ ...DCGM_EXPORTER.containerPort, protocol: "TCP" }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: DCGM_EXPORTER.name, namespace, labels },
      spec: { selector: labels, ports: [{ ...DCGM_EXPORTER.servicePort }] },
    },
  ];
}

/**
 * Pure: the objects the set's operators would create. A ClusterPolicy is cluster-scoped; the operator
 * creates its operands in its own namespace, the namespace of its release's namespaced objects.
 */
export function operatorManagedObjects(set: PlatformSet): PlatformObject[] {
  const out: PlatformObject[] = [];
  for (const po of set.objects) {
    const { obj } = po;
    if (obj.kind !== "ClusterPolicy" || apiGroup(obj.apiVersion) !== "nvidia.com") continue;
    const dcgm = (obj.spec as { dcgmExporter?: { enabled?: unknown } } | undefined)?.dcgmExporter;
    if (dcgm?.enabled !== true) continue;
    const namespace = set.objects.find(
      (o) => o.source.resource === po.source.resource && o.obj.metadata.namespace !== undefined,
    )?.obj.metadata.namespace;
    if (namespace === undefined) continue;
    for (const o of dcgmObjects(namespace)) out.push({ obj: o, source: po.source });
  }
  return out;
}
