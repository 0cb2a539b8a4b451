import { K8sObject } from "../../../../components/kubeflow/types";
import { PROFILE_NAMESPACE_LABELS } from "../../../../components/profiles/namespace";
import { PlatformSet } from "../../../../tools/verify/types";
import {
  namespaceModels,
  webhooksConfined,
} from "../../../../tools/verify/rules/webhooks-confined";
import { namespace } from "./fixtures";

/** A set whose objects come from the given components (undefined: a Helm release's). */
function setFrom(
  entries: Array<[K8sObject, string | undefined]>,
  confineToProfiles = false,
): PlatformSet {
  return {
    stack: "test",
    release: "26.03",
    confineToProfiles,
    objects: entries.map(([obj, component]) => ({
      obj,
      source:
        component === undefined
          ? { via: "helm", resource: "istiod", chart: "istiod@1.29.0" }
          : { via: "program", resource: obj.metadata.name, component },
    })),
  };
}

function webhookConfig(name: string, ...webhooks: Array<Record<string, unknown>>): K8sObject {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: { name },
    webhooks,
  };
}

const katib = "kubeflow:apps:Katib";
const experiments = [
  {
    apiGroups: ["kubeflow.org"],
    apiVersions: ["v1beta1"],
    operations: ["CREATE"],
    resources: ["experiments"],
  },
];
const podsRule = [
  { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"] },
];
const notSystem = {
  matchExpressions: [
    { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system"] },
  ],
};
const confined = {
  matchExpressions: [
    ...notSystem.matchExpressions,
    { key: "app.kubernetes.io/part-of", operator: "In", values: ["kubeflow", "kubeflow-profile"] },
  ],
};
const profile: K8sObject = {
  apiVersion: "kubeflow.org/v1",
  kind: "Profile",
  metadata: { name: "team-a" },
  spec: { owner: { kind: "User", name: "a@example.com" } },
};
const teamNs = namespace("team-a", { ...PROFILE_NAMESPACE_LABELS });
const kubeflowNs = namespace("kubeflow", { "app.kubernetes.io/part-of": "kubeflow" });
const authNs = namespace("auth");

describe("webhooks-confined", () => {
  it("reports a Kubeflow webhook that selects every namespace, kube-system included", () => {
    const cfg = webhookConfig("katib.kubeflow.org", {
      name: "defaulter.experiment.katib.kubeflow.org",
      rules: experiments,
    });
    expect(
      webhooksConfined.check(
        setFrom([
          [cfg, katib],
          [profile, "kubeflow:profiles:Profile"],
          [teamNs, "kubeflow:profiles:Profile"],
        ]),
      ),
    ).toEqual([
      {
        rule: "webhooks-confined",
        object: "MutatingWebhookConfiguration katib.kubeflow.org",
        message:
          "webhook defaulter.experiment.katib.kubeflow.org (failurePolicy Fail) intercepts experiments.kubeflow.org " +
          "in kube-system: its namespaceSelector none (every namespace) selects {kubernetes.io/metadata.name: " +
          "kube-system}; while the webhook is down, they cannot be created or changed there",
        fix:
          "add {key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, ...]} to its " +
          "namespaceSelector.matchExpressions (components/kubeflow/transforms/webhooks.ts does for the " +
          "release's webhooks)",
      },
    ]);
  });

  it("does not count an objectSelector as confinement: a kube-system pod may carry any label", () => {
    const cfg = webhookConfig("jobset-mutating-webhook-configuration", {
      name: "mpod.kb.io",
      failurePolicy: "Ignore",
      rules: podsRule,
      objectSelector: {
        matchExpressions: [{ key: "jobset.sigs.k8s.io/jobset-name", operator: "Exists" }],
      },
    });
    expect(
      webhooksConfined.check(setFrom([[cfg, "kubeflow:apps:Trainer"]])).map((v) => v.message),
    ).toEqual([
      "webhook mpod.kb.io (failurePolicy Ignore) intercepts pods in kube-system: its namespaceSelector none " +
        "(every namespace) selects {kubernetes.io/metadata.name: kube-system}",
    ]);
  });

  it("skips webhooks that are not Kubeflow's, and rules on cluster-scoped resources only", () => {
    const istio = webhookConfig("istio-sidecar-injector", {
      name: "sidecar-injector.istio.io",
      rules: podsRule,
    });
    const crd: K8sObject = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "clusterservingruntimes.serving.kserve.io" },
      spec: {
        group: "serving.kserve.io",
        names: { kind: "ClusterServingRuntime", plural: "clusterservingruntimes" },
        scope: "Cluster",
      },
    };
    const kserve = webhookConfig("clusterservingruntime.serving.kserve.io", {
      name: "clusterservingruntime.kserve-webhook-server.validator",
      rules: [
        {
          apiGroups: ["serving.kserve.io"],
          resources: ["clusterservingruntimes"],
          operations: ["CREATE"],
        },
      ],
    });
    const clusterScope = webhookConfig("x", {
      name: "cluster-scope.kubeflow.org",
      rules: [
        { apiGroups: ["kubeflow.org"], resources: ["*"], scope: "Cluster", operations: ["CREATE"] },
      ],
    });
    expect(
      webhooksConfined.check(
        setFrom([
          [istio, undefined],
          [crd, "kubeflow:apps:KServe"],
          [kserve, "kubeflow:apps:KServe"],
          [clusterScope, katib],
        ]),
      ),
    ).toEqual([]);
  });

  it("counts a webhook without rules (Knative fills them at run time) as intercepting namespaced objects", () => {
    const knative = webhookConfig("webhook.istio.networking.internal.knative.dev", {
      name: "webhook.istio.networking.internal.knative.dev",
      rules: [],
    });
    expect(
      webhooksConfined
        .check(setFrom([[knative, "kubeflow:apps:KnativeServing"]]))
        .map((v) => v.message),
    ).toEqual([
      "webhook webhook.istio.networking.internal.knative.dev (failurePolicy Fail) intercepts the resources " +
        "its controller sets at run time in kube-system: its namespaceSelector none (every namespace) selects " +
        "{kubernetes.io/metadata.name: kube-system}; while the webhook is down, they cannot be created or changed there",
    ]);
  });

  it("reports a webhook that misses a profile namespace, unless it is pinned to its own namespaces by name", () => {
    const podDefaults = webhookConfig("admission-webhook-mutating-webhook-configuration", {
      name: "admission-webhook-deployment.kubeflow.org",
      rules: podsRule,
      namespaceSelector: { matchLabels: { "app.kubernetes.io/part-of": "kubeflow-profiles" } },
    });
    const eventing = webhookConfig("config.webhook.eventing.knative.dev", {
      name: "config.webhook.eventing.knative.dev",
      rules: [{ apiGroups: [""], resources: ["configmaps/*"], operations: ["CREATE"] }],
      namespaceSelector: {
        matchExpressions: [
          { key: "kubernetes.io/metadata.name", operator: "In", values: ["knative-eventing"] },
        ],
      },
    });
    const set = setFrom([
      [podDefaults, "kubeflow:apps:PodDefaults"],
      [eventing, "kubeflow:apps:KnativeEventing"],
      [profile, "kubeflow:profiles:Profile"],
      [teamNs, "kubeflow:profiles:Profile"],
    ]);
    expect(webhooksConfined.check(set)).toEqual([
      expect.objectContaining({
        message:
          "webhook admission-webhook-deployment.kubeflow.org does not select profile namespace team-a " +
          "{app.kubernetes.io/part-of: kubeflow-profile, istio-injection: enabled, katib.kubeflow.org/metrics-collector-injection: enabled, " +
          "kubernetes.io/metadata.name: team-a, pipelines.kubeflow.org/enabled: true, pod-security.kubernetes.io/enforce: baseline, " +
          "serving.kubeflow.org/inferenceservice: enabled} (namespaceSelector " +
          '{"matchLabels":{"app.kubernetes.io/part-of":"kubeflow-profiles"}}), so pods that users create there are ' +
          "not admitted through it",
      }),
    ]);
  });

  it("when the stack confines Kubeflow, reports each namespace outside the profile and Kubeflow ones", () => {
    const cfg = webhookConfig("katib.kubeflow.org", {
      name: "defaulter.experiment.katib.kubeflow.org",
      rules: experiments,
      namespaceSelector: notSystem,
    });
    const objects: Array<[K8sObject, string | undefined]> = [
      [cfg, katib],
      [profile, "kubeflow:profiles:Profile"],
      [teamNs, "kubeflow:profiles:Profile"],
      [kubeflowNs, "kubeflow:apps:Core"],
      [authNs, "kubeflow:services:Dex"],
    ];
    expect(webhooksConfined.check(setFrom(objects, false))).toEqual([]);
    const found = webhooksConfined.check(setFrom(objects, true));
    expect(found.map((v) => v.message.split(" {")[0])).toEqual([
      "webhook defaulter.experiment.katib.kubeflow.org intercepts experiments.kubeflow.org in auth",
      "webhook defaulter.experiment.katib.kubeflow.org intercepts experiments.kubeflow.org in default",
      "webhook defaulter.experiment.katib.kubeflow.org intercepts experiments.kubeflow.org in team-x",
    ]);
    expect(found[2]!.fix).toBe(
      "add {key: app.kubernetes.io/part-of, operator: In, values: [kubeflow, kubeflow-profile]} to its " +
        "namespaceSelector.matchExpressions (components/kubeflow/transforms/webhooks.ts does when " +
        "kubeflow.confineToProfiles is true)",
    );
    const fixed = webhookConfig("katib.kubeflow.org", {
      ...(cfg.webhooks as Array<Record<string, unknown>>)[0],
      namespaceSelector: confined,
    });
    expect(webhooksConfined.check(setFrom([[fixed, katib], ...objects.slice(1)], true))).toEqual(
      [],
    );
  });

  it("models a dashboard-made profile with the controller's labels when the stack declares none", () => {
    const labelsConfig: K8sObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "namespace-labels-data", namespace: "kubeflow" },
      data: {
        "namespace-labels.yaml":
          'app.kubernetes.io/part-of: "kubeflow-profile"\nistio-injection: ""\n',
      },
    };
    const models = namespaceModels(setFrom([[labelsConfig, "kubeflow:apps:Profiles"]]));
    expect(models.map((m) => [m.name, m.role, m.labels])).toEqual([
      ["kube-system", "system", { "kubernetes.io/metadata.name": "kube-system" }],
      [
        "kubeflow-user-example-com",
        "profile",
        {
          "app.kubernetes.io/part-of": "kubeflow-profile",
          "kubernetes.io/metadata.name": "kubeflow-user-example-com",
        },
      ],
      ["default", "foreign", { "kubernetes.io/metadata.name": "default" }],
      ["team-x", "foreign", { "kubernetes.io/metadata.name": "team-x" }],
    ]);
  });
});
