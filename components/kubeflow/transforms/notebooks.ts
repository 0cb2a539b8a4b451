/**
 * Notebooks: the images and GPU vendors the Jupyter spawner offers (the web app's `spawner_ui_config.yaml`,
 * edited as a YAML document so upstream's comments survive) and idle culling (the notebook controller's
 * ENABLE_CULLING / CULL_IDLE_TIME / IDLENESS_CHECK_PERIOD, read from `notebook-controller-config`).
 */
import { parseDocument } from "yaml";
import type { KubeflowParams } from "../params";
import { NVIDIA_GPU_RESOURCE } from "../../shared/constants";
import { K8sObject, ObjectTransform } from "../types";
import { isConfigMapNamed } from "./walk";

/** A GPU vendor offered in the spawner. */
export interface GpuVendor {
  limitsKey: string;
  uiName: string;
}

/** GPU vendors upstream's spawner offers, by extended resource name (for docs and the profiles layer). */
export const KNOWN_GPU_VENDORS: readonly GpuVendor[] = [
  { limitsKey: NVIDIA_GPU_RESOURCE, uiName: "NVIDIA" },
  { limitsKey: "amd.com/gpu", uiName: "AMD" },
  { limitsKey: "habana.ai/gaudi", uiName: "Intel Gaudi" },
];

const SPAWNER_CONFIG = "jupyter-web-app-config";
const SPAWNER_KEY = "spawner_ui_config.yaml";
const CONTROLLER_CONFIG = "notebook-controller-config";

type NotebookParams = KubeflowParams["notebooks"];

/** The spawner config text with the configured images and GPU vendors; unchanged text when none are. */
export function editSpawnerConfig(text: string, params: NotebookParams): string {
  if (
    params.images === undefined &&
    params.defaultImage === undefined &&
    params.gpuVendors === undefined
  ) {
    return text;
  }
  const doc = parseDocument(text);
  const base = ["spawnerFormDefaults"];
  if (params.images !== undefined) doc.setIn([...base, "image", "options"], params.images);
  const defaultImage = params.defaultImage ?? params.images?.[0];
  if (defaultImage !== undefined) doc.setIn([...base, "image", "value"], defaultImage);
  if (params.gpuVendors !== undefined) {
    doc.setIn(
      [...base, "gpus", "value", "vendors"],
      params.gpuVendors.map((v) => ({ limitsKey: v.limitsKey, uiName: v.uiName })),
    );
  }
  return doc.toString();
}

function withData(obj: K8sObject, data: Record<string, string>): K8sObject {
  const current = (obj.data ?? {}) as Record<string, string>;
  const changed = Object.entries(data).some(([k, v]) => current[k] !== v);
  return changed ? { ...obj, data: { ...current, ...data } } : obj;
}

export function notebooks(params: NotebookParams): ObjectTransform {
  return (obj) => {
    if (isConfigMapNamed(obj, SPAWNER_CONFIG)) {
      const text = ((obj.data ?? {}) as Record<string, string>)[SPAWNER_KEY];
      if (text === undefined) return obj;
      return withData(obj, { [SPAWNER_KEY]: editSpawnerConfig(text, params) });
    }
    if (isConfigMapNamed(obj, CONTROLLER_CONFIG)) {
      return withData(obj, {
        ENABLE_CULLING: String(params.culling.enabled),
        CULL_IDLE_TIME: String(params.culling.idleMinutes),
        IDLENESS_CHECK_PERIOD: String(params.culling.checkPeriodMinutes),
      });
    }
    return obj;
  };
}
