/** Copy-on-write edits of the env lists of a workload's containers. */
import { K8sObject } from "../types";
import { updateContainers, updatePodSpec } from "../transforms/walk";

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

/** Apply `fn` to the env list of every container and initContainer; unchanged lists stay the same. */
export function mapEnv(
  obj: K8sObject,
  fn: (env: EnvVar[], container: Record<string, unknown>) => EnvVar[],
): K8sObject {
  return updatePodSpec(obj, (spec) =>
    updateContainers(spec, (c) => {
      if (!Array.isArray(c.env)) return c;
      const env = c.env as EnvVar[];
      const next = fn(env, c);
      return next === env ? c : { ...c, env: next };
    }),
  );
}
