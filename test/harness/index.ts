/**
 * The test harness: runs the whole program (the same `runStack()` that index.ts calls) under Pulumi's
 * mocks for a given stack config, and returns an inventory of every registered resource with its options.
 * Fails on duplicate URNs, which the SDK's mocks do not detect.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_RELEASE } from "../../components/catalog";
import {
  duplicateUrns,
  installMocks,
  MockOptions,
  RecordedResource,
  SECRET_SIG,
  settle,
  SPECIAL_SIG_KEY,
  StackConfig,
} from "../../tools/offline/run";
import { shared } from "./shared";
import { bundleDir } from "./upstream";

export {
  duplicateUrns,
  RecordedResource,
  SECRET_SIG,
  settle,
  SPECIAL_SIG_KEY,
  StackConfig,
} from "../../tools/offline/run";

export class Inventory {
  constructor(
    public readonly resources: RecordedResource[],
    public readonly duplicates: string[],
  ) {}

  byType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  find(type: string, name: string): RecordedResource | undefined {
    return this.resources.find((r) => r.type === type && r.name === name);
  }

  get(type: string, name: string): RecordedResource {
    const r = this.find(type, name);
    if (!r) {
      const names = this.byType(type).map((x) => x.name);
      throw new Error(`no ${type} named ${name}; have: ${names.join(", ") || "none of that type"}`);
    }
    return r;
  }

  byUrn(urn: string): RecordedResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }

  /** Children (direct) of a resource. */
  children(parent: RecordedResource): RecordedResource[] {
    return this.resources.filter((r) => r.parent === parent.urn);
  }

  /** All descendants of a resource. */
  descendants(root: RecordedResource): RecordedResource[] {
    const out: RecordedResource[] = [];
    const queue = [root.urn];
    while (queue.length > 0) {
      const urn = queue.shift()!;
      for (const r of this.resources) {
        if (r.parent === urn) {
          out.push(r);
          queue.push(r.urn);
        }
      }
    }
    return out;
  }

  /** Kubernetes objects (custom resources of the kubernetes provider) with the given kind. */
  k8s(kind: string): RecordedResource[] {
    return this.resources.filter((r) => r.type.startsWith("kubernetes:") && r.inputs.kind === kind);
  }

  /**
   * Places where any of `needles` appears in an input outside a secret. A credential that shows up here would
   * be stored in plain text in the Pulumi state.
   */
  plaintext(needles: string[]): string[] {
    const hits: string[] = [];
    const walk = (v: unknown, where: string): void => {
      if (typeof v === "string") {
        for (const n of needles) if (n && v.includes(n)) hits.push(`${where} contains "${n}"`);
      } else if (Array.isArray(v)) {
        v.forEach((x, i) => walk(x, `${where}[${i}]`));
      } else if (v !== null && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SPECIAL_SIG_KEY] === SECRET_SIG) return; // a secret: encrypted in state
        for (const [k, x] of Object.entries(o)) walk(x, `${where}.${k}`);
      }
    };
    for (const r of this.resources) walk(r.wireInputs, r.urn);
    return hits;
  }
}

export interface RunOptions extends MockOptions {
  /** Don't throw on duplicate URNs (to test the check itself). */
  allowDuplicates?: boolean;
  /** Pass the config exactly as given: no test bundle directory is added. */
  configAsGiven?: boolean;
  /** Run the whole program again instead of reading this jest run's shared inventory of the config. */
  fresh?: boolean;
}

export const PROJECT = "kubeflow-platform";

/**
 * The product reads a release bundle from `manifests/kubeflow/<release>` (written by `npm run sync`); tests
 * read the real renders under ../shared/upstream instead. Unless a test sets `kubeflow.bundleDir` itself (or
 * asks for the config as given), point it there.
 */
function withTestBundle(config: StackConfig, options: RunOptions): StackConfig {
  if (options.configAsGiven) return config;
  const kf = config.kubeflow;
  if (kf !== undefined && (kf === null || typeof kf !== "object" || Array.isArray(kf)))
    return config;
  const section = (kf ?? {}) as Record<string, unknown>;
  if (section.bundleDir !== undefined) return config;
  const release = typeof section.version === "string" ? section.version : DEFAULT_RELEASE;
  return { ...config, kubeflow: { ...section, bundleDir: bundleDir(release) } };
}

/** Install mocks and config, for tests that call loadConfig or components directly. */
export function setupMocks(config: StackConfig = {}, options: RunOptions = {}): RecordedResource[] {
  return installMocks(withTestBundle(config, options), PROJECT, options);
}

/**
 * Run the whole program for a stack config and return the inventory. `body` defaults to the program's own
 * `runStack()`; tests of a single component pass their own.
 *
 * A whole-program run (no `body`) is a pure function of the config and the options, and its inventory is
 * plain data: it runs once per jest run and is shared by every test file that asks for the same config
 * (see ./shared.ts; secrets stay wrapped in `wireInputs`). The mocks are installed as after a run of its own,
 * so that a test may go on registering. `fresh: true` runs it again.
 */
export async function runProgram(
  config: StackConfig,
  options: RunOptions = {},
  body?: () => unknown,
): Promise<Inventory> {
  if (body === undefined && !options.fresh) {
    const key: ProgramKey = {
      config: withTestBundle(config, options),
      options: { ...options, allowDuplicates: undefined },
    };
    const { resources, duplicates } = await shared<Recorded>("program", key, () =>
      buildProgram(key),
    );
    setupMocks(config, options);
    return checked(resources, duplicates, options);
  }
  return run(config, options, body, false);
}

interface Recorded {
  resources: RecordedResource[];
  duplicates: string[];
}

/** What a shared whole-program run is a function of. */
export interface ProgramKey {
  config: StackConfig;
  options: RunOptions;
}

/** What `runProgram` shares for its key, built here (in a jest worker or in a builder: ./builder.ts). */
export async function buildProgram(key: ProgramKey): Promise<Recorded> {
  const inv = await run(key.config, key.options, undefined, true);
  return { resources: inv.resources, duplicates: inv.duplicates };
}

async function run(
  config: StackConfig,
  options: RunOptions,
  body: (() => unknown) | undefined,
  allowDuplicates: boolean,
): Promise<Inventory> {
  const recorded = setupMocks(config, options);
  if (body) {
    await body();
  } else {
    // Imported after the mocks are set, as the program is by the Pulumi language host.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runStack = require("../../index") as typeof import("../../index");
    await runStack();
  }
  await settle();
  return checked(
    recorded,
    duplicateUrns(recorded),
    allowDuplicates ? { allowDuplicates } : options,
  );
}

function checked(
  resources: RecordedResource[],
  duplicates: string[],
  options: RunOptions,
): Inventory {
  if (duplicates.length > 0 && !options.allowDuplicates) {
    throw new Error(`duplicate URNs registered:\n  ${duplicates.join("\n  ")}`);
  }
  return new Inventory(resources, duplicates);
}

/** What a guarded run is a function of: the config and the outputs of the stack's last deployment. */
export interface GuardedRunKey {
  config: StackConfig;
  deployed: Record<string, unknown>;
}

/** One `pulumi preview`/`up` of a config against the stack's last deployment, as plain data. */
export interface GuardedRun {
  resources: RecordedResource[];
  /** The config's or a guard's refusal (a ConfigError's problems); no resource was registered then. */
  problems?: string[];
  /** What the run records for the next run's guards (the GUARD_OUTPUTS, as Pulumi stores them). */
  guardOutputs?: Record<string, unknown>;
}

/**
 * Run the whole program for `config` against `deployed` (the outputs of the stack's last deployment), once
 * per jest run for the same pair (./shared.ts): upgrade and guard tests chain such runs, each feeding its
 * `guardOutputs` to the next one's `deployed`. Any error but a ConfigError throws.
 */
export function guardedRun(
  config: StackConfig,
  deployed: Record<string, unknown> = {},
): Promise<GuardedRun> {
  const key: GuardedRunKey = { config: withTestBundle(config, {}), deployed };
  return shared<GuardedRun>("guarded-run", key, () => buildGuardedRun(key));
}

/** What `guardedRun` shares for its key, built here (in a jest worker or in a builder: ./builder.ts). */
export async function buildGuardedRun(key: GuardedRunKey): Promise<GuardedRun> {
  const resources = setupMocks(key.config, { deployed: key.deployed });
  /* eslint-disable @typescript-eslint/no-require-imports -- imported after the mocks are set */
  const runStack = require("../../index") as typeof import("../../index");
  const { ConfigError } = require("../../stacks/config") as typeof import("../../stacks/config");
  const { GUARD_OUTPUTS } = require("../../stacks/guards") as typeof import("../../stacks/guards");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const result = await runStack().then(
    (outputs) => ({
      guardOutputs: JSON.parse(
        JSON.stringify(Object.fromEntries(GUARD_OUTPUTS.map((k) => [k, outputs[k]]))),
      ) as Record<string, unknown>,
    }),
    (e: unknown) => {
      if (e instanceof ConfigError) return { problems: e.problems };
      throw e;
    },
  );
  await settle();
  return { resources, ...result };
}

/** Resolve an Output's value in tests (undefined while unknown). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
