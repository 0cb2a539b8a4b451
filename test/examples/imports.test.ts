/**
 * An example is a platform team's program: ESLint (eslint.config.mjs) lets it import the library only through
 * its public entry point, never a component's internals, the stack program or the tests' tools.
 *
 * The rule is read as ESLint resolves it for the example's file (`eslint --print-config`, every block of the
 * project's config applied), then run on the cases in-process. `no-restricted-imports` needs no type
 * information, so the type-aware parse `npm run lint` does (about half a minute) is not repeated here.
 */
import * as path from "path";
import { spawnSync } from "child_process";
import { Linter } from "eslint";
import { parser as tsParser } from "typescript-eslint";
import { REPO_ROOT } from "../harness/stackfile";

const FILE = path.join(REPO_ROOT, "examples/existing-cluster/index.ts");

/** The `no-restricted-imports` setting the project's ESLint config gives the example's file. */
function effectiveRule(): Linter.RuleEntry {
  // ESLint loads its flat config with a dynamic import, which jest's VM cannot run: use the CLI.
  const run = spawnSync(
    path.join(REPO_ROOT, "node_modules/.bin/eslint"),
    ["--print-config", FILE],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
    },
  );
  if (run.status !== 0) throw new Error(`eslint --print-config failed: ${run.stderr}`);
  const config = JSON.parse(run.stdout) as { rules: Record<string, Linter.RuleEntry> };
  const rule = config.rules["no-restricted-imports"];
  if (rule === undefined) throw new Error("the config sets no no-restricted-imports for examples/");
  return rule;
}

/** The imports that setting refuses in `source`, as if it were the example's program. */
function restricted(rule: Linter.RuleEntry, source: string): string[] {
  const messages = new Linter({ configType: "flat" }).verify(
    source,
    [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tsParser as Linter.Parser },
        rules: { "no-restricted-imports": rule },
      },
    ],
    FILE,
  );
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`unparsable: ${fatal[0]!.message}`);
  return messages
    .filter((m) => m.ruleId === "no-restricted-imports")
    .map((m) => m.message.split(" import is restricted")[0]!);
}

describe("examples import only the public entry point", () => {
  const rule = effectiveRule();

  it("is an error in the project's config for the example's file", () => {
    const severity = Array.isArray(rule) ? rule[0] : rule;
    expect([2, "error"]).toContain(severity);
  });

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
    const source = [
      ...imports.map((p, i) => `import * as m${i} from "${p}";`),
      `export const used = [${imports.map((_, i) => `m${i}`).join(", ")}];`,
    ].join("\n");
    expect(restricted(rule, source)).toEqual(refused.map((p) => `'${p}'`));
  });
});
