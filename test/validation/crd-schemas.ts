/**
 * Custom resources are validated against the `openAPIV3Schema` of their CRD, converted to a JSON Schema
 * that ajv checks the way the API server treats a structural schema: pruning + strict field validation
 * make an unknown field an error, `x-kubernetes-int-or-string` admits an integer or a string, `nullable`
 * admits null. Two deliberate differences: a null in a field that is not nullable is reported (the API
 * server silently prunes it, which hides a manifest mistake), and `x-kubernetes-validations` CEL rules
 * are not evaluated.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */
import Ajv, { ValidateFunction } from "ajv";
import * as crypto from "crypto";
import { K8sObject } from "../../components/kubeflow/types";

type Schema = Record<string, unknown>;

/** One served version of a CRD. */
export interface CrdVersion {
  /** `widgets.example.com` */
  crd: string;
  group: string;
  kind: string;
  version: string;
  schema: Schema | undefined;
  /** Set when another CRD object of the same list defines this version with a different schema. */
  conflict?: boolean;
}

/** Schema nodes reached through these keys describe fields; junctors (allOf, anyOf...) only add checks. */
const JUNCTORS = ["allOf", "anyOf", "oneOf", "not"] as const;

function convertNode(node: unknown, structural: boolean, root: boolean): unknown {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return node;
  const s = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === "properties" && v && typeof v === "object") {
      out.properties = Object.fromEntries(
        Object.entries(v as Schema).map(([p, sub]) => [p, convertNode(sub, true, false)]),
      );
    } else if (k === "items") {
      out.items = Array.isArray(v)
        ? v.map((sub) => convertNode(sub, true, false))
        : convertNode(v, true, false);
    } else if (k === "additionalProperties" && typeof v === "object") {
      out.additionalProperties = convertNode(v, true, false);
    } else if ((JUNCTORS as readonly string[]).includes(k)) {
      out[k] = Array.isArray(v)
        ? v.map((sub) => convertNode(sub, false, false))
        : convertNode(v, false, false);
    } else if (k !== "nullable" && k !== "format") {
      out[k] = v;
    }
  }
  if (s["x-kubernetes-int-or-string"] === true) {
    out.type = ["integer", "string"];
  }
  if (s.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (Array.isArray(out.type)) out.type = [...(out.type as string[]), "null"];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  const embedded = s["x-kubernetes-embedded-resource"] === true;
  if (root || embedded) {
    // apiVersion, kind and metadata are always allowed at the root of a resource; metadata is checked as
    // ObjectMeta by the built-in walker, never by the CRD (the API server ignores a CRD's metadata schema
    // beyond name restrictions).
    const props = { ...((out.properties as Schema | undefined) ?? {}) };
    props.apiVersion = { type: "string" };
    props.kind = { type: "string" };
    props.metadata = root ? {} : { type: "object" };
    if (out.properties !== undefined || !root) out.properties = props;
  }
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  if (
    structural &&
    out.properties !== undefined &&
    !preserve &&
    s.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** The JSON Schema ajv validates a custom resource with, from a CRD version's `openAPIV3Schema`. */
export function toAjvSchema(openAPIV3Schema: Schema): Schema {
  return convertNode(openAPIV3Schema, true, true) as Schema;
}

const ajv = new Ajv({
  strict: false,
  allErrors: true,
  verbose: true,
  // Kubernetes formats (int32, date-time, ...) are not ajv formats without ajv-formats: ignored.
  validateFormats: false,
  validateSchema: false,
  addUsedSchema: false,
  // CRD patterns are Go RE2 strings such as `^[a-z0-9\-]+$`, invalid under the `u` flag.
  unicodeRegExp: false,
  // Optimising the generated code of a 70 KB CRD schema (KServe's runtimes embed a PodSpec) triples the
  // compile time; validation speed does not matter here.
  code: { optimize: false },
});

/** Compiled validators by hash of the converted schema: identical CRDs of several releases compile once. */
const compiled = new Map<string, ValidateFunction | Error>();

/** The compiled validator of a CRD version (cached), or the error ajv raised compiling it. */
export function validatorFor(v: CrdVersion): ValidateFunction | Error {
  const schema = toAjvSchema(v.schema ?? {});
  const key = crypto.createHash("sha256").update(JSON.stringify(schema)).digest("hex");
  let fn = compiled.get(key);
  if (!fn) {
    try {
      fn = ajv.compile(schema);
    } catch (e) {
      fn = e as Error;
    }
    compiled.set(key, fn);
  }
  return fn;
}

/** The CRD versions found among some objects, by `group/kind`. */
export class CrdIndex {
  private readonly byGroupKind = new Map<string, CrdVersion[]>();
  private readonly validators = new Map<CrdVersion, ValidateFunction | Error>();

  constructor(crds: readonly K8sObject[]) {
    for (const crd of crds) {
      if (crd.kind !== "CustomResourceDefinition") continue;
      const spec = crd.spec as
        | {
            group?: string;
            names?: { kind?: string };
            versions?: Array<{
              name: string;
              served?: boolean;
              schema?: { openAPIV3Schema?: Schema };
            }>;
          }
        | undefined;
      if (!spec?.group || !spec.names?.kind) continue;
      const key = `${spec.group}/${spec.names.kind}`;
      const list = this.byGroupKind.get(key) ?? [];
      for (const v of spec.versions ?? []) {
        if (v.served === false) continue;
        const same = list.find((x) => x.version === v.name);
        if (same) {
          // The same CRD rendered by several paths (alternatives) must agree, or CRs are checked against
          // whichever came first.
          if (JSON.stringify(same.schema) !== JSON.stringify(v.schema?.openAPIV3Schema)) {
            same.conflict = true;
          }
          continue;
        }
        list.push({
          crd: crd.metadata.name,
          group: spec.group,
          kind: spec.names.kind,
          version: v.name,
          schema: v.schema?.openAPIV3Schema,
        });
      }
      this.byGroupKind.set(key, list);
    }
  }

  /** Served versions of `group/kind`, empty when no CRD defines it. */
  versions(group: string, kind: string): CrdVersion[] {
    return this.byGroupKind.get(`${group}/${kind}`) ?? [];
  }

  /** The compiled validator of a served version; compiled on first use only (most CRDs have no CR). */
  validator(v: CrdVersion): ValidateFunction | Error {
    let fn = this.validators.get(v);
    if (!fn) {
      fn = validatorFor(v);
      this.validators.set(v, fn);
    }
    return fn;
  }
}
