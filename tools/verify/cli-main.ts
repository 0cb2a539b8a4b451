/**
 * The shared frame of the offline commands (`npm run verify`, `npm run images`): parse the arguments, build
 * the stack's platform object set, hand it to the command, exit with its code (2 when it could not run).
 */
import { readStackConfig } from "../offline/stack";
import { defaultChartsDirOf } from "./charts-dir";
import { parseCliArgs } from "./cli-args";
import { stackPlatformSet } from "./stack-set";
import { PlatformSet } from "./types";

export function runCommand(
  name: string,
  argv: string[],
  body: (set: PlatformSet, stack: string) => number,
  /** The command's own options, shown in the usage line after the shared ones. @default "" */
  ownOptions = "",
): void {
  const usage = `usage: npm run ${name} -- <stack> [--bundles <bundle dir>] [--charts <charts dir>] [--release <release>]${ownOptions}`;
  const main = async (): Promise<number> => {
    const args = parseCliArgs(argv, usage);
    if ("error" in args) {
      console.error(args.error);
      return 2;
    }
    try {
      const file = readStackConfig(args.stack);
      const { set } = await stackPlatformSet(args.stack, {
        chartsDir: args.charts ?? defaultChartsDirOf(file.config),
        ...(args.bundles !== undefined ? { bundleDir: args.bundles } : {}),
        ...(args.release !== undefined ? { release: args.release } : {}),
      });
      return body(set, args.stack);
    } catch (e) {
      console.error((e as Error).message);
      return 2;
    }
  };
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
