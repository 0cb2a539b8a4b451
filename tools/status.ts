// `npm run status -- <stack> [--offline] [--json] [--bundles <dir>]`: what a platform team reads about a
// stack — the release, each application's version, mode and URL, the gateway address, and the platform
// services — from the stack's `status` output (`pulumi stack output --json`). With `--offline`, or when
// there is no Pulumi CLI, the same output is computed from Pulumi.<stack>.yaml under mocks; the first line
// says which. Exit 0: printed; 2: could not read it.
import { spawnSync } from "child_process";
import { PlatformStatus } from "../stacks/status";
import { offlineStatus } from "./status-offline";
import {
  formatStatus,
  offlineSource,
  parseStatusArgs,
  stackNameOf,
  statusFromOutputs,
} from "./status-table";

async function main(argv: string[]): Promise<number> {
  const args = parseStatusArgs(argv);
  if ("error" in args) {
    console.error(args.error);
    return 2;
  }
  const name = stackNameOf(args.stack);
  let status: PlatformStatus;
  let source: string;
  const cli = args.offline ? undefined : spawnSync("pulumi", ["version"], { encoding: "utf8" });
  if (cli === undefined || cli.error !== undefined) {
    source = offlineSource(cli === undefined ? "--offline" : "no Pulumi CLI found");
    status = await offlineStatus(
      args.stack,
      args.bundles !== undefined ? { bundleDir: args.bundles } : {},
    );
  } else {
    const out = spawnSync("pulumi", ["stack", "output", "--json", "--stack", name], {
      encoding: "utf8",
    });
    if (out.status !== 0) {
      console.error(
        `pulumi stack output --json --stack ${name} failed:\n${out.stderr}\n` +
          "(use --offline to compute the status from the stack file)",
      );
      return 2;
    }
    const parsed = statusFromOutputs(out.stdout);
    if ("error" in parsed) {
      console.error(parsed.error);
      return 2;
    }
    status = parsed;
    source = `stack outputs of ${name} (pulumi stack output)`;
  }
  console.log(
    args.json ? JSON.stringify(status, null, 2) : formatStatus(status, source).join("\n"),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error((e as Error).message ?? e);
    process.exit(2);
  },
);
