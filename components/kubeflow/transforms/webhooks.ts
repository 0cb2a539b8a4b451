/**
 * Where Kubeflow's admission webhooks reach: every MutatingWebhookConfiguration and
 * ValidatingWebhookConfiguration of the release.
 *
 * - Always: a webhook whose namespaceSelector would select Kubernetes' own namespaces (`kube-system`,
 *   `kube-public`, `kube-node-lease`) gets `kubernetes.io/metadata.name NotIn [...]`. Upstream's Katib,
 *   KServe, Knative, Spark, Trainer/JobSet and PVC viewer webhooks select every namespace, most with
 *   `failurePolicy: Fail`: while one is down, what it intercepts cannot be created in `kube-system` either.
 *   The API server sets `kubernetes.io/metadata.name` on every namespace, so the expression holds without
 *   labelling anything.
 *   https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name
 * - `confineToProfiles`: every webhook also gets `app.kubernetes.io/part-of In [kubeflow, kubeflow-profile]`,
 *   and the release's own Namespaces are labelled `app.kubernetes.io/part-of: kubeflow`. Profile namespaces
 *   carry `kubeflow-profile` already: the profile controller sets it from its `namespace-labels.yaml` on every
 *   namespace it makes or adopts (the PodDefaults webhook and Kubeflow's NetworkPolicies rely on it too).
 *
 * Existing expressions are kept: Knative's webhooks reconcile their own configurations but keep every
 * expression whose key is not Knative's (`webhook.EnsureLabelSelectorExpressions` in knative.dev/pkg), so the
 * added ones survive; they must be `matchExpressions`, which it merges, not `matchLabels`.
 * https://github.com/knative/pkg/blob/main/webhook/helper.go
 *
 * Istio's own webhooks (`*.istio.io`, in the bundle's catalogued but unused `common/istio` install) are left
 * alone: the mesh injects into every namespace that asks for it, Kubeflow's or not.
 *
 * A namespaceSelector does not apply to cluster-scoped objects other than Namespaces (ClusterServingRuntime,
 * ClusterTrainingRuntime, LocalModelCache): those webhooks cannot be confined to namespaces, and the selector
 * changes nothing for them.
 */
import { selectorMatches } from "../graph";
import { K8sObject, ObjectTransform } from "../types";

/** The label the API server sets on every namespace, with the namespace's name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
/** Kubernetes' own namespaces, which no Kubeflow webhook intercepts. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  "kube-system",
  "kube-public",
  "kube-node-lease",
];
/** The label key that names what a namespace is part of. */
export const PART_OF_LABEL = "app.kubernetes.io/part-of";
/** Its value on Kubeflow's own namespaces (set by this transform when confined). */
export const KUBEFLOW_PART_OF = "kubeflow";
/** Its value on profile namespaces (the profile controller's `namespace-labels.yaml`). */
export const PROFILE_PART_OF = "kubeflow-profile";

/** The namespace selector expression that keeps a webhook off Kubernetes' own namespaces. */
export const NOT_SYSTEM_EXPRESSION: Readonly<LabelSelectorRequirement> = {
  key: NAMESPACE_NAME_LABEL,
  operator: "NotIn",
  values: [...SYSTEM_NAMESPACES],
};
/** The namespace selector expression that confines a webhook to profile and Kubeflow namespaces. */
export const CONFINED_EXPRESSION: Readonly<LabelSelectorRequirement> = {
  key: PART_OF_LABEL,
  operator: "In",
  values: [KUBEFLOW_PART_OF, PROFILE_PART_OF],
};

/** Where Kubeflow's webhooks reach. */
export interface WebhookScopeOptions {
  /** Confine every webhook to the profile namespaces and Kubeflow's own. @default false */
  confineToProfiles: boolean;
}

interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

const ADMISSION_GROUP = "admissionregistration.k8s.io";
const WEBHOOK_KINDS = new Set(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]);

/** Whether an object is an admission webhook configuration. */
export function isWebhookConfiguration(obj: K8sObject): boolean {
  return WEBHOOK_KINDS.has(obj.kind) && obj.apiVersion.startsWith(`${ADMISSION_GROUP}/`);
}

/** Whether a namespace selector selects a namespace that has only its name label. */
export function selectsNamespaceNamed(selector: LabelSelector | undefined, name: string): boolean {
  return selectorMatches(selector, { [NAMESPACE_NAME_LABEL]: name });
}

const sameExpression = (a: LabelSelectorRequirement, b: Readonly<LabelSelectorRequirement>) =>
  a.key === b.key &&
  a.operator === b.operator &&
  JSON.stringify(a.values ?? []) === JSON.stringify(b.values ?? []);

/**
 * The namespaces a selector pins by name (`kubernetes.io/metadata.name In [...]`), e.g. Knative Eventing's
 * config validation of its own namespace; undefined when it does not pin them.
 */
export function pinnedNamespaces(selector: LabelSelector | undefined): string[] | undefined {
  const byLabel = selector?.matchLabels?.[NAMESPACE_NAME_LABEL];
  if (byLabel !== undefined) return [byLabel];
  const expr = selector?.matchExpressions?.find(
    (e) => e.key === NAMESPACE_NAME_LABEL && e.operator === "In",
  );
  return expr !== undefined ? [...(expr.values ?? [])] : undefined;
}

/** Pure: the selector with `expr` appended, or the same selector when it already holds it. */
function withExpression(
  selector: LabelSelector | undefined,
  expr: Readonly<LabelSelectorRequirement>,
): LabelSelector {
  const current = selector ?? {};
  const exprs = current.matchExpressions ?? [];
  if (exprs.some((e) => sameExpression(e, expr))) return current;
  return {
    ...current,
    matchExpressions: [...exprs, { ...expr, values: [...(expr.values ?? [])] }],
  };
}

/** Whether a webhook is Istio's own (sidecar injection, config validation), which reaches the whole mesh. */
export function isIstioWebhook(webhook: Record<string, unknown>): boolean {
  return typeof webhook.name === "string" && webhook.name.endsWith(".istio.io");
}

/** Pure: one webhook's namespaceSelector as the options want it; the same webhook when unchanged. */
export function scopeWebhook(
  webhook: Record<string, unknown>,
  options: WebhookScopeOptions,
): Record<string, unknown> {
  if (isIstioWebhook(webhook)) return webhook;
  const original = webhook.namespaceSelector as LabelSelector | undefined;
  let selector = original;
  if (SYSTEM_NAMESPACES.some((ns) => selectsNamespaceNamed(original, ns)))
    selector = withExpression(selector, NOT_SYSTEM_EXPRESSION);
  if (options.confineToProfiles) selector = withExpression(selector, CONFINED_EXPRESSION);
  return selector === original ? webhook : { ...webhook, namespaceSelector: selector };
}

/** Pure: the release's webhooks kept off `kube-system` (always) and confined (when asked). */
export function webhookScope(options: WebhookScopeOptions): ObjectTransform {
  return (obj) => {
    if (isWebhookConfiguration(obj) && Array.isArray(obj.webhooks)) {
      const webhooks = obj.webhooks as Record<string, unknown>[];
      const scoped = webhooks.map((w) => scopeWebhook(w, options));
      return scoped.some((w, i) => w !== webhooks[i]) ? { ...obj, webhooks: scoped } : obj;
    }
    if (
      options.confineToProfiles &&
      obj.kind === "Namespace" &&
      obj.apiVersion === "v1" &&
      obj.metadata.labels?.[PART_OF_LABEL] === undefined
    ) {
      return {
        ...obj,
        metadata: {
          ...obj.metadata,
          labels: { ...(obj.metadata.labels ?? {}), [PART_OF_LABEL]: KUBEFLOW_PART_OF },
        },
      };
    }
    return obj;
  };
}
