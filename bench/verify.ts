/**
 * `npm run bench` (part 3): the time and memory to build the dev stack's whole platform object set (the
 * program under mocks, every Helm release rendered by its real chart) and to verify it (every rule and
 * journey). Printed, never asserted. Renders run cold (no render cache) and then warm.
 *
 * Data: KUBEFLOW_UPSTREAM_DIR, else ../shared/upstream (bundles under kubeflow/, charts under charts/).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../tools/offline/stack";
import { stackPlatformSet } from "../tools/verify/stack-set";
import { verifySet } from "../tools/verify/verify";

async function main(): Promise<void> {
  const upstream =
    process.env.KUBEFLOW_UPSTREAM_DIR ?? path.resolve(PROJECT_ROOT, "../shared/upstream");
  const bundleDir = path.join(upstream, "kubeflow", "26.03");
  const chartsDir = path.join(upstream, "charts");
  if (!fs.existsSync(path.join(bundleDir, "bundle.json")))
    throw new Error(`no bundle in ${bundleDir}`);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const s = (x: number) => `${(x / 1000).toFixed(2)} s`;

  let t = performance.now();
  let c = cpu();
  const cold = await stackPlatformSet("dev", { bundleDir, chartsDir, cacheDir: false });
  const coldWall = performance.now() - t;
  const coldCpu = cpu() - c;

  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-bench-render-"));
  await stackPlatformSet("dev", { bundleDir, chartsDir, cacheDir });
  t = performance.now();
  c = cpu();
  await stackPlatformSet("dev", { bundleDir, chartsDir, cacheDir });
  const warmWall = performance.now() - t;
  const warmCpu = cpu() - c;
  fs.rmSync(cacheDir, { recursive: true, force: true });

  t = performance.now();
  c = cpu();
  const result = verifySet(cold.set);
  const verifyWall = performance.now() - t;
  const verifyCpu = cpu() - c;

  const via: Record<string, number> = {};
  for (const o of cold.set.objects) via[o.source.via] = (via[o.source.via] ?? 0) + 1;
  console.log(`Whole-platform verification of the dev stack (Kubeflow 26.03)`);
  console.log(
    `  object set:              ${cold.set.objects.length} objects (${Object.entries(via)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ")})`,
  );
  console.log(
    `  build, renders cold:     ${s(coldWall)} wall, ${s(coldCpu)} CPU in this process (helm runs as child processes)`,
  );
  console.log(`  build, render cache warm: ${s(warmWall)} wall, ${s(warmCpu)} CPU`);
  console.log(
    `  verify:                  ${result.checks.length} checks, ${result.violations.length} violations, ${s(verifyWall)} wall, ${s(verifyCpu)} CPU`,
  );
  console.log(
    `  peak RSS:                ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
