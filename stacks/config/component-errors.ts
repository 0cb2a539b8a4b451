/**
 * The stack layer's side of the error convention: a component refuses bad args with an InputPropertiesError
 * naming its own property paths (`exposure`, `certManager.acmeIssuer`); a stack translates it into a
 * ConfigError naming the config keys those properties came from (`services.istio.exposure`,
 * `services.certManager.acme`), so the user is told which key to fix.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./index";

/**
 * Where a component property came from: the config key (relative to the project namespace, e.g.
 * `services.istio.exposure`), or undefined when no key sets it (the stack wired it itself: a bug then, and
 * the problem is reported under the component's own path).
 */
export type ConfigKeyOf = (propertyPath: string) => string | undefined;

/**
 * Pure: the ConfigError standing for a component's InputPropertiesError, each problem under the config key
 * its property came from (`<namespace>:<key>: <reason>`); any other error is returned as it is.
 */
export function componentConfigError(err: unknown, keyOf: ConfigKeyOf, namespace: string): unknown {
  if (!pulumi.InputPropertiesError.isInstance(err)) return err;
  const problems = err.errors.map((e) => {
    const key = keyOf(e.propertyPath);
    return key !== undefined
      ? `${namespace}:${key}: ${e.reason}`
      : `${e.propertyPath} (set by the program, not by a config key): ${e.reason}`;
  });
  return new ConfigError(problems, namespace);
}

/**
 * Run `build` (a component's constructor or its pure check); an InputPropertiesError it throws is thrown
 * again as the ConfigError naming the config keys (see componentConfigError).
 */
export function withConfigKeys<T>(build: () => T, keyOf: ConfigKeyOf, namespace: string): T {
  try {
    return build();
  } catch (err) {
    throw componentConfigError(err, keyOf, namespace);
  }
}

/**
 * A ConfigKeyOf from a table of property paths to config keys: a path maps by its longest listed prefix
 * (`certManager.acmeIssuer` before `certManager`), the rest of it appended (`mtlsExceptions[1]` →
 * `services.istio.mtls.exceptions[1]`).
 */
export function configKeys(table: Readonly<Record<string, string>>): ConfigKeyOf {
  const prefixes = Object.keys(table).sort((a, b) => b.length - a.length);
  return (propertyPath) => {
    for (const p of prefixes) {
      if (propertyPath === p) return table[p];
      if (propertyPath.startsWith(`${p}.`) || propertyPath.startsWith(`${p}[`)) {
        return `${table[p]!}${propertyPath.slice(p.length)}`;
      }
    }
    return undefined;
  };
}
