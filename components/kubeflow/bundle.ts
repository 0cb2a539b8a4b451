/**
 * Reading a release bundle (format: `npm run sync` output, one kustomize render per path plus
 * `bundle.json`). Everything is checked before anything is returned: the format, the release, and the
 * sha256 of every file, so that a stale, foreign or edited bundle fails the preview before any resource is
 * registered. Messages say what to run.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { RELEASE_ARG_KEYS, ReleaseKeys } from "../catalog";
import { K8sObject } from "./types";

export const BUNDLE_FORMAT = 1;

export interface BundlePathEntry {
  file: string;
  sha256: string;
  objects: number;
  bytes?: number;
}

/** `bundle.json`. */
export interface BundleIndex {
  format: number;
  source: string;
  ref: string;
  commit: string;
  commitDate?: string;
  renderer?: string;
  paths: Record<string, BundlePathEntry>;
  example?: string[];
  alternatives?: string[];
  exampleComponents?: string[];
}

export interface Bundle {
  dir: string;
  index: BundleIndex;
  /** Parsed objects of a kustomize path of the bundle, in the order kustomize printed them. */
  objects(kustomizePath: string): K8sObject[];
}

export interface ReadBundleOptions {
  /**
   * Directory for a parse cache keyed by each file's sha256 (JSON parses ~50x faster than YAML), or `false`.
   * @default - `<os tmpdir>/kubeflow-platform/bundle-cache`
   */
  cacheDir?: string | false;
  /** How messages name the release and the bundle directory. @default - the args of `KubeflowRelease` */
  keys?: Pick<ReleaseKeys, "release" | "bundleDir">;
}

const syncHint = (release: string) => `Run \`npm run sync -- ${release}\``;

/**
 * Read and verify the bundle of `release` in `dir`, and check it has every path in `needed`. Throws one
 * Error listing every problem.
 */
export function readBundle(
  dir: string,
  release: string,
  needed: readonly string[],
  options: ReadBundleOptions = {},
): Bundle {
  const keys = options.keys ?? RELEASE_ARG_KEYS;
  const indexFile = path.join(dir, "bundle.json");
  if (!fs.existsSync(indexFile)) {
    throw new Error(
      `No Kubeflow ${release} bundle at ${dir} (${indexFile} does not exist). ${syncHint(release)} ` +
        `to render it, or set ${keys.bundleDir} to the directory that holds it`,
    );
  }
  let index: BundleIndex;
  try {
    index = JSON.parse(fs.readFileSync(indexFile, "utf8")) as BundleIndex;
  } catch (e) {
    throw new Error(
      `${indexFile} is not valid JSON (${(e as Error).message}). ${syncHint(release)}`,
    );
  }
  if (index.format !== BUNDLE_FORMAT) {
    throw new Error(
      `${indexFile} has format ${JSON.stringify(index.format)}; this program reads format ` +
        `${BUNDLE_FORMAT}. ${syncHint(release)} to render it again`,
    );
  }
  if (index.ref !== release) {
    throw new Error(
      `${indexFile} is a bundle of Kubeflow ${index.ref}, but ${keys.release} is ${release}. ` +
        `${syncHint(release)}, or point ${keys.bundleDir} at the ${release} bundle`,
    );
  }
  const problems: string[] = [];
  for (const p of needed) {
    if (index.paths?.[p] === undefined) {
      problems.push(`${indexFile} has no render of ${p}, which Kubeflow ${release} needs`);
    }
  }
  const texts = new Map<string, string>();
  for (const [p, entry] of Object.entries(index.paths ?? {})) {
    const file = path.join(dir, entry.file);
    if (!fs.existsSync(file)) {
      problems.push(`${file} (render of ${p}) is listed in bundle.json but missing`);
      continue;
    }
    const bytes = fs.readFileSync(file);
    const sha = crypto.createHash("sha256").update(bytes).digest("hex");
    if (sha !== entry.sha256) {
      problems.push(
        `${file} (render of ${p}) has sha256 ${sha}, but bundle.json records ${entry.sha256}: ` +
          `the file changed after it was rendered`,
      );
      continue;
    }
    texts.set(p, bytes.toString("utf8"));
  }
  if (problems.length > 0) {
    throw new Error(
      `The Kubeflow ${release} bundle at ${dir} is not usable:\n  - ${problems.join("\n  - ")}\n` +
        `${syncHint(release)} to render it again (never edit a bundle by hand; transformations belong ` +
        `in the program)`,
    );
  }
  const cacheDir = options.cacheDir ?? path.join(os.tmpdir(), "kubeflow-platform", "bundle-cache");
  return {
    dir,
    index,
    objects(p) {
      const entry = index.paths[p];
      const text = texts.get(p);
      if (entry === undefined || text === undefined) {
        throw new Error(`${indexFile} has no render of ${p}. ${syncHint(release)}`);
      }
      const objs = parseCached(text, entry.sha256, cacheDir, `${dir}/${entry.file}`);
      if (objs.length !== entry.objects) {
        throw new Error(
          `${path.join(dir, entry.file)} holds ${objs.length} objects, but bundle.json records ` +
            `${entry.objects}. ${syncHint(release)}`,
        );
      }
      return objs;
    },
  };
}

function parseCached(
  text: string,
  sha: string,
  cacheDir: string | false,
  where: string,
): K8sObject[] {
  const cached = cacheDir === false ? undefined : path.join(cacheDir, `${sha}.json`);
  if (cached !== undefined && fs.existsSync(cached)) {
    try {
      return JSON.parse(fs.readFileSync(cached, "utf8")) as K8sObject[];
    } catch {
      // A torn cache file: parse the YAML again and rewrite it.
    }
  }
  const objs = parseStream(text, where);
  if (cached !== undefined) {
    try {
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(objs));
      fs.renameSync(tmp, cached);
    } catch {
      // The cache is an optimisation only.
    }
  }
  return objs;
}

/** Pure: parse a multi-document YAML stream into objects, skipping empty documents. */
export function parseStream(text: string, where = "<stream>"): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0]!.message}`);
    const obj = doc.toJS({ maxAliasCount: -1 }) as K8sObject | null;
    if (obj === null || obj === undefined) continue;
    if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string" || !obj.metadata?.name) {
      throw new Error(`${where}: document ${out.length + 1} is not a Kubernetes object`);
    }
    out.push(obj);
  }
  return out;
}
