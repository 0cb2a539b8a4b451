import { runProgram } from "../harness";
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
