/**
 * Building blocks for the stack-config schema. Every parameter carries its class and a description, so that
 * the README table (`npm run config-docs`) and the set-once checks are derived from the schema itself.
 */
import { z } from "zod";
import { nearest } from "./nearest";
import { quantityOf } from "./quantity";

/** How a parameter may change over a stack's life. */
export type ParamClass =
  /** May change at any time: `pulumi up` applies it in place without losing data. */
  | "upgrade-safe"
  /** Fixed once the stack is deployed (names, storage, cluster identity): changing it would replace stateful
   *  resources, which are protected, so the preview fails. */
  | "set-once";

export interface ParamMeta {
  /** "unsupported" only for keys of parts not built yet, which the schema refuses. */
  class: ParamClass | "unsupported";
  description: string;
  /** Shown in the docs table instead of the zod default, e.g. "current kube context". */
  defaultText?: string;
  /** A secret reference: the value names another config key set with `pulumi config set --secret`. */
  secretRef?: boolean;
}

/** Registry of parameter metadata, walked by the docs generator and the classification test. */
export const params = z.registry<ParamMeta>();

/** Attach a class and description to a schema (a leaf parameter or a whole optional section). */
export function param<T extends z.ZodType>(schema: T, meta: ParamMeta): T {
  // Register on a copy: shared building blocks (dnsLabel, quantity) must not carry one parameter's metadata.
  const copy = schema.clone() as T;
  params.add(copy, meta);
  return copy;
}

export const upgradeSafe = <T extends z.ZodType>(
  schema: T,
  description: string,
  defaultText?: string,
) => param(schema, { class: "upgrade-safe", description, ...(defaultText ? { defaultText } : {}) });

export const setOnce = <T extends z.ZodType>(
  schema: T,
  description: string,
  defaultText?: string,
) => param(schema, { class: "set-once", description, ...(defaultText ? { defaultText } : {}) });

/**
 * An object that rejects unknown keys, naming the nearest valid key — a misspelt key must never be ignored.
 * Keys that would hold a secret in plain text get a message that says how to store it.
 */
export function strict<S extends z.ZodRawShape>(shape: S) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code !== "unrecognized_keys") return undefined;
      return iss.keys.map((k) => unknownKeyMessage(k, allowed)).join("; ");
    },
  });
}

export function unknownKeyMessage(key: string, allowed: string[]): string {
  const secretField = `${key}Secret`;
  if (allowed.includes(secretField)) {
    return (
      `"${key}" would hold a secret in plain text, which is refused. Store it with ` +
      `\`pulumi config set --secret <configKey> <value>\` and reference it as "${secretField}: <configKey>"`
    );
  }
  const guess = nearest(key, allowed);
  return (
    `unknown key "${key}"` +
    (guess ? `. Did you mean "${guess}"?` : ".") +
    ` Allowed keys: ${allowed.join(", ")}`
  );
}

/** Config keys in this project's namespace must look like identifiers. */
export const CONFIG_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** A Kubernetes object name (RFC 1123 label). */
export const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    error: "must be a lowercase RFC 1123 label (a-z, 0-9, '-', starting and ending alphanumeric)",
  })
  .max(63);

/** A Kubernetes quantity such as `4`, `500m`, `16Gi`, not negative (stacks/config/quantity.ts has the kinds). */
export const quantity = quantityOf({ kind: "cpu", allowZero: true });

/**
 * A section of the config that names a part of the product that is not built yet. Any value is refused
 * with a message saying so, so that a key is never silently ignored.
 */
export function notSupportedYet(what: string) {
  return param(
    z
      .unknown()
      .optional()
      .superRefine((v, ctx) => {
        if (v === undefined) return;
        ctx.addIssue({ code: "custom", message: `${what} is not supported yet; remove this key` });
      }),
    { class: "unsupported", description: `${what}: not supported yet; any value is refused.` },
  );
}

/**
 * `T` itself, if it is assignable to `U`; otherwise a compile error where it is used: a config section's
 * parsed type checked against the options of the component it configures.
 */
export type Fits<T extends U, U> = T;
