/**
 * The producers registry: objects that controllers create at run time, so the platform object set never
 * holds them, and webhook configurations whose `caBundle` a controller patches at run time. Rules consult
 * it before reporting a missing object. Every entry carries the evidence (`source`) that the named
 * controller really makes it; an entry without evidence does not belong here.
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { apiGroup, ofKind, podTemplates, selects } from "../objects";
import { PlatformSet } from "../types";
import { list } from "./common";

/** Where a producer creates its object. */
export type ProducerScope =
  /** Every namespace of the cluster. */
  | { in: "every-namespace" }
  /** Every namespace but Kubernetes' own, when the set installs istiod. */
  | { in: "mesh-namespaces" }
  /** Namespaces the profile controller makes: one per Profile of the set, named after it. */
  | { in: "profile-namespaces" }
  /** One namespace. */
  | { in: "namespace"; namespace: string }
  /**
   * Namespaces where a pod template of the set passes this exact container argument: the flag that tells
   * the controller to create the object in its own namespace.
   */
  | { in: "beside-pods-with-arg"; arg: string };

/** One object kind and name a controller creates at run time. */
export interface Producer {
  kind: "ConfigMap" | "Secret" | "ServiceAccount";
  /** Exact name, or a pattern for generated names. */
  name: string | RegExp;
  scope: ProducerScope;
  /** The controller that creates it. */
  producer: string;
  /** Evidence: upstream source or documentation. */
  source: string;
}

/** A webhook configuration whose `caBundle` a controller fills in itself (no cert-manager injection). */
export interface CaBundlePatcher {
  kind: "MutatingWebhookConfiguration" | "ValidatingWebhookConfiguration";
  /** Name of the configurations it patches, exact or a pattern. */
  name: string | RegExp;
  /**
   * Only configurations whose label `key` has the value that label has on a pod template of the set
   * matching `podLabels` (istiod patches the configurations of its own revision only).
   */
  sameLabel?: { key: string; podLabels: Record<string, string> };
  /** The controller that patches it. */
  producer: string;
  /** Evidence: upstream source. */
  source: string;
}

/**
 * Namespaces where Istio's namespace controller never writes its root certificate: Kubernetes' own.
 * @see https://github.com/istio/istio/blob/master/pkg/kube/inject/inject.go (IgnoredNamespaces)
 */
const ISTIO_IGNORED_NAMESPACES = new Set([
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "local-path-storage",
]);

/** Objects controllers create at run time. */
export const PRODUCERS: readonly Producer[] = [
  {
    kind: "ConfigMap",
    name: "kube-root-ca.crt",
    scope: { in: "every-namespace" },
    producer: "kube-controller-manager (root-ca-cert-publisher)",
    source:
      "https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#root-ca-certificate-configmap",
  },
  {
    kind: "ServiceAccount",
    name: "default",
    scope: { in: "every-namespace" },
    producer: "kube-controller-manager (serviceaccount controller)",
    source:
      "https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#serviceaccount-controller",
  },
  {
    kind: "ConfigMap",
    name: "istio-ca-root-cert",
    scope: { in: "mesh-namespaces" },
    producer: "istiod (namespace controller)",
    source:
      "https://github.com/istio/istio/blob/master/pilot/pkg/serviceregistry/kube/controller/namespacecontroller.go",
  },
  {
    kind: "ServiceAccount",
    name: "default-editor",
    scope: { in: "profile-namespaces" },
    producer: "Kubeflow profile controller",
    source:
      "https://github.com/kubeflow/kubeflow/blob/v1.10.0/components/profile-controller/controllers/profile_controller.go",
  },
  {
    kind: "ServiceAccount",
    name: "default-viewer",
    scope: { in: "profile-namespaces" },
    producer: "Kubeflow profile controller",
    source:
      "https://github.com/kubeflow/kubeflow/blob/v1.10.0/components/profile-controller/controllers/profile_controller.go",
  },
  {
    // cert-manager's webhook serves a certificate from a CA it generates itself and keeps in this Secret
    // (the Kubeflow bundle and the chart pass --dynamic-serving-ca-secret-name=cert-manager-webhook-ca);
    // cainjector copies its CA into the webhook configurations (inject-ca-from-secret).
    kind: "Secret",
    name: "cert-manager-webhook-ca",
    scope: {
      in: "beside-pods-with-arg",
      arg: "--dynamic-serving-ca-secret-name=cert-manager-webhook-ca",
    },
    producer: "cert-manager webhook (dynamic serving)",
    source: "https://cert-manager.io/docs/concepts/webhook/",
  },
];

const ISTIOD = { key: "istio.io/rev", podLabels: { app: "istiod" } };
const ISTIO_INJECTOR = "https://github.com/istio/istio/blob/master/pkg/webhooks/webhookpatch.go";
const ISTIO_VALIDATOR =
  "https://github.com/istio/istio/blob/master/pkg/webhooks/validation/controller/controller.go";
const KNATIVE_DEFAULTING =
  "https://github.com/knative/pkg/blob/main/webhook/resourcesemantics/defaulting/defaulting.go";
const KNATIVE_VALIDATION =
  "https://github.com/knative/pkg/blob/main/webhook/resourcesemantics/validation/reconcile_config.go";
const KNATIVE_CONFIGMAPS =
  "https://github.com/knative/pkg/blob/main/webhook/configmaps/configmaps.go";
const KNATIVE_PSBINDING = "https://github.com/knative/pkg/blob/main/webhook/psbinding/psbinding.go";
const JOBSET = "https://github.com/kubernetes-sigs/jobset/blob/main/pkg/util/cert/cert.go";
const SPARK =
  "https://github.com/kubeflow/spark-operator/blob/master/cmd/operator/webhook/start.go (with the " +
  "bundle's --mutating-webhook-name/--validating-webhook-name=spark-operator-webhook)";

const knative = (
  kind: CaBundlePatcher["kind"],
  name: string,
  source: string,
  component: string,
): CaBundlePatcher => ({
  kind,
  name,
  producer: `Knative ${component} webhook (knative.dev/pkg)`,
  source,
});

/**
 * Webhook configurations whose caBundle a controller patches at run time, as the Kubeflow bundles ship
 * them (no caBundle, no cert-manager annotation).
 */
export const CA_BUNDLE_PATCHERS: readonly CaBundlePatcher[] = [
  {
    kind: "MutatingWebhookConfiguration",
    name: /^istio-(sidecar-injector|revision-tag-)/,
    sameLabel: ISTIOD,
    producer: "istiod (webhook cert patcher, configurations labelled with its revision)",
    source: ISTIO_INJECTOR,
  },
  {
    kind: "ValidatingWebhookConfiguration",
    name: /^(istio-validator-|istiod-default-validator$)/,
    sameLabel: ISTIOD,
    producer: "istiod (validation webhook controller, configurations labelled with its revision)",
    source: ISTIO_VALIDATOR,
  },
  knative(
    "MutatingWebhookConfiguration",
    "webhook.serving.knative.dev",
    KNATIVE_DEFAULTING,
    "Serving",
  ),
  knative(
    "ValidatingWebhookConfiguration",
    "validation.webhook.serving.knative.dev",
    KNATIVE_VALIDATION,
    "Serving",
  ),
  knative(
    "ValidatingWebhookConfiguration",
    "config.webhook.serving.knative.dev",
    KNATIVE_CONFIGMAPS,
    "Serving",
  ),
  knative(
    "MutatingWebhookConfiguration",
    "webhook.istio.networking.internal.knative.dev",
    KNATIVE_DEFAULTING,
    "net-istio",
  ),
  knative(
    "ValidatingWebhookConfiguration",
    "config.webhook.istio.networking.internal.knative.dev",
    KNATIVE_CONFIGMAPS,
    "net-istio",
  ),
  knative(
    "MutatingWebhookConfiguration",
    "webhook.eventing.knative.dev",
    KNATIVE_DEFAULTING,
    "Eventing",
  ),
  knative(
    "ValidatingWebhookConfiguration",
    "validation.webhook.eventing.knative.dev",
    KNATIVE_VALIDATION,
    "Eventing",
  ),
  knative(
    "ValidatingWebhookConfiguration",
    "config.webhook.eventing.knative.dev",
    KNATIVE_CONFIGMAPS,
    "Eventing",
  ),
  knative(
    "MutatingWebhookConfiguration",
    "sinkbindings.webhook.sources.knative.dev",
    KNATIVE_PSBINDING,
    "Eventing",
  ),
  {
    kind: "MutatingWebhookConfiguration",
    name: "jobset-mutating-webhook-configuration",
    producer: "JobSet controller (cert-controller rotator)",
    source: JOBSET,
  },
  {
    kind: "ValidatingWebhookConfiguration",
    name: "jobset-validating-webhook-configuration",
    producer: "JobSet controller (cert-controller rotator)",
    source: JOBSET,
  },
  {
    kind: "ValidatingWebhookConfiguration",
    name: "validator.trainer.kubeflow.org",
    producer: "Kubeflow Trainer controller manager (cert-controller rotator)",
    source:
      "https://github.com/kubeflow/trainer/blob/master/cmd/trainer-controller-manager/main.go",
  },
  {
    kind: "ValidatingWebhookConfiguration",
    name: "validator.training-operator.kubeflow.org",
    producer: "Kubeflow Training Operator v1 (cert-controller rotator)",
    source:
      "https://github.com/kubeflow/training-operator/blob/v1.9.0/cmd/training-operator.v1/main.go",
  },
  {
    kind: "MutatingWebhookConfiguration",
    name: "spark-operator-webhook",
    producer: "Spark operator webhook (without cert-manager)",
    source: SPARK,
  },
  {
    kind: "ValidatingWebhookConfiguration",
    name: "spark-operator-webhook",
    producer: "Spark operator webhook (without cert-manager)",
    source: SPARK,
  },
];

function hasIstiod(set: PlatformSet): boolean {
  return podTemplates(set).some((p) => p.labels.app === "istiod");
}

function hasPodWithArg(set: PlatformSet, namespace: string, arg: string): boolean {
  return podTemplates(set).some(
    (p) =>
      p.namespace === namespace &&
      list(p.spec, "containers").some((c) => Array.isArray(c.args) && c.args.includes(arg)),
  );
}

function hasProfile(set: PlatformSet, name: string): boolean {
  return ofKind(set, "Profile", "kubeflow.org").some((p) => p.metadata.name === name);
}

/** Whether a scope covers `namespace` in this set. */
export function scopeCovers(set: PlatformSet, scope: ProducerScope, namespace: string): boolean {
  switch (scope.in) {
    case "every-namespace":
      return true;
    case "mesh-namespaces":
      return !ISTIO_IGNORED_NAMESPACES.has(namespace) && hasIstiod(set);
    case "profile-namespaces":
      return hasProfile(set, namespace);
    case "namespace":
      return scope.namespace === namespace;
    case "beside-pods-with-arg":
      return hasPodWithArg(set, namespace, scope.arg);
  }
}

function nameMatches(pattern: string | RegExp, name: string): boolean {
  return typeof pattern === "string" ? pattern === name : pattern.test(name);
}

/** The registry entry that creates `kind namespace/name` at run time in this set, if any. */
export function producerOf(
  set: PlatformSet,
  kind: Producer["kind"],
  namespace: string,
  name: string,
  registry: readonly Producer[] = PRODUCERS,
): Producer | undefined {
  return registry.find(
    (p) => p.kind === kind && nameMatches(p.name, name) && scopeCovers(set, p.scope, namespace),
  );
}

function sameLabelHolds(
  set: PlatformSet,
  config: K8sObject,
  rule: CaBundlePatcher["sameLabel"],
): boolean {
  if (rule === undefined) return true;
  const value = config.metadata.labels?.[rule.key];
  return (
    value !== undefined &&
    podTemplates(set).some((p) => selects(rule.podLabels, p.labels) && p.labels[rule.key] === value)
  );
}

/** The registry entry that fills in this webhook configuration's caBundle in this set, if any. */
export function caBundlePatcherOf(
  set: PlatformSet,
  config: K8sObject,
  registry: readonly CaBundlePatcher[] = CA_BUNDLE_PATCHERS,
): CaBundlePatcher | undefined {
  if (apiGroup(config.apiVersion) !== "admissionregistration.k8s.io") return undefined;
  return registry.find(
    (p) =>
      p.kind === config.kind &&
      nameMatches(p.name, config.metadata.name) &&
      sameLabelHolds(set, config, p.sameLabel),
  );
}
