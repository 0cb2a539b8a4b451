import {
  additivePolicies,
  isolatedNamespaces,
} from "../../../components/kubeflow/additive-policies";
import { K8sObject } from "../../../components/kubeflow/types";

const np = (namespace: string, spec: Record<string, unknown>, name = "p"): K8sObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name, namespace },
  spec,
});
const ingress = [{ from: [{ namespaceSelector: {} }], ports: [{ port: 15020, protocol: "TCP" }] }];
const allow = np(
  "istio-system",
  {
    podSelector: {
      matchExpressions: [{ key: "service.istio.io/canonical-name", operator: "Exists" }],
    },
    policyTypes: ["Ingress"],
    ingress,
  },
  "allow-metrics",
);

describe("isolatedNamespaces", () => {
  it("holds a namespace whose policy selects every pod for ingress, with or without policyTypes", () => {
    expect(
      isolatedNamespaces([
        np("kubeflow", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] }),
        np("knative-serving", { podSelector: {}, ingress: [] }),
      ]),
    ).toEqual(new Set(["kubeflow", "knative-serving"]));
  });

  it("leaves out a namespace whose policies select only some pods, or only restrict egress", () => {
    expect(
      isolatedNamespaces([
        np("istio-system", { podSelector: { matchLabels: { app: "istiod" } } }),
        np("kubeflow", {
          podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] },
        }),
        np("auth", { podSelector: {}, policyTypes: ["Egress"] }),
      ]),
    ).toEqual(new Set());
  });
});

describe("additivePolicies", () => {
  it("keeps the policy as is where a policy isolates every pod of its namespace", () => {
    expect(additivePolicies(allow, [np("istio-system", { podSelector: {} })])).toEqual([allow]);
  });

  it("drops it where nothing isolates the namespace (it would isolate the pods it selects)", () => {
    expect(additivePolicies(allow, [np("kubeflow", { podSelector: {} })])).toEqual([]);
  });

  it("narrows it to the pods each isolating policy selects, and skips a conflicting selector", () => {
    const gateways = np(
      "istio-system",
      { podSelector: { matchLabels: { app: "cluster-local-gateway" } } },
      "gateways",
    );
    const egressOnly = np(
      "istio-system",
      { podSelector: { matchLabels: { app: "x" } }, policyTypes: ["Egress"] },
      "egress",
    );
    const [narrowed, ...rest] = additivePolicies(allow, [gateways, egressOnly]);
    expect(rest).toEqual([]);
    expect(narrowed?.metadata.name).toBe("allow-metrics--gateways");
    expect(narrowed?.spec).toEqual({
      podSelector: {
        matchLabels: { app: "cluster-local-gateway" },
        matchExpressions: [{ key: "service.istio.io/canonical-name", operator: "Exists" }],
      },
      policyTypes: ["Ingress"],
      ingress,
    });
    const katib = np(
      "kubeflow",
      { podSelector: { matchLabels: { app: "katib" } }, ingress },
      "allow-katib",
    );
    expect(
      additivePolicies(katib, [np("kubeflow", { podSelector: { matchLabels: { app: "ui" } } })]),
    ).toEqual([]);
  });
});
