// `npm run verify -- <stack> [--bundles <dir>] [--charts <dir>] [--release <r>]`: the whole-platform
// verification of a stack, offline, before any `pulumi preview`. Runs the program under mocks for
// Pulumi.<stack>.yaml, renders every Helm release with its real chart, checks the cross-object rules and the
// user journeys, and prints each violation with the object, the rule and the fix. Exit 0: none; 1: some; 2:
// the verification could not run (bad arguments, missing bundle or chart).
import { readStackConfig } from "../offline/stack";
import { defaultChartsDirOf } from "./charts-dir";
import { parseCliArgs } from "./cli-args";
import { formatReport } from "./report";
import { stackPlatformSet } from "./stack-set";
import { verifySet } from "./verify";

const USAGE =
  "usage: npm run verify -- <stack> [--bundles <bundle dir>] [--charts <charts dir>] [--release <release>]";

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv, USAGE);
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
    const result = verifySet(set);
    console.log(formatReport(args.stack, result.violations, result.checks.length));
    return result.violations.length === 0 ? 0 : 1;
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
