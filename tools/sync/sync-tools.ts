/**
 * The external programs `npm run sync` drives: kubectl/kustomize to render, git to fetch the release tag.
 * Found on the PATH the caller passes, so tests choose the binaries.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SyncError, SyncPlan } from "./sync-plan";

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
export function indent(text: string): string {
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

export interface Checkout {
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
export function checkout(
  plan: SyncPlan,
  source: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Checkout {
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
