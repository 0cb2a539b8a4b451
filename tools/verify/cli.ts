// `npm run verify -- <stack> [--bundles <dir>] [--charts <dir>] [--release <r>]`: the whole-platform
// verification of a stack, offline, before any `pulumi preview`. Runs the program under mocks for
// Pulumi.<stack>.yaml, renders every Helm release with its real chart, checks the cross-object rules and the
// user journeys, and prints each violation with the object, the rule and the fix. Exit 0: none; 1: some; 2:
// the verification could not run (bad arguments, missing bundle or chart).
import { runCommand } from "./cli-main";
import { formatReport } from "./report";
import { verifySet } from "./verify";

runCommand("verify", process.argv.slice(2), (set, stack) => {
  const result = verifySet(set);
  console.log(formatReport(stack, result.violations, result.checks.length, set.unrendered));
  return result.violations.length === 0 ? 0 : 1;
});
