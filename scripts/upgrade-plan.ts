// `npm run upgrade-plan -- <from> <to> [--bundles <dir>]`: what moving a stack from one Kubeflow release to
// the next changes — resources added, removed and changed, data at risk, and the hazards to act on.
// Reads the two bundles written by `npm run sync` (default directory: manifests/kubeflow).
import * as path from "path";
import { planUpgrade } from "../components/kubeflow/upgrade-plan";

function main(argv: string[]): number {
  const args = argv.filter((a, i) => a !== "--bundles" && argv[i - 1] !== "--bundles");
  const at = argv.indexOf("--bundles");
  const bundles = path.resolve(
    at >= 0 ? argv[at + 1]! : path.join(__dirname, "..", "manifests", "kubeflow"),
  );
  if (args.length !== 2) {
    console.error("usage: npm run upgrade-plan -- <from release> <to release> [--bundles <dir>]");
    return 2;
  }
  try {
    const { text, supported } = planUpgrade(args[0]!, args[1]!, bundles);
    console.log(text);
    return supported ? 0 : 1;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
