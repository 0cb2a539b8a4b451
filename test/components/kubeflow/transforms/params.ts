/** Test helper: parsed Kubeflow parameters from a partial raw config. */
import { KubeflowParams, parseKubeflowParams } from "../../../../stacks/config/kubeflow-params";

export function params(raw: Record<string, unknown> = {}): KubeflowParams {
  return parseKubeflowParams(raw);
}
