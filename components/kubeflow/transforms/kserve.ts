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

export function kserve(params: KubeflowParams["kserve"]): ObjectTransform {
  return (obj): K8sObject => {
    if (obj.kind !== "ConfigMap") return obj;
    const data = (obj.data ?? {}) as Record<string, string>;
    if (obj.metadata.name === "inferenceservice-config") {
      const next = { ...data };
      if (data.deploy !== undefined) {
        next.deploy = editJson(data.deploy, { defaultDeploymentMode: params.deploymentMode });
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
