import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseCliArgs } from "../../../tools/verify/cli-args";
import { formatReport } from "../../../tools/verify/report";
import { REPO_ROOT } from "../../harness/stackfile";
import { bundleDir, upstreamDir } from "../../harness/upstream";

const data = () => [
  "--charts",
  path.join(upstreamDir(), "charts"),
  "--bundles",
  bundleDir("26.03"),
];
const verify = (stack: string) =>
  spawnSync(
    process.execPath,
    ["-r", "@swc-node/register", "tools/verify/cli.ts", stack, ...data()],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
    },
  );

describe("npm run verify", () => {
  it("passes the dev stack with exit 0 and says so", () => {
    const r = verify("dev");
    expect(r.stderr).toBe("");
    expect(r.stdout.trim().split("\n").pop()).toMatch(/^stack dev: \d+ checks, no violations$/);
    expect(r.status).toBe(0);
  });

  it("prints each violation with the object, the rule and the fix, and exits 1", () => {
    // A stack whose escape-hatch values rename the gateway's ServiceAccount: every web app then refuses it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-verify-"));
    const file = path.join(dir, "Pulumi.broken.yaml");
    fs.writeFileSync(
      file,
      [
        "config:",
        "  kubeflow-platform:platform: existing",
        "  kubeflow-platform:services:",
        "    istio:",
        "      values:",
        "        gateway:",
        "          serviceAccount:",
        "            name: my-gateway",
        "",
      ].join("\n"),
    );
    const r = verify(file);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "Deployment kubeflow/centraldashboard\n   rule: journey: a logged-in user reaches the dashboard and every enabled web app",
    );
    expect(r.stdout).toContain("   fix: ");
    expect(r.stdout.trim().split("\n").pop()).toMatch(
      /^stack .*Pulumi\.broken\.yaml: \d+ checks, \d+ violations$/,
    );
  });

  it("refuses a missing chart before verifying, naming the chart and the helm pull that fetches it", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-charts-"));
    const r = spawnSync(
      process.execPath,
      [
        "-r",
        "@swc-node/register",
        "tools/verify/cli.ts",
        "dev",
        "--charts",
        empty,
        "--bundles",
        bundleDir("26.03"),
      ],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    fs.rmSync(empty, { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^chart cert-manager v1\.19\.6 \(release cert-manager\) is not in .*: expected .*cert-manager\/v1\.19\.6\/Chart\.yaml; fetch it with `helm pull cert-manager --repo https:\/\/charts\.jetstack\.io --version v1\.19\.6 --untar/,
    );
  });

  it("is what CI runs on every example stack", () => {
    const ci = fs.readFileSync(path.join(REPO_ROOT, ".ci/run"), "utf8");
    expect(ci).toMatch(
      /for stack in dev gke-example eks-example teams-example; do\n\s+npm run --silent verify -- "\$stack"/,
    );
    // The list is every example stack of the repository.
    const stacks = fs
      .readdirSync(REPO_ROOT)
      .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
      .map((f) => f.slice(7, -5));
    expect(stacks.sort()).toEqual(["dev", "eks-example", "gke-example", "teams-example"]);
  });
});

describe("the verify command's arguments", () => {
  it.each([
    [["dev"], { stack: "dev" }],
    [["dev", "--release", "v1.11.0"], { stack: "dev", release: "v1.11.0" }],
    [[], { error: "name one stack (Pulumi.<stack>.yaml)\nusage" }],
    [["dev", "--charts"], { error: "--charts needs a value\nusage" }],
    [
      ["dev", "--chart", "x"],
      { error: "unknown option --chart; options: --bundles, --charts, --release\nusage" },
    ],
  ])("%j parse to %j", (argv, want) => {
    expect(parseCliArgs(argv, "usage")).toEqual(want);
  });
});

describe("the verify report", () => {
  it("numbers violations and ends with the count", () => {
    expect(
      formatReport("dev", [{ rule: "r", object: "Service a/b", message: "m", fix: "f" }], 3),
    ).toBe("1. Service a/b\n   rule: r\n   m\n   fix: f\nstack dev: 3 checks, 1 violation");
  });

  it("names each release it could not render, and why, before the count", () => {
    expect(
      formatReport("eks", [], 3, [{ release: "lbc", chart: "lbc@1.0.0", reason: "not offline" }]),
    ).toBe(
      "not rendered: release lbc (lbc@1.0.0): not offline; no rule sees its objects\nstack eks: 3 checks, no violations",
    );
  });
});
