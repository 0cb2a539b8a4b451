/**
 * `npm run bench`: how long the program takes to build the whole Kubeflow 26.03 graph (default install,
 * every object a resource, under Pulumi mocks, compiled, plain Node), its peak memory, the number of
 * resources and the critical-path depth. Printed, never asserted.
 *
 * Bundle: KUBEFLOW_BUNDLE_DIR, else manifests/kubeflow/26.03, else ../shared/upstream/kubeflow/26.03.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

const RELEASE = "26.03";

function findBundle(root: string): string {
  const candidates = [
    process.env.KUBEFLOW_BUNDLE_DIR,
    path.join(root, "manifests/kubeflow", RELEASE),
    path.join(root, "../shared/upstream/kubeflow", RELEASE),
  ].filter((d): d is string => d !== undefined);
  const found = candidates.find((d) => fs.existsSync(path.join(d, "bundle.json")));
  if (!found) throw new Error(`no ${RELEASE} bundle in ${candidates.join(", ")}`);
  return found;
}

async function main(): Promise<void> {
  const registered: string[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push(a.type);
        return { id: `${a.name}-id`, state: {} };
      },
      call: (a) => a.inputs,
    },
    "kubeflow-platform",
    "bench",
    true,
  );
  // Imported after the mocks, as the Pulumi language host would.
  const { planRelease } = await import("../components/kubeflow/plan");
  const { KubeflowRelease } = await import("../components/kubeflow/release");
  const { projectRoot } = await import("../stacks/kubeflow");
  const bundleDir = findBundle(projectRoot());
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeflow-bench-"));

  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let t = performance.now();
  let c = cpu();
  planRelease({ release: RELEASE, bundleDir, bundleCacheDir: cacheDir });
  const coldPlan = performance.now() - t;
  const coldPlanCpu = cpu() - c;

  t = performance.now();
  c = cpu();
  const release = new KubeflowRelease("kubeflow", {
    release: RELEASE,
    bundleDir,
    bundleCacheDir: cacheDir,
    services: {
      certManager: { ready: [], clusterIssuer: "kubeflow-self-signing-issuer" },
      istio: {
        ready: [],
        ingressGateway: { namespace: "istio-system", service: "istio-ingressgateway" },
      },
      auth: { ready: [] },
      gpu: { ready: [] },
    },
  });
  const constructed = performance.now() - t;
  await settings.waitForRPCs();
  const total = performance.now() - t;
  const totalCpu = cpu() - c;
  fs.rmSync(cacheDir, { recursive: true, force: true });

  const { plan } = release;
  const crds = plan.objects.filter((o) => o.obj.kind === "CustomResourceDefinition").length;
  const rss = process.resourceUsage().maxRSS / 1024;
  const ms = (x: number) => `${(x / 1000).toFixed(2)} s`;
  console.log(`Kubeflow ${RELEASE} from ${bundleDir}`);
  console.log(`  applications:            ${plan.applications.map((a) => a.key).join(", ")}`);
  console.log(
    `  objects:                 ${plan.objects.length} (${crds} CRDs), dropped ${plan.dropped.length}`,
  );
  console.log(`  resources registered:    ${registered.length}`);
  console.log(`  critical-path depth:     ${plan.graph.depth}`);
  console.log(`  edges:                   ${plan.graph.edges.length}`);
  console.log(
    `  plan, cold parse cache:  ${ms(coldPlan)} (YAML parse + hashes + transforms + graph)`,
  );
  console.log(
    `  build, warm cache:       ${ms(constructed)} to construct, ${ms(total)} until every registration settled`,
  );
  console.log(
    `  CPU time:                ${ms(coldPlanCpu)} cold plan, ${ms(totalCpu)} warm build`,
  );
  console.log(
    `  load average:            ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs (wall times stretch under load)`,
  );
  console.log(`  peak RSS:                ${rss.toFixed(0)} MB`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
