import { selectorMatches } from "../../../../components/kubeflow/graph";
import { applyTransforms, buildTransforms } from "../../../../components/kubeflow/transforms";
import {
  isIstioWebhook,
  isWebhookConfiguration,
  PART_OF_LABEL,
  pinnedNamespaces,
  PROFILE_PART_OF,
  webhookScope,
} from "../../../../components/kubeflow/transforms/webhooks";
import { K8sObject, TransformContext } from "../../../../components/kubeflow/types";
import { namespaceLabelsFromConfig } from "../../../../components/profiles/namespace";
import { TEST_RELEASES } from "../../../harness/upstream";
import { bundleObjects, contextFor, deepFreeze } from "./bundles";
import { params } from "./params";

const ctx = {} as TransformContext;
const open = webhookScope({ confineToProfiles: false });
const confined = webhookScope({ confineToProfiles: true });

function configWith(...webhooks: Array<Record<string, unknown>>): K8sObject {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: "katib.kubeflow.org" },
    webhooks,
  };
}
const selectors = (obj: K8sObject | undefined) =>
  (obj!.webhooks as Array<{ namespaceSelector?: unknown }>).map((w) => w.namespaceSelector);

const everywhere = { name: "validator.experiment.katib.kubeflow.org", failurePolicy: "Fail" };
const kserveMutator = {
  name: "inferenceservice.kserve-webhook-server.pod-mutator",
  namespaceSelector: { matchExpressions: [{ key: "control-plane", operator: "DoesNotExist" }] },
};
const podDefaults = {
  name: "admission-webhook-deployment.kubeflow.org",
  namespaceSelector: { matchLabels: { "app.kubernetes.io/part-of": "kubeflow-profile" } },
};
const notSystem = {
  key: "kubernetes.io/metadata.name",
  operator: "NotIn",
  values: ["kube-system", "kube-public", "kube-node-lease"],
};
const confinedExpr = {
  key: "app.kubernetes.io/part-of",
  operator: "In",
  values: ["kubeflow", "kubeflow-profile"],
};

describe("webhookScope by default", () => {
  it("leaves Istio's own webhooks alone: the mesh injects wherever a namespace asks", () => {
    const injector = { name: "namespace.sidecar-injector.istio.io", failurePolicy: "Fail" };
    const cfg = { ...configWith(injector), kind: "MutatingWebhookConfiguration" };
    expect(confined(cfg, ctx)).toBe(cfg);
  });

  it("keeps a webhook that selects every namespace off kube-system, kube-public and kube-node-lease", () => {
    expect(selectors(open(configWith(everywhere), ctx))).toEqual([
      { matchExpressions: [notSystem] },
    ]);
  });

  it("appends to a webhook's own expressions, which it keeps", () => {
    expect(selectors(open(configWith(kserveMutator), ctx))).toEqual([
      {
        matchExpressions: [{ key: "control-plane", operator: "DoesNotExist" }, notSystem],
      },
    ]);
  });

  it("leaves a webhook that already skips kube-system, and a Namespace, as they are (same object)", () => {
    const cfg = configWith(podDefaults);
    expect(open(cfg, ctx)).toBe(cfg);
    const ns: K8sObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "kubeflow" } };
    expect(open(ns, ctx)).toBe(ns);
  });
});

describe("webhookScope with confineToProfiles", () => {
  it("confines every webhook to part-of kubeflow or kubeflow-profile, keeping what it selected on", () => {
    expect(selectors(confined(configWith(everywhere, kserveMutator, podDefaults), ctx))).toEqual([
      { matchExpressions: [notSystem, confinedExpr] },
      {
        matchExpressions: [
          { key: "control-plane", operator: "DoesNotExist" },
          notSystem,
          confinedExpr,
        ],
      },
      { ...podDefaults.namespaceSelector, matchExpressions: [confinedExpr] },
    ]);
  });

  it("labels Kubeflow's own Namespaces part-of kubeflow, and keeps a part-of label already set", () => {
    const kubeflow: K8sObject = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "knative-serving", labels: { "istio-injection": "enabled" } },
    };
    expect(confined(kubeflow, ctx)!.metadata.labels).toEqual({
      "istio-injection": "enabled",
      "app.kubernetes.io/part-of": "kubeflow",
    });
    const profile: K8sObject = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "kubeflow-user-example-com", labels: { [PART_OF_LABEL]: PROFILE_PART_OF } },
    };
    expect(confined(profile, ctx)).toBe(profile);
  });

  it("is idempotent: a second pass changes nothing", () => {
    const once = confined(configWith(everywhere, kserveMutator), ctx)!;
    expect(confined(once, ctx)).toBe(once);
  });
});

describe.each(TEST_RELEASES)("the release's webhooks on %s", (release) => {
  const bundle = bundleObjects(release);
  const labelsText = bundle
    .map((b) => (b.obj.data as Record<string, unknown> | undefined)?.["namespace-labels.yaml"])
    .find((t): t is string => typeof t === "string");
  // What the profile controller gives every profile namespace, read from the release itself.
  const profileLabels: Record<string, string> = {
    ...namespaceLabelsFromConfig(labelsText!),
    "kubernetes.io/metadata.name": "team-a",
  };
  const named = (name: string) => ({ "kubernetes.io/metadata.name": name });

  type Hook = { name: string; namespaceSelector?: Record<string, never> };
  const configs = bundle.filter((b) => isWebhookConfiguration(b.obj));
  const kubeflowOnly = (hooks: Hook[]) => hooks.filter((h) => !isIstioWebhook(h));
  const upstream = kubeflowOnly(configs.flatMap((b) => b.obj.webhooks as Hook[]));
  const reach = (hooks: Hook[], labels: Record<string, string>) =>
    hooks.filter((h) => selectorMatches(h.namespaceSelector, labels)).map((h) => h.name);

  it.each([false, true])(
    "with confineToProfiles %s: no webhook selects kube-system, each selects a profile namespace",
    (confineToProfiles) => {
      expect(profileLabels[PART_OF_LABEL]).toBe(PROFILE_PART_OF);
      const chain = buildTransforms(params({ confineToProfiles }), release);
      const hooks = configs
        .map((b) => applyTransforms(chain, deepFreeze(b.obj), contextFor(release, b, {}))!)
        .flatMap((c) => kubeflowOnly(c.webhooks as Hook[]));
      expect(hooks.length).toBeGreaterThan(10);
      expect(reach(upstream, named("kube-system")).length).toBeGreaterThan(10);
      expect(reach(hooks, named("kube-system"))).toEqual([]);
      expect(reach(hooks, profileLabels)).toEqual(reach(upstream, profileLabels));
      // Only a webhook pinned to its own namespaces by name (Knative Eventing's config) skips them.
      expect(
        hooks
          .filter((h) => !selectorMatches(h.namespaceSelector, profileLabels))
          .filter((h) => pinnedNamespaces(h.namespaceSelector) === undefined),
      ).toEqual([]);
      // Confined: nothing outside; by default: upstream's reach elsewhere is kept.
      expect(reach(hooks, named("default"))).toEqual(
        confineToProfiles ? [] : reach(upstream, named("default")),
      );
    },
  );
});
