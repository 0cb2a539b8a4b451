import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CONFIG_KEY_PATTERN, param } from "./schema";

/**
 * A reference to a secret held in another config key of this stack. Structured config never holds a secret
 * itself: it names a key that was set with `pulumi config set --secret <key> <value>`, and `loadConfig`
 * refuses the stack if that key is missing or stored in plain text.
 */
export class SecretRef {
  constructor(public readonly key: string) {}

  /** The secret value, always as a Pulumi secret Output. */
  value(): pulumi.Output<string> {
    return new pulumi.Config().requireSecret(this.key);
  }

  toJSON(): string {
    return `<secret ${this.key}>`;
  }
}

/** A field whose value names the config key that holds a secret. Field names end in `Secret` by convention. */
export function secretRef(description: string) {
  return param(
    z
      .string()
      .regex(CONFIG_KEY_PATTERN, {
        error:
          "must name another config key (letters, digits, '-', '_') set with `pulumi config set --secret`",
      })
      .transform((key) => new SecretRef(key)),
    { class: "upgrade-safe", description, secretRef: true },
  );
}

/** Config keys named by `...Secret` fields anywhere in the raw config, so they are not taken as unknown keys. */
export function referencedSecretKeys(raw: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        if (k.endsWith("Secret") && typeof child === "string") found.add(child);
        else walk(child);
      }
    }
  };
  walk(raw);
  return found;
}

/** Every SecretRef in a parsed config, with the path it was found at. */
export function collectSecretRefs(
  parsed: unknown,
  path = "",
): Array<{ path: string; ref: SecretRef }> {
  if (parsed instanceof SecretRef) return [{ path, ref: parsed }];
  if (Array.isArray(parsed)) {
    return parsed.flatMap((v, i) => collectSecretRefs(v, `${path}[${i}]`));
  }
  if (parsed !== null && typeof parsed === "object") {
    return Object.entries(parsed).flatMap(([k, v]) =>
      collectSecretRefs(v, path ? `${path}.${k}` : k),
    );
  }
  return [];
}
