/** Test helper: the real objects of a release bundle, read straight from ../shared/upstream. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { K8sObject, TransformContext } from "../../../../components/kubeflow/types";
import { bundleDir } from "../../../harness/upstream";

export interface BundleObject {
  path: string;
  index: number;
  obj: K8sObject;
}

const cache = new Map<string, BundleObject[]>();
const indexes = new Map<string, BundleIndex>();

interface BundleIndex {
  paths: Record<string, { file: string; sha256: string }>;
}

function indexOf(release: string): BundleIndex {
  const hit = indexes.get(release);
  if (hit) return hit;
  const index = JSON.parse(
    fs.readFileSync(path.join(bundleDir(release), "bundle.json"), "utf8"),
  ) as BundleIndex;
  indexes.set(release, index);
  return index;
}

/** The objects of one bundle file of a release (by its file name in the bundle), in file order. */
export function fileObjects(release: string, file: string): K8sObject[] {
  const entry = Object.values(indexOf(release).paths).find((e) => e.file === file);
  if (entry === undefined) throw new Error(`the ${release} bundle lists no file ${file}`);
  return parseFile(path.join(bundleDir(release), file), entry.sha256).filter(
    (o): o is K8sObject => o !== null,
  );
}

/** The objects of one rendered kustomize path of a release, in file order. */
export function pathObjects(release: string, kustomizePath: string): K8sObject[] {
  const entry = indexOf(release).paths[kustomizePath];
  if (entry === undefined)
    throw new Error(`the ${release} bundle has no render of ${kustomizePath}`);
  return fileObjects(release, entry.file);
}

/** Every object of every rendered path of a release, in file order. */
export function bundleObjects(release: string): BundleObject[] {
  const hit = cache.get(release);
  if (hit) return hit;
  const dir = bundleDir(release);
  const index = indexOf(release);
  const out: BundleObject[] = [];
  for (const [p, entry] of Object.entries(index.paths)) {
    parseFile(path.join(dir, entry.file), entry.sha256).forEach((obj, i) => {
      if (obj) out.push({ path: p, index: i, obj });
    });
  }
  cache.set(release, out);
  return out;
}

/**
 * Parsing 50 MB of YAML takes about a minute, and every test file needs it; the parsed documents are kept
 * as JSON in the OS temp dir, keyed by the file's sha256 from bundle.json, so a changed bundle is re-read.
 */
function parseFile(file: string, sha256: string): Array<K8sObject | null> {
  const cacheDir = path.join(os.tmpdir(), "kubeflow-platform-bundle-cache");
  const cached = path.join(cacheDir, `${sha256}.json`);
  if (fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, "utf8")) as K8sObject[];
  const docs = parseAllDocuments(fs.readFileSync(file, "utf8")).map(
    (d) => d.toJS() as K8sObject | null,
  );
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(docs));
  fs.renameSync(tmp, cached);
  return docs;
}

/**
 * The application key of a kustomize path, as the catalog assigns it (a stand-in until the catalog lands:
 * the transforms only need the key).
 */
export function applicationOf(p: string): string {
  const rules: Array<[RegExp, string]> = [
    [/^applications\/pipeline\//, "pipelines"],
    [/^applications\/katib\//, "katib"],
    [/^applications\/centraldashboard\//, "centralDashboard"],
    [/^applications\/admission-webhook\//, "podDefaults"],
    [/^applications\/jupyter\//, "notebooks"],
    [/^applications\/profiles\//, "profiles"],
    [/^applications\/pvcviewer-controller\//, "pvcViewer"],
    [/^applications\/volumes-web-app\//, "volumes"],
    [/^applications\/tensorboard\//, "tensorboards"],
    [/^applications\/trainer\//, "trainer"],
    [/^applications\/training-operator\//, "trainingOperator"],
    [/^applications\/kserve\//, "kserve"],
    [/^applications\/spark\//, "spark"],
    [/^applications\/model-registry\//, "modelRegistry"],
    [/^common\/knative\//, "knative"],
  ];
  return rules.find(([re]) => re.test(p))?.[1] ?? "core";
}

export function contextFor(
  release: string,
  b: BundleObject,
  secrets: TransformContext["secrets"] = {},
): TransformContext {
  return {
    release,
    application: applicationOf(b.path),
    origin: { release, path: b.path, index: b.index },
    secrets,
  };
}

const stringsCache = new WeakMap<object, Array<{ at: string; value: string }>>();

/** Every string leaf of a value, with its JSON path (memoised per object: the bundles are large). */
export function strings(v: unknown): Array<{ at: string; value: string }> {
  if (v === null || typeof v !== "object")
    return typeof v === "string" ? [{ at: "", value: v }] : [];
  const hit = stringsCache.get(v);
  if (hit) return hit;
  const out: Array<{ at: string; value: string }> = [];
  const walk = (x: unknown, at: string): void => {
    if (typeof x === "string") out.push({ at, value: x });
    else if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${at}[${i}]`));
    else if (x !== null && typeof x === "object") {
      for (const [k, y] of Object.entries(x)) walk(y, at ? `${at}.${k}` : k);
    }
  };
  walk(v, "");
  stringsCache.set(v, out);
  return out;
}

/** Freeze a value and everything in it, so a transform that mutates its input throws in strict mode. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
