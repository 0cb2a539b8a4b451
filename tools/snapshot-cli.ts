/**
 * Arguments and messages of `npm run snapshot`. Pure, so what the command says is tested.
 */
import { defaultRunLabel, readinessCommand, runLabelProblem, SnapshotPlan } from "./snapshot-plan";

export interface SnapshotCliArgs {
  /** Label of this run: suffix of every snapshot's name. */
  label: string;
  /** Run the commands with kubectl instead of printing them. */
  apply: boolean;
  /** The arguments left for the shared offline frame (`<stack>`, `--bundles`, `--charts`, `--release`). */
  rest: string[];
}

/** Pure: take `--apply` and `--label <label>` out of the arguments (default label from `now`). */
export function snapshotCliArgs(
  argv: readonly string[],
  now: Date,
): SnapshotCliArgs | { error: string } {
  let label: string | undefined;
  let apply = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--apply") apply = true;
    else if (a === "--label") {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) return { error: "--label needs a value" };
      label = v;
      i++;
    } else rest.push(a);
  }
  const run = label ?? defaultRunLabel(now);
  const problem = runLabelProblem(run);
  return problem !== undefined ? { error: problem } : { label: run, apply, rest };
}

export interface SnapshotReport {
  /** Why the procedure cannot run on this stack, with the fix. */
  refusal?: string;
  /** What the printed manifests are, and the commands to run. */
  text: string;
  /** What to check once applied. */
  after: string;
}

/** Pure: what `npm run snapshot` prints for a plan. */
export function snapshotReport(stack: string, plan: SnapshotPlan, label: string): SnapshotReport {
  const after = `Before \`pulumi up\`, wait until every snapshot is ready (READY true):\n  ${readinessCommand(label)}`;
  if (plan.className === undefined) {
    return {
      refusal:
        `stack ${stack} has no VolumeSnapshotClass: its cluster offers no volume snapshots the program ` +
        "knows. On an existing cluster, set cluster.snapshots.driver to the provisioner of its " +
        "StorageClass (`kubectl get storageclass`), install the snapshot CRDs and controller if the " +
        "cluster lacks them, and `pulumi up`; or back the volumes up with your storage's own tools.",
      text: "",
      after,
    };
  }
  const text = [
    `# Snapshots of stack ${stack} (label ${label}), class ${plan.className}: ` +
      `${plan.snapshots.length} platform volumes.`,
    `# Apply them (or run \`npm run snapshot -- ${stack} --label ${label} --apply\`):`,
    `#   kubectl apply -f <this file>`,
    `# Then snapshot every volume of every profile namespace (users' notebooks and data):`,
    ...plan.profileScript.split("\n").map((l) => `#   ${l}`),
    `# ${after.replace(/\n/g, "\n# ")}`,
  ].join("\n");
  return { text, after };
}
