// Prints the stack-config parameter table derived from the schema; `--write` updates README.md in place.
import * as fs from "fs";
import * as path from "path";
import { paramTable, withTable } from "../stacks/config/docs";

const readme = path.resolve(__dirname, "..", "README.md");
if (process.argv.includes("--write")) {
  fs.writeFileSync(readme, withTable(fs.readFileSync(readme, "utf8")));
  console.log(`updated ${readme}`);
} else {
  console.log(paramTable());
}
