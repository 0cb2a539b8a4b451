/** Shared by the services stack tests: run the program's layers under mocks and keep the services handle. */
import { ServicesHandle } from "../../components/services/handle";
import {
  Inventory,
  RecordedResource,
  runProgram,
  SECRET_SIG,
  SPECIAL_SIG_KEY,
  StackConfig,
} from "../harness";
import { mockOutputs } from "../harness/outputs";

export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const CR = (kind: string) => (r: RecordedResource) => r.inputs.kind === kind;

/**
 * Run the program's cluster and services layers (as composePlatform does, without the Kubeflow layer, which
 * has its own tests and needs a release bundle), and keep the services handle.
 */
export async function run(config: StackConfig, secrets: Record<string, string> = {}) {
  let handle: ServicesHandle | undefined;
  const inv = await runProgram(config, { secrets }, () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { loadConfig } = require("../../stacks/config") as typeof import("../../stacks/config");
    const { createCluster } =
      require("../../stacks/cluster") as typeof import("../../stacks/cluster");
    const { createServices } =
      require("../../stacks/services") as typeof import("../../stacks/services");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const config = loadConfig();
    handle = createServices(config, createCluster(config));
  });
  return { inv, handle: handle! };
}

export const urnOf = (inv: Inventory, type: string, name: string) => inv.get(type, name).urn;
/** The value inside Pulumi's secret marker. */
export const unwrap = (v: unknown) => (isSecret(v) ? (v as { value: unknown }).value : v);
export const isSecret = (v: unknown) =>
  v !== null &&
  typeof v === "object" &&
  (v as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG;

/** Every value the mocks generated for random resources (what a real run would generate secretly). */
export function generated(inv: Inventory): string[] {
  return inv.resources
    .filter((r) => r.type.startsWith("random:"))
    .flatMap((r) => Object.values(mockOutputs(r.type, r.name, r.inputs)).map(String));
}
