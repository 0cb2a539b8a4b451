/**
 * Arguments of `npm run verify` and `npm run images`: a stack and where its bundle and charts are.
 * Pure, so the messages for bad arguments are tested.
 */
import * as path from "path";

export interface CliArgs {
  stack: string;
  /** Release bundle directory; default: the stack's `kubeflow.bundleDir` (manifests/kubeflow/<release>). */
  bundles?: string;
  /** Charts directory laid out `<chart>/<version>/`; default: the stack's `services.charts.directory`, else manifests/charts. */
  charts?: string;
  /** Kubeflow release instead of the stack's. */
  release?: string;
}

const FLAGS = ["--bundles", "--charts", "--release"] as const;

/** Pure: parse `<stack> [--bundles <dir>] [--charts <dir>] [--release <r>]`, or say what is wrong. */
export function parseCliArgs(argv: readonly string[], usage: string): CliArgs | { error: string } {
  const out: Partial<CliArgs> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((FLAGS as readonly string[]).includes(a)) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) return { error: `${a} needs a value\n${usage}` };
      const key = a.slice(2) as "bundles" | "charts" | "release";
      out[key] = key === "release" ? v : path.resolve(v);
      i++;
    } else if (a.startsWith("--")) {
      return { error: `unknown option ${a}; options: ${FLAGS.join(", ")}\n${usage}` };
    } else rest.push(a);
  }
  if (rest.length !== 1) return { error: `name one stack (Pulumi.<stack>.yaml)\n${usage}` };
  return { ...out, stack: rest[0]! };
}
