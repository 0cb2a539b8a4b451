// `npm run option-docs [-- --write]`: the generated description constants (components/<folder>/option-docs.ts)
// from the TSDoc of every exported `*Options` interface under components/ (`X_OPTION_DOCS`) and of every
// exported interface or object type alias tagged `@optionDocs`, the nested sections (`Y_DOCS`); the rule is
// in tools/option-docs/generate.ts. Without `--write` it checks the committed files and exits 1 listing the
// stale ones; `--write` rewrites them (and removes one left in a folder with no documented type). Exit 2 when
// the TSDoc cannot be read (a field without a summary: the message names the type, the field and the file).
import * as fs from "fs";
import * as path from "path";
import { committedOptionDocs, generateOptionDocs, staleOptionDocs } from "./option-docs/generate";

const COMPONENTS = path.resolve(__dirname, "..", "components");

function main(argv: string[]): number {
  const unknown = argv.filter((a) => a !== "--write");
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(" ")}\nusage: npm run option-docs [-- --write]`);
    return 2;
  }
  let wanted: Map<string, string>;
  try {
    wanted = generateOptionDocs(COMPONENTS);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const committed = committedOptionDocs(COMPONENTS);
  const stale = staleOptionDocs(wanted, committed);
  if (!argv.includes("--write")) {
    if (stale.length === 0) {
      console.log(`option docs are current (${wanted.size} files)`);
      return 0;
    }
    console.error(
      `stale option docs (run \`npm run option-docs -- --write\`):\n${stale
        .map((f) => `  components/${f}`)
        .join("\n")}`,
    );
    return 1;
  }
  for (const f of stale) {
    const file = path.join(COMPONENTS, f);
    const text = wanted.get(f);
    if (text === undefined) fs.rmSync(file);
    else fs.writeFileSync(file, text);
    console.log(`${text === undefined ? "removed" : "wrote"} components/${f}`);
  }
  if (stale.length === 0) console.log(`option docs are current (${wanted.size} files)`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
