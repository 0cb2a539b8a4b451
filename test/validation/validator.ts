/**
 * Strict validation of Kubernetes objects, like `kubectl apply --validate=strict`: an unknown field is an
 * error, not a silently dropped value. Built-in kinds are walked with the models of
 * @kubernetes/client-node (builtin-schemas.ts); custom resources are checked with ajv against their CRD's
 * openAPIV3Schema (crd-schemas.ts), their metadata as ObjectMeta. A kind with no schema is a problem.
 * Not covered: what the API server's own validation adds beyond the schema (required built-in fields,
 * enum values such as imagePullPolicy, cross-field rules); the generated models do not carry them.
 */
import * as pulumi from "@pulumi/pulumi";
import { ErrorObject } from "ajv";
import { nearest } from "../../stacks/config/nearest";
import { K8sObject, objectKey } from "../../components/kubeflow/types";
import {
  Attribute,
  builtinModel,
  modelTypeMaps,
  QUANTITY_FIELDS,
  splitApiVersion,
  TYPE_OVERRIDES,
} from "./builtin-schemas";
import { CrdIndex } from "./crd-schemas";

/** One thing wrong with an object: where (a JSON path such as `spec.containers[0].image`) and what. */
export interface Problem {
  /** JSON path from the object root; empty for the object as a whole. */
  path: string;
  message: string;
}

/** `spec.replicas: must be integer, got string "3"`. */
export function formatProblem(p: Problem): string {
  return p.path === "" ? p.message : `${p.path}: ${p.message}`;
}

/** The schemas objects are checked against: the built-in models plus the CRDs given. */
export type Schemas = CrdIndex;

/** Schemas for the CRDs among `crdObjects` (other kinds are ignored). Build once per release. */
export function schemasFrom(crdObjects: readonly K8sObject[]): Schemas {
  return new CrdIndex(crdObjects);
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** Appends a field name to a JSON path: `.name`, or `["sidecar.istio.io/inject"]` when it needs quoting. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (IDENT.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  const json = JSON.stringify(value);
  return `${typeof value} ${json.length > 60 ? `${json.slice(0, 57)}...` : json}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;
const INT32 = 2 ** 31;

/** Walks `value` as generated type `type`; `owner` is `Model.field` for the quantity table. */
function walk(
  value: unknown,
  type: string,
  format: string,
  path: string,
  owner: string,
  out: Problem[],
): void {
  // JSON null is a field's zero value for the API server's decoder: accepted everywhere.
  if (value === null || value === undefined) return;
  // A value the transformation chain replaced by a Pulumi Output (a generated secret) is unknown here.
  if (pulumi.Output.isInstance(value)) return;
  const arr = ARRAY.exec(type);
  if (arr) {
    if (!Array.isArray(value))
      return void out.push({ path, message: `must be array, got ${describe(value)}` });
    value.forEach((item, i) => walk(item, arr[1]!, format, childPath(path, i), owner, out));
    return;
  }
  const map = MAP.exec(type);
  if (map) {
    if (!isPlainObject(value))
      return void out.push({ path, message: `must be object, got ${describe(value)}` });
    for (const [k, v] of Object.entries(value))
      walk(v, map[1]!, format, childPath(path, k), owner, out);
    return;
  }
  switch (type) {
    case "any":
    case "object":
      return;
    case "string":
      if (typeof value === "string") {
        if (format === "byte" && !BASE64.test(value.replace(/\s/g, ""))) {
          out.push({ path, message: `must be base64-encoded data, got ${describe(value)}` });
        }
        return;
      }
      if (typeof value === "number" && QUANTITY_FIELDS.has(owner)) return;
      out.push({ path, message: `must be string, got ${describe(value)}` });
      return;
    case "Date":
    case "V1MicroTime":
      if (typeof value !== "string")
        out.push({ path, message: `must be string (date-time), got ${describe(value)}` });
      return;
    case "boolean":
      if (typeof value !== "boolean")
        out.push({ path, message: `must be boolean, got ${describe(value)}` });
      return;
    case "number":
      if (typeof value !== "number") {
        out.push({
          path,
          message: `must be ${format === "double" || format === "float" ? "number" : "integer"}, got ${describe(value)}`,
        });
      } else if ((format === "int32" || format === "int64") && !Number.isInteger(value)) {
        out.push({ path, message: `must be integer, got ${describe(value)}` });
      } else if (format === "int32" && (value >= INT32 || value < -INT32)) {
        out.push({ path, message: `must be a 32-bit integer, got ${describe(value)}` });
      }
      return;
    case "JSONSchemaPropsOrArray":
      return walk(
        value,
        Array.isArray(value) ? "Array<V1JSONSchemaProps>" : "V1JSONSchemaProps",
        format,
        path,
        owner,
        out,
      );
    case "JSONSchemaPropsOrBool":
      if (typeof value === "boolean") return;
      return walk(value, "V1JSONSchemaProps", format, path, owner, out);
    case "JSONSchemaPropsOrStringArray":
      return walk(
        value,
        Array.isArray(value) ? "Array<string>" : "V1JSONSchemaProps",
        format,
        path,
        owner,
        out,
      );
    case "EmptyObject":
      return walkModel(value, type, [], path, out);
    case "IntOrString":
      if (typeof value === "string" || (typeof value === "number" && Number.isInteger(value)))
        return;
      out.push({ path, message: `must be integer or string, got ${describe(value)}` });
      return;
  }
  const attrs = modelTypeMaps().get(type);
  if (!attrs) {
    out.push({ path, message: `no schema for type ${type}` });
    return;
  }
  walkModel(value, type, attrs, path, out);
}

function walkModel(
  value: unknown,
  model: string,
  attrs: Attribute[],
  path: string,
  out: Problem[],
): void {
  if (!isPlainObject(value))
    return void out.push({ path, message: `must be object, got ${describe(value)}` });
  for (const [k, v] of Object.entries(value)) {
    const attr = attrs.find((a) => a.baseName === k);
    if (!attr) {
      out.push({
        path: childPath(path, k),
        message: unknownField(
          k,
          attrs.map((a) => a.baseName),
        ),
      });
      continue;
    }
    const owner = `${model}.${k}`;
    walk(v, TYPE_OVERRIDES.get(owner) ?? attr.type, attr.format, childPath(path, k), owner, out);
  }
}

function unknownField(name: string, known: readonly string[]): string {
  const guess = nearest(name, known);
  return guess === undefined
    ? `unknown field "${name}"`
    : `unknown field "${name}" (did you mean "${guess}"?)`;
}

/** Validates `value` as the named client-node model (e.g. `V1ObjectMeta`), strictly. */
export function validateAsModel(value: unknown, model: string, path = ""): Problem[] {
  const out: Problem[] = [];
  walk(value, model, "", path, model, out);
  return out;
}

/** A JSON pointer of ajv (`/spec/ports/0`) as a JSON path (`spec.ports[0]`), reading arrays off the data. */
function pointerToPath(root: unknown, pointer: string): string {
  let path = "";
  let node: unknown = root;
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      path = childPath(path, Number(seg));
      node = node[Number(seg)];
    } else {
      path = childPath(path, seg);
      node = isPlainObject(node) ? node[seg] : undefined;
    }
  }
  return path;
}

function ajvProblem(obj: unknown, e: ErrorObject): Problem {
  const path = pointerToPath(obj, e.instancePath);
  switch (e.keyword) {
    case "additionalProperties": {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const props = Object.keys(
        (e.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      return { path: childPath(path, name), message: unknownField(name, props) };
    }
    case "required":
      return {
        path: childPath(path, (e.params as { missingProperty: string }).missingProperty),
        message: "is required",
      };
    case "type":
      return {
        path,
        message: `must be ${[(e.params as { type: string | string[] }).type].flat().join(" or ")}, got ${describe(e.data)}`,
      };
    case "enum":
      return {
        path,
        message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}, got ${describe(e.data)}`,
      };
    default:
      return { path, message: `${e.message ?? e.keyword}, got ${describe(e.data)}` };
  }
}

/**
 * A copy of `value` with each Pulumi Output replaced by a placeholder string; their JSON pointers go to
 * `outputs` so that errors about them (their type is unknown until apply) are dropped.
 */
function withoutOutputs(value: unknown, pointer: string, outputs: string[]): unknown {
  if (pulumi.Output.isInstance(value)) {
    outputs.push(pointer);
    return "(output)";
  }
  const esc = (k: string) => k.replace(/~/g, "~0").replace(/\//g, "~1");
  if (Array.isArray(value))
    return value.map((v, i) => withoutOutputs(v, `${pointer}/${i}`, outputs));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        withoutOutputs(v, `${pointer}/${esc(k)}`, outputs),
      ]),
    );
  }
  return value;
}

function validateCustom(
  obj: K8sObject,
  schemas: Schemas,
  group: string,
  version: string,
): Problem[] {
  const versions = schemas.versions(group, obj.kind);
  if (versions.length === 0) {
    return [
      {
        path: "",
        message: `no schema for ${obj.apiVersion} ${obj.kind}: not a built-in kind and no CustomResourceDefinition of kind ${obj.kind} in group ${group} among the objects validated`,
      },
    ];
  }
  const v = versions.find((x) => x.version === version);
  if (!v) {
    return [
      {
        path: "",
        message: `no schema for ${obj.apiVersion} ${obj.kind}: the CRD ${versions[0]!.crd} serves ${versions.map((x) => x.version).join(", ")}`,
      },
    ];
  }
  if (v.schema === undefined) {
    return [
      {
        path: "",
        message: `no schema for ${obj.apiVersion} ${obj.kind}: version ${version} of the CRD ${v.crd} has no openAPIV3Schema`,
      },
    ];
  }
  if (v.conflict) {
    return [
      {
        path: "",
        message: `no single schema for ${obj.apiVersion} ${obj.kind}: the objects validated hold CRDs ${v.crd} whose ${version} schemas differ`,
      },
    ];
  }
  const fn = schemas.validator(v);
  if (fn instanceof Error) {
    return [
      {
        path: "",
        message: `the openAPIV3Schema of ${v.crd} ${version} does not compile: ${fn.message}`,
      },
    ];
  }
  const out: Problem[] = [];
  const outputs: string[] = [];
  const data = withoutOutputs(obj, "", outputs);
  if (!fn(data)) {
    const seen = new Set<string>();
    for (const e of fn.errors ?? []) {
      if (outputs.some((o) => e.instancePath === o || e.instancePath.startsWith(`${o}/`))) continue;
      const p = ajvProblem(data, e);
      const key = formatProblem(p);
      if (!seen.has(key)) out.push(p);
      seen.add(key);
    }
  }
  return [...validateAsModel(obj.metadata, "V1ObjectMeta", "metadata"), ...out];
}

/**
 * Every problem of one object, strictly: unknown fields, wrong types, a missing apiVersion/kind/name, and a
 * kind with no schema (reported, never skipped). An empty list means valid.
 */
export function validateObject(obj: K8sObject, schemas: Schemas): Problem[] {
  const raw = obj as unknown;
  if (!isPlainObject(raw)) return [{ path: "", message: `must be object, got ${describe(raw)}` }];
  const head: Problem[] = [];
  for (const f of ["apiVersion", "kind"] as const) {
    if (typeof raw[f] !== "string" || raw[f] === "") head.push({ path: f, message: "is required" });
  }
  if (!isPlainObject(raw.metadata)) head.push({ path: "metadata", message: "is required" });
  else if (typeof raw.metadata.name !== "string" && typeof raw.metadata.generateName !== "string") {
    head.push({ path: "metadata.name", message: "is required" });
  }
  if (head.length > 0) return head;
  const model = builtinModel(obj.apiVersion, obj.kind);
  if (model === null) {
    return [
      {
        path: "",
        message: `no schema for ${obj.apiVersion} ${obj.kind}: Kubernetes 1.34 does not serve this version of the kind`,
      },
    ];
  }
  if (model !== undefined) return validateAsModel(obj, model);
  const { group, version } = splitApiVersion(obj.apiVersion);
  return validateCustom(obj, schemas, group, version);
}

/**
 * Validates a list of objects against the built-in models and the CRDs in `crdObjects` (pass every CRD of
 * the release, not only those of the same list). Returns the problems by object key
 * (`group/kind/namespace/name`), formatted as `path: message`; an empty record means everything is valid.
 */
export function validateAll(
  objects: readonly K8sObject[],
  crdObjects: readonly K8sObject[],
): Record<string, string[]> {
  const schemas = schemasFrom(crdObjects);
  const out: Record<string, string[]> = {};
  for (const obj of objects) {
    const problems = validateObject(obj, schemas);
    if (problems.length === 0) continue;
    const key =
      isPlainObject(obj) && isPlainObject(obj.metadata) && typeof obj.apiVersion === "string"
        ? objectKey(obj)
        : "(not an object)";
    (out[key] ??= []).push(...problems.map(formatProblem));
  }
  return out;
}
