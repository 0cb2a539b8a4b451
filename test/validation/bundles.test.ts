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
import { Failure, KNOWN_EXCEPTIONS, reconcile } from "./known-exceptions";
import { schemasFrom, validateObject } from "./validator";

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
});
