/**
 * The library as a package: `npm run build:lib` emits `dist/lib` with declarations, and another program
 * resolves `import { KubeflowRelease, Istio, ExistingCluster } from "kubeflow-platform"` through package.json's
 * `exports` (at run time and in the type checker) — while `pulumi up` in this project still runs the stack
 * program: Pulumi's Node.js host runs package.json's `exports["."]` unless Pulumi.yaml names `main`
 * (@pulumi/pulumi cmd/run/run.js, "If there is no entrypoint set in Pulumi.yaml via the main option").
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { parse } from "yaml";
import { REPO_ROOT } from "../harness/stackfile";

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, { types: string; default: string } | string>;
  types: string;
  files: string[];
};

describe("the project as Pulumi runs it", () => {
  it("names the stack program in Pulumi.yaml, so package.json's exports (the library) are never run", () => {
    const project = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as {
      main?: string;
    };
    expect(project.main).toBe("index.ts");
    expect(fs.existsSync(path.join(REPO_ROOT, project.main!))).toBe(true);
    expect(pkg.exports["."]).toBeDefined();
  });
});

describe("the library as a package", () => {
  let consumer: string;
  beforeAll(() => {
    const build = spawnSync(
      path.join(REPO_ROOT, "node_modules/.bin/tsc"),
      ["-p", "tsconfig.lib.json"],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    if (build.status !== 0) throw new Error(`build:lib failed:\n${build.stdout}${build.stderr}`);
    // A platform team's project with the package installed (a link to this checkout, as `npm install <path>`).
    consumer = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-consumer-"));
    fs.mkdirSync(path.join(consumer, "node_modules"));
    fs.symlinkSync(REPO_ROOT, path.join(consumer, "node_modules", pkg.name), "dir");
  }, 300_000);
  afterAll(() => fs.rmSync(consumer, { recursive: true, force: true }));

  it("ships the entry point and its declarations where exports say, and only dist/lib and the README", () => {
    const dot = pkg.exports["."] as { types: string; default: string };
    expect(fs.existsSync(path.join(REPO_ROOT, dot.default))).toBe(true);
    expect(fs.existsSync(path.join(REPO_ROOT, dot.types))).toBe(true);
    expect(pkg.types).toBe(dot.types.replace(/^\.\//, ""));
    expect(pkg.files).toEqual(["dist/lib", "README.md"]);
  });

  it("resolves by name through exports and gives the components", () => {
    const run = spawnSync(
      process.execPath,
      [
        "-e",
        `const m = require(${JSON.stringify(pkg.name)});` +
          `console.log(JSON.stringify(["KubeflowRelease","Istio","ExistingCluster","Profiles"].map((k) => typeof m[k])));` +
          `console.log(require.resolve(${JSON.stringify(pkg.name)}));`,
      ],
      { cwd: consumer, encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    const [types, resolved] = run.stdout.trim().split("\n");
    expect(JSON.parse(types!)).toEqual(["function", "function", "function", "function"]);
    expect(resolved).toMatch(/dist\/lib\/components\/index\.js$/);
  });

  it("type-checks a program importing the package by name (declarations through exports)", () => {
    fs.writeFileSync(
      path.join(consumer, "index.ts"),
      [
        'import { ExistingCluster, Istio, KubeflowRelease } from "kubeflow-platform";',
        'import type { ClusterHandle } from "kubeflow-platform";',
        "export const components = [ExistingCluster, Istio, KubeflowRelease];",
        "export function name(c: ClusterHandle): string {",
        "  return c.name;",
        "}",
        "",
      ].join("\n"),
    );
    // A wrong type must be refused, or the check would prove nothing; one compiler run checks both files
    // (the declarations are read once), and each error names its file.
    fs.writeFileSync(
      path.join(consumer, "bad.ts"),
      [
        'import { name } from "./index";',
        "export const bad: number = name({} as never) as string;",
        "",
      ].join("\n"),
    );
    const tsc = spawnSync(
      path.join(REPO_ROOT, "node_modules/.bin/tsc"),
      [
        "--noEmit",
        "--strict",
        "--skipLibCheck",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "--types",
        "node",
        "--typeRoots",
        path.join(REPO_ROOT, "node_modules/@types"),
        "index.ts",
        "bad.ts",
      ],
      { cwd: consumer, encoding: "utf8" },
    );
    const errors = (tsc.stdout + tsc.stderr).split("\n").filter((l) => l.includes("error TS"));
    expect(errors.filter((l) => !l.startsWith("bad.ts"))).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^bad\.ts\(2,14\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });
});
