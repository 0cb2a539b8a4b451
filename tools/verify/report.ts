/** Pure: how `npm run verify` prints its findings. */
import { PlatformSet, Violation } from "./types";

/** One block per violation (object, rule, what is wrong, the fix), then a count line. */
export function formatReport(
  stack: string,
  violations: readonly Violation[],
  checks: number,
  unrendered: NonNullable<PlatformSet["unrendered"]> = [],
): string {
  const lines = violations.map(
    (v, i) => `${i + 1}. ${v.object}\n   rule: ${v.rule}\n   ${v.message}\n   fix: ${v.fix}`,
  );
  const summary =
    violations.length === 0
      ? `stack ${stack}: ${checks} checks, no violations`
      : `stack ${stack}: ${checks} checks, ${violations.length} violation${violations.length === 1 ? "" : "s"}`;
  // Never a silent skip: a release whose chart is outside the offline set is named, with why.
  const skipped = unrendered.map(
    (u) => `not rendered: release ${u.release} (${u.chart}): ${u.reason}; no rule sees its objects`,
  );
  return [...lines, ...skipped, summary].join("\n");
}
