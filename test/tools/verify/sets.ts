/**
 * The platform object sets of the example stacks, for the verification tests: each built once per jest run
 * (the run's scratch directory is shared by its workers) from the real bundles and charts under
 * ../shared/upstream.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_RELEASE } from "../../../components/catalog";
import { readStackConfig } from "../../../tools/offline/stack";
import { stackPlatformSet } from "../../../tools/verify/stack-set";
import { PlatformSet } from "../../../tools/verify/types";
import { StackConfig } from "../../../tools/offline/run";
import { bundleDir, chartDir, TEST_RELEASES } from "../../harness/upstream";

/** The example stacks of the repository (`Pulumi.<stack>.yaml`). */
export const EXAMPLE_STACKS = ["dev", "gke-example", "eks-example", "teams-example"] as const;
export { TEST_RELEASES };

const memo = new Map<string, Promise<PlatformSet>>();

/**
 * The platform set of an example stack at a release (the stack's own when omitted), optionally with config
 * overrides (not cached across files: a variant is built where it is tested).
 */
export function platformSet(
  stack: string,
  release?: string,
  override?: StackConfig,
): Promise<PlatformSet> {
  const key = JSON.stringify([stack, release ?? null, override ?? null]);
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const p = build(stack, release, override, key);
  memo.set(key, p);
  return p;
}

async function build(
  stack: string,
  release: string | undefined,
  override: StackConfig | undefined,
  key: string,
): Promise<PlatformSet> {
  const runDir = process.env.KFP_TEST_RUN_DIR;
  const file =
    runDir !== undefined && override === undefined
      ? path.join(runDir, `set-${Buffer.from(key).toString("hex")}.json`)
      : undefined;
  if (file !== undefined && fs.existsSync(file)) {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PlatformSet;
  }
  const { set } = await stackPlatformSet(stack, {
    chartsDir: path.dirname(chartDir("istiod")),
    ...(release !== undefined ? { release } : {}),
    bundleDir: bundleDir(release ?? stackRelease(stack)),
    ...(override !== undefined ? { override } : {}),
  });
  if (file !== undefined) {
    const part = `${file}.${process.pid}`;
    fs.writeFileSync(part, JSON.stringify(set));
    fs.renameSync(part, file);
  }
  return set;
}

/** The release a stack file pins (`kubeflow.version`), or the default. */
function stackRelease(stack: string): string {
  const kf = readStackConfig(stack).config.kubeflow as { version?: string } | undefined;
  return kf?.version ?? DEFAULT_RELEASE;
}
