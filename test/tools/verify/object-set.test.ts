import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe as kind } from "../../../tools/verify/objects";
import { buildPlatformSet, programObjects } from "../../../tools/verify/object-set";
import { jsonDocuments, parseStream, releaseSpecs } from "../../../tools/verify/render";
import { PlatformSet } from "../../../tools/verify/types";
import { platformSet } from "./sets";

const find = (set: PlatformSet, k: string, ns: string | undefined, name: string) =>
  set.objects.find(
    (o) => o.obj.kind === k && o.obj.metadata.namespace === ns && o.obj.metadata.name === name,
  );

describe("the Helm releases a program registers", () => {
  it("are taken with chart, version, name, namespace, repository and values as registered", () => {
    const specs = releaseSpecs([
      {
        type: "kubernetes:helm.sh/v3:Release",
        name: "kf-dex",
        inputs: {
          chart: "dex",
          version: "0.24.0",
          name: "dex",
          namespace: "auth",
          repositoryOpts: { repo: "https://charts.dexidp.io" },
          values: { replicaCount: 2 },
        },
      },
    ]);
    expect(specs).toEqual([
      {
        resource: "kf-dex",
        chart: "dex",
        version: "0.24.0",
        name: "dex",
        namespace: "auth",
        repo: "https://charts.dexidp.io",
        values: { replicaCount: 2 },
      },
    ]);
  });

  it("take cert-manager's typed component arguments over its helmOptions.values, as the component does", () => {
    const [spec] = releaseSpecs([
      {
        type: "kubernetes-cert-manager:index:CertManager",
        name: "kf-cm",
        inputs: {
          replicaCount: 3,
          helmOptions: {
            chart: "cert-manager",
            version: "v1.19.6",
            name: "cert-manager",
            namespace: "cert-manager",
            values: { replicaCount: 1, crds: { enabled: true } },
          },
        },
      },
    ]);
    expect(spec!.values).toEqual({ replicaCount: 3, crds: { enabled: true } });
    expect(spec!.namespace).toBe("cert-manager");
  });
});

describe("the objects a program registers itself", () => {
  it("include each object of a ConfigGroup's YAML, attributed to the group", () => {
    const objs = programObjects([
      {
        type: "kubernetes:yaml/v2:ConfigGroup",
        name: "kf-crds",
        inputs: {
          yaml: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"x"}}\n---\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","namespace":"x"}}',
        },
      },
      {
        type: "kubernetes:core/v1:Namespace",
        name: "kf-ns",
        inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } },
      },
      { type: "kubeflow:apps:Core", name: "core", inputs: {} },
    ]);
    expect(objs.map((o) => `${o.source.via}:${kind(o.obj)}`)).toEqual([
      "config-group:ConfigMap x/a",
      "config-group:ConfigMap x/b",
      "program:Namespace x",
    ]);
  });

  it("name the component that registered each object, from its parent's URN (none at the stack)", () => {
    const objs = programObjects([
      {
        type: "kubernetes:core/v1:Namespace",
        name: "kubeflow-core-kubeflow",
        parent:
          "urn:pulumi:dev::kubeflow-platform::kubeflow:apps:KubeflowRelease$kubeflow:apps:Core::kubeflow-core",
        inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "kubeflow" } },
      },
      {
        type: "kubernetes:core/v1:Namespace",
        name: "loose",
        parent: "",
        inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "loose" } },
      },
    ]);
    expect(objs.map((o) => o.source.component)).toEqual(["kubeflow:apps:Core", undefined]);
  });
});

describe("a stream of JSON documents (the program's CRD ConfigGroups)", () => {
  const crds = [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a" },
      data: { k: "line\n---\nnext" },
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b" }, data: { n: "1", e: "" } },
  ];
  const text = crds.map((c) => JSON.stringify(c)).join("\n---\n");

  it("is read without the YAML parser, to the same objects the parser gives", () => {
    expect(jsonDocuments(text)).toEqual(crds);
    expect(parseStream(text)).toEqual(crds);
    // The YAML path, forced by a YAML document at the end, reads the JSON ones the same.
    const mixed = parseStream(`${text}\n---\nkind: Extra\nmetadata: {name: c}\n`);
    expect(mixed.slice(0, 2)).toEqual(crds);
    expect(mixed[2]).toEqual({ kind: "Extra", metadata: { name: "c" } });
  });

  it("is not taken for a stream with any YAML (block or flow) or broken JSON document", () => {
    expect(jsonDocuments(`${text}\n---\nkind: Extra\n`)).toBeUndefined();
    expect(jsonDocuments("{kind: Flow, metadata: {name: x}}")).toBeUndefined();
    expect(jsonDocuments('{"kind": "Broken"')).toBeUndefined();
    expect(jsonDocuments("---\n\n---\n")).toEqual([]);
  });
});

describe("a rendered release", () => {
  it("puts namespaced objects the chart leaves without a namespace into the release namespace", () => {
    const set = buildPlatformSet(
      "s",
      "26.03",
      [
        {
          type: "kubernetes:helm.sh/v3:Release",
          name: "r",
          inputs: { chart: "c", version: "1", name: "c", namespace: "team", values: {} },
        },
      ],
      { chartsDir: "/nowhere" },
      () => [
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa" } },
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRole",
          metadata: { name: "cr" },
        },
      ],
    );
    expect(set.objects.map((o) => kind(o.obj))).toEqual([
      "ServiceAccount team/sa",
      "ClusterRole cr",
    ]);
  });
});

describe("a release whose chart is pinned outside the offline chart set", () => {
  const release = (chart: string, version: string) => ({
    type: "kubernetes:helm.sh/v3:Release",
    name: chart,
    inputs: { chart, version, name: chart, namespace: "kube-system", values: {} },
  });

  it("is listed as not rendered, with the catalog's reason, when the charts directory lacks it", () => {
    const rendered: string[] = [];
    const set = buildPlatformSet(
      "s",
      "26.03",
      [release("aws-load-balancer-controller", "3.5.0"), release("c", "1")],
      { chartsDir: "/nowhere" },
      (spec) => {
        rendered.push(spec.chart);
        return [];
      },
    );
    expect(rendered).toEqual(["c"]);
    expect(set.unrendered).toEqual([
      {
        release: "aws-load-balancer-controller",
        chart: "aws-load-balancer-controller@3.5.0",
        reason: expect.stringMatching(/^not in the shared offline chart set/),
      },
    ]);
  });

  it("is rendered like any other once a charts directory has it, and other versions are never skipped", () => {
    const rendered: string[] = [];
    const render = (spec: { chart: string; version: string }) => {
      rendered.push(`${spec.chart}@${spec.version}`);
      return [];
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "charts-"));
    fs.mkdirSync(path.join(dir, "aws-load-balancer-controller", "3.5.0"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "aws-load-balancer-controller", "3.5.0", "Chart.yaml"),
      "name: x\n",
    );
    const set = buildPlatformSet(
      "s",
      "26.03",
      [
        release("aws-load-balancer-controller", "3.5.0"),
        release("aws-load-balancer-controller", "9.9.9"),
      ],
      { chartsDir: dir },
      render,
    );
    expect(rendered).toEqual([
      "aws-load-balancer-controller@3.5.0",
      "aws-load-balancer-controller@9.9.9",
    ]);
    expect(set.unrendered).toBeUndefined();
  });
});

describe("the dev stack's platform object set", () => {
  let set: PlatformSet;
  beforeAll(async () => {
    set = await platformSet("dev");
  });

  it("holds every Helm release rendered by its real chart, in the release's namespace", () => {
    const charts = new Set(set.objects.flatMap((o) => (o.source.chart ? [o.source.chart] : [])));
    expect([...charts].sort()).toEqual([
      "base@1.29.6",
      "cert-manager@v1.19.6",
      "cni@1.29.6",
      "dex@0.24.0",
      "gateway@1.29.6",
      "istiod@1.29.6",
      "oauth2-proxy@10.7.0",
    ]);
    expect(find(set, "Deployment", "istio-system", "istiod-1-29")?.source.via).toBe("helm");
    expect(find(set, "DaemonSet", "kube-system", "istio-cni-node")?.source.via).toBe("helm");
  });

  it("renders the values as registered: oauth2-proxy runs the replicas the stack sets", () => {
    const d = find(set, "Deployment", "oauth2-proxy", "oauth2-proxy")!.obj as unknown as {
      spec: { replicas: number };
    };
    expect(d.spec.replicas).toBe(2);
  });

  it("renders cert-manager's CRDs, which the chart installs with crds.enabled", () => {
    expect(
      find(set, "CustomResourceDefinition", undefined, "certificates.cert-manager.io"),
    ).toBeDefined();
  });

  it("holds the bundle's CRDs from the ConfigGroups and its objects as the program registers them", () => {
    expect(
      find(set, "CustomResourceDefinition", undefined, "notebooks.kubeflow.org")?.source.via,
    ).toBe("config-group");
    expect(find(set, "Gateway", "kubeflow", "kubeflow-gateway")?.source.via).toBe("program");
  });

  it("names the ingress gateway's ServiceAccount as Kubeflow's policies admit it", () => {
    expect(
      find(set, "ServiceAccount", "istio-system", "istio-ingressgateway-service-account")?.source,
    ).toMatchObject({ via: "helm", chart: "gateway@1.29.6" });
  });
});
