/**
 * The `status` output of a stack without the Pulumi CLI: run the program for `Pulumi.<stack>.yaml` under the
 * mocks (secrets stood in for, as `npm run verify` does) and resolve the output's values.
 */
import * as pulumi from "@pulumi/pulumi";
import { PlatformStatus } from "../stacks/status";
import { readStackConfig, runOffline, standInSecrets } from "./offline/stack";
import { StackConfig } from "./offline/run";
import { stackConfigFor } from "./verify/stack-set";

/** The plain value of an Output (or of a value holding Outputs), once the mocks have resolved it. */
export function resolved<T>(value: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
  return new Promise((resolve) => {
    pulumi.output(value).apply((v) => {
      resolve(v);
      return v;
    });
  });
}

export interface OfflineStatusOptions {
  /** Bundle directory instead of the stack's `kubeflow.bundleDir`. @default - the stack's */
  bundleDir?: string;
  /** Config keys that replace the stack file's. @default {} */
  override?: StackConfig;
}

/** Run a stack's program offline and return its `status` output with every value resolved. */
export async function offlineStatus(
  stack: string,
  options: OfflineStatusOptions = {},
): Promise<PlatformStatus> {
  const file = readStackConfig(stack);
  // No chart is rendered here: only the program runs.
  const config = stackConfigFor(file.config, { chartsDir: "", ...options });
  const run = await runOffline(stack, config, standInSecrets(file));
  const outputs = run.outputs as { status?: PlatformStatus };
  if (outputs.status === undefined) throw new Error(`the program returned no status for ${stack}`);
  return (await resolved(outputs.status)) as PlatformStatus;
}
