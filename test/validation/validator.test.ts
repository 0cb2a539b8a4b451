import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseStream } from "../../components/kubeflow/bundle-format";
import { K8sObject } from "../../components/kubeflow/types";
import { REPO_ROOT } from "../harness/stackfile";
import { builtinModel, modelTypeMaps } from "./builtin-schemas";
import { CrdIndex, toAjvSchema } from "./crd-schemas";
import { Failure, KnownException, reconcile } from "./known-exceptions";
import { formatProblem, schemasFrom, validateAll, validateObject } from "./validator";

const CRD_FILE = path.join(
  REPO_ROOT,
  "test/fixtures/kustomize/apps/widget/crd/base/widgets.example.com.yaml",
);
const widgetCrd = parseStream(fs.readFileSync(CRD_FILE, "utf8"), CRD_FILE)[0]!;
const schemas = schemasFrom([widgetCrd]);

function problems(obj: unknown): string[] {
  return validateObject(obj as K8sObject, schemas).map(formatProblem);
}

function deployment(container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "apps", labels: { app: "web" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "web",
              image: "nginx:1.27",
              ports: [{ containerPort: 80, name: "http" }],
              resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: 1 } },
              ...container,
            },
          ],
        },
      },
      ...spec,
    },
  };
}

function widget(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: "example.com/v1",
    kind: "Widget",
    metadata: { name: "w", namespace: "widgets", ...metadata },
    spec: { size: 1, ...spec },
  };
}

describe("built-in kinds", () => {
  it("accepts a valid Deployment, including a CPU quantity written as a number", () => {
    expect(problems(deployment())).toEqual([]);
  });

  it("names a misspelt container field with its JSON path and the nearest valid field", () => {
    expect(problems(deployment({ imagePullPolicyy: "Always" }))).toEqual([
      'spec.template.spec.containers[0].imagePullPolicyy: unknown field "imagePullPolicyy" (did you mean "imagePullPolicy"?)',
    ]);
  });

  it("reports a wrong type with the value found", () => {
    expect(problems(deployment({}, { replicas: "3" }))).toEqual([
      'spec.replicas: must be integer, got string "3"',
    ]);
    expect(problems(deployment({ ports: { containerPort: 80 } }))).toEqual([
      "spec.template.spec.containers[0].ports: must be array, got object",
    ]);
    expect(problems(deployment({ resources: { limits: { cpu: true } } }))).toEqual([
      "spec.template.spec.containers[0].resources.limits.cpu: must be string, got boolean true",
    ]);
  });

  it("accepts an int-or-string as an integer or a string, nothing else", () => {
    const service = (targetPort: unknown) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { ports: [{ port: 80, targetPort }] },
    });
    expect(problems(service(8080))).toEqual([]);
    expect(problems(service("http"))).toEqual([]);
    expect(problems(service(80.5))).toEqual([
      "spec.ports[0].targetPort: must be integer or string, got number 80.5",
    ]);
  });

  it("quotes map keys that are not identifiers in the path", () => {
    const obj = deployment();
    (obj.metadata as Record<string, unknown>).annotations = { "sidecar.istio.io/inject": false };
    expect(problems(obj)).toEqual([
      'metadata.annotations["sidecar.istio.io/inject"]: must be string, got boolean false',
    ]);
  });

  it("checks that Secret data is base64 and accepts null as a field's zero value", () => {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", creationTimestamp: null },
      data: { ok: "c2VjcmV0", bad: "not base64!" },
    };
    expect(problems(secret)).toEqual([
      'data.bad: must be base64-encoded data, got string "not base64!"',
    ]);
  });

  it("checks the nested schemas of a CRD, under items and additionalProperties too, and its subresources", () => {
    const crd = structuredClone(widgetCrd) as unknown as {
      spec: { versions: Array<{ schema: { openAPIV3Schema: { properties: never } } }> };
    };
    const spec = (crd.spec.versions[0]!.schema.openAPIV3Schema.properties as Record<string, never>)
      .spec as { properties: Record<string, Record<string, unknown>> };
    spec.properties.size!.minimun = 1;
    spec.properties.labels!.additionalProperties = { type: "string", maxLenght: 3 };
    spec.properties.list = { type: "array", items: { type: "string", patern: "^a" } };
    (crd.spec as Record<string, unknown>).versions = [
      { ...crd.spec.versions[0]!, subresources: { status: { enabled: true } } },
    ];
    const at = "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties";
    expect(problems(crd)).toEqual([
      `${at}.size.minimun: unknown field "minimun" (did you mean "minimum"?)`,
      `${at}.labels.additionalProperties.maxLenght: unknown field "maxLenght" (did you mean "maxLength"?)`,
      `${at}.list.items.patern: unknown field "patern" (did you mean "pattern"?)`,
      'spec.versions[0].subresources.status.enabled: unknown field "enabled"',
    ]);
  });

  it("requires apiVersion, kind and a name", () => {
    expect(problems({ metadata: {} })).toEqual([
      "apiVersion: is required",
      "kind: is required",
      "metadata.name: is required",
    ]);
  });

  it.each([
    ["apps/v1", "Deployment", "V1Deployment"],
    ["v1", "Event", "CoreV1Event"],
    ["events.k8s.io/v1", "Event", "EventsV1Event"],
    ["rbac.authorization.k8s.io/v1", "ClusterRole", "V1ClusterRole"],
    [
      "admissionregistration.k8s.io/v1",
      "ValidatingWebhookConfiguration",
      "V1ValidatingWebhookConfiguration",
    ],
    ["autoscaling/v2", "HorizontalPodAutoscaler", "V2HorizontalPodAutoscaler"],
    ["policy/v1", "PodDisruptionBudget", "V1PodDisruptionBudget"],
    ["networking.k8s.io/v1", "NetworkPolicy", "V1NetworkPolicy"],
    ["batch/v1", "CronJob", "V1CronJob"],
    ["scheduling.k8s.io/v1", "PriorityClass", "V1PriorityClass"],
    ["coordination.k8s.io/v1", "Lease", "V1Lease"],
    ["storage.k8s.io/v1", "StorageClass", "V1StorageClass"],
    ["apiextensions.k8s.io/v1", "CustomResourceDefinition", "V1CustomResourceDefinition"],
    ["policy/v1beta1", "PodSecurityPolicy", null],
    ["apps/v1beta1", "Deployment", null],
    ["serving.knative.dev/v1", "Service", undefined],
  ])("maps %s %s to the model %p", (apiVersion, kind, model) => {
    expect(builtinModel(apiVersion, kind)).toBe(model);
  });

  it("reports a built-in kind Kubernetes 1.34 no longer serves as having no schema", () => {
    expect(
      problems({
        apiVersion: "policy/v1beta1",
        kind: "PodSecurityPolicy",
        metadata: { name: "p" },
      }),
    ).toEqual([
      "no schema for policy/v1beta1 PodSecurityPolicy: Kubernetes 1.34 does not serve this version of the kind",
    ]);
  });

  it("reads the same attribute maps as the models' getAttributeTypeMap() when Node loads the package", () => {
    // jest cannot load the ESM-only package; Node can, in a child process.
    const script =
      'import * as k from "@kubernetes/client-node";' +
      "const out = {};" +
      'for (const [n, c] of Object.entries(k)) if (typeof c?.getAttributeTypeMap === "function") out[n] = c.getAttributeTypeMap();' +
      "process.stdout.write(JSON.stringify(out));";
    const real = JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        cwd: REPO_ROOT,
        maxBuffer: 64 * 1024 * 1024,
        encoding: "utf8",
      }),
    ) as Record<string, unknown>;
    expect(Object.fromEntries(modelTypeMaps())).toEqual(real);
  });
});

describe("custom resources", () => {
  it("accept a valid Widget, with null in a nullable field", () => {
    expect(problems(widget({ color: "red", port: 8080, note: null }))).toEqual([]);
  });

  it("report an unknown field, with the nearest field of the CRD schema", () => {
    expect(problems(widget({ colour: "red" }))).toEqual([
      'spec.colour: unknown field "colour" (did you mean "color"?)',
    ]);
  });

  it("report a wrong type, a value outside the enum, a value below the minimum and a missing field", () => {
    expect(problems(widget({ size: "3" }))).toEqual(['spec.size: must be integer, got string "3"']);
    expect(problems(widget({ color: "purple" }))).toEqual([
      'spec.color: must be one of "red", "green", "blue", got string "purple"',
    ]);
    expect(problems(widget({ size: 0 }))).toEqual(["spec.size: must be >= 1, got number 0"]);
    expect(problems({ ...widget({}), spec: {} })).toEqual(["spec.size: is required"]);
  });

  it("accept an int-or-string field as an integer or a string, nothing else", () => {
    expect(problems(widget({ port: "http" }))).toEqual([]);
    expect(problems(widget({ port: 8080 }))).toEqual([]);
    expect(problems(widget({ port: true }))).toEqual([
      "spec.port: must be integer or string, got boolean true",
    ]);
  });

  it("accept anything under x-kubernetes-preserve-unknown-fields, and only there", () => {
    expect(problems(widget({ config: { any: { nested: [1, "two", { three: 3 }] } } }))).toEqual([]);
    expect(problems(widget({ labels: { tier: "gold", weight: 3 } }))).toEqual([
      "spec.labels.weight: must be string, got number 3",
    ]);
    expect(problems({ ...widget({}), status: { ready: true, phase: "Ready" } })).toEqual([
      'status.phase: unknown field "phase"',
    ]);
  });

  it("validate their metadata as ObjectMeta", () => {
    expect(problems(widget({}, { labelz: { a: "b" } }))).toEqual([
      'metadata.labelz: unknown field "labelz" (did you mean "labels"?)',
    ]);
  });

  it("have no schema when no CRD defines the kind or the version is not served", () => {
    expect(
      problems({ apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: { name: "i" } }),
    ).toEqual([
      "no schema for cert-manager.io/v1 Issuer: not a built-in kind and no CustomResourceDefinition of kind Issuer in group cert-manager.io among the objects validated",
    ]);
    expect(problems({ ...widget({}), apiVersion: "example.com/v2" })).toEqual([
      "no schema for example.com/v2 Widget: the CRD widgets.example.com serves v1",
    ]);
  });

  it("have no single schema when two CRD objects define the version differently", () => {
    const other = structuredClone(widgetCrd) as unknown as {
      spec: { versions: Array<{ schema: { openAPIV3Schema: Record<string, unknown> } }> };
    };
    other.spec.versions[0]!.schema.openAPIV3Schema = { type: "object" };
    const both = schemasFrom([widgetCrd, other as unknown as K8sObject]);
    expect(validateObject(widget({}) as unknown as K8sObject, both).map(formatProblem)).toEqual([
      "no single schema for example.com/v1 Widget: the objects validated hold CRDs widgets.example.com whose v1 schemas differ",
    ]);
    expect(
      validateAll([widget({})] as unknown as K8sObject[], [widgetCrd, structuredClone(widgetCrd)]),
    ).toEqual({});
  });

  it("compile once per distinct schema, however many CRD objects carry it", () => {
    const a = new CrdIndex([widgetCrd]);
    const b = new CrdIndex([structuredClone(widgetCrd)]);
    const va = a.validator(a.versions("example.com", "Widget")[0]!);
    expect(typeof va).toBe("function");
    expect(b.validator(b.versions("example.com", "Widget")[0]!)).toBe(va);
  });
});

describe("the structural schema conversion", () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      "closes an object with properties",
      { type: "object", properties: { a: { type: "string" } } },
      { type: "object", properties: { a: { type: "string" } }, additionalProperties: false },
    ],
    [
      "leaves open an object that preserves unknown fields",
      { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { a: {} } },
      { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { a: {} } },
    ],
    [
      "keeps a given additionalProperties",
      { type: "object", properties: { a: {} }, additionalProperties: { type: "string" } },
      { type: "object", properties: { a: {} }, additionalProperties: { type: "string" } },
    ],
    [
      "turns int-or-string into integer or string",
      { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] },
      {
        "x-kubernetes-int-or-string": true,
        anyOf: [{ type: "integer" }, { type: "string" }],
        type: ["integer", "string"],
      },
    ],
    [
      "admits null where nullable, in the enum too",
      { type: "string", enum: ["a"], nullable: true, format: "hostname" },
      { type: ["string", "null"], enum: ["a", null] },
    ],
    [
      "does not close the branches of anyOf, which only add checks",
      { anyOf: [{ properties: { a: {} } }, { properties: { b: {} } }] },
      { anyOf: [{ properties: { a: {} } }, { properties: { b: {} } }] },
    ],
  ])("%s", (_name, input, expected) => {
    const root = toAjvSchema({ type: "object", properties: { x: input } });
    expect((root.properties as Record<string, unknown>).x).toEqual(expected);
  });

  it("always allows apiVersion, kind and metadata at the root, leaving metadata to ObjectMeta", () => {
    expect(toAjvSchema({ type: "object", properties: { spec: { type: "object" } } })).toEqual({
      type: "object",
      properties: {
        spec: { type: "object" },
        apiVersion: { type: "string" },
        kind: { type: "string" },
        metadata: {},
      },
      additionalProperties: false,
    });
  });
});

describe("objects after the transformation chain", () => {
  it("accept a Pulumi Output (a generated secret) wherever a value goes", () => {
    const secret = pulumi.secret("s3cr3t");
    const obj = deployment({ env: [{ name: "PASSWORD", value: secret }] });
    expect(problems(obj)).toEqual([]);
    expect(problems(widget({ color: secret, size: secret }))).toEqual([]);
  });

  it("still report the other problems of an object holding an Output", () => {
    expect(problems(widget({ color: pulumi.secret("x"), colour: "red" }))).toEqual([
      'spec.colour: unknown field "colour" (did you mean "color"?)',
    ]);
  });
});

describe("validateAll", () => {
  it("groups formatted problems by object key and omits valid objects", () => {
    const objects = [
      deployment({ imagePullPolicyy: "Always" }),
      widget({ colour: "red" }),
      widget({}),
    ];
    objects[2]!.metadata.name = "fine";
    expect(validateAll(objects as unknown as K8sObject[], [widgetCrd])).toEqual({
      "apps/Deployment/apps/web": [
        'spec.template.spec.containers[0].imagePullPolicyy: unknown field "imagePullPolicyy" (did you mean "imagePullPolicy"?)',
      ],
      "example.com/Widget/widgets/w": [
        'spec.colour: unknown field "colour" (did you mean "color"?)',
      ],
    });
  });
});

describe("the known-exceptions table", () => {
  const failure: Failure = {
    release: "26.03",
    key: "k",
    path: "spec.x",
    message: 'unknown field "x"',
  };
  const known: KnownException = { ...failure, reason: "upstream ships it" };

  it("flags a failure that is not listed", () => {
    expect(reconcile([failure], [], ["26.03"])).toEqual({ unexpected: [failure], stale: [] });
  });

  it("flags a listed exception that no longer fails, for the releases checked only", () => {
    expect(reconcile([], [known], ["26.03"])).toEqual({ unexpected: [], stale: [known] });
    expect(reconcile([], [known], ["v1.11.0"])).toEqual({ unexpected: [], stale: [] });
  });

  it("accepts a listed failure", () => {
    expect(reconcile([failure], [known], ["26.03"])).toEqual({ unexpected: [], stale: [] });
  });
});
