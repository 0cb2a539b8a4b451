/**
 * The real URNs of a stack file's resources, from an offline run (see ./urns.ts): the stack's own release,
 * its bundle read from `<upstream>/kubeflow/<release>` (the stack file's `kubeflow.bundleDir` points at a
 * checkout that differs per machine; the shared renders do not), secrets stood in for.
 */
import * as path from "path";
import { DEFAULT_RELEASE } from "../../components/catalog";
import { PROJECT, PROJECT_ROOT, readStackConfig, runOffline, standInSecrets } from "./stack";
import { ResourceUrns, resourceUrns } from "./urns";

/** The upstream data directory: KUBEFLOW_UPSTREAM_DIR, else `../shared/upstream` beside the project. */
export function defaultUpstreamDir(): string {
  return process.env.KUBEFLOW_UPSTREAM_DIR ?? path.resolve(PROJECT_ROOT, "../shared/upstream");
}

/** Where a stack's committed URN baseline lives. */
export function baselineFile(stack: string, root = PROJECT_ROOT): string {
  return path.join(root, "test", "fixtures", "urns", `${stack}.txt`);
}

/** Run a stack offline and compute its resources' URNs and alias URNs. */
export async function stackUrns(stack: string, upstreamDir: string): Promise<ResourceUrns[]> {
  const file = readStackConfig(stack);
  const kf = { ...((file.config.kubeflow as Record<string, unknown> | undefined) ?? {}) };
  const release = typeof kf.version === "string" ? kf.version : DEFAULT_RELEASE;
  const config = {
    ...file.config,
    kubeflow: { ...kf, bundleDir: path.join(upstreamDir, "kubeflow", release) },
  };
  const run = await runOffline(stack, config, standInSecrets(file));
  return resourceUrns(run.resources, PROJECT, stack);
}
