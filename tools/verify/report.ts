/** Pure: how `npm run verify` prints its findings. */
import { Violation } from "./types";

/** One block per violation (object, rule, what is wrong, the fix), then a count line. */
export function formatReport(
  stack: string,
  violations: readonly Violation[],
  checks: number,
): string {
  const lines = violations.map(
    (v, i) => `${i + 1}. ${v.object}\n   rule: ${v.rule}\n   ${v.message}\n   fix: ${v.fix}`,
  );
  const summary =
    violations.length === 0
      ? `stack ${stack}: ${checks} checks, no violations`
      : `stack ${stack}: ${checks} checks, ${violations.length} violation${violations.length === 1 ? "" : "s"}`;
  return [...lines, summary].join("\n");
}
