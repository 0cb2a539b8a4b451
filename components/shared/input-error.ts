/**
 * Bad input to a component, for callers of the library (the stack config refuses the same input first, as a
 * ConfigError). The engine prints an InputPropertiesError with each property path, without a stack trace.
 */
import * as pulumi from "@pulumi/pulumi";

/** One problem of a component's args: the property path (`accelerators[0]`) and what to do. */
export interface InputProblem {
  path: ReadonlyArray<string | number>;
  message: string;
}

/** A property path as the args spell it: `contributors[1].user`. */
export function propertyPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out;
}

/** One InputPropertiesError listing every problem of a component's args. */
export function inputError(
  what: string,
  problems: readonly InputProblem[],
): pulumi.InputPropertiesError {
  return new pulumi.InputPropertiesError({
    message:
      `${what}: ${problems.length} invalid input${problems.length === 1 ? "" : "s"}:\n` +
      problems.map((p) => `  - ${propertyPath(p.path)}: ${p.message}`).join("\n"),
    errors: problems.map((p) => ({ propertyPath: propertyPath(p.path), reason: p.message })),
  });
}
