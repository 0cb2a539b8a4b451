import * as fs from "fs";
import * as path from "path";

/**
 * The project root (the directory of Pulumi.yaml, found upwards from this file so that it holds for the
 * TypeScript sources and the compiled `dist/`): relative `kubeflow.bundleDir` values are resolved against it.
 */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}
