/**
 * Problems with a cluster component's arguments, found by the same pure functions the stack config runs
 * before any resource exists. A component given bad arguments directly (a library caller) throws them as one
 * `InputPropertiesError` with property paths, before it registers a child.
 */
import * as pulumi from "@pulumi/pulumi";

/** One problem: the argument's path (`network.vpcCidr`, `accelerators[0].zones`) and what is wrong. */
export interface ArgProblem {
  path: ReadonlyArray<string | number>;
  message: string;
}

/** `["accelerators", 0, "zones"]` → `accelerators[0].zones`. */
export function argPath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Throw every problem at once, naming the component and each property path; nothing when there is none. */
export function throwArgProblems(component: string, problems: readonly ArgProblem[]): void {
  if (problems.length === 0) return;
  throw argError(component, problems);
}

/** One InputPropertiesError listing the problems (at least one), naming the component and each path. */
export function argError(
  component: string,
  problems: readonly ArgProblem[],
): pulumi.InputPropertiesError {
  return new pulumi.InputPropertiesError({
    message:
      `${component}: ${problems.length} invalid argument${problems.length === 1 ? "" : "s"}: ` +
      problems.map((p) => `${argPath(p.path)}: ${p.message}`).join("; "),
    errors: problems.map((p) => ({ propertyPath: argPath(p.path), reason: p.message })),
  });
}

/**
 * A problem only the cloud can reveal (zone offerings), found while planning: thrown inside an `apply` whose
 * inputs are data-source results, known at preview, so `pulumi preview` fails with it. A RunError prints
 * without a stack trace. `where` is how the caller names the arguments (the stack passes its config key).
 */
export class CloudFactError extends pulumi.RunError {
  constructor(where: string, problem: ArgProblem) {
    super(`${where}.${argPath(problem.path)}: ${problem.message}`);
    this.name = "CloudFactError";
  }
}
