/**
 * The platform object sets of the example stacks, for the verification tests: each stack (and each variant
 * a test asks for) runs once per jest run, and its set, its recorded resources and its resolved `status`
 * output are shared by every test file through the run's scratch directory (../../harness/shared.ts), from
 * the real bundles and charts under ../shared/upstream.
 */
import * as path from "path";
import { DEFAULT_RELEASE } from "../../../components/catalog";
import { readStackConfig } from "../../../tools/offline/stack";
import { resolved } from "../../../tools/status-offline";
import { StackSetOptions, stackPlatformSet } from "../../../tools/verify/stack-set";
import { PlatformSet } from "../../../tools/verify/types";
import { RecordedResource, StackConfig } from "../../../tools/offline/run";
import { PlatformStatus } from "../../../stacks/status";
import { shared } from "../../harness/shared";
import { bundleDir, chartDir, TEST_RELEASES } from "../../harness/upstream";

/** The example stacks of the repository (`Pulumi.<stack>.yaml`). */
export const EXAMPLE_STACKS = ["dev", "gke-example", "eks-example", "teams-example"] as const;
export { TEST_RELEASES };

/** What one offline run of a stack gives, as plain data. */
export interface SharedStackRun {
  set: PlatformSet;
  resources: RecordedResource[];
  /** The program's `status` output, resolved. */
  status: PlatformStatus;
}

/**
 * `stackPlatformSet(stack, options)` (charts from ../shared/upstream unless given), run once per jest run
 * and shared; each caller gets its own copy.
 */
export function stackRun(
  stack: string,
  options: Partial<StackSetOptions> = {},
): Promise<SharedStackRun> {
  const full: StackSetOptions = { chartsDir: path.dirname(chartDir("istiod")), ...options };
  // The same set asked for with its release named or left to the stack (or an override) is built once.
  const overridden = (options.override?.kubeflow as { version?: unknown } | undefined)?.version;
  const release =
    options.release ?? (typeof overridden === "string" ? overridden : stackRelease(stack));
  const key: StackSetOptions = { ...full, release };
  return shared("stack-set", [stack, key], () => buildStackRun([stack, key]));
}

/** What `stackRun` shares for its key, built here (in a jest worker or in a builder: ../../harness/builder.ts). */
export async function buildStackRun([stack, options]: [
  string,
  StackSetOptions,
]): Promise<SharedStackRun> {
  const { set, resources, outputs } = await stackPlatformSet(stack, options);
  const status = (await resolved((outputs as { status: PlatformStatus }).status)) as PlatformStatus;
  return { set, resources, status };
}

const memo = new Map<string, Promise<PlatformSet>>();

/**
 * The platform set of an example stack at a release (the stack's own when omitted), optionally with config
 * overrides; the same object for every call of a file.
 */
export function platformSet(
  stack: string,
  release?: string,
  override?: StackConfig,
): Promise<PlatformSet> {
  const key = JSON.stringify([stack, release ?? null, override ?? null]);
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const p = stackRun(stack, {
    ...(release !== undefined ? { release } : {}),
    bundleDir: bundleDir(release ?? stackRelease(stack)),
    ...(override !== undefined ? { override } : {}),
  }).then((r) => r.set);
  memo.set(key, p);
  p.catch(() => memo.delete(key));
  return p;
}

/** The release a stack file pins (`kubeflow.version`), or the default. */
export function stackRelease(stack: string): string {
  const kf = readStackConfig(stack).config.kubeflow as { version?: string } | undefined;
  return kf?.version ?? DEFAULT_RELEASE;
}
