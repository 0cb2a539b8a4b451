/**
 * Results shared by every test file of one jest run. Jest gives each file its own module registry, so a
 * module-level memo only spares a file its own repeats; the run's scratch directory ($KFP_TEST_RUN_DIR, made
 * by test/global-setup.js) is shared by all workers. A result is built once per run under a lock (a
 * directory: `mkdir` is atomic), written as JSON via rename, and read back by every later caller; a worker
 * that finds the lock taken waits for the file instead of building the same thing at the same time. A build
 * that throws is not stored: the next caller builds (and throws) again, with its own stack trace.
 *
 * `KFP_SHARED_LOG=<file>` appends a line per build (milliseconds, id, size, jest worker, key): what a run
 * builds and what each build costs.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

const memo = new Map<string, Promise<string>>();

/** The JSON text stored for `kind`/`key`, built by `build` when no file of this jest run holds it yet. */
export function sharedJson(
  kind: string,
  key: unknown,
  build: () => Promise<unknown>,
): Promise<string> {
  const id = `${kind}-${crypto.createHash("sha256").update(canonicalJson(key)).digest("hex").slice(0, 24)}`;
  const hit = memo.get(id);
  if (hit !== undefined) return hit;
  const p = load(id, kind, build, key);
  memo.set(id, p);
  // A failed build is not remembered: each caller sees its own error.
  p.catch(() => memo.delete(id));
  return p;
}

/** A fresh copy of the shared value (callers may change what they get). */
export async function shared<T>(kind: string, key: unknown, build: () => Promise<T>): Promise<T> {
  return JSON.parse(await sharedJson(kind, key, build)) as T;
}

/** JSON with every object's keys sorted: the same key written in another order is the same key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

async function load(
  id: string,
  kind: string,
  build: () => Promise<unknown>,
  key: unknown,
): Promise<string> {
  const runDir = process.env.KFP_TEST_RUN_DIR;
  if (runDir === undefined || runDir === "" || !fs.existsSync(runDir)) {
    return JSON.stringify(await build());
  }
  const file = path.join(runDir, `${id}.json`);
  const lock = `${file}.lock`;
  for (;;) {
    if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
    if (takeLock(lock)) {
      try {
        if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
        // A builder process (./builder.ts) builds it in plain Node, about twice as fast as a jest worker;
        // when it cannot (none running, or the build failed there), the build runs here, and a failure
        // throws here with this caller's stack.
        const built = await viaBuilder(runDir, id, kind, key);
        if (built !== undefined) return built;
        return await buildAndStore(file, id, key, build, String(process.env.JEST_WORKER_ID));
      } finally {
        fs.rmSync(lock, { recursive: true, force: true });
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Build a shared result and store it as `file` (written aside, then renamed: a reader never sees half of it);
 * `KFP_SHARED_LOG` gets a line naming `who` built it. The JSON text is returned.
 */
export async function buildAndStore(
  file: string,
  id: string,
  key: unknown,
  build: () => Promise<unknown>,
  who: string,
): Promise<string> {
  const t0 = Date.now();
  const text = JSON.stringify(await build());
  if (process.env.KFP_SHARED_LOG)
    fs.appendFileSync(
      process.env.KFP_SHARED_LOG,
      `${Date.now() - t0} ${id} ${(text.length / 1e6).toFixed(1)}MB ${who} ${JSON.stringify(key).slice(0, 300)}\n`,
    );
  const part = `${file}.${process.pid}`;
  fs.writeFileSync(part, text);
  fs.renameSync(part, file);
  return text;
}

/** Take the lock, or clear it when the process that holds it is gone. */
function takeLock(lock: string): boolean {
  try {
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  let pid = NaN;
  try {
    pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
  } catch {
    return false; // just taken, pid not yet written
  }
  if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The directories of the builders' protocol in a run's scratch directory. */
export function builderDirs(runDir: string): { builders: string; queue: string } {
  return { builders: path.join(runDir, "builders"), queue: path.join(runDir, "queue") };
}

/**
 * Ask a builder of this jest run for `id`: a request file in the queue, answered by the shared file itself
 * (the builder writes it) or by `<id>.failed`. Undefined when no builder is alive or the build failed there.
 */
async function viaBuilder(
  runDir: string,
  id: string,
  kind: string,
  key: unknown,
): Promise<string | undefined> {
  const { builders, queue } = builderDirs(runDir);
  const alivePids = (): number[] =>
    fs.existsSync(builders)
      ? fs
          .readdirSync(builders)
          .map(Number)
          .filter((pid) => Number.isInteger(pid) && alive(pid))
      : [];
  if (process.env.KFP_TEST_BUILDERS === "0" || alivePids().length === 0) return undefined;
  const file = path.join(runDir, `${id}.json`);
  const failed = path.join(runDir, `${id}.failed`);
  const request = path.join(queue, `${id}.req`);
  const part = `${request}.${process.pid}`;
  fs.writeFileSync(part, JSON.stringify({ kind, key }));
  fs.renameSync(part, request);
  for (let polls = 0; ; polls++) {
    if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
    if (fs.existsSync(failed)) {
      fs.rmSync(failed, { force: true });
      return undefined;
    }
    // Every builder gone (a crash): take the request back and build here.
    if (polls % 20 === 19 && alivePids().length === 0) {
      fs.rmSync(request, { force: true });
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
