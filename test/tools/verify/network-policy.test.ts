import * as fs from "fs";
import * as path from "path";
import { K8sObject } from "../../../components/kubeflow/types";
import {
  connectionAllowed,
  egressAllowed,
  ingressAllowed,
  Peer,
  PodEndpoint,
  podEndpointFor,
} from "../../../tools/verify/network-policy";
import { podTemplateOf } from "../../../tools/verify/objects";
import { bundleDir } from "../../harness/upstream";
import { fileObjects } from "../../components/kubeflow/transforms/bundles";

function np(namespace: string, name: string, spec: Record<string, unknown>): K8sObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace },
    spec,
  };
}

function pod(
  namespace: string,
  labels: Record<string, string>,
  extra: Partial<PodEndpoint> = {},
): PodEndpoint {
  return { namespace, labels, namespaceLabels: {}, ...extra };
}

const web = pod("shop", { app: "web" });
const db = pod("shop", { app: "db" }, { ports: [{ name: "pg", containerPort: 5432 }] });
const otherNsWeb = pod("other", { app: "web" }, { namespaceLabels: { team: "blue" } });
const internet: Peer = { ip: "203.0.113.7" };

const denyAllIngress = np("shop", "deny-all", { podSelector: {}, policyTypes: ["Ingress"] });

describe("isolation and policyTypes", () => {
  it.each<[string, K8sObject[], boolean]>([
    ["no policy at all", [], true],
    ["a deny-all policy in another namespace", [np("other", "deny", { podSelector: {} })], true],
    [
      "a policy that selects other pods",
      [np("shop", "deny-web", { podSelector: { matchLabels: { app: "web" } } })],
      true,
    ],
    [
      "an egress-only policy selecting the pod",
      [np("shop", "egress", { podSelector: {}, policyTypes: ["Egress"] })],
      true,
    ],
    [
      "a policy with no policyTypes and no rules (Ingress by default)",
      [np("shop", "d", { podSelector: {} })],
      false,
    ],
    ["a deny-all Ingress policy", [denyAllIngress], false],
  ])("ingress to a pod with %s is allowed: %s", (_name, policies, allowed) => {
    expect(ingressAllowed(policies, otherNsWeb, db, 5432).allowed).toBe(allowed);
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    [
      "egress rules and no policyTypes isolates egress",
      { podSelector: {}, egress: [{ to: [{ podSelector: { matchLabels: { app: "db" } } }] }] },
      false,
    ],
    [
      "no egress rules and no policyTypes leaves egress open",
      { podSelector: {}, ingress: [] },
      true,
    ],
    [
      "an empty egress list and no policyTypes leaves egress open",
      { podSelector: {}, egress: [] },
      true,
    ],
    [
      "policyTypes Egress with no rules denies all egress",
      { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      false,
    ],
  ])("a policy with %s", (_name, spec, allowed) => {
    expect(egressAllowed([np("shop", "p", spec)], web, internet, 443).allowed).toBe(allowed);
  });

  it("says which policies isolate the pod when it denies", () => {
    const decision = ingressAllowed([denyAllIngress], otherNsWeb, db, 5432);
    expect(decision).toEqual({
      allowed: false,
      reason:
        "ingress of pod {app=db} in shop is isolated by NetworkPolicy shop/deny-all and no rule allows from pod {app=web} in other on 5432/TCP",
    });
  });

  it("reads only networking.k8s.io NetworkPolicies among the objects it is given", () => {
    const lookalike = { ...denyAllIngress, apiVersion: "crd.projectcalico.org/v1" };
    const configMap = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "x", namespace: "shop" },
    };
    expect(ingressAllowed([lookalike, configMap], web, db, 5432).allowed).toBe(true);
  });
});

describe("rules across policies", () => {
  const fromWeb = np("shop", "from-web", {
    podSelector: { matchLabels: { app: "db" } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
  });
  const fromJob = np("shop", "from-job", {
    podSelector: { matchLabels: { app: "db" } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: "job" } } }] }],
  });

  it.each<[string, Peer, string | undefined]>([
    ["web (first policy)", web, "NetworkPolicy shop/from-web"],
    ["job (second policy)", pod("shop", { app: "job" }), "NetworkPolicy shop/from-job"],
    ["cron (neither)", pod("shop", { app: "cron" }), undefined],
  ])("a source allowed by any one selecting policy gets in: %s", (_name, from, by) => {
    const decision = ingressAllowed([fromWeb, fromJob], from, db, 5432);
    expect(decision.allowed).toBe(by !== undefined);
    expect(decision.by).toBe(by);
  });

  it("names the policy and rule that allowed the connection", () => {
    expect(ingressAllowed([fromWeb], web, db, 5432)).toEqual({
      allowed: true,
      by: "NetworkPolicy shop/from-web",
      reason:
        "ingress rule 0 of NetworkPolicy shop/from-web allows from pod {app=web} in shop on 5432/TCP",
    });
  });

  it.each<[string, Record<string, unknown>, Peer, boolean]>([
    ["an empty rule admits a pod of any namespace", { ingress: [{}] }, otherNsWeb, true],
    ["an empty rule admits an outside address", { ingress: [{}] }, internet, true],
    ["an empty from list admits an outside address", { ingress: [{ from: [] }] }, internet, true],
    ["no ingress rules admit nothing", { ingress: [] }, web, false],
  ])("%s", (_name, rules, from, allowed) => {
    const policy = np("shop", "p", { podSelector: {}, policyTypes: ["Ingress"], ...rules });
    expect(ingressAllowed([policy], from, db, 5432).allowed).toBe(allowed);
  });
});

describe("peer selectors", () => {
  const aliceClient = pod("a", { role: "client" }, { namespaceLabels: { user: "alice" } });
  const aliceServer = pod("a", { role: "server" }, { namespaceLabels: { user: "alice" } });
  const bobClient = pod("b", { role: "client" }, { namespaceLabels: { user: "bob" } });
  const localClient = pod("shop", { role: "client" });
  const nsAndPod = {
    namespaceSelector: { matchLabels: { user: "alice" } },
    podSelector: { matchLabels: { role: "client" } },
  };
  const nsOrPod = [
    { namespaceSelector: { matchLabels: { user: "alice" } } },
    { podSelector: { matchLabels: { role: "client" } } },
  ];

  it.each<[string, unknown[], PodEndpoint, boolean]>([
    ["both selectors in one element: client in alice's namespace", [nsAndPod], aliceClient, true],
    ["both selectors in one element: server in alice's namespace", [nsAndPod], aliceServer, false],
    ["both selectors in one element: client in bob's namespace", [nsAndPod], bobClient, false],
    [
      "both selectors in one element: client in the policy's namespace",
      [nsAndPod],
      localClient,
      false,
    ],
    ["separate elements: server in alice's namespace", nsOrPod, aliceServer, true],
    ["separate elements: client in the policy's namespace", nsOrPod, localClient, true],
    [
      "separate elements: client in bob's namespace (podSelector is local)",
      nsOrPod,
      bobClient,
      false,
    ],
    [
      "podSelector {} alone: any pod of the policy's namespace",
      [{ podSelector: {} }],
      localClient,
      true,
    ],
    ["podSelector {} alone: a pod of another namespace", [{ podSelector: {} }], bobClient, false],
    ["namespaceSelector {}: a pod of any namespace", [{ namespaceSelector: {} }], bobClient, true],
  ])("%s -> %s", (_name, from, source, allowed) => {
    const policy = np("shop", "p", { podSelector: {}, ingress: [{ from }] });
    expect(ingressAllowed([policy], source, db, 5432).allowed).toBe(allowed);
  });

  it("namespaceSelector {} does not admit an address outside the cluster's pods", () => {
    const policy = np("shop", "p", {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: {} }] }],
    });
    expect(ingressAllowed([policy], internet, db, 5432).allowed).toBe(false);
  });

  it.each<[string, Record<string, string>, boolean]>([
    ["omitted by the caller", {}, true],
    ["given with a wrong value", { "kubernetes.io/metadata.name": "spoofed" }, true],
  ])(
    "the kubernetes.io/metadata.name namespace label is set from the namespace when %s",
    (_n, nsLabels, allowed) => {
      const policy = np("shop", "p", {
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: { "kubernetes.io/metadata.name": "istio-system" },
                },
              },
            ],
          },
        ],
      });
      const gateway = pod(
        "istio-system",
        { app: "istio-ingressgateway" },
        { namespaceLabels: nsLabels },
      );
      expect(ingressAllowed([policy], gateway, db, 5432).allowed).toBe(allowed);
    },
  );

  it("matchExpressions on namespace labels select like matchLabels", () => {
    const policy = np("shop", "p", {
      podSelector: {},
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchExpressions: [{ key: "team", operator: "In", values: ["blue"] }],
              },
            },
          ],
        },
      ],
    });
    expect(ingressAllowed([policy], otherNsWeb, db, 5432).allowed).toBe(true);
    expect(ingressAllowed([policy], aliceClient, db, 5432).allowed).toBe(false);
  });
});

describe("ipBlock", () => {
  const policy = np("shop", "p", {
    podSelector: {},
    ingress: [
      { from: [{ ipBlock: { cidr: "172.17.0.0/16", except: ["172.17.1.0/24"] } }] },
      { from: [{ ipBlock: { cidr: "2001:db8::/32" } }] },
    ],
  });

  it.each<[string, boolean]>([
    ["172.17.0.5", true],
    ["172.17.255.255", true],
    ["172.17.1.9", false],
    ["172.18.0.1", false],
    ["2001:db8:0:1::42", true],
    ["2001:db9::1", false],
    ["::ffff:172.17.0.5", false],
    ["not-an-ip", false],
  ])(
    "an address %s is admitted by cidr 172.17.0.0/16 except 172.17.1.0/24 or 2001:db8::/32: %s",
    (ip, allowed) => {
      expect(ingressAllowed([policy], { ip }, db, 5432).allowed).toBe(allowed);
    },
  );

  it("an ipBlock never matches a pod, whatever its address (pod IPs are implementation-defined)", () => {
    const all = np("shop", "p", {
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
    });
    expect(ingressAllowed([all], web, db, 5432).allowed).toBe(false);
    expect(ingressAllowed([all], internet, db, 5432).allowed).toBe(true);
  });

  it("an egress ipBlock admits the address it names", () => {
    const apiServer = np("shop", "to-api", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "10.0.0.1/32" } }], ports: [{ port: 443 }] }],
    });
    expect(egressAllowed([apiServer], web, { ip: "10.0.0.1" }, 443).allowed).toBe(true);
    expect(egressAllowed([apiServer], web, { ip: "10.0.0.2" }, 443).allowed).toBe(false);
  });
});

describe("ports", () => {
  const dbPorts = pod(
    "shop",
    { app: "db" },
    {
      ports: [
        { name: "pg", containerPort: 5432 },
        { name: "dns", containerPort: 53, protocol: "UDP" },
      ],
    },
  );
  const withPorts = (ports: unknown[]) =>
    np("shop", "p", { podSelector: {}, ingress: [{ ports }] });

  it.each<[string, unknown[], number, "TCP" | "UDP" | "SCTP", boolean]>([
    ["a numeric port, same port", [{ port: 5432 }], 5432, "TCP", true],
    ["a numeric port, another port", [{ port: 5432 }], 5433, "TCP", false],
    ["a port without protocol is TCP, not UDP", [{ port: 53 }], 53, "UDP", false],
    ["an explicit UDP port", [{ port: 53, protocol: "UDP" }], 53, "UDP", true],
    ["an SCTP port", [{ port: 9, protocol: "SCTP" }], 9, "SCTP", true],
    ["a range includes its start", [{ port: 5000, endPort: 5010 }], 5000, "TCP", true],
    ["a range includes its end", [{ port: 5000, endPort: 5010 }], 5010, "TCP", true],
    ["a range excludes what lies past it", [{ port: 5000, endPort: 5010 }], 5011, "TCP", false],
    ["a protocol alone admits every port of it", [{ protocol: "TCP" }], 31337, "TCP", true],
    ["a named port resolves to the pod's container port", [{ port: "pg" }], 5432, "TCP", true],
    ["a named port does not admit another number", [{ port: "pg" }], 5433, "TCP", false],
    ["a named port the pod does not have", [{ port: "http" }], 5432, "TCP", false],
    [
      "a named UDP port resolves with its protocol",
      [{ port: "dns", protocol: "UDP" }],
      53,
      "UDP",
      true,
    ],
    [
      "a named port with a protocol other than the container port's",
      [{ port: "dns" }],
      53,
      "TCP",
      false,
    ],
    ["an empty ports list admits every port", [], 1, "UDP", true],
  ])("%s", (_name, ports, port, protocol, allowed) => {
    expect(ingressAllowed([withPorts(ports)], web, dbPorts, port, protocol).allowed).toBe(allowed);
  });

  it("a rule must match both its peers and its ports", () => {
    const policy = np("shop", "p", {
      podSelector: {},
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ port: 5432 }] },
      ],
    });
    expect(ingressAllowed([policy], web, db, 5432).allowed).toBe(true);
    expect(ingressAllowed([policy], web, db, 22).allowed).toBe(false);
    expect(ingressAllowed([policy], pod("shop", { app: "job" }), db, 5432).allowed).toBe(false);
  });

  it("an egress named port resolves against the destination pod's ports, and never matches an address", () => {
    const policy = np("shop", "p", {
      podSelector: { matchLabels: { app: "web" } },
      policyTypes: ["Egress"],
      egress: [{ ports: [{ port: "pg" }] }],
    });
    expect(egressAllowed([policy], web, db, 5432).allowed).toBe(true);
    expect(egressAllowed([policy], web, { ip: "10.1.2.3" }, 5432).allowed).toBe(false);
  });
});

describe("connectionAllowed", () => {
  const webEgressToDb = np("shop", "web-egress", {
    podSelector: { matchLabels: { app: "web" } },
    egress: [{ to: [{ podSelector: { matchLabels: { app: "db" } } }] }],
  });
  const dbFromWeb = np("shop", "db-ingress", {
    podSelector: { matchLabels: { app: "db" } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
  });
  const webDenyEgress = np("shop", "web-deny", {
    podSelector: { matchLabels: { app: "web" } },
    policyTypes: ["Egress"],
  });

  it("needs both the source's egress and the destination's ingress", () => {
    expect(connectionAllowed([webDenyEgress, dbFromWeb], web, db, 5432)).toEqual({
      allowed: false,
      reason:
        "egress of pod {app=web} in shop is isolated by NetworkPolicy shop/web-deny and no rule allows to pod {app=db} in shop on 5432/TCP",
    });
    expect(connectionAllowed([denyAllIngress], web, db, 5432).allowed).toBe(false);
  });

  it("names both allowing policies when both sides are isolated", () => {
    const decision = connectionAllowed([webEgressToDb, dbFromWeb], web, db, 5432);
    expect(decision.allowed).toBe(true);
    expect(decision.by).toBe("NetworkPolicy shop/web-egress and NetworkPolicy shop/db-ingress");
  });

  it("has no by when neither side is isolated", () => {
    const decision = connectionAllowed([], web, db, 5432);
    expect(decision.allowed).toBe(true);
    expect(decision.by).toBeUndefined();
  });

  it("judges an address source by the destination's ingress alone", () => {
    expect(connectionAllowed([webDenyEgress], internet, db, 5432).allowed).toBe(true);
    expect(connectionAllowed([denyAllIngress], internet, db, 5432).allowed).toBe(false);
  });
});

describe("podEndpointFor", () => {
  it("takes the template's labels, namespace and container ports, and sets the namespace name label", () => {
    const deployment: K8sObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "api", namespace: "shop" },
      spec: {
        template: {
          metadata: { labels: { app: "api" } },
          spec: {
            containers: [
              { name: "api", ports: [{ name: "http", containerPort: 8080 }] },
              { name: "metrics", ports: [{ containerPort: 9090, protocol: "TCP" }] },
              { name: "plain" },
            ],
          },
        },
      },
    };
    expect(podEndpointFor(podTemplateOf(deployment)!, { team: "blue" })).toEqual({
      namespace: "shop",
      labels: { app: "api" },
      namespaceLabels: { team: "blue", "kubernetes.io/metadata.name": "shop" },
      ports: [
        { name: "http", containerPort: 8080, protocol: "TCP" },
        { containerPort: 9090, protocol: "TCP" },
      ],
    });
  });
});

describe("the Kubeflow 26.03 bundle's NetworkPolicies", () => {
  // The example install: bundle.json lists the kustomize paths it applies; alternatives would add duplicates.
  const dir = bundleDir("26.03");
  const bundle = JSON.parse(fs.readFileSync(path.join(dir, "bundle.json"), "utf8")) as {
    example: string[];
    paths: Record<string, { file: string }>;
  };
  const objects = bundle.example.flatMap((p) => fileObjects("26.03", bundle.paths[p]!.file));
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const deployment = (ns: string, name: string): K8sObject =>
    objects.find(
      (o) => o.kind === "Deployment" && o.metadata.namespace === ns && o.metadata.name === name,
    )!;
  const gateway = podEndpointFor(
    podTemplateOf(deployment("istio-system", "istio-ingressgateway"))!,
    {},
  );
  const dashboard = podEndpointFor(podTemplateOf(deployment("kubeflow", "centraldashboard"))!, {
    "kubernetes.io/metadata.name": "kubeflow",
  });
  const pipeline = podEndpointFor(podTemplateOf(deployment("kubeflow", "ml-pipeline"))!, {});

  it("has the policies this test reads", () => {
    expect(policies.length).toBeGreaterThan(30);
    expect(dashboard.ports).toContainEqual({ containerPort: 8082, protocol: "TCP" });
  });

  it("lets the ingress gateway reach the central dashboard on its port", () => {
    // kubeflow/centraldashboard admits the istio-system namespace by its name label.
    expect(connectionAllowed(policies, gateway, dashboard, 8082)).toMatchObject({
      allowed: true,
      by: "NetworkPolicy kubeflow/centraldashboard",
    });
  });

  it("keeps a pod of an unrelated namespace away from ml-pipeline, but admits a profile namespace", () => {
    // kubeflow/ml-pipeline admits only namespaces labelled app.kubernetes.io/part-of=kubeflow-profile and
    // istio-system; default-allow-same-namespace admits pods of kubeflow itself.
    const stranger = pod("default", { app: "curl" });
    const notebook = pod(
      "kubeflow-user",
      { app: "nb" },
      { namespaceLabels: { "app.kubernetes.io/part-of": "kubeflow-profile" } },
    );
    const sameNs = pod("kubeflow", { app: "ml-pipeline-ui" });
    expect(connectionAllowed(policies, stranger, pipeline, 8888).allowed).toBe(false);
    expect(connectionAllowed(policies, notebook, pipeline, 8888).by).toBe(
      "NetworkPolicy kubeflow/ml-pipeline",
    );
    expect(connectionAllowed(policies, sameNs, pipeline, 8888).by).toBe(
      "NetworkPolicy kubeflow/default-allow-same-namespace",
    );
  });

  it("lets any source reach a webhook port that the policy opens to all peers, and nothing else", () => {
    // kubeflow/poddefaults admits every source on 4443 (the API server calling the webhook) and nothing more.
    const webhook = podEndpointFor(
      podTemplateOf(deployment("kubeflow", "admission-webhook-deployment"))!,
      {},
    );
    expect(connectionAllowed(policies, { ip: "10.0.0.1" }, webhook, 4443).allowed).toBe(true);
    expect(connectionAllowed(policies, { ip: "10.0.0.1" }, webhook, 8080).allowed).toBe(false);
  });
});
