/**
 * Release bundles the stack cannot use, refused before the first resource (issue 12): the bundle is read and
 * hashed in `runStack` right after the config, so a wrong path or release never leaves a cluster half-created.
 * An edited file (hash mismatch) needs a copy of the bundle to edit: `test/stacks/platform.test.ts` has it.
 */
import { bundleDir } from "../../harness/upstream";
import { CorpusCase } from "./types";

const other = bundleDir("v1.11.0");

export const cases: CorpusCase[] = [
  {
    name: "a bundle of another release than kubeflow.version",
    config: { platform: "existing", kubeflow: { version: "26.03", bundleDir: other } },
    problems: [
      `kubeflow-platform:kubeflow.bundleDir (${other} -> ${other}): ${other}/bundle.json is a bundle of ` +
        "Kubeflow v1.11.0, but kubeflow.version is 26.03. Run `npm run sync -- 26.03`, or point " +
        "kubeflow.bundleDir at the 26.03 bundle",
    ],
  },
];
