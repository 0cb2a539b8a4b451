/**
 * The namespace of a profile, declared by this program instead of left to the profile controller, so that
 * its lifecycle (and the PersistentVolumeClaims in it) is under Pulumi's protection.
 *
 * Why this works with the upstream controller (kubeflow/kubeflow v1.10.0, the profile-controller image of
 * Kubeflow 26.03, components/profile-controller/controllers/profile_controller.go `Reconcile`): when the
 * namespace already exists and its `owner` annotation equals `spec.owner.name`, the controller adopts it —
 * it adds its default labels and creates the owner's RoleBinding, AuthorizationPolicy, service accounts and
 * ResourceQuota — but it sets no ownerReference on it. Deleting the Profile therefore never garbage-collects
 * the namespace; only deleting the Namespace resource does, and that resource is protected.
 * https://github.com/kubeflow/kubeflow/blob/v1.10.0/components/profile-controller/controllers/profile_controller.go
 */
import { parse } from "yaml";
import { K8sObject } from "../shared/k8s-object";

/** The label the profile controller sets itself on every profile namespace (`istioInjectionLabel`). */
export const ISTIO_INJECTION_LABELS: Readonly<Record<string, string>> = {
  "istio-injection": "enabled",
};

/**
 * Labels of a profile namespace in Kubeflow 26.03: the controller's own `istio-injection`, then the
 * `namespace-labels.yaml` of its `namespace-labels-data` ConfigMap (applications/profiles/pss): Katib's
 * metrics-collector injection, KServe, Pipelines (its profile controller syncs the per-namespace pipeline
 * resources), the part-of marker and Pod Security Standards "baseline" enforcement. The test reads the
 * bundle and checks this constant against it. No NetworkPolicy is added to user namespaces upstream: their
 * isolation is Istio's (the owner's `ns-owner-access-istio` and KFAM's per-contributor policies).
 */
export const PROFILE_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  "istio-injection": "enabled",
  "katib.kubeflow.org/metrics-collector-injection": "enabled",
  "serving.kubeflow.org/inferenceservice": "enabled",
  "pipelines.kubeflow.org/enabled": "true",
  "app.kubernetes.io/part-of": "kubeflow-profile",
  "pod-security.kubernetes.io/enforce": "baseline",
};

/**
 * The labels the profile controller gives a new namespace, from the text of `namespace-labels.yaml`:
 * `setNamespaceLabels` starts from `istio-injection: enabled`, adds each key that is not set yet, and removes
 * keys whose value is empty.
 */
export function namespaceLabelsFromConfig(namespaceLabelsYaml: string): Record<string, string> {
  const parsed = (parse(namespaceLabelsYaml) ?? {}) as Record<string, unknown>;
  const labels: Record<string, string> = { ...ISTIO_INJECTION_LABELS };
  for (const [k, v] of Object.entries(parsed)) {
    const value = v === null || v === undefined ? "" : String(v);
    if (value === "") delete labels[k];
    else if (!(k in labels)) labels[k] = value;
  }
  return labels;
}

/** The Namespace object of a profile: the controller's labels and the `owner` annotation it checks. */
export function profileNamespace(
  name: string,
  ownerName: string,
  labels: Readonly<Record<string, string>> = PROFILE_NAMESPACE_LABELS,
): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { ...labels }, annotations: { owner: ownerName } },
  };
}
