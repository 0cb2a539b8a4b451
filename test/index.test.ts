import { setupMocks, settle } from "./harness";
import { readStackFile } from "./harness/stackfile";

describe("index.ts, the program Pulumi runs", () => {
  it("exports a function that composes the dev stack and returns its outputs", async () => {
    const recorded = setupMocks(readStackFile("dev"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../index") as typeof import("../index");
    expect(typeof program).toBe("function");
    const outputs = await program();
    await settle();
    expect(outputs.platform).toBe("existing");
    expect(outputs.clusterName).toBe("kubeflow");
    expect(outputs.kubeconfig).toBeUndefined();
    expect(outputs.setOnce["cluster.name"]).toBe('"kubeflow"');
    expect(recorded.map((r) => r.type)).toContain("kubeflow:cluster:ExistingCluster");
  });
});
