/**
 * An example is a platform team's program: ESLint (eslint.config.mjs) lets it import the library only through
 * its public entry point, never a component's internals, the stack program or the tests' tools.
 */
import * as path from "path";
import { spawnSync } from "child_process";
import { REPO_ROOT } from "../harness/stackfile";

const FILE = path.join(REPO_ROOT, "examples/existing-cluster/index.ts");

/** The imports the project's ESLint config refuses in `source`, as if it were the example's program. */
function restricted(source: string): string[] {
  // ESLint loads its flat config with a dynamic import, which jest's VM cannot run: use the CLI.
  const run = spawnSync(
    path.join(REPO_ROOT, "node_modules/.bin/eslint"),
    ["--format", "json", "--stdin", "--stdin-filename", FILE],
    { cwd: REPO_ROOT, input: source, encoding: "utf8" },
  );
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as Array<{
    messages: Array<{ ruleId: string | null; message: string }>;
  }>;
  return result!.messages
    .filter((m) => m.ruleId === "no-restricted-imports")
    .map((m) => m.message.split(" import is restricted")[0]!);
}

describe("examples import only the public entry point", () => {
  it("accepts the entry point and npm packages; refuses component internals, stacks/, tools/, test/ and the stack program", () => {
    const allowed = ["@pulumi/pulumi", "../../components"];
    const refused = [
      "../../components/services/istio",
      "../../components/kubeflow",
      "../../stacks/platform",
      "../../tools/offline/run",
      "../../test/harness",
      "../../index",
    ];
    const imports = [...allowed, ...refused];
    // One ESLint run (type-aware, about half a minute) for every case.
    const source = [
      ...imports.map((p, i) => `import * as m${i} from "${p}";`),
      `export const used = [${imports.map((_, i) => `m${i}`).join(", ")}];`,
    ].join("\n");
    expect(restricted(source)).toEqual(refused.map((p) => `'${p}'`));
  });
});
