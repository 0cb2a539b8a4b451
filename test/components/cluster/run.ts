/** Runs the cluster layer of a stack under the mocks and returns both the inventory and the handle. */
import type { ClusterHandle } from "../../../components/cluster/handle";
import { Inventory, RunOptions, runProgram, StackConfig } from "../../harness";

export async function runCluster(
  config: StackConfig,
  options: RunOptions = {},
): Promise<{ inv: Inventory; handle: ClusterHandle }> {
  let handle: ClusterHandle | undefined;
  const inv = await runProgram(config, options, () => {
    // Loaded after the mocks are set, as the language host would load the program.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { loadConfig } =
      require("../../../stacks/config") as typeof import("../../../stacks/config");
    const { createCluster } =
      require("../../../stacks/cluster") as typeof import("../../../stacks/cluster");
    /* eslint-enable @typescript-eslint/no-require-imports */
    handle = createCluster(loadConfig());
  });
  return { inv, handle: handle! };
}

/** The URN part of a provider reference (`urn::id`). */
export function providerUrn(ref: string): string {
  return ref.split("::").slice(0, -1).join("::");
}
