// `npm run images -- <stack> [--bundles <dir>] [--charts <dir>] [--release <r>]`: every container image the
// platform of a stack runs — the Kubeflow bundle's and every Helm chart's, as rendered with the stack's
// values (so with `kubeflow.imageRegistry` set, the mirrored names) — one per line, for mirroring.
import { readStackConfig } from "./offline/stack";
import { defaultChartsDirOf } from "./verify/charts-dir";
import { parseCliArgs } from "./verify/cli-args";
import { imagesOf, stackPlatformSet } from "./verify/stack-set";

const USAGE =
  "usage: npm run images -- <stack> [--bundles <bundle dir>] [--charts <charts dir>] [--release <release>]";

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv, USAGE);
  if ("error" in args) {
    console.error(args.error);
    return 2;
  }
  try {
    const file = readStackConfig(args.stack);
    const { set } = await stackPlatformSet(args.stack, {
      chartsDir: args.charts ?? defaultChartsDirOf(file.config),
      ...(args.bundles !== undefined ? { bundleDir: args.bundles } : {}),
      ...(args.release !== undefined ? { release: args.release } : {}),
    });
    for (const image of imagesOf(set.objects.map((o) => o.obj))) console.log(image);
    return 0;
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
