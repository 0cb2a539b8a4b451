/**
 * The platform object set of a stack file, offline: run the program under the mocks for
 * `Pulumi.<stack>.yaml` (secrets stood in for) and render every Helm release it registers.
 */
import { K8sObject } from "../../components/kubeflow/types";
import { readStackConfig, runOffline, standInSecrets } from "../offline/stack";
import { RecordedResource, StackConfig } from "../offline/run";
import { buildPlatformSet } from "./object-set";
import { RenderOptions } from "./render";
import { PlatformSet } from "./types";
import { DEFAULT_RELEASE } from "../../components/catalog";
import { DECLARED_STORAGE_CLASSES } from "../../stacks/config/kubeflow";

export interface StackSetOptions extends RenderOptions {
  /** Kubeflow release instead of the stack's own `kubeflow.version`. @default - the stack's */
  release?: string;
  /** Bundle directory instead of the stack's `kubeflow.bundleDir`. @default - the stack's */
  bundleDir?: string;
  /** Config keys that replace the stack file's (short keys; release and bundle directory still apply). @default {} */
  override?: StackConfig;
}

export interface StackSet {
  set: PlatformSet;
  resources: RecordedResource[];
  /** The stack outputs the program returned (Outputs not yet resolved). */
  outputs: unknown;
}

/** Pure: the stack file's config with the release, bundle directory and overrides applied. */
export function stackConfigFor(config: StackConfig, options: StackSetOptions): StackConfig {
  const merged = { ...config, ...(options.override ?? {}) };
  const kf = { ...((merged.kubeflow as Record<string, unknown> | undefined) ?? {}) };
  if (options.release !== undefined) kf.version = options.release;
  if (options.bundleDir !== undefined) kf.bundleDir = options.bundleDir;
  return { ...merged, kubeflow: kf };
}

/**
 * Pure: the StorageClasses the stack's cluster provides itself (the set holds the ones the program creates):
 * as the config's checks declare them (stacks/config/kubeflow.ts).
 */
export function clusterStorageClasses(config: StackConfig): string[] {
  const platform = (config.platform as string | undefined) ?? "existing";
  if (platform === "gcp" || platform === "aws") return [...DECLARED_STORAGE_CLASSES[platform]];
  const declared = (config.cluster as { storageClass?: unknown } | undefined)?.storageClass;
  return typeof declared === "string" ? [declared] : [];
}

/** Run a stack offline and build its platform object set. */
export async function stackPlatformSet(stack: string, options: StackSetOptions): Promise<StackSet> {
  const file = readStackConfig(stack);
  const config = stackConfigFor(file.config, options);
  // Secret keys the overrides name get stand-ins too, as those of the file do.
  const run = await runOffline(stack, config, standInSecrets({ ...file, config }));
  const kf = config.kubeflow as { version?: string; confineToProfiles?: unknown };
  const set = buildPlatformSet(stack, kf.version ?? DEFAULT_RELEASE, run.resources, options);
  // What the stack asks for, so that the rules hold the objects to it (not inferred from the objects).
  if (kf.confineToProfiles === true) set.confineToProfiles = true;
  return {
    set: { ...set, storageClasses: clusterStorageClasses(config) },
    resources: run.resources,
    outputs: run.outputs,
  };
}

/** Every image an object set's pods and custom resources name (`image:` fields), sorted. */
export function imagesOf(objects: readonly K8sObject[]): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, key: string): void => {
    if (typeof v === "string") {
      if (key === "image" && v !== "" && v !== "auto") found.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  for (const o of objects) walk(o, "");
  return [...found].sort();
}
