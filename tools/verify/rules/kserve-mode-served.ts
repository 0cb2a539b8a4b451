/**
 * Rule `kserve-mode-served`: KServe's default deployment mode is one the platform serves. With
 * `deploy.defaultDeploymentMode` "Serverless" (KServe 0.15+ also says "Knative") every InferenceService
 * without an annotation becomes a Knative Service: without Knative Serving's CRD and controller the
 * InferenceService never gets ready (https://kserve.github.io/website/docs/admin-guide/serverless).
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { ofKind } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import { field, str, violation } from "./common";

const NAME = "kserve-mode-served";

const KNATIVE_MODES = new Set(["Serverless", "Knative"]);

/** Pure: the default deployment mode of an inferenceservice-config ConfigMap, if it states one. */
export function defaultDeploymentModeOf(cm: K8sObject): string | undefined {
  const text = str(field(cm, "data"), "deploy");
  if (text === undefined) return undefined;
  try {
    const mode = (JSON.parse(text) as { defaultDeploymentMode?: unknown }).defaultDeploymentMode;
    return typeof mode === "string" ? mode : undefined;
  } catch {
    return undefined;
  }
}

function check(set: PlatformSet): Violation[] {
  const crd = ofKind(set, "CustomResourceDefinition", "apiextensions.k8s.io").some(
    (o) => o.metadata.name === "services.serving.knative.dev",
  );
  const controller = ofKind(set, "Deployment", "apps").some(
    (o) => o.metadata.namespace === "knative-serving" && o.metadata.name === "controller",
  );
  const out: Violation[] = [];
  for (const cm of ofKind(set, "ConfigMap", "")) {
    if (cm.metadata.name !== "inferenceservice-config") continue;
    const mode = defaultDeploymentModeOf(cm);
    if (mode === undefined || !KNATIVE_MODES.has(mode) || (crd && controller)) continue;
    const missing = [
      ...(crd ? [] : ["CustomResourceDefinition services.serving.knative.dev"]),
      ...(controller ? [] : ["Deployment knative-serving/controller"]),
    ];
    out.push(
      violation(
        NAME,
        cm,
        `deploy.defaultDeploymentMode is ${mode}, which needs Knative Serving, but the set lacks ` +
          missing.join(" and "),
        'enable the knative application, or set kubeflow.kserve.deploymentMode to "RawDeployment"',
      ),
    );
  }
  return out;
}

/** KServe's default deployment mode is served by the platform. */
export const kserveModeServed: Rule = {
  name: NAME,
  description:
    "KServe's default deployment mode (inferenceservice-config) is RawDeployment, or Serverless with " +
    "Knative Serving's CRD and controller in the set.",
  check,
};
