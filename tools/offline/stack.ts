/**
 * Run a stack of this project offline: read `Pulumi.<stack>.yaml`, stand in for its secrets, and run the
 * program's own `runStack()` under the mocks, recording every resource it registers. Used by
 * `npm run verify` and `npm run images`, which need what `pulumi up` would register, not a cluster.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { projectRoot } from "../../stacks/project-root";
import { installMocks, RecordedResource, settle, StackConfig } from "./run";

export const PROJECT = "kubeflow-platform";
/** The project root: the nearest folder up holding Pulumi.yaml (also from the compiled dist/). */
export const PROJECT_ROOT = projectRoot(__dirname);

/** A stack file's config: plain values by short key, and the short keys of its `secure:` values. */
export interface StackFile {
  config: StackConfig;
  secureKeys: string[];
}

/** Read `Pulumi.<stack>.yaml` (or a path). Secure values are not decrypted: only their keys are kept. */
export function readStackConfig(stackOrFile: string, root = PROJECT_ROOT): StackFile {
  const file = stackOrFile.endsWith(".yaml")
    ? path.resolve(stackOrFile)
    : path.join(root, `Pulumi.${stackOrFile}.yaml`);
  if (!fs.existsSync(file)) {
    const stacks = fs
      .readdirSync(root)
      .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
      .map((f) => f.slice("Pulumi.".length, -".yaml".length));
    throw new Error(`no stack file ${file}; stacks here: ${stacks.join(", ")}`);
  }
  const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  const config: StackConfig = {};
  const secureKeys: string[] = [];
  for (const [k, v] of Object.entries(doc?.config ?? {})) {
    if (!k.startsWith(`${PROJECT}:`)) continue;
    const key = k.slice(PROJECT.length + 1);
    if (v !== null && typeof v === "object" && "secure" in v) secureKeys.push(key);
    else config[key] = v;
  }
  return { config, secureKeys };
}

/**
 * Pure: the config keys that `...Secret` fields name (secret config keys), found anywhere in the config.
 * Offline, each gets a stand-in value: the checks look at structure, never at a credential.
 */
export function referencedSecretKeys(config: StackConfig): string[] {
  const keys = new Set<string>();
  const walk = (v: unknown, key: string): void => {
    if (typeof v === "string" && /Secret$/.test(key)) keys.add(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  walk(config, "");
  return [...keys].sort();
}

/** Stand-in secrets for every secure and referenced secret key (a kubeconfig key gets an empty config). */
export function standInSecrets(file: StackFile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...file.secureKeys, ...referencedSecretKeys(file.config)]) {
    out[key] = /kubeconfig/i.test(key)
      ? "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n"
      : `offline-stand-in-${key}`;
  }
  return out;
}

export interface OfflineRun {
  resources: RecordedResource[];
  outputs: unknown;
}

/**
 * Run the program for a stack config under the mocks. `config` may override keys of the stack file (the
 * tests point `kubeflow.bundleDir` at the shared renders this way); `deployed` stands for the outputs of the
 * stack's last deployment (default: never deployed).
 */
export async function runOffline(
  stack: string,
  config: StackConfig,
  secrets: Record<string, string>,
  deployed?: Record<string, unknown>,
): Promise<OfflineRun> {
  const resources = installMocks(config, PROJECT, {
    stack,
    secrets,
    ...(deployed !== undefined ? { deployed } : {}),
  });
  // Imported after the mocks are set, as the Pulumi language host does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runStack = require("../../index") as typeof import("../../index");
  const outputs = await runStack();
  await settle();
  return { resources, outputs };
}
