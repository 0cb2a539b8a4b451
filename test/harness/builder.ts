/**
 * A builder of one jest run's shared results (./shared.ts), in plain Node: test/global-setup.js starts two
 * (`node -r @swc-node/register test/harness/builder.ts <run dir> <jest's pid>`) before the workers. A worker that needs a
 * whole-program run or a stack's platform set puts a request in the run's queue and waits; a builder takes
 * it (a rename, so one builder only), builds it with the same function the worker would call, and writes the
 * shared file. Registering a resource costs about half as much here as in a jest worker's module registry.
 *
 * A build that throws writes `<id>.failed`: the worker then builds it itself and throws with its own stack.
 * The builder exits when the run's directory is gone (global teardown) or jest's process has ended (a run
 * killed before its teardown).
 */
import * as fs from "fs";
import * as path from "path";
import { buildStackRun } from "../tools/verify/sets";
import { buildGuardedRun, buildProgram, GuardedRunKey, ProgramKey } from "./index";
import { buildAndStore, builderDirs } from "./shared";
import { StackSetOptions } from "../../tools/verify/stack-set";

const BUILDS: Record<string, (key: never) => Promise<unknown>> = {
  "stack-set": (key: [string, StackSetOptions]) => buildStackRun(key),
  program: (key: ProgramKey) => buildProgram(key),
  "guarded-run": (key: GuardedRunKey) => buildGuardedRun(key),
};

async function main(runDir: string, parent: number): Promise<void> {
  const { builders, queue } = builderDirs(runDir);
  fs.mkdirSync(queue, { recursive: true });
  fs.mkdirSync(builders, { recursive: true });
  fs.writeFileSync(path.join(builders, String(process.pid)), "");
  for (;;) {
    // jest's process gone (this one reparented) or the run over: nothing more will be asked.
    if (!fs.existsSync(runDir) || process.ppid !== parent) return;
    const taken = takeRequest(queue);
    if (taken === undefined) {
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    await answer(runDir, taken);
  }
}

interface Taken {
  id: string;
  file: string;
}

/** The first request no other builder has taken, now this one's. */
function takeRequest(queue: string): Taken | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(queue).filter((n) => n.endsWith(".req"));
  } catch {
    return undefined;
  }
  for (const name of names) {
    const file = path.join(queue, `${name}.taken-${process.pid}`);
    try {
      fs.renameSync(path.join(queue, name), file);
      return { id: name.slice(0, -".req".length), file };
    } catch {
      // taken by the other builder, or taken back by the worker
    }
  }
  return undefined;
}

async function answer(runDir: string, { id, file }: Taken): Promise<void> {
  const out = path.join(runDir, `${id}.json`);
  try {
    const { kind, key } = JSON.parse(fs.readFileSync(file, "utf8")) as { kind: string; key: never };
    const build = BUILDS[kind];
    if (build === undefined) throw new Error(`no builder for the kind ${kind}`);
    await buildAndStore(out, id, key, () => build(key), `b${process.pid}`);
  } catch (e) {
    if (fs.existsSync(runDir)) fs.writeFileSync(path.join(runDir, `${id}.failed`), String(e));
  } finally {
    fs.rmSync(file, { force: true });
  }
}

// The SDK keeps handles open after a run: exit explicitly.
// argv: the run's directory, and the pid of jest's process (its parent, which may end before this one has
// loaded: then it is reparented at once).
void main(process.argv[2] ?? "", Number(process.argv[3] ?? process.ppid)).then(() =>
  process.exit(0),
);
