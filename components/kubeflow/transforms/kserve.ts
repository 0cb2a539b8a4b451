/**
 * KServe: the default deployment mode (`deploy.defaultDeploymentMode` of `inferenceservice-config`) and the
 * ingress domain of InferenceService URLs (`ingress.ingressDomain` there, and Knative's `config-domain`,
 * which serverless InferenceServices get their hostnames from).
 */
import type { KubeflowParams } from "../params";
import { K8sObject, ObjectTransform } from "../types";

/** The domain upstream ships in both ConfigMaps. */
const UPSTREAM_DOMAIN = "example.com";

/** Set keys of a JSON text; the text is returned untouched when every key already has its value. */
function editJson(text: string, values: Record<string, unknown>): string {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  if (Object.entries(values).every(([k, v]) => parsed[k] === v)) return text;
  return JSON.stringify({ ...parsed, ...values }, null, 2);
}

/**
 * The default deployment mode: the one configured, else "Serverless" where Knative is installed and
 * "RawDeployment" where it is not (a Serverless default without Knative leaves every InferenceService
 * waiting for Knative Services; the stack config refuses an explicit "Serverless" then).
 */
export function defaultDeploymentMode(
  params: KubeflowParams["kserve"],
  knativeInstalled: boolean,
): "Serverless" | "RawDeployment" {
  return params.deploymentMode ?? (knativeInstalled ? "Serverless" : "RawDeployment");
}

export function kserve(params: KubeflowParams["kserve"], knativeInstalled = true): ObjectTransform {
  const deploymentMode = defaultDeploymentMode(params, knativeInstalled);
  return (obj): K8sObject => {
    if (obj.kind !== "ConfigMap") return obj;
    const data = (obj.data ?? {}) as Record<string, string>;
    if (obj.metadata.name === "inferenceservice-config") {
      const next = { ...data };
      if (data.deploy !== undefined) {
        next.deploy = editJson(data.deploy, { defaultDeploymentMode: deploymentMode });
      }
      if (data.ingress !== undefined) {
        next.ingress = editJson(data.ingress, { ingressDomain: params.ingressDomain });
      }
      const changed = next.deploy !== data.deploy || next.ingress !== data.ingress;
      return changed ? { ...obj, data: next } : obj;
    }
    if (obj.metadata.name === "config-domain" && obj.metadata.namespace === "knative-serving") {
      if (params.ingressDomain === UPSTREAM_DOMAIN || !(UPSTREAM_DOMAIN in data)) return obj;
      const { [UPSTREAM_DOMAIN]: value, ...rest } = data;
      return { ...obj, data: { ...rest, [params.ingressDomain]: value ?? "" } };
    }
    return obj;
  };
}
