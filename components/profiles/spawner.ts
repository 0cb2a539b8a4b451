/**
 * The Jupyter web app's spawner settings for the cluster's accelerators, as a transformation of the bundle's
 * `jupyter-web-app-config-*` ConfigMap (key `spawner_ui_config.yaml`). Upstream offers NVIDIA, AMD and
 * Intel Gaudi whatever the cluster has; a user who picks a vendor the cluster lacks gets a notebook that never
 * schedules. The lead wires `spawnerConfigTransform(cluster.accelerators)` into the bundle transforms.
 */
import { parseDocument } from "yaml";
import { AcceleratorPool } from "../cluster/handle";
import { K8sObject, ObjectTransform } from "../shared/k8s-object";
import { spawnerAcceleratorConfig, SpawnerAcceleratorConfig } from "./accelerators";

const SPAWNER_KEY = "spawner_ui_config.yaml";
const DEFAULTS = ["spawnerFormDefaults"];

/**
 * Pure: `spawner_ui_config.yaml` with the GPU vendors, affinity options and toleration groups replaced by
 * the cluster's (comments elsewhere are kept). Without accelerators the GPU field is made read-only at
 * "none", so the spawner cannot request a GPU the cluster does not have.
 */
export function applySpawnerAcceleratorConfig(
  spawnerUiConfig: string,
  cfg: SpawnerAcceleratorConfig,
): string {
  const doc = parseDocument(spawnerUiConfig);
  doc.setIn([...DEFAULTS, "gpus", "value", "vendors"], cfg.gpuVendors);
  if (cfg.gpuVendors.length === 0) {
    doc.setIn([...DEFAULTS, "gpus", "value", "vendor"], "");
    doc.setIn([...DEFAULTS, "gpus", "value", "num"], "none");
    doc.setIn([...DEFAULTS, "gpus", "readOnly"], true);
  }
  doc.setIn([...DEFAULTS, "affinityConfig", "options"], cfg.affinityOptions);
  doc.setIn([...DEFAULTS, "tolerationGroup", "options"], cfg.tolerationGroups);
  return doc.toString();
}

/** Whether an object is the Jupyter web app's spawner ConfigMap (its name carries a kustomize hash). */
export function isSpawnerConfigMap(obj: K8sObject): boolean {
  const data = obj.data as Record<string, unknown> | undefined;
  return (
    obj.kind === "ConfigMap" &&
    obj.metadata.name.startsWith("jupyter-web-app-config") &&
    typeof data?.[SPAWNER_KEY] === "string"
  );
}

/** A bundle transformation that offers exactly the cluster's accelerators in the notebook spawner. */
export function spawnerConfigTransform(pools: readonly AcceleratorPool[]): ObjectTransform {
  const cfg = spawnerAcceleratorConfig(pools);
  return (obj) => {
    if (!isSpawnerConfigMap(obj)) return obj;
    const data = obj.data as Record<string, string>;
    return {
      ...obj,
      data: { ...data, [SPAWNER_KEY]: applySpawnerAcceleratorConfig(data[SPAWNER_KEY]!, cfg) },
    };
  };
}
