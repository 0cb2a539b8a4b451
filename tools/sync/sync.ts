/**
 * `npm run sync -- <release>`: renders every kustomize path of a Kubeflow release tag into a bundle
 * (format: bundle-format.ts). Upstream installs by piping `kustomize build` into `kubectl apply`; this
 * program instead renders once, records a sha256 per file, and lets the loader refuse anything else.
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  BUNDLE_FORMAT,
  BUNDLE_INDEX,
  BundleIndex,
  BundlePathEntry,
  entryFor,
} from "../../components/kubeflow/bundle-format";
import { checkPlan, SyncError, SyncPlan } from "./sync-plan";
import { checkout, findRenderer, indent, Renderer } from "./sync-tools";

export * from "./sync-plan";
export { findRenderer, Renderer, which } from "./sync-tools";

/** Where to read the repository and write the bundle. */
export interface SyncOptions {
  /** A git URL or a local checkout of the manifests repository. @default - the plan's repo */
  source?: string;
  /** The bundle directory to (re)create. */
  out: string;
  /** Environment of the child processes; its PATH decides which kubectl/kustomize/git run. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Progress lines. @default - silent */
  log?: (line: string) => void;
  /** Paths rendered at once. @default - number of CPUs, at most 8 */
  concurrency?: number;
}

interface Rendered {
  path: string;
  bytes?: Buffer;
  error?: string;
}

function render(
  renderer: Renderer,
  root: string,
  kpath: string,
  env: NodeJS.ProcessEnv,
): Promise<Rendered> {
  return new Promise((resolve) => {
    const child = spawn(renderer.bin, [...renderer.args, path.join(root, kpath)], {
      cwd: root,
      env,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => resolve({ path: kpath, error: e.message }));
    child.on("close", (code) => {
      if (code === 0) resolve({ path: kpath, bytes: Buffer.concat(out) });
      else
        resolve({
          path: kpath,
          error: Buffer.concat(err).toString("utf8").trim() || `exit code ${code}`,
        });
    });
  });
}

async function renderAll(
  renderer: Renderer,
  root: string,
  paths: string[],
  env: NodeJS.ProcessEnv,
  concurrency: number,
): Promise<Rendered[]> {
  const results: Rendered[] = new Array<Rendered>(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const i = next++;
      results[i] = await render(renderer, root, paths[i]!, env);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return results;
}

/** Writes `files` and `bundle.json` into a fresh sibling directory, then swaps it in place of `out`. */
function writeAtomically(out: string, files: Map<string, Buffer>, index: BundleIndex): void {
  const parent = path.dirname(path.resolve(out));
  fs.mkdirSync(parent, { recursive: true });
  const suffix = crypto.randomBytes(4).toString("hex");
  const tmp = path.join(parent, `.${path.basename(out)}.sync-${suffix}`);
  const old = path.join(parent, `.${path.basename(out)}.old-${suffix}`);
  try {
    fs.mkdirSync(tmp);
    for (const [file, bytes] of files) fs.writeFileSync(path.join(tmp, file), bytes);
    fs.writeFileSync(path.join(tmp, BUNDLE_INDEX), `${JSON.stringify(index, null, 2)}\n`);
    if (fs.existsSync(out)) fs.renameSync(out, old);
    fs.renameSync(tmp, out);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (fs.existsSync(old) && !fs.existsSync(out)) fs.renameSync(old, out);
    throw e;
  }
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Renders every path of the plan and writes the bundle to `opts.out`. Either the whole bundle is written
 * or `opts.out` is left as it was. Throws a SyncError for a missing tool, an unreachable or wrong source,
 * an unknown release, or paths that fail to render (all of them, each with kustomize's stderr).
 */
export async function sync(plan: SyncPlan, opts: SyncOptions): Promise<BundleIndex> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => undefined);
  checkPlan(plan);
  const renderer = findRenderer(env);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `kubeflow-sync-${plan.release}-`));
  try {
    const source = opts.source ?? plan.repo;
    log(`cloning ${source} at ${plan.release}`);
    const co = checkout(plan, source, path.join(work, "src"), env);
    log(
      `rendering ${plan.paths.length} paths of ${plan.release} (${co.commit}) with ${renderer.description}`,
    );
    const concurrency = opts.concurrency ?? Math.min(8, os.cpus().length);
    const results = await renderAll(renderer, co.dir, plan.paths, env, concurrency);
    const failed = results.filter((r) => r.error !== undefined);
    if (failed.length > 0) {
      throw new SyncError(
        `${failed.length} of ${plan.paths.length} kustomize paths of ${plan.release} failed to render; nothing was written:\n` +
          failed.map((r) => `--- ${r.path}:\n${indent(r.error!)}`).join("\n"),
      );
    }
    const files = new Map<string, Buffer>();
    const entries: Record<string, BundlePathEntry> = {};
    for (const r of [...results].sort((a, b) => a.path.localeCompare(b.path))) {
      const entry = entryFor(r.path, r.bytes!);
      entries[r.path] = entry;
      files.set(entry.file, r.bytes!);
    }
    const index: BundleIndex = {
      format: BUNDLE_FORMAT,
      source: plan.repo,
      ref: plan.release,
      commit: co.commit,
      commitDate: co.commitDate,
      renderer: renderer.description,
      paths: entries,
      example: [...plan.example],
      exampleComponents: [...(plan.exampleComponents ?? [])],
      alternatives: [...plan.alternatives],
    };
    writeAtomically(opts.out, files, index);
    const objects = Object.values(entries).reduce((n, e) => n + e.objects, 0);
    const bytes = Object.values(entries).reduce((n, e) => n + e.bytes, 0);
    log(
      `wrote ${opts.out}: ${plan.paths.length} paths, ${objects} objects, ${(bytes / 1e6).toFixed(1)} MB`,
    );
    return index;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
