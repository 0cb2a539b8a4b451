// `npm run urns -- <stack>... [--write] [--upstream <dir>] [--baselines <dir>]`: the URNs every resource of each stack would have
// when deployed, compared with the committed baseline test/fixtures/urns/<stack>.txt. A baseline URN that no
// resource has any more and no alias names is a resource `pulumi up` would delete: exit 1. Added URNs are
// listed, not a problem. `--write` records the current URNs as the new baseline instead (after an intended
// removal). `--upstream` is the shared upstream data (bundles under kubeflow/<release>); default
// KUBEFLOW_UPSTREAM_DIR or ../shared/upstream; `--baselines` the folder of the baseline files, default
// test/fixtures/urns. `--write` refuses a run in which two resources share a URN. Exit 2 when the comparison
// could not run.
import * as fs from "fs";
import * as path from "path";
import { baselineFile, defaultUpstreamDir, stackUrns } from "./offline/stack-urns";
import {
  baselineText,
  compareUrns,
  formatComparison,
  hasUrnProblem,
  parseBaseline,
} from "./offline/urns";

const USAGE = "usage: npm run urns -- <stack>... [--write] [--upstream <dir>] [--baselines <dir>]";

async function main(argv: string[]): Promise<number> {
  const stacks: string[] = [];
  let write = false;
  let upstream = defaultUpstreamDir();
  let baselines: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--write") write = true;
    else if (a === "--upstream" || a === "--baselines") {
      const v = argv[++i];
      if (v === undefined) {
        console.error(`${a} needs a directory\n${USAGE}`);
        return 2;
      }
      if (a === "--upstream") upstream = path.resolve(v);
      else baselines = path.resolve(v);
    } else if (a.startsWith("-")) {
      console.error(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else stacks.push(a);
  }
  if (stacks.length === 0) {
    console.error(USAGE);
    return 2;
  }
  let problems = false;
  for (const stack of stacks) {
    const now = await stackUrns(stack, upstream);
    const file =
      baselines !== undefined ? path.join(baselines, `${stack}.txt`) : baselineFile(stack);
    if (write) {
      const alone = compareUrns([], now);
      if (alone.duplicates.length > 0) {
        for (const line of formatComparison(stack, { ...alone, added: [] })) {
          console.error(line);
        }
        console.error(`${stack}: baseline not written`);
        problems = true;
        continue;
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, baselineText(now));
      console.log(`${stack}: wrote ${now.length} URNs to ${path.relative(process.cwd(), file)}`);
      continue;
    }
    if (!fs.existsSync(file)) {
      console.error(
        `${stack}: no baseline ${file}; write it with \`npm run urns -- ${stack} --write\``,
      );
      problems = true;
      continue;
    }
    const c = compareUrns(parseBaseline(fs.readFileSync(file, "utf8")), now);
    for (const line of formatComparison(stack, c)) console.log(line);
    if (hasUrnProblem(c)) problems = true;
    else console.log(`${stack}: ${now.length} resources, no URN lost`);
  }
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error((e as Error).message);
    process.exit(2);
  },
);
