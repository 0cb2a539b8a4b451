import { runProgram, settle, setupMocks } from "../harness";
import { readStackFile } from "../harness/stackfile";

// The product reads bundles from manifests/kubeflow/<release>; the tests point it at the shared renders.
const dev = () => readStackFile("dev");

describe("the dev stack (existing cluster, current kube context)", () => {
  it("registers the Kubernetes provider with server-side apply, parented by the ExistingCluster", async () => {
    const inv = await runProgram(dev());
    const cluster = inv.get("kubeflow:cluster:ExistingCluster", "kubeflow");
    const provider = inv.get("pulumi:providers:kubernetes", "kubeflow-k8s");
    expect(provider.parent).toBe(cluster.urn);
    expect(provider.inputs.enableServerSideApply).toBe("true");
    expect(provider.inputs.kubeconfig).toBeUndefined();
  });
});

describe("a stack whose release bundle cannot be used", () => {
  it("is refused before the first resource, naming kubeflow.bundleDir and what to run", async () => {
    const recorded = setupMocks({
      ...dev(),
      kubeflow: { version: "26.03", bundleDir: "manifests/kubeflow/26.3" },
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runStack = require("../../index") as typeof import("../../index");
    const run = runStack();
    await expect(run).rejects.toThrow(
      /^Invalid stack config: 1 problem\.\n {2}- kubeflow-platform:kubeflow\.bundleDir \(manifests\/kubeflow\/26\.3 -> .*\/manifests\/kubeflow\/26\.3\): No Kubeflow 26\.03 bundle at .* Run `npm run sync -- 26\.03` to render it, or set kubeflow\.bundleDir/,
    );
    await settle();
    // Before the check ran first, the cluster layer and every Helm release were registered by then.
    expect(recorded.map((r) => r.type)).toEqual([]);
  });

  it("is refused before the first resource when a file of the bundle was edited", async () => {
    const fs = await import("fs");
    const os = await import("os");
    const path = await import("path");
    const { bundleDir } = await import("../harness/upstream");
    const { ConfigError } = await import("../../stacks/config");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-bundle-"));
    fs.cpSync(bundleDir("26.03"), dir, { recursive: true });
    const file = path.join(dir, "common__kubeflow-namespace__base.yaml");
    fs.appendFileSync(file, "\n# edited\n");
    const recorded = setupMocks({ ...dev(), kubeflow: { version: "26.03", bundleDir: dir } });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runStack = require("../../index") as typeof import("../../index");
    let error: Error | undefined;
    try {
      await runStack();
    } catch (e) {
      error = e as Error;
    }
    await settle();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain(
      "common__kubeflow-namespace__base.yaml (render of common/kubeflow-namespace/base) has sha256",
    );
    expect(error?.message).toContain(`- kubeflow-platform:kubeflow.bundleDir (${dir} -> ${dir}): `);
    expect(recorded).toEqual([]);
  });
});
