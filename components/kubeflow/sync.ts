/**
 * `npm run sync -- <release>`: renders every kustomize path of a Kubeflow release tag into a bundle
 * (format: bundle-format.ts). Upstream installs by piping `kustomize build` into `kubectl apply`; this
 * program instead renders once, records a sha256 per file, and lets the loader refuse anything else.
 */
import { spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  BUNDLE_FORMAT,
  BUNDLE_INDEX,
  BundleIndex,
  BundlePathEntry,
  encodePath,
  entryFor,
} from "./bundle-format";

/** The Kubeflow manifests repository (formerly kubeflow/manifests; GitHub redirects the old name). */
export const MANIFESTS_REPO = "https://github.com/kubeflow/community-distribution";

/** What to render: one release of the catalog. Pure data; the sync command builds it from the catalog. */
export interface SyncPlan {
  /** The release tag, e.g. `26.03`. */
  release: string;
  /** Git URL recorded as the bundle's `source` and cloned when no other source is given. */
  repo: string;
  /** The commit the catalog pins for the tag; a tag that points elsewhere is refused. @default - not checked */
  commit?: string;
  /** Every kustomize path to render, relative to the repository root. */
  paths: string[];
  /** The paths upstream's example installs, in its order. */
  example: string[];
  /** Kustomize components the example applies on top. @default [] */
  exampleComponents?: string[];
  /** Paths upstream offers as commented-out alternatives. */
  alternatives: string[];
}

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

/** A failure the user can act on; the message says what happened and what to do. */
export class SyncError extends Error {
  override readonly name = "SyncError";
}

/** The program that turns a kustomize path into a YAML stream. */
export interface Renderer {
  /** Absolute path of the executable. */
  bin: string;
  /** Arguments placed before the kustomize directory (`kustomize` or `build`). */
  args: string[];
  /** `kustomize v5.7.1 (kubectl v1.34.5)`, recorded in bundle.json. */
  description: string;
}

/** The first executable called `name` on a PATH string, like a shell would find it. */
export function which(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string) {
  const r = spawnSync(bin, args, { env, cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return {
    ok: r.status === 0,
    stdout: r.stdout ?? "",
    stderr: (r.stderr ?? "").trim() || String(r.error ?? ""),
  };
}

/** Another program's stderr, indented under our message. */
function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

function semver(text: string): string | undefined {
  return /v?(\d+\.\d+\.\d+)/.exec(text)?.[1];
}

/**
 * `kubectl kustomize` (what upstream documents) or else `kustomize build`, found on PATH. Throws a
 * SyncError naming both when neither is there.
 */
export function findRenderer(env: NodeJS.ProcessEnv): Renderer {
  const kubectl = which("kubectl", env.PATH);
  if (kubectl) {
    const v = run(kubectl, ["version", "--client", "-o", "json"], env);
    let kubectlVersion = "unknown";
    let kustomizeVersion = "unknown";
    if (v.ok) {
      const info = JSON.parse(v.stdout) as {
        clientVersion?: { gitVersion?: string };
        kustomizeVersion?: string;
      };
      kubectlVersion = semver(info.clientVersion?.gitVersion ?? "") ?? kubectlVersion;
      kustomizeVersion = semver(info.kustomizeVersion ?? "") ?? kustomizeVersion;
    }
    return {
      bin: kubectl,
      args: ["kustomize"],
      description: `kustomize v${kustomizeVersion} (kubectl v${kubectlVersion})`,
    };
  }
  const kustomize = which("kustomize", env.PATH);
  if (kustomize) {
    const v = run(kustomize, ["version"], env);
    return {
      bin: kustomize,
      args: ["build"],
      description: `kustomize v${semver(v.stdout) ?? "unknown"}`,
    };
  }
  throw new SyncError(
    `neither kubectl nor kustomize was found on PATH (${env.PATH ?? ""}); install kubectl ` +
      `(https://kubernetes.io/docs/tasks/tools/) or kustomize v5 (https://kubectl.docs.kubernetes.io/installation/kustomize/) and run the sync again`,
  );
}

/** Checks that the plan is consistent before anything is cloned; throws one SyncError listing all problems. */
export function checkPlan(plan: SyncPlan): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of plan.paths) {
    try {
      encodePath(p);
    } catch (e) {
      problems.push((e as Error).message);
    }
    if (seen.has(p)) problems.push(`path "${p}" is listed twice`);
    seen.add(p);
  }
  for (const [list, entries] of [
    ["example", plan.example],
    ["alternatives", plan.alternatives],
  ] as const) {
    for (const p of entries) {
      if (!seen.has(p))
        problems.push(`${list} names "${p}", which is not among the paths to render`);
    }
  }
  if (plan.paths.length === 0) problems.push("no paths to render");
  if (plan.commit !== undefined && !/^[0-9a-f]{40}$/.test(plan.commit)) {
    problems.push(`commit "${plan.commit}" is not 40 hex digits`);
  }
  if (problems.length > 0) {
    throw new SyncError(
      `the sync plan of ${plan.release} is inconsistent:\n  - ${problems.join("\n  - ")}`,
    );
  }
}

interface Checkout {
  dir: string;
  commit: string;
  commitDate: string;
}

function isLocal(source: string): boolean {
  return (
    !/^[a-z][a-z0-9+.-]*:\/\//i.test(source) &&
    !/^[^/]+@[^/]+:/.test(source) &&
    fs.existsSync(source)
  );
}

/** Clones `source` at the release tag into `dir` (a local checkout is cloned too: its work tree is left alone). */
function checkout(plan: SyncPlan, source: string, dir: string, env: NodeJS.ProcessEnv): Checkout {
  const git = which("git", env.PATH);
  if (!git) {
    throw new SyncError(
      `git was not found on PATH (${env.PATH ?? ""}); install git and run the sync again`,
    );
  }
  const gitEnv = { ...env, GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1" };
  const retry = `npm run sync -- ${plan.release} --source <path of a local checkout of ${plan.repo}>`;
  if (isLocal(source)) {
    const clone = run(
      git,
      ["clone", "--quiet", "--no-checkout", path.resolve(source), dir],
      gitEnv,
    );
    if (!clone.ok) {
      throw new SyncError(
        `${source} is not a git checkout of the manifests repository: ${clone.stderr}`,
      );
    }
  } else {
    const clone = run(
      git,
      ["clone", "--quiet", "--no-checkout", "--depth", "1", "--branch", plan.release, source, dir],
      gitEnv,
    );
    if (!clone.ok) {
      if (/Remote branch .* not found/.test(clone.stderr)) {
        throw new SyncError(
          `release ${plan.release} is not a tag of ${source}:\n${indent(clone.stderr)}\n` +
            `check the release name (the tags are listed by \`git ls-remote --tags ${source}\`)`,
        );
      }
      throw new SyncError(
        `could not clone ${source} (is the network reachable?):\n${indent(clone.stderr)}\n` +
          `without network, clone the repository elsewhere, copy it here, and run: ${retry}`,
      );
    }
  }
  const rev = run(
    git,
    ["rev-parse", "--verify", "--quiet", `refs/tags/${plan.release}^{commit}`],
    gitEnv,
    dir,
  );
  if (!rev.ok) {
    throw new SyncError(
      `release ${plan.release} is not a tag of ${source}; check the release name, or fetch the tags into that checkout (git fetch --tags)`,
    );
  }
  const commit = rev.stdout.trim();
  if (plan.commit !== undefined && commit !== plan.commit) {
    throw new SyncError(
      `tag ${plan.release} of ${source} points at ${commit}, but the catalog pins ${plan.commit}; ` +
        `the tag was moved or the source is not the manifests repository, so nothing was rendered`,
    );
  }
  const co = run(
    git,
    ["-c", "advice.detachedHead=false", "checkout", "--quiet", commit],
    gitEnv,
    dir,
  );
  if (!co.ok) throw new SyncError(`git checkout of ${plan.release} in ${dir} failed: ${co.stderr}`);
  const date = run(git, ["log", "-1", "--format=%cs", commit], gitEnv, dir);
  return { dir, commit, commitDate: date.stdout.trim() };
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

/** A release as the catalog describes it: all the sync command needs. */
export interface SyncCatalogRelease {
  tag: string;
  commit?: string;
  paths: string[];
  example: string[];
  exampleComponents?: string[];
  alternatives: string[];
}

/** The command line of `npm run sync`, parsed. */
export interface SyncArgs {
  release: string;
  source?: string;
  out: string;
}

export const SYNC_USAGE =
  "usage: npm run sync -- <release> [--source <git url or local checkout>] [--out <dir>]";

/** Parses `<release> [--source S] [--out D]`; `--out` defaults to `manifests/kubeflow/<release>`. */
export function parseSyncArgs(argv: string[]): SyncArgs {
  let release: string | undefined;
  let source: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = /^(--source|--out)=(.*)$/.exec(a);
    const flag = eq?.[1] ?? a;
    if (flag === "--source" || flag === "--out") {
      const value = eq ? eq[2] : argv[++i];
      if (value === undefined || value === "")
        throw new SyncError(`${flag} needs a value\n${SYNC_USAGE}`);
      if (flag === "--source") source = value;
      else out = value;
    } else if (a.startsWith("-")) {
      throw new SyncError(`unknown option ${a}\n${SYNC_USAGE}`);
    } else if (release === undefined) {
      release = a;
    } else {
      throw new SyncError(`unexpected argument ${a}: one release at a time\n${SYNC_USAGE}`);
    }
  }
  if (release === undefined) throw new SyncError(`no release given\n${SYNC_USAGE}`);
  return { release, source, out: out ?? path.join("manifests", "kubeflow", release) };
}

/** The plan for `release` from the catalog; an unknown release lists the known ones. */
export function planFor(
  release: string,
  catalog: Readonly<Record<string, SyncCatalogRelease>>,
  repo: string = MANIFESTS_REPO,
): SyncPlan {
  const entry = catalog[release];
  if (!entry) {
    const known = Object.keys(catalog);
    throw new SyncError(
      `unknown release ${release}; the catalog supports ${known.length > 0 ? known.join(", ") : "no release yet"} ` +
        `(components/catalog/ has one file per supported release)`,
    );
  }
  return {
    release: entry.tag,
    repo,
    commit: entry.commit,
    paths: [...entry.paths],
    example: [...entry.example],
    exampleComponents: [...(entry.exampleComponents ?? [])],
    alternatives: [...entry.alternatives],
  };
}
