/**
 * The builders that build a jest run's shared results in plain Node (./builder.ts) must give exactly what a
 * worker would build itself, or every test reading a shared result would test something else.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_RELEASE } from "../../components/catalog";
import { buildProgram, ProgramKey } from ".";
import { builderDirs, canonicalJson } from "./shared";
import { bundleDir } from "./upstream";

let runDir: string;
let builder: ChildProcess;
let exited: Promise<number | null>;

beforeAll(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-builder-test-"));
  builder = spawn(
    process.execPath,
    ["-r", "@swc-node/register", path.join(__dirname, "builder.ts"), runDir, String(process.pid)],
    { cwd: path.resolve(__dirname, "../.."), stdio: "ignore" },
  );
  exited = new Promise((resolve) => builder.on("exit", (code) => resolve(code)));
  // Ready once it has registered itself.
  const { builders } = builderDirs(runDir);
  while (!fs.existsSync(path.join(builders, String(builder.pid)))) {
    await new Promise((r) => setTimeout(r, 50));
  }
}, 120_000);

afterAll(() => {
  builder.kill();
  fs.rmSync(runDir, { recursive: true, force: true });
});

/** Put a request in the queue as a worker does, and wait for the answer. */
async function ask(id: string, kind: string, key: unknown): Promise<string> {
  const { queue } = builderDirs(runDir);
  fs.writeFileSync(path.join(queue, `${id}.req`), JSON.stringify({ kind, key }));
  for (;;) {
    for (const answer of [`${id}.json`, `${id}.failed`]) {
      const file = path.join(runDir, answer);
      if (fs.existsSync(file)) return `${answer}: ${fs.readFileSync(file, "utf8")}`;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a builder of the shared results", () => {
  it("answers a whole-program run with exactly the worker's own build of it", async () => {
    const key: ProgramKey = {
      config: {
        platform: "existing",
        cluster: { name: "kubeflow", accelerators: [{ name: "l4", type: "nvidia-l4" }] },
        kubeflow: { bundleDir: bundleDir(DEFAULT_RELEASE) },
      },
      options: { stack: "builder-test" },
    };
    const answer = await ask("program-same", "program", key);
    expect(answer.slice(0, 400)).toMatch(/^program-same\.json: /);
    const fromBuilder = JSON.parse(answer.slice("program-same.json: ".length)) as {
      resources: unknown[];
    };
    const here = JSON.parse(JSON.stringify(await buildProgram(key))) as { resources: unknown[] };
    expect(fromBuilder.resources.length).toBeGreaterThan(100);
    expect(fromBuilder).toEqual(here);
  }, 120_000);

  it("answers a request it cannot build with <id>.failed, so the worker builds it itself", async () => {
    expect(await ask("nothing", "no-such-kind", {})).toBe(
      "nothing.failed: Error: no builder for the kind no-such-kind",
    );
  });

  it("exits once the run's directory is gone (the global teardown removes it)", async () => {
    fs.rmSync(runDir, { recursive: true, force: true });
    expect(await exited).toBe(0);
  });
});

describe("a builder whose jest process ended before its teardown (a killed run)", () => {
  it("exits instead of waiting for requests", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-builder-test-"));
    // A parent that starts a builder and ends at once, as a jest run killed before its teardown.
    const parent = spawnSync(
      process.execPath,
      [
        "-e",
        `const c = require("child_process").spawn(process.execPath, ["-r", "@swc-node/register", ${JSON.stringify(
          path.join(__dirname, "builder.ts"),
        )}, ${JSON.stringify(dir)}, String(process.pid)], { stdio: "ignore" }); c.unref(); console.log(c.pid);`,
      ],
      { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" },
    );
    const pid = Number(parent.stdout.trim());
    expect(Number.isInteger(pid)).toBe(true);
    // Gone, or a zombie nobody reaps (a container's init may not): either way no longer running.
    const running = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 60_000;
    while (running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(running()).toBe(false);
    // It got as far as its loop (registered itself), rather than dying on the way.
    expect(fs.existsSync(path.join(builderDirs(dir).builders, String(pid)))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});

describe("the key of a shared result", () => {
  it("is the same key whatever the order its objects' keys were written in", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
