/**
 * Kubeflow's admission webhooks on the example stacks, as the API server would match them: kept off
 * kube-system by default, confined to the profile namespaces and Kubeflow's own with
 * `kubeflow.confineToProfiles`, and still reaching every profile namespace either way. The mutations show
 * that rule `webhooks-confined` fails when the selectors that do this are taken away.
 */
import { selectorMatches } from "../../../components/kubeflow/graph";
import {
  CONFINED_EXPRESSION,
  NOT_SYSTEM_EXPRESSION,
} from "../../../components/kubeflow/transforms/webhooks";
import { K8sObject } from "../../../components/kubeflow/types";
import { readStackConfig } from "../../../tools/offline/stack";
import { namespaceModels, webhooksConfined } from "../../../tools/verify/rules/webhooks-confined";
import { PlatformSet } from "../../../tools/verify/types";
import { verifySet } from "../../../tools/verify/verify";
import { editing } from "./mutate";
import { DEFAULT_RELEASE } from "../../../components/catalog";
import { EXAMPLE_STACKS, platformSet, TEST_RELEASES } from "./sets";

type Hook = { name: string; namespaceSelector?: Parameters<typeof selectorMatches>[0] };
type Expr = { key: string; operator: string };

/** The stack's own config with Kubeflow confined (the rest of its kubeflow section kept). */
function confinedOverride(stack: string) {
  const kubeflow = (readStackConfig(stack).config.kubeflow as Record<string, unknown>) ?? {};
  return { kubeflow: { ...kubeflow, confineToProfiles: true } };
}

/** Kubeflow's webhook configurations of a set, by name. */
function kubeflowWebhooks(set: PlatformSet): Map<string, Hook[]> {
  return new Map(
    set.objects
      .filter(
        (o) =>
          o.obj.kind.endsWith("WebhookConfiguration") &&
          (o.source.component?.startsWith("kubeflow:apps:") ?? false),
      )
      .map((o) => [`${o.obj.kind} ${o.obj.metadata.name}`, o.obj.webhooks as Hook[]]),
  );
}

/** Each webhook's selector without the expressions matching `drop`. */
function dropExpressions(drop: Expr) {
  return (obj: K8sObject): K8sObject => ({
    ...obj,
    webhooks: (obj.webhooks as Array<Record<string, unknown>>).map((w) => {
      const sel = w.namespaceSelector as { matchExpressions?: Expr[] } | undefined;
      if (sel?.matchExpressions === undefined) return w;
      return {
        ...w,
        namespaceSelector: {
          ...sel,
          matchExpressions: sel.matchExpressions.filter(
            (e) => !(e.key === drop.key && e.operator === drop.operator),
          ),
        },
      };
    }),
  });
}

const messages = (set: PlatformSet) => webhooksConfined.check(set).map((v) => v.message);

describe.each(EXAMPLE_STACKS)("Kubeflow's webhooks on %s", (stack) => {
  it("select no kube-system and every profile namespace by default, with more than ten of them checked", async () => {
    const set = await platformSet(stack);
    const hooks = [...kubeflowWebhooks(set).values()].flat();
    expect(hooks.length).toBeGreaterThan(10);
    expect(set.confineToProfiles).toBeUndefined();
    expect(webhooksConfined.check(set)).toEqual([]);
  });

  it("are confined with kubeflow.confineToProfiles, and the whole platform still verifies", async () => {
    const set = await platformSet(stack, undefined, confinedOverride(stack));
    expect(set.confineToProfiles).toBe(true);
    const { violations } = verifySet(set);
    expect(violations.map((v) => `${v.rule} | ${v.object} | ${v.message}`)).toEqual([]);
  });
});

describe.each(TEST_RELEASES.filter((r) => r !== DEFAULT_RELEASE))(
  "teams-example confined at Kubeflow %s",
  (release) => {
    it("verifies with no violation, its webhooks confined", async () => {
      const set = await platformSet("teams-example", release, confinedOverride("teams-example"));
      expect(set.release).toBe(release);
      expect(set.confineToProfiles).toBe(true);
      const { violations } = verifySet(set);
      expect(violations.map((v) => `${v.rule} | ${v.object} | ${v.message}`)).toEqual([]);
      const broken = editing(
        set,
        "ValidatingWebhookConfiguration",
        undefined,
        "inferenceservice.serving.kserve.io",
        dropExpressions(CONFINED_EXPRESSION),
      );
      // Without its confinement, KServe's validator reaches default and team-x again.
      expect(messages(broken).filter((m) => / in (default|team-x) /.test(m))).toHaveLength(2);
    });
  },
);

describe("confinement on teams-example", () => {
  let open: PlatformSet;
  let confined: PlatformSet;
  beforeAll(async () => {
    open = await platformSet("teams-example");
    confined = await platformSet("teams-example", undefined, confinedOverride("teams-example"));
  });

  it("keeps each webhook's reach into the three team namespaces and Kubeflow's own, and cuts the rest", () => {
    const models = namespaceModels(confined);
    expect(models.filter((m) => m.role === "profile").map((m) => m.name)).toEqual([
      "team-vision",
      "team-nlp",
      "team-analytics",
    ]);
    expect(models.filter((m) => m.role === "kubeflow").map((m) => m.name)).toEqual([
      "kubeflow",
      "kubeflow-system",
      "knative-serving",
    ]);
    // Namespace labels as each set has them (Kubeflow's own are labelled only when confined).
    const openModels = new Map(namespaceModels(open).map((m) => [m.name, m]));
    const before = kubeflowWebhooks(open);
    const after = kubeflowWebhooks(confined);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, hooks] of after) {
      const openHooks = before.get(name)!;
      for (const [i, h] of hooks.entries()) {
        const o = openHooks[i]!;
        const selects = (hook: Hook, labels: Record<string, string>) =>
          selectorMatches(hook.namespaceSelector, labels);
        for (const m of models.filter((x) => x.role === "profile" || x.role === "kubeflow")) {
          expect([name, h.name, m.name, selects(h, m.labels)]).toEqual([
            name,
            h.name,
            m.name,
            selects(o, openModels.get(m.name)!.labels),
          ]);
        }
        for (const m of models.filter((x) => x.role === "other" || x.role === "foreign")) {
          expect([name, h.name, m.name, selects(h, m.labels)]).toEqual([
            name,
            h.name,
            m.name,
            false,
          ]);
        }
      }
    }
  });

  it("fails when the confinement is taken off a webhook: it reaches default, team-x and the service namespaces", () => {
    const broken = editing(
      confined,
      "ValidatingWebhookConfiguration",
      undefined,
      "inferenceservice.serving.kserve.io",
      dropExpressions(CONFINED_EXPRESSION),
    );
    const found = messages(broken).map((m) => m.split(" {")[0]);
    expect(found).toEqual(
      [
        "cert-manager",
        "istio-system",
        "auth",
        "oauth2-proxy",
        "gpu-system",
        "default",
        "team-x",
      ].map(
        (ns) =>
          `webhook inferenceservice.kserve-webhook-server.validator intercepts inferenceservices.serving.kserve.io in ${ns}`,
      ),
    );
  });

  it("fails when Kubeflow's own namespace loses the label that keeps it inside the confinement", () => {
    const broken = editing(confined, "Namespace", undefined, "knative-serving", (ns) => {
      const labels = { ...ns.metadata.labels };
      delete labels["app.kubernetes.io/part-of"];
      return { ...ns, metadata: { ...ns.metadata, labels } };
    });
    const found = messages(broken);
    expect(found.length).toBeGreaterThan(5);
    expect(
      found.every((m) => m.includes("no longer selects Kubeflow's namespace knative-serving")),
    ).toBe(true);
  });

  it("fails by default when a webhook selects everything, or loses its kube-system exclusion", () => {
    const everything = editing(
      open,
      "MutatingWebhookConfiguration",
      undefined,
      "katib.kubeflow.org",
      (obj) => ({
        ...obj,
        webhooks: (obj.webhooks as Array<Record<string, unknown>>).map((w) => ({
          ...w,
          namespaceSelector: {},
        })),
      }),
    );
    expect(messages(everything).map((m) => m.split(":")[0])).toEqual([
      "webhook defaulter.experiment.katib.kubeflow.org (failurePolicy Fail) intercepts experiments.kubeflow.org in kube-system",
      "webhook mutator.pod.katib.kubeflow.org (failurePolicy Fail) intercepts pods in kube-system",
    ]);
    const unguarded = editing(
      open,
      "MutatingWebhookConfiguration",
      undefined,
      "inferenceservice.serving.kserve.io",
      dropExpressions(NOT_SYSTEM_EXPRESSION),
    );
    expect(messages(unguarded).map((m) => m.split(":")[0])).toEqual([
      "webhook inferenceservice.kserve-webhook-server.defaulter (failurePolicy Fail) intercepts inferenceservices.serving.kserve.io in kube-system",
      "webhook inferenceservice.kserve-webhook-server.pod-mutator (failurePolicy Fail) intercepts pods in kube-system",
    ]);
  });

  it("fails when the PodDefaults webhook stops selecting the team namespaces", () => {
    const broken = editing(
      open,
      "MutatingWebhookConfiguration",
      undefined,
      "admission-webhook-mutating-webhook-configuration",
      (obj) => ({
        ...obj,
        webhooks: (obj.webhooks as Array<Record<string, unknown>>).map((w) => ({
          ...w,
          namespaceSelector: { matchLabels: { "app.kubernetes.io/part-of": "kubeflow" } },
        })),
      }),
    );
    expect(messages(broken).map((m) => m.split(" {")[0])).toEqual([
      "webhook admission-webhook-deployment.kubeflow.org does not select profile namespace team-vision",
      "webhook admission-webhook-deployment.kubeflow.org does not select profile namespace team-nlp",
      "webhook admission-webhook-deployment.kubeflow.org does not select profile namespace team-analytics",
    ]);
  });
});
