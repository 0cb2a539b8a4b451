// `npm run images -- <stack> [--bundles <dir>] [--charts <dir>] [--release <r>]`: every container image the
// platform of a stack runs — the Kubeflow bundle's and every Helm chart's, as rendered with the stack's
// values (so with `kubeflow.imageRegistry` set, the mirrored names) — one per line, for mirroring.
import { runCommand } from "./verify/cli-main";
import { imagesOf } from "./verify/stack-set";

runCommand("images", process.argv.slice(2), (set) => {
  for (const image of imagesOf(set.objects.map((o) => o.obj))) console.log(image);
  return 0;
});
