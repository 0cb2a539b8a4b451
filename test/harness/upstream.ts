import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./stackfile";

/**
 * Where the tests read upstream data (release bundles, chart values). Override with KUBEFLOW_UPSTREAM_DIR;
 * by default `../shared/upstream` beside the repository. A missing directory fails loudly, never skips.
 */
export function upstreamDir(): string {
  const dir = process.env.KUBEFLOW_UPSTREAM_DIR ?? path.resolve(REPO_ROOT, "../shared/upstream");
  if (!fs.existsSync(dir)) {
    throw new Error(
      `upstream test data not found at ${dir}; set KUBEFLOW_UPSTREAM_DIR to the shared/upstream directory`,
    );
  }
  return dir;
}

/** The three releases whose real bundles the tests load. */
export const TEST_RELEASES = ["26.03", "v1.11.0", "v1.10.2"] as const;

export function bundleDir(release: string): string {
  return path.join(upstreamDir(), "kubeflow", release);
}

export function chartDir(chart: string): string {
  return path.join(upstreamDir(), "charts", chart);
}
