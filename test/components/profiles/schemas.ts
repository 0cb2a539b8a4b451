/**
 * Small, local strict validation of the objects profiles create (to be replaced by the shared strict
 * validator): custom resources against the openAPIV3Schema of their CRD in the release bundle, with unknown
 * fields made errors; built-in kinds against the models of @kubernetes/client-node.
 */
import Ajv, { ValidateFunction } from "ajv";
import { execFileSync } from "child_process";
import * as path from "path";
import { fileObjects } from "../kubeflow/transforms/bundles";

type Schema = Record<string, unknown>;

/** Every CRD in the files of a release bundle, by `group/kind`. */
export function loadCrds(release: string, files: string[]): Map<string, Schema> {
  const crds = new Map<string, Schema>();
  for (const f of files) {
    for (const obj of fileObjects(release, f)) {
      const o = obj as unknown as Schema;
      if (o.kind !== "CustomResourceDefinition") continue;
      const spec = o.spec as { group: string; names: { kind: string } };
      crds.set(`${spec.group}/${spec.names.kind}`, o);
    }
  }
  return crds;
}

/**
 * A copy of a structural schema where every object that lists `properties` rejects other keys, unless it
 * preserves unknown fields. Kubernetes prunes such keys silently; a test should see them.
 */
export function strictify(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (schema === null || typeof schema !== "object") return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    out[k] =
      k === "properties"
        ? Object.fromEntries(Object.entries(v as Schema).map(([p, x]) => [p, strictify(x)]))
        : strictify(v);
  }
  if (
    s.properties !== undefined &&
    s.additionalProperties === undefined &&
    s["x-kubernetes-preserve-unknown-fields"] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

const objectMeta = {
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: {
    name: { type: "string", maxLength: 253, pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" },
    namespace: { type: "string" },
    labels: { type: "object", additionalProperties: { type: "string" } },
    annotations: { type: "object", additionalProperties: { type: "string" } },
  },
};

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
const compiled = new WeakMap<Schema, Map<string, ValidateFunction>>();

/** A validator for one version of a CRD, strict, with a typed metadata. */
export function crdValidator(crd: Schema, version: string): ValidateFunction {
  const forCrd = compiled.get(crd) ?? new Map<string, ValidateFunction>();
  compiled.set(crd, forCrd);
  const cached = forCrd.get(version);
  if (cached) return cached;
  const versions = (
    crd.spec as { versions: Array<{ name: string; schema: { openAPIV3Schema: Schema } }> }
  ).versions;
  const v = versions.find((x) => x.name === version);
  if (!v) throw new Error(`CRD has no version ${version}`);
  const root = strictify(v.schema.openAPIV3Schema) as Schema;
  root.properties = {
    ...(root.properties as Schema),
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: objectMeta,
  };
  root.required = [...new Set([...((root.required as string[] | undefined) ?? []), "metadata"])];
  const validate = ajv.compile(root);
  forCrd.set(version, validate);
  return validate;
}

export function errorsOf(validate: ValidateFunction, obj: unknown): string[] {
  if (validate(obj)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
  );
}

type AttributeMap = Array<{ name: string; baseName: string; type: string }>;

/**
 * The attribute maps of every client-node model, read in a child Node process: the package is ESM only,
 * which jest's CommonJS runtime cannot load, while plain Node can.
 */
const models: Record<string, AttributeMap> = JSON.parse(
  execFileSync(
    process.execPath,
    [
      "-e",
      `const k = require("@kubernetes/client-node"); const out = {};
       for (const [n, c] of Object.entries(k)) if (c && typeof c.getAttributeTypeMap === "function")
         out[n] = c.getAttributeTypeMap().map(({ name, baseName, type }) => ({ name, baseName, type }));
       process.stdout.write(JSON.stringify(out));`,
    ],
    { cwd: path.resolve(__dirname, "../../.."), maxBuffer: 64 * 1024 * 1024 },
  ).toString(),
) as Record<string, AttributeMap>;

/**
 * Unknown or mistyped fields of a built-in object, walking the client-node model named `type` (e.g.
 * `V1RoleBinding`). Checks field names and JSON types, which is what a pruning API server would drop.
 */
export function builtinErrors(obj: unknown, type: string, at = ""): string[] {
  if (type.startsWith("Array<")) {
    if (!Array.isArray(obj)) return [`${at}: expected an array`];
    const inner = type.slice(6, -1);
    return obj.flatMap((x, i) => builtinErrors(x, inner, `${at}[${i}]`));
  }
  if (type.startsWith("{ [key: string]: ")) {
    if (obj === null || typeof obj !== "object") return [`${at}: expected a map`];
    const inner = type.slice("{ [key: string]: ".length, -3);
    return Object.entries(obj).flatMap(([k, v]) => builtinErrors(v, inner, `${at}.${k}`));
  }
  if (type === "string") return typeof obj === "string" ? [] : [`${at}: expected a string`];
  if (type === "number") return typeof obj === "number" ? [] : [`${at}: expected a number`];
  if (type === "boolean") return typeof obj === "boolean" ? [] : [`${at}: expected a boolean`];
  const attrs = models[type];
  if (attrs === undefined) throw new Error(`unknown model type ${type}`);
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    return [`${at}: expected an object (${type})`];
  }
  return Object.entries(obj).flatMap(([k, v]) => {
    const a = attrs.find((x) => x.baseName === k);
    if (!a) return [`${at}.${k}: unknown field of ${type}`];
    return builtinErrors(v, a.type, `${at}.${k}`);
  });
}
