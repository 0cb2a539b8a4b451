/**
 * The offline runner: runs the program (or any body) under Pulumi's mocks and records every resource it
 * registers, with its inputs and options, as the engine would receive them. `npm run verify` and the tests
 * both use it, so what they check is exactly what `pulumi up` would register. No CLI, no cluster, no cloud.
 */
import * as pulumi from "@pulumi/pulumi";
import { mockCall, mockOutputs } from "./mocks";

// Internals of the SDK used only here: the monitor the mocks install, and the RPC queue to drain.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
  getMonitor(): MonitorLike;
  waitForRPCs(): Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkResource = require("@pulumi/pulumi/resource") as {
  Resource: { stackTrace(skip: number): unknown[] };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
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

/** A stack config keyed by the short key (`platform`, `cluster`, ...); objects are JSON-encoded for Pulumi. */
export type StackConfig = Record<string, unknown>;

/** How to install the mocks. */
export interface MockOptions {
  /** Secret config values by short key. */
  secrets?: Record<string, string>;
  /** Plain config values under other namespaces, by full key (e.g. `gcp:project`). */
  extra?: Record<string, string>;
  stack?: string;
  preview?: boolean;
  /** Outputs of the stack's last deployment, as the guards read them back; default: never deployed. */
  deployed?: Record<string, unknown>;
}

/**
 * Install Pulumi's mocks and the stack config (`project:key` for each short key), and record every resource
 * registered from now on into the returned array.
 */
export function installMocks(
  config: StackConfig,
  project: string,
  options: MockOptions = {},
): RecordedResource[] {
  const recorded: RecordedResource[] = [];
  withoutStackTraces();
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
    project,
    options.stack ?? "test",
    options.preview ?? false,
    "organization",
  );
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    all[`${project}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(options.secrets ?? {})) {
    all[`${project}:${k}`] = v;
    secretKeys.push(`${project}:${k}`);
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

let stackTracesOff = false;

/**
 * The SDK captures a call stack (mapped through the source maps) for each resource, for the engine's source
 * positions, and for each of its promises, for leak reports: half the time of a whole-program run under the
 * mocks, which read neither. Offline, resources carry no source position and promises no stack.
 */
function withoutStackTraces(): void {
  if (stackTracesOff) return;
  stackTracesOff = true;
  sdkResource.Resource.stackTrace = () => [];
  const original = debuggable.debuggablePromise;
  debuggable.debuggablePromise = (p, ctx) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(p, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
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
