/**
 * Conformance: every object of every rendered path of the three test releases validates strictly, raw as
 * upstream renders it (built-in kinds against the Kubernetes 1.34 models, custom resources against the CRDs
 * of the same release). Failures must be listed, investigated, in known-exceptions.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { parseStream, verifyBundle } from "../../components/kubeflow/bundle-format";
import { K8sObject, objectKey } from "../../components/kubeflow/types";
import { bundleDir, TEST_RELEASES } from "../harness/upstream";
import { Failure, KNOWN_EXCEPTIONS, OPEN_CR_KINDS, reconcile } from "./known-exceptions";
import { builtinModel } from "./builtin-schemas";
import { schemasFrom, validateObject } from "./validator";

function isObject(v: unknown): v is object {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

describe.each(TEST_RELEASES)("the %s bundle", (release) => {
  const files = new Map<string, { objects: K8sObject[]; recorded: number }>();

  beforeAll(() => {
    const dir = bundleDir(release);
    const index = verifyBundle(dir, release);
    for (const [kpath, entry] of Object.entries(index.paths)) {
      const text = fs.readFileSync(path.join(dir, entry.file), "utf8");
      files.set(kpath, { objects: parseStream(text, entry.file), recorded: entry.objects });
    }
  });

  it("holds, in each file, as many objects as bundle.json records", () => {
    const mismatched = [...files].filter(([, f]) => f.objects.length !== f.recorded);
    expect(mismatched.map(([p, f]) => `${p}: ${f.objects.length} != ${f.recorded}`)).toEqual([]);
    expect(files.size).toBeGreaterThan(0);
  });

  it("validates every object strictly, except the investigated known exceptions", () => {
    const all = [...files.values()].flatMap((f) => f.objects);
    const schemas = schemasFrom(all.filter((o) => o.kind === "CustomResourceDefinition"));
    const failures = new Map<string, Failure>();
    for (const obj of all) {
      for (const p of validateObject(obj, schemas)) {
        const f: Failure = { release, key: objectKey(obj), path: p.path, message: p.message };
        failures.set(JSON.stringify(f), f);
      }
    }
    expect(reconcile([...failures.values()], KNOWN_EXCEPTIONS, [release])).toEqual({
      unexpected: [],
      stale: [],
    });
  });

  it("rejects an unknown field under spec for every custom resource kind it holds (no schema is open, unless listed)", () => {
    const all = [...files.values()].flatMap((f) => f.objects);
    const schemas = schemasFrom(all.filter((o) => o.kind === "CustomResourceDefinition"));
    const kinds = new Map<string, K8sObject>();
    for (const o of all) {
      if (builtinModel(o.apiVersion, o.kind) === undefined && isObject(o.spec)) {
        kinds.set(`${o.apiVersion} ${o.kind}`, o);
      }
    }
    const open = [...kinds].filter(([, o]) => {
      const probe = { ...o, spec: { ...(o.spec as object), zzNotAField: 1 } };
      return !validateObject(probe, schemas).some(
        (p) => p.path === "spec.zzNotAField" && p.message === 'unknown field "zzNotAField"',
      );
    });
    expect(open.map(([k]) => k)).toEqual(
      OPEN_CR_KINDS.filter((x) => x.release === release).map((x) => x.kind),
    );
    expect(kinds.size).toBeGreaterThan(0);
  });
});
