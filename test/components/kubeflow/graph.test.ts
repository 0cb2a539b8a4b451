import fc from "fast-check";
import {
  computeGraph,
  EXTERNAL,
  GraphNode,
  selectorMatches,
} from "../../../components/kubeflow/graph";
import { K8sObject, objectKey } from "../../../components/kubeflow/types";

const obj = (apiVersion: string, kind: string, name: string, ns?: string, rest: object = {}) =>
  ({
    apiVersion,
    kind,
    metadata: { name, ...(ns !== undefined ? { namespace: ns } : {}) },
    ...rest,
  }) as K8sObject;
const node = (o: K8sObject, app: GraphNode["app"] = "core"): GraphNode => ({
  key: objectKey(o),
  app,
  obj: o,
});
const deps = (g: ReturnType<typeof computeGraph>, o: K8sObject) => g.dependsOn.get(objectKey(o));

const ns = obj("v1", "Namespace", "kubeflow");
const injected = obj("v1", "Namespace", "serving", undefined, {
  metadata: { name: "serving", labels: { "istio-injection": "enabled" } },
});
const crd = obj(
  "apiextensions.k8s.io/v1",
  "CustomResourceDefinition",
  "widgets.example.com",
  undefined,
  {
    spec: { group: "example.com", names: { kind: "Widget", plural: "widgets" }, scope: "Cluster" },
  },
);
const widget = obj("example.com/v1", "Widget", "w1");
const svc = obj("v1", "Service", "hook", "kubeflow", { spec: { selector: { app: "hook" } } });
const deploy = obj("apps/v1", "Deployment", "hook", "kubeflow", {
  spec: { template: { metadata: { labels: { app: "hook", extra: "x" } } } },
});
const other = obj("apps/v1", "Deployment", "other", "kubeflow", {
  spec: { template: { metadata: { labels: { app: "other" } } } },
});
const issuer = obj("cert-manager.io/v1", "Issuer", "selfsigned", "kubeflow");
const cert = obj("cert-manager.io/v1", "Certificate", "hook-cert", "kubeflow", {
  spec: { issuerRef: { name: "selfsigned" } },
});
const hook = (failurePolicy: string | undefined, extra: object = {}) =>
  obj("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "hook", undefined, {
    metadata: {
      name: "hook",
      annotations: { "cert-manager.io/inject-ca-from": "kubeflow/hook-cert" },
    },
    webhooks: [
      {
        name: "w.example.com",
        ...(failurePolicy !== undefined ? { failurePolicy } : {}),
        clientConfig: { service: { name: "hook", namespace: "kubeflow" } },
        rules: [
          {
            apiGroups: ["example.com"],
            apiVersions: ["v1"],
            operations: ["CREATE"],
            resources: ["widgets"],
          },
        ],
        ...extra,
      },
    ],
  });

describe("computeGraph", () => {
  it("orders namespaced objects after their Namespace, and objects in service namespaces after the service", () => {
    const cm = obj("v1", "ConfigMap", "c", "kubeflow");
    const gw = obj("v1", "Service", "gw", "istio-system");
    const oauth = obj("v1", "ConfigMap", "o", "oauth2-proxy");
    const g = computeGraph([node(ns), node(cm), node(gw), node(oauth)]);
    expect(deps(g, cm)).toEqual([objectKey(ns)]);
    expect(deps(g, gw)).toEqual([EXTERNAL.istio]);
    expect(deps(g, oauth)).toEqual([EXTERNAL.auth]);
    expect(deps(g, ns)).toEqual([EXTERNAL.cluster]);
    expect(g.depth).toBe(2);
  });

  it("orders custom resources after their CRD, and cert-manager and Istio kinds after their service", () => {
    const vs = obj("networking.istio.io/v1", "VirtualService", "v", "kubeflow");
    const g = computeGraph([node(ns), node(crd), node(widget), node(issuer), node(cert), node(vs)]);
    expect(deps(g, widget)).toEqual([objectKey(crd)]);
    expect(deps(g, issuer)).toEqual([objectKey(ns), EXTERNAL.certManager]);
    expect(deps(g, cert)).toEqual([objectKey(ns), EXTERNAL.certManager, objectKey(issuer)]);
    expect(deps(g, vs)).toEqual([objectKey(ns), EXTERNAL.istio]);
  });

  it("orders namespaces labelled for sidecar injection after Istio, but not those with injection disabled", () => {
    const off = obj("v1", "Namespace", "quiet", undefined, {
      metadata: { name: "quiet", labels: { "istio-injection": "disabled" } },
    });
    const g = computeGraph([node(injected), node(off)]);
    expect(deps(g, injected)).toEqual([EXTERNAL.istio]);
    expect(deps(g, off)).toEqual([EXTERNAL.cluster]);
  });

  it.each([["Fail"], [undefined]])(
    "puts a webhook (failurePolicy %s) after its Service, Deployment and Certificate, and what it intercepts after it",
    (policy) => {
      const w = hook(policy);
      const g = computeGraph(
        [ns, crd, widget, svc, deploy, other, issuer, cert, w].map((o) => node(o)),
      );
      expect(deps(g, w)).toEqual([objectKey(svc), objectKey(deploy), objectKey(cert)]);
      expect(deps(g, widget)).toEqual([objectKey(crd), objectKey(w)]);
      expect(g.edges.filter((e) => e.rule === "webhook")).toEqual([
        { from: objectKey(widget), to: objectKey(w), rule: "webhook" },
      ]);
      expect(g.depth).toBe(5); // ns -> issuer -> cert -> webhook -> widget
    },
  );

  it("adds no edges for a webhook that ignores failures", () => {
    const w = hook("Ignore");
    const g = computeGraph([ns, crd, widget, svc, deploy, issuer, cert, w].map((o) => node(o)));
    expect(deps(g, w)).toEqual([EXTERNAL.cluster]);
    expect(deps(g, widget)).toEqual([objectKey(crd)]);
  });

  it("skips objects the webhook's objectSelector excludes", () => {
    const w = hook("Fail", { objectSelector: { matchLabels: { managed: "yes" } } });
    const labelled = obj("example.com/v1", "Widget", "w2", undefined, {
      metadata: { name: "w2", labels: { managed: "yes" } },
    });
    const g = computeGraph(
      [ns, crd, widget, labelled, svc, deploy, issuer, cert, w].map((o) => node(o)),
    );
    expect(deps(g, widget)).toEqual([objectKey(crd)]);
    expect(deps(g, labelled)).toEqual([objectKey(crd), objectKey(w)]);
  });

  it("gives each application's first objects the services the application needs", () => {
    const a = obj("v1", "ConfigMap", "a", "kubeflow");
    const role = obj("rbac.authorization.k8s.io/v1", "ClusterRole", "r");
    const g = computeGraph([node(ns, "core"), node(a, "kserve"), node(role, "kserve")], {
      applicationServices: (app) => (app === "kserve" ? ["istio"] : []),
    });
    expect(deps(g, a)).toEqual([objectKey(ns), EXTERNAL.istio]);
    expect(deps(g, role)).toEqual([EXTERNAL.istio]);
    expect(deps(g, ns)).toEqual([EXTERNAL.cluster]);
  });

  it("reports an object rendered by two applications, a missing namespace and a missing CRD", () => {
    const stray = obj("v1", "ConfigMap", "s", "nowhere");
    const g = computeGraph([
      node(ns, "core"),
      node(ns, "katib"),
      node(stray),
      node(widget, "spark"),
    ]);
    expect(g.problems).toEqual([
      "/Namespace//kubeflow is rendered by both core and katib; enable only one of them",
      '/ConfigMap/nowhere/s (core) is in namespace "nowhere", which no enabled application creates',
      "example.com/Widget//w1 (spark) is a example.com/Widget, whose CRD no enabled application installs",
    ]);
  });

  it("detects and reports a cycle", () => {
    // The webhook's own Deployment is intercepted by it: the API server could never admit it.
    const w = obj(
      "admissionregistration.k8s.io/v1",
      "MutatingWebhookConfiguration",
      "loop",
      undefined,
      {
        webhooks: [
          {
            name: "loop",
            clientConfig: { service: { name: "hook", namespace: "kubeflow" } },
            rules: [
              {
                apiGroups: ["apps"],
                apiVersions: ["v1"],
                operations: ["CREATE"],
                resources: ["deployments"],
              },
            ],
          },
        ],
      },
    );
    const g = computeGraph([ns, svc, deploy, w].map((o) => node(o)));
    expect(g.problems).toHaveLength(1);
    expect(g.problems[0]).toMatch(/^dependency cycle: /);
    expect(g.problems[0]).toContain(objectKey(deploy));
    expect(g.problems[0]).toContain(objectKey(w));
  });
});

describe("selectorMatches", () => {
  it("implements matchLabels and the four operators", () => {
    const labels = { a: "1", b: "2" };
    expect(selectorMatches(undefined, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { a: "1" } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { a: "2" } }, labels)).toBe(false);
    expect(
      selectorMatches(
        { matchExpressions: [{ key: "a", operator: "In", values: ["1", "3"] }] },
        labels,
      ),
    ).toBe(true);
    expect(
      selectorMatches(
        { matchExpressions: [{ key: "a", operator: "NotIn", values: ["1"] }] },
        labels,
      ),
    ).toBe(false);
    expect(
      selectorMatches(
        { matchExpressions: [{ key: "c", operator: "NotIn", values: ["1"] }] },
        labels,
      ),
    ).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "b", operator: "Exists" }] }, labels)).toBe(
      true,
    );
    expect(
      selectorMatches({ matchExpressions: [{ key: "b", operator: "DoesNotExist" }] }, labels),
    ).toBe(false);
  });

  it("matches a label set by its own matchLabels, and Exists is the negation of DoesNotExist", () => {
    const labelSet = fc.dictionary(fc.constantFrom("a", "b", "c", "d"), fc.constantFrom("x", "y"));
    fc.assert(
      fc.property(labelSet, fc.constantFrom("a", "b", "c", "d"), (labels, key) => {
        expect(selectorMatches({ matchLabels: labels }, labels)).toBe(true);
        const exists = selectorMatches({ matchExpressions: [{ key, operator: "Exists" }] }, labels);
        const absent = selectorMatches(
          { matchExpressions: [{ key, operator: "DoesNotExist" }] },
          labels,
        );
        expect(exists).toBe(!absent);
      }),
    );
  });
});
