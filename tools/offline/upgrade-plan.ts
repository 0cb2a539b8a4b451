/**
 * `npm run upgrade-plan -- --stack <name>`: what the program will do when a stack moves to a release. The
 * deployed side is the stack's last outputs (`--deployed <file>`, written by `pulumi stack output --json`)
 * or, offline, the outputs of a run of the stack file at the deployed release. The target side is the stack
 * file at the target release, checked by the program's own `loadConfig`, `bundleProblems` and `stackStep`
 * (what `runStack` calls), then, when the guard lets it through, run under the mocks to compare the
 * resources by URN.
 */
import * as path from "path";
import { DEFAULT_RELEASE } from "../../components/catalog";
import { nextRelease } from "../../components/kubeflow/upgrade";
import { ConfigError, loadConfig } from "../../stacks/config";
import { GUARD_OUTPUTS, guardOutputsSchema, GuardOutputs } from "../../stacks/guards";
import { bundleProblems } from "../../stacks/kubeflow";
import { formatStackStep, ResourceChange, stackStep, StackStep } from "../../stacks/upgrade-guard";
import { installMocks, RecordedResource, settle, StackConfig } from "./run";
import { PROJECT, readStackConfig, runOffline, standInSecrets } from "./stack";

export interface StackUpgradeOptions {
  stack: string;
  /** Directory holding one bundle directory per release. */
  bundles: string;
  /** The release deployed now. @default - the stack file's kubeflow.version */
  from?: string;
  /** The release to move to. @default - the stack file's version when `from` is given, else the next */
  to?: string;
  /** The stack's last outputs (`pulumi stack output --json`); replaces the offline run of `from`. */
  deployed?: Record<string, unknown>;
  root?: string;
}

export interface StackUpgradePlan {
  text: string;
  /** Undefined when there is nothing to step to, or the target config is refused by the schema. */
  step?: StackStep;
  /** Whether `pulumi preview` would pass the guard. */
  ok: boolean;
}

function withRelease(config: StackConfig, release: string, bundles: string): StackConfig {
  const kf = (config.kubeflow ?? {}) as Record<string, unknown>;
  return {
    ...config,
    kubeflow: { ...kf, version: release, bundleDir: path.join(bundles, release) },
  };
}

/** The guard's outputs of a run, as Pulumi stores them (JSON). */
function guardOutputsOf(outputs: unknown): GuardOutputs {
  const o = outputs as Record<string, unknown>;
  const picked = Object.fromEntries(GUARD_OUTPUTS.map((k) => [k, o[k]]));
  return guardOutputsSchema.parse(JSON.parse(JSON.stringify(picked)));
}

/** The URNs a resource may have had before: its own and its aliases' (type aliases keep parent and name). */
function knownAs(r: RecordedResource): string[] {
  const out = [r.urn];
  for (const a of r.aliases as Array<string | { urn?: string; spec?: { type?: string } }>) {
    if (typeof a === "string") out.push(a);
    else if (a.urn) out.push(a.urn);
    else if (a.spec?.type) {
      const [head, name] = [r.urn.slice(0, r.urn.lastIndexOf("::")), r.urn.split("::").pop()!];
      const types = head.split("::").pop()!.split("$");
      types[types.length - 1] = a.spec.type;
      out.push(`${head.slice(0, head.lastIndexOf("::"))}::${types.join("$")}::${name}`);
    }
  }
  return out;
}

/** Pure: resources by URN between two runs, following aliases. */
export function resourceChange(
  before: readonly RecordedResource[],
  after: readonly RecordedResource[],
): ResourceChange {
  const was = new Set(before.map((r) => r.urn));
  const claimed = new Set<string>();
  let added = 0;
  for (const r of after) {
    const match = knownAs(r).find((u) => was.has(u));
    if (match === undefined) added++;
    else claimed.add(match);
  }
  const removed = before.filter((r) => !claimed.has(r.urn));
  return {
    added,
    removed: removed.map((r) => r.urn),
    removedProtected: removed.filter((r) => r.protect).map((r) => r.urn),
    unchanged: claimed.size,
  };
}

function refused(e: unknown): string[] {
  if (e instanceof ConfigError) return e.problems;
  throw e;
}

/** Plan a stack's release step with the program's own functions. */
export async function planStackUpgrade(options: StackUpgradeOptions): Promise<StackUpgradePlan> {
  const file = readStackConfig(options.stack, options.root);
  const secrets = standInSecrets(file);
  const fileVersion = String(
    (file.config.kubeflow as { version?: unknown } | undefined)?.version ?? DEFAULT_RELEASE,
  );
  const from =
    options.deployed !== undefined
      ? guardOutputsSchema.parse(options.deployed).kubeflowRelease
      : (options.from ?? fileVersion);
  const to =
    options.to ??
    (options.deployed !== undefined || options.from !== undefined
      ? fileVersion
      : from !== undefined
        ? nextRelease(from)
        : fileVersion);
  if (to === undefined) {
    return {
      text:
        `Stack ${options.stack}: Kubeflow ${from} is the newest catalogued release; nothing to upgrade ` +
        "to (pass --from <release> to plan the step from an older one to it)",
      ok: true,
    };
  }
  let deployed: GuardOutputs;
  let before: RecordedResource[] = [];
  if (options.deployed !== undefined) {
    deployed = guardOutputsSchema.parse(options.deployed);
  } else {
    try {
      const run = await runOffline(
        options.stack,
        withRelease(file.config, options.from ?? fileVersion, options.bundles),
        secrets,
      );
      deployed = guardOutputsOf(run.outputs);
      before = run.resources;
    } catch (e) {
      const problems = refused(e);
      return {
        text: [
          `Stack ${options.stack}: the stack file at Kubeflow ${from} is refused, so it cannot stand for the deployed stack:`,
          ...problems.map((p) => `    - ${p}`),
        ].join("\n"),
        ok: false,
      };
    }
  }
  const target = withRelease(file.config, to, options.bundles);
  installMocks(target, PROJECT, {
    stack: options.stack,
    secrets,
    deployed: deployed as Record<string, unknown>,
  });
  let step: StackStep;
  try {
    const config = loadConfig();
    const unusable = bundleProblems(config, undefined, `${PROJECT}:`);
    if (unusable.length > 0) throw new ConfigError(unusable, PROJECT);
    step = stackStep(config, deployed, options.stack);
  } catch (e) {
    await settle();
    const problems = refused(e);
    return {
      text: [
        `Stack ${options.stack}: Kubeflow ${from} -> ${to}: the config is refused before any resource:`,
        ...problems.map((p) => `    - ${p}`),
      ].join("\n"),
      ok: false,
    };
  }
  await settle();
  let change: ResourceChange | undefined;
  if (step.problems.length === 0 && options.deployed === undefined) {
    const after = await runOffline(
      options.stack,
      target,
      secrets,
      deployed as Record<string, unknown>,
    );
    change = resourceChange(before, after.resources);
  }
  return {
    text: formatStackStep(options.stack, step, change),
    step,
    ok: step.problems.length === 0 && (change?.removedProtected.length ?? 0) === 0,
  };
}
