/**
 * `loadConfig()`: reads this project's stack config, validates it against one schema, and reports every
 * problem at once — before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { nearest } from "./nearest";
import { Platform, PLATFORMS } from "./cluster";
import { isFlatPathKey, isNearMissNamespace } from "./keys";
import { detectSecret, findSecrets, redact } from "./leaks";
import { foreignKey, keysAt } from "./platform-keys";
import {
  flatKeyProblem,
  foreignKeyProblem,
  formatPath,
  namespaceProblem,
  secretProblem,
  unknownSecretKeyProblem,
} from "./refusals";
import { DEFAULT_PLATFORM, PlatformConfig, rootSchema, TOP_LEVEL_KEYS } from "./root";
import { dexPasswordProblems } from "./services";
import { unknownKeyMessage } from "./schema";

/** Top-level keys whose values are maps or lists (JSON on the wire); the rest are plain strings. */
const STRUCTURED_KEYS: readonly string[] = TOP_LEVEL_KEYS.filter((k) => k !== "platform");

/** Top-level keys people set by mistake, with what to do instead. */
const MISPLACED_KEYS: Record<string, string> = {
  kubeconfig:
    "a kubeconfig is a secret: set it with `pulumi config set --secret <configKey> < kubeconfig` " +
    "and name that key in cluster.kubeconfigSecret",
};
import { collectSecretRefs, referencedSecretKeys } from "./secrets";

export type { PlatformConfig } from "./root";
export { formatPath } from "./refusals";

// `isConfigSecret` is exported by the SDK's runtime but missing from its typings (3.248).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as {
  isConfigSecret(fullKey: string): boolean;
};
export { SecretRef } from "./secrets";

/** The stack config is wrong; the message lists every problem. A RunError prints without a stack trace. */
export class ConfigError extends pulumi.RunError {
  constructor(
    public readonly problems: string[],
    namespace: string,
    headline = "Invalid stack config",
  ) {
    super(
      `${headline}: ${problems.length} problem${problems.length === 1 ? "" : "s"}.\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        `\nFix each with \`pulumi config set ${namespace}:<key> ...\` (or edit Pulumi.<stack>.yaml); ` +
        "the README lists every parameter, its default and its class.",
    );
    this.name = "ConfigError";
  }
}

/** What loadConfig reads: config values by full key, and which keys are secret. */
export interface ConfigSource {
  namespace: string;
  values: Record<string, string>;
  isSecret(fullKey: string): boolean;
}

/** The running program's config. */
export function pulumiConfigSource(): ConfigSource {
  return {
    namespace: pulumi.getProject(),
    values: pulumi.runtime.allConfig(),
    isSecret: (k) => runtimeConfig.isConfigSecret(k),
  };
}

/** Validate the stack config and return it typed; throw one ConfigError naming every problem. */
export function loadConfig(source: ConfigSource = pulumiConfigSource()): PlatformConfig {
  const { namespace } = source;
  const prefix = `${namespace}:`;
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  const others: string[] = [];

  for (const [fullKey, text] of Object.entries(source.values)) {
    if (!fullKey.startsWith(prefix)) {
      // Other namespaces belong to providers, except a misspelling of ours, whose keys would be ignored.
      const other = fullKey.slice(0, Math.max(0, fullKey.indexOf(":")));
      if (other && isNearMissNamespace(other, namespace))
        problems.push(namespaceProblem(fullKey, other, namespace));
      continue;
    }
    const key = fullKey.slice(prefix.length);
    if (!TOP_LEVEL_KEYS.includes(key)) {
      others.push(key);
      continue;
    }
    if (source.isSecret(fullKey)) {
      problems.push(
        `${fullKey}: is stored as a secret, but it is structured config that decides what is created. ` +
          `Store it in plain text, and keep secrets in separate keys referenced by "...Secret" fields`,
      );
      continue;
    }
    const parsed = parseValue(key, text);
    if ("error" in parsed) problems.push(`${fullKey}: ${parsed.error}`);
    else raw[key] = parsed.value;
  }

  // Keys outside the schema are allowed only as the targets of `...Secret` references.
  const referenced = referencedSecretKeys(raw);
  for (const key of others) {
    if (referenced.has(key)) continue;
    if (isFlatPathKey(key, TOP_LEVEL_KEYS)) {
      problems.push(flatKeyProblem(prefix, key, source.isSecret(`${prefix}${key}`)));
      continue;
    }
    const hint = MISPLACED_KEYS[key];
    const kind = source.isSecret(`${prefix}${key}`)
      ? undefined
      : detectSecret(source.values[`${prefix}${key}`] ?? "", key);
    if (kind && !hint) {
      problems.push(unknownSecretKeyProblem(prefix, key, kind));
      continue;
    }
    if (hint) {
      problems.push(`${prefix}${key}: unknown key; ${hint}`);
      continue;
    }
    const guess = nearest(key, TOP_LEVEL_KEYS);
    problems.push(
      `${prefix}${key}: unknown key` +
        (guess ? `. Did you mean "${prefix}${guess}"?` : ".") +
        ` Allowed keys: ${TOP_LEVEL_KEYS.join(", ")} (and config keys named by "...Secret" fields). ` +
        `Remove it with \`pulumi config rm ${prefix}${key}\``,
    );
  }

  // Pulumi.yaml declares `platform` with default "existing"; the CLI applies it, the mocks don't.
  raw.platform ??= DEFAULT_PLATFORM;
  const platform = PLATFORMS.find((p) => p === raw.platform);

  // Secret material in any string of the structured config; no other message may show such a value.
  const leaks = findSecrets(raw);
  for (const leak of leaks) problems.push(secretProblem(prefix, platform ?? "", leak));
  const leaked = (path: readonly PropertyKey[]) =>
    leaks.some((l) => l.path.length <= path.length && l.path.every((p, i) => p === path[i]));
  const shown = redact(
    raw,
    leaks.map((l) => l.path),
  );

  const result = rootSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (leaked(issue.path)) continue;
      if (issue.code === "unrecognized_keys" && platform) {
        problems.push(...unknownKeyProblems(issue, platform, leaked, shown, prefix));
      } else {
        problems.push(describeIssue(issue, shown, prefix));
      }
    }
  } else {
    for (const { path, ref } of collectSecretRefs(result.data)) {
      const fullKey = `${prefix}${ref.key}`;
      if (!(fullKey in source.values)) {
        problems.push(
          `${prefix}${path}: names config key "${ref.key}", which is not set. ` +
            `Run \`pulumi config set --secret ${ref.key} <value>\``,
        );
      } else if (!source.isSecret(fullKey)) {
        problems.push(
          `${fullKey}: holds a secret in plain text (named by ${prefix}${path}). ` +
            `Run \`pulumi config set --secret ${ref.key} <value>\` to encrypt it, and rotate it`,
        );
      }
    }
  }

  // Values of secrets the config references, checked only once every reference resolves (never shown).
  if (problems.length === 0 && result.success) {
    for (const p of dexPasswordProblems(result.data, (k) => source.values[`${prefix}${k}`])) {
      problems.push(`${formatPath(prefix, p.path)}: ${p.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, namespace);
  return (result as { data: PlatformConfig }).data;
}

/**
 * Unknown keys of one map: a key of another platform's cluster says so (and names the equivalent); a key
 * already reported as holding a secret is not reported again; the rest as the schema words it.
 */
function unknownKeyProblems(
  issue: z.core.$ZodIssueUnrecognizedKeys,
  platform: Platform,
  leaked: (path: readonly PropertyKey[]) => boolean,
  shown: unknown,
  prefix: string,
): string[] {
  const keys = issue.keys.filter((k) => !leaked([...issue.path, k]));
  const foreign = keys.map((k) => [k, foreignKey(platform, issue.path, k)] as const);
  const rest = foreign.filter(([, f]) => f === undefined).map(([k]) => k);
  if (rest.length === issue.keys.length) return [describeIssue(issue, shown, prefix)];
  const allowed = keysAt(platform, issue.path);
  const out: string[] = [];
  if (rest.length > 0) {
    out.push(
      allowed
        ? `${formatPath(prefix, issue.path)}: ${rest.map((k) => unknownKeyMessage(k, allowed)).join("; ")}`
        : describeIssue(issue, shown, prefix),
    );
  }
  for (const [k, f] of foreign)
    if (f) out.push(foreignKeyProblem(prefix, platform, issue.path, k, f));
  return out;
}

/** Pulumi hands structured values over as JSON text; scalars as plain strings. */
function parseValue(key: string, text: string): { value: unknown } | { error: string } {
  if (!STRUCTURED_KEYS.includes(key)) return { value: text };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return {
      error: `is not valid structured config (${(e as Error).message}); give a YAML map or list`,
    };
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

const TYPE_NAMES: Record<string, string> = {
  object: "a map",
  array: "a list",
  record: "a map",
  boolean: "true or false",
  string: "a string",
  number: "a number",
  int: "a whole number",
  nonoptional: "a value",
};

/** One line per zod issue: the key, the value given, what is allowed. */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown, prefix: string): string {
  const where = formatPath(prefix, issue.path);
  const value = valueAt(raw, issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return `${where || prefix.slice(0, -1)}: ${issue.message}`;
    case "invalid_type": {
      const expected = TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`;
      if (value === undefined) return `${where}: is required (${expected})`;
      return `${where}: expected ${expected}, got ${show(value)}`;
    }
    case "invalid_value": {
      const allowed = issue.values.map((v) => String(v));
      // Only a difference of case is suggested: for model names (v100 vs a100) "nearest" is misleading.
      const guess =
        typeof value === "string"
          ? allowed.find((a) => a.toLowerCase() === value.toLowerCase())
          : undefined;
      return (
        `${where}: got ${show(value)}; allowed: ${allowed.map((v) => show(v)).join(", ")}` +
        (guess ? `. Did you mean ${show(guess)}?` : "")
      );
    }
    case "invalid_union":
      return `${where}: got ${show(value)}; ${issue.message}`;
    case "too_small":
      // A message the schema wrote itself says more than the generic one.
      if (!issue.message.startsWith("Too small"))
        return `${where}: ${issue.message} (got ${show(value)})`;
      if (issue.origin === "string" && issue.minimum === 1) return `${where}: must not be empty`;
      if (issue.origin === "array" && issue.minimum === 1)
        return `${where}: must not be an empty list`;
      return `${where}: must be at least ${String(issue.minimum)}${unit(issue.origin)} (got ${show(value)})`;
    case "too_big":
      if (!issue.message.startsWith("Too big"))
        return `${where}: ${issue.message} (got ${show(value)})`;
      return `${where}: must be at most ${String(issue.maximum)}${unit(issue.origin)} (got ${show(value)})`;
    default:
      return `${where}: ${issue.message} (got ${show(value)})`;
  }
}

function unit(origin: string): string {
  if (origin === "string") return " characters";
  if (origin === "array") return " items";
  return "";
}
