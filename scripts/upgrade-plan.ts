// `npm run upgrade-plan -- <from> <to> [--bundles <dir>]`: what moving a stack from one Kubeflow release to
// the next changes — resources added, removed and changed, data at risk, and the hazards to act on.
// `npm run upgrade-plan -- --stack <name> [--from <release>] [--to <release>] [--deployed <outputs.json>]
// [--bundles <dir>]`: what the program will do for that stack file — the release step, the hazards and
// whether they are acknowledged, the applications kept, added and removed, and the guard's problems.
// Reads the bundles written by `npm run sync` (default directory: manifests/kubeflow).
import * as fs from "fs";
import * as path from "path";
import { planUpgrade } from "../tools/offline/release-upgrade-plan";
import { planStackUpgrade } from "../tools/offline/upgrade-plan";

const USAGE =
  "usage: npm run upgrade-plan -- <from release> <to release> [--bundles <dir>]\n" +
  "       npm run upgrade-plan -- --stack <name> [--from <release>] [--to <release>] " +
  "[--deployed <pulumi stack output --json file>] [--bundles <dir>]";

const FLAGS = ["--bundles", "--stack", "--from", "--to", "--deployed"];

async function main(argv: string[]): Promise<number> {
  const flag = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const args = argv.filter((a, i) => !FLAGS.includes(a) && !FLAGS.includes(argv[i - 1] ?? ""));
  const bundles = path.resolve(
    flag("--bundles") ?? path.join(__dirname, "..", "manifests", "kubeflow"),
  );
  try {
    const stack = flag("--stack");
    if (stack !== undefined) {
      if (args.length !== 0) throw new Error(USAGE);
      const deployedFile = flag("--deployed");
      const from = flag("--from");
      const to = flag("--to");
      const plan = await planStackUpgrade({
        stack,
        bundles,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(deployedFile !== undefined
          ? {
              deployed: JSON.parse(fs.readFileSync(deployedFile, "utf8")) as Record<
                string,
                unknown
              >,
            }
          : {}),
      });
      console.log(plan.text);
      return plan.ok ? 0 : 1;
    }
    if (args.length !== 2) {
      console.error(USAGE);
      return 2;
    }
    const { text, supported } = planUpgrade(args[0]!, args[1]!, bundles);
    console.log(text);
    return supported ? 0 : 1;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
