/**
 * The test harness: runs the whole program (the same `runStack()` that index.ts calls) under Pulumi's
 * mocks for a given stack config, and returns an inventory of every registered resource with its options.
 * Fails on duplicate URNs, which the SDK's mocks do not detect.
 */
import * as pulumi from "@pulumi/pulumi";
import { mockCall, mockOutputs } from "./outputs";

// Internals of the SDK used only here: the monitor the mocks install, and the RPC queue to drain.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
  getMonitor(): MonitorLike;
  waitForRPCs(): Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
  deserializeProperties(struct: unknown): Record<string, unknown>;
};

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getReplaceonchangesList(): string[];
  getIgnorechangesList(): string[];
  getAliasurnsList(): string[];
  getAliasesList(): Array<{ toObject(): unknown }>;
  getAdditionalsecretoutputsList(): string[];
}
interface MonitorLike {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, cb: (err: unknown, resp: unknown) => void): Promise<void>;
}

/** How Pulumi marks a secret on the wire: `{ [SPECIAL_SIG_KEY]: SECRET_SIG, value }`. */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  /** URN of the parent, or "" for the stack. */
  parent: string;
  custom: boolean;
  /** Inputs with secrets unwrapped. */
  inputs: Record<string, unknown>;
  /** Inputs as sent, with secrets still wrapped in Pulumi's secret marker. */
  wireInputs: Record<string, unknown>;
  dependsOn: string[];
  provider: string;
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  replaceOnChanges: string[];
  ignoreChanges: string[];
  aliases: unknown[];
  additionalSecretOutputs: string[];
}

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

/** A stack config keyed by the short key (`platform`, `cluster`, ...); objects are JSON-encoded for Pulumi. */
export type StackConfig = Record<string, unknown>;

export interface RunOptions {
  /** Secret config values by short key. */
  secrets?: Record<string, string>;
  /** Plain config values under other namespaces, by full key (e.g. `gcp:project`). */
  extra?: Record<string, string>;
  stack?: string;
  preview?: boolean;
  /** Don't throw on duplicate URNs (to test the check itself). */
  allowDuplicates?: boolean;
  /** Outputs of the stack's last deployment, as the guards read them back; default: never deployed. */
  deployed?: Record<string, unknown>;
}

export const PROJECT = "kubeflow-platform";

/** Install mocks and config, for tests that call loadConfig or components directly. */
export function setupMocks(config: StackConfig = {}, options: RunOptions = {}): RecordedResource[] {
  const recorded: RecordedResource[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource: (args) =>
        args.type === "pulumi:pulumi:StackReference"
          ? {
              id: String(args.inputs.name),
              state: { ...args.inputs, outputs: options.deployed ?? {}, secretOutputNames: [] },
            }
          : {
              id: `${args.name}-id`,
              state: { ...args.inputs, ...mockOutputs(args.type, args.name, args.inputs) },
            },
      call: (args) => mockCall(args.token, args.inputs),
    },
    PROJECT,
    options.stack ?? "test",
    options.preview ?? false,
    "organization",
  );
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    all[`${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(options.secrets ?? {})) {
    all[`${PROJECT}:${k}`] = v;
    secretKeys.push(`${PROJECT}:${k}`);
  }
  Object.assign(all, options.extra ?? {});
  pulumi.runtime.setAllConfig(all, secretKeys);

  const monitor = settings.getMonitor();
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const wire = req.getObject()?.toJavaScript() ?? {};
    recorded.push({
      urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      custom: req.getCustom(),
      inputs: rpc.deserializeProperties(req.getObject()),
      wireInputs: wire,
      dependsOn: req.getDependenciesList(),
      provider: req.getProvider(),
      protect: req.getProtect() ?? false,
      retainOnDelete: req.getRetainondelete() ?? false,
      deleteBeforeReplace: req.getDeletebeforereplace(),
      replaceOnChanges: req.getReplaceonchangesList(),
      ignoreChanges: req.getIgnorechangesList(),
      aliases: [...req.getAliasurnsList(), ...req.getAliasesList().map((a) => a.toObject())],
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    });
    return original(req, cb);
  };
  return recorded;
}

/** Wait until every registration the program started has reached the mocks. */
export async function settle(): Promise<void> {
  await settings.waitForRPCs();
}

export function duplicateUrns(resources: RecordedResource[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const r of resources) {
    if (seen.has(r.urn)) dups.add(r.urn);
    seen.add(r.urn);
  }
  return [...dups];
}

/**
 * Run the whole program for a stack config and return the inventory. `body` defaults to the program's own
 * `runStack()`; tests of a single component pass their own.
 */
export async function runProgram(
  config: StackConfig,
  options: RunOptions = {},
  body?: () => unknown,
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
  const duplicates = duplicateUrns(recorded);
  if (duplicates.length > 0 && !options.allowDuplicates) {
    throw new Error(`duplicate URNs registered:\n  ${duplicates.join("\n  ")}`);
  }
  return new Inventory(recorded, duplicates);
}

/** Resolve an Output's value in tests (undefined while unknown). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
