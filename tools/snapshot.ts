// `npm run snapshot -- <stack> [--label <label>] [--apply] [--bundles <dir>] [--charts <dir>]`: before an
// upgrade, a VolumeSnapshot of every PersistentVolumeClaim of the stack's platform (Pipelines' database and
// object store, Katib's and Model Registry's databases, ...), through the platform's VolumeSnapshotClass, and
// the commands that snapshot every claim of every profile namespace. Prints the manifests and the commands;
// with `--apply`, runs them with the current kubectl context. Exit 0: done; 1: the stack has no
// VolumeSnapshotClass, or kubectl failed; 2: could not run (bad arguments, missing bundle or chart).
import { spawnSync } from "child_process";
import { stringify } from "yaml";
import { runCommand } from "./verify/cli-main";
import { snapshotCliArgs, snapshotReport } from "./snapshot-cli";
import { planSnapshots } from "./snapshot-plan";

const parsed = snapshotCliArgs(process.argv.slice(2), new Date());
if ("error" in parsed) {
  console.error(
    `${parsed.error}\nusage: npm run snapshot -- <stack> [--label <label>] [--apply] [--bundles <dir>] [--charts <dir>]`,
  );
  process.exit(2);
}

const OWN_OPTIONS = " [--label <label>] [--apply]";

runCommand(
  "snapshot",
  parsed.rest,
  (set, stack) => {
    const plan = planSnapshots(set, parsed.label);
    const report = snapshotReport(stack, plan, parsed.label);
    if (report.refusal !== undefined) {
      console.error(report.refusal);
      return 1;
    }
    const manifests = plan.snapshots.map((s) => stringify(s)).join("---\n");
    if (!parsed.apply) {
      console.log(report.text);
      console.log(manifests);
      return 0;
    }
    const platform = spawnSync("kubectl", ["apply", "-f", "-"], {
      input: manifests,
      stdio: ["pipe", "inherit", "inherit"],
    });
    if (platform.status !== 0) return 1;
    const profiles = spawnSync("sh", ["-c", plan.profileScript], { stdio: "inherit" });
    if (profiles.status !== 0) return 1;
    console.log(report.after);
    return 0;
  },
  OWN_OPTIONS,
);
