/**
 * Rule `webhooks-confined`: where Kubeflow's admission webhooks reach. For every webhook of a Kubeflow
 * application (a webhook configuration registered by a `kubeflow:apps:*` component: the release's own, and
 * the Knative Serving and KServe it ships) that intercepts namespaced objects, its namespaceSelector is
 * evaluated against the labels of the namespaces, as the API server does:
 *
 * - it never selects `kube-system`: with `failurePolicy: Fail`, a webhook that is down (or not yet up)
 *   blocks what it intercepts there, and the cluster's own add-ons live there;
 * - it selects every profile namespace (the stack's Profiles, or the one a user would create through the
 *   dashboard), with the labels the profile controller gives them: PodDefaults, Katib, KServe and Knative
 *   must still see what users create (a webhook pinned to namespaces by name, `kubernetes.io/metadata.name
 *   In [...]`, such as Knative Eventing's config validator, is deliberately scoped and exempt);
 * - when the stack asks for confinement (`kubeflow.confineToProfiles`), it selects no namespace outside
 *   the profile namespaces and Kubeflow's own: neither the other namespaces of the set (cert-manager,
 *   istio-system, auth, ...) nor `default` or an unrelated `team-x` namespace without the profile label;
 *   and its confinement leaves out none of Kubeflow's own namespaces it would select without it (Knative's
 *   config validation in `knative-serving`).
 *
 * Only the namespaceSelector confines: an objectSelector matches labels the object's author sets (any pod
 * may carry `jobset.sigs.k8s.io/jobset-name`), so it is not counted. Rules on cluster-scoped resources only
 * (ClusterServingRuntime, ClusterTrainingRuntime, ...) are skipped: the API server applies no
 * namespaceSelector to cluster-scoped objects other than Namespaces, so such a webhook cannot be confined.
 * A webhook without rules (Knative's, whose controller fills them at run time) counts as intercepting
 * namespaced objects.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#matching-requests-namespaceselector
 */
import { crdFacts, isCrd } from "../../../components/kubeflow/kinds";
import { selectorMatches } from "../../../components/kubeflow/graph";
import { K8sObject } from "../../../components/kubeflow/types";
import {
  namespaceLabelsFromConfig,
  PROFILE_NAMESPACE_LABELS,
} from "../../../components/profiles/namespace";
import {
  CONFINED_EXPRESSION,
  KUBEFLOW_PART_OF,
  NAMESPACE_NAME_LABEL,
  PART_OF_LABEL,
  pinnedNamespaces,
  PROFILE_PART_OF,
} from "../../../components/kubeflow/transforms/webhooks";
import { apiGroup } from "../objects";
import { PlatformObject, PlatformSet, Rule, Violation } from "../types";
import { fmtLabels, fmtList, list, str, violation } from "./common";

const NAME = "webhooks-confined";

type LabelSelectorLike = Parameters<typeof selectorMatches>[0];

/** Namespaces modelled outside every set when confinement is asked: the API server's and an unrelated one. */
export const FOREIGN_NAMESPACES: readonly string[] = ["default", "team-x"];
/** The namespace a user would create through the dashboard when the stack declares no profile. */
export const EXAMPLE_PROFILE_NAMESPACE = "kubeflow-user-example-com";

/** Built-in cluster-scoped resources (plural), by API group; everything else built in is namespaced. */
const CLUSTER_SCOPED_BUILTINS: Readonly<Record<string, readonly string[]>> = {
  "": ["namespaces", "nodes", "persistentvolumes", "componentstatuses"],
  "rbac.authorization.k8s.io": ["clusterroles", "clusterrolebindings"],
  "apiextensions.k8s.io": ["customresourcedefinitions"],
  "admissionregistration.k8s.io": [
    "mutatingwebhookconfigurations",
    "validatingwebhookconfigurations",
    "validatingadmissionpolicies",
    "validatingadmissionpolicybindings",
  ],
  "storage.k8s.io": ["storageclasses", "csidrivers", "csinodes", "volumeattachments"],
  "scheduling.k8s.io": ["priorityclasses"],
  "node.k8s.io": ["runtimeclasses"],
  "networking.k8s.io": ["ingressclasses"],
  "certificates.k8s.io": ["certificatesigningrequests"],
  "apiregistration.k8s.io": ["apiservices"],
};

/** One namespace as the API server matches it: its labels, with `kubernetes.io/metadata.name`. */
export interface NamespaceModel {
  name: string;
  labels: Record<string, string>;
  /** Why it is in the model, for messages. */
  role: "system" | "profile" | "kubeflow" | "other" | "foreign";
}

const withName = (name: string, labels: Record<string, string> = {}): Record<string, string> => ({
  ...labels,
  [NAMESPACE_NAME_LABEL]: name,
});

const isKubeflowComponent = (o: PlatformObject): boolean =>
  o.source.component?.startsWith("kubeflow:apps:") ?? false;

/** Pure: the labels the profile controller gives a namespace, from the set's `namespace-labels.yaml`. */
function controllerLabels(set: PlatformSet): Record<string, string> {
  for (const { obj } of set.objects) {
    const text = (obj.data as Record<string, unknown> | undefined)?.["namespace-labels.yaml"];
    if (obj.kind === "ConfigMap" && typeof text === "string")
      return namespaceLabelsFromConfig(text);
  }
  return { ...PROFILE_NAMESPACE_LABELS };
}

/**
 * Pure: the namespaces the rule evaluates: `kube-system`, every Namespace of the set, each profile's
 * namespace (declared labels over the controller's), the dashboard's example profile when the stack has
 * none, and the foreign ones.
 */
export function namespaceModels(set: PlatformSet): NamespaceModel[] {
  const declared = new Map<string, PlatformObject>();
  for (const o of set.objects) if (o.obj.kind === "Namespace") declared.set(o.obj.metadata.name, o);
  const profiles = set.objects
    .filter((o) => o.obj.kind === "Profile" && apiGroup(o.obj.apiVersion) === "kubeflow.org")
    .map((o) => o.obj.metadata.name);
  if (profiles.length === 0) profiles.push(EXAMPLE_PROFILE_NAMESPACE);
  const fromController = controllerLabels(set);
  const out: NamespaceModel[] = [
    { name: "kube-system", labels: withName("kube-system"), role: "system" },
  ];
  for (const name of profiles) {
    const own = declared.get(name)?.obj.metadata.labels ?? {};
    out.push({ name, labels: withName(name, { ...fromController, ...own }), role: "profile" });
  }
  for (const [name, o] of declared) {
    if (profiles.includes(name) || name === "kube-system") continue;
    const role = isKubeflowComponent(o) ? "kubeflow" : "other";
    out.push({ name, labels: withName(name, o.obj.metadata.labels ?? {}), role });
  }
  for (const name of FOREIGN_NAMESPACES) {
    if (!declared.has(name)) out.push({ name, labels: withName(name), role: "foreign" });
  }
  return out;
}

/** Pure: the namespaced resources a webhook's rules intercept (`plural.group`), as the API server scopes them. */
export function namespacedResources(
  webhook: Record<string, unknown>,
  clusterScoped: (group: string, plural: string) => boolean,
): string[] {
  const rules = list(webhook, "rules");
  if (rules.length === 0) return ["the resources its controller sets at run time"];
  const out: string[] = [];
  for (const r of rules) {
    if (str(r, "scope") === "Cluster") continue;
    const groups = Array.isArray(r.apiGroups) ? (r.apiGroups as string[]) : [""];
    const resources = Array.isArray(r.resources) ? (r.resources as string[]) : [];
    for (const g of groups) {
      for (const res of resources) {
        const plural = res.split("/")[0]!;
        if (plural !== "*" && clusterScoped(g, plural)) continue;
        const name = g === "" ? plural : `${plural}.${g}`;
        if (!out.includes(name)) out.push(name);
      }
    }
  }
  return out;
}

/** Pure: whether `group`/`plural` is cluster-scoped, from the set's CRDs and the built-in list. */
function scopeOf(set: PlatformSet): (group: string, plural: string) => boolean {
  const crds = new Map<string, boolean>();
  for (const { obj } of set.objects) {
    if (!isCrd(obj)) continue;
    const f = crdFacts(obj);
    const group = (obj.spec as { group: string }).group;
    crds.set(`${group}/${f.plural}`, f.namespaced);
  }
  return (group, plural) => {
    const crd = crds.get(`${group}/${plural}`);
    if (crd !== undefined) return !crd;
    return group === "*" ? false : (CLUSTER_SCOPED_BUILTINS[group]?.includes(plural) ?? false);
  };
}

function describeSelector(selector: unknown): string {
  return selector === undefined ? "none (every namespace)" : JSON.stringify(selector);
}

function webhookProblems(
  set: PlatformSet,
  config: K8sObject,
  webhook: Record<string, unknown>,
  namespaces: readonly NamespaceModel[],
  clusterScoped: (group: string, plural: string) => boolean,
): Violation[] {
  const resources = namespacedResources(webhook, clusterScoped);
  if (resources.length === 0) return [];
  const selector = webhook.namespaceSelector as LabelSelectorLike;
  const failurePolicy = str(webhook, "failurePolicy") ?? "Fail";
  const label = `webhook ${str(webhook, "name") ?? "?"}`;
  const what = `${fmtList(resources.slice(0, 3))}${resources.length > 3 ? ", ..." : ""}`;
  const sel = describeSelector(selector);
  // A webhook pinned to namespaces by name (a config validator of its own namespace) need not see profiles.
  const pinned = pinnedNamespaces(selector);
  const out: Violation[] = [];
  for (const ns of namespaces) {
    const selected = selectorMatches(selector, ns.labels);
    if (ns.role === "system" && selected) {
      out.push(
        violation(
          NAME,
          config,
          `${label} (failurePolicy ${failurePolicy}) intercepts ${what} in ${ns.name}: its ` +
            `namespaceSelector ${sel} selects ${fmtLabels(ns.labels)}` +
            (failurePolicy === "Fail"
              ? `; while the webhook is down, they cannot be created or changed there`
              : ""),
          `add {key: ${NAMESPACE_NAME_LABEL}, operator: NotIn, values: [kube-system, ...]} to its ` +
            `namespaceSelector.matchExpressions (components/kubeflow/transforms/webhooks.ts does for the ` +
            `release's webhooks)`,
        ),
      );
    } else if (ns.role === "profile" && !selected && pinned === undefined) {
      out.push(
        violation(
          NAME,
          config,
          `${label} does not select profile namespace ${ns.name} ${fmtLabels(ns.labels)} (namespaceSelector ` +
            `${sel}), so ${what} that users create there are not admitted through it`,
          `select the profile namespaces, e.g. by {key: ${PART_OF_LABEL}, operator: In, values: ` +
            `[..., ${PROFILE_PART_OF}]}, the label the profile controller puts on each`,
        ),
      );
    } else if (
      set.confineToProfiles === true &&
      (ns.role === "other" || ns.role === "foreign") &&
      selected
    ) {
      out.push(
        violation(
          NAME,
          config,
          `${label} intercepts ${what} in ${ns.name} ${fmtLabels(ns.labels)}, outside the profile and ` +
            `Kubeflow namespaces, although the stack confines Kubeflow to them ` +
            `(kubeflow.confineToProfiles): namespaceSelector ${sel}`,
          `add {key: ${PART_OF_LABEL}, operator: In, values: [kubeflow, ${PROFILE_PART_OF}]} to its ` +
            `namespaceSelector.matchExpressions (components/kubeflow/transforms/webhooks.ts does when ` +
            `kubeflow.confineToProfiles is true)`,
        ),
      );
    } else if (
      ns.role === "kubeflow" &&
      !selected &&
      selectorMatches(withoutConfinement(selector), ns.labels)
    ) {
      out.push(
        violation(
          NAME,
          config,
          `${label} no longer selects Kubeflow's namespace ${ns.name} ${fmtLabels(ns.labels)}: its ` +
            `confinement (${PART_OF_LABEL} In [${CONFINED_EXPRESSION.values!.join(", ")}]) leaves out a ` +
            `namespace it would intercept without it`,
          `label Namespace ${ns.name} ${PART_OF_LABEL}: ${KUBEFLOW_PART_OF} (components/kubeflow/` +
            `transforms/webhooks.ts does for the release's Namespaces)`,
        ),
      );
    }
  }
  return out;
}

/** The selector without the confinement expression: what the webhook would select unconfined. */
function withoutConfinement(selector: LabelSelectorLike): LabelSelectorLike {
  if (selector?.matchExpressions === undefined) return selector;
  return {
    ...selector,
    matchExpressions: selector.matchExpressions.filter(
      (e) => !(e.key === CONFINED_EXPRESSION.key && e.operator === CONFINED_EXPRESSION.operator),
    ),
  };
}

function check(set: PlatformSet): Violation[] {
  const namespaces = namespaceModels(set);
  const clusterScoped = scopeOf(set);
  const out: Violation[] = [];
  for (const o of set.objects) {
    const kind = o.obj.kind;
    if (kind !== "MutatingWebhookConfiguration" && kind !== "ValidatingWebhookConfiguration")
      continue;
    if (apiGroup(o.obj.apiVersion) !== "admissionregistration.k8s.io" || !isKubeflowComponent(o))
      continue;
    for (const w of list(o.obj, "webhooks"))
      out.push(...webhookProblems(set, o.obj, w, namespaces, clusterScoped));
  }
  return out;
}

/** Kubeflow's webhooks reach the profile namespaces, never kube-system, and nothing else when confined. */
export const webhooksConfined: Rule = {
  name: NAME,
  description:
    "No admission webhook of Kubeflow intercepts namespaced objects in kube-system, each selects every " +
    "profile namespace, and, when the stack confines Kubeflow, none selects a namespace outside the " +
    "profile and Kubeflow namespaces.",
  check,
};
