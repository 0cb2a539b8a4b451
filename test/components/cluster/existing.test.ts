import * as pulumi from "@pulumi/pulumi";
import {
  ExistingCluster,
  existingProviderArgs,
  planExistingAccelerators,
} from "../../../components/cluster/existing";
import { NVIDIA_GPU_TAINT_KEY } from "../../../components/shared/constants";
import { runProgram } from "../../harness";

describe("planExistingAccelerators", () => {
  it("taints pools with the GPU taint unless told they are untainted", () => {
    const pools = planExistingAccelerators([
      { name: "l4", type: "nvidia-l4", nodeSelector: { pool: "l4" } },
      { name: "shared", tainted: false },
    ]);
    expect(pools).toEqual([
      {
        name: "l4",
        vendor: "nvidia",
        type: "nvidia-l4",
        resourceName: "nvidia.com/gpu",
        nodeSelector: { pool: "l4" },
        taints: [{ key: NVIDIA_GPU_TAINT_KEY, effect: "NoSchedule" }],
      },
      {
        name: "shared",
        vendor: "nvidia",
        resourceName: "nvidia.com/gpu",
        nodeSelector: {},
        taints: [],
      },
    ]);
  });
});

describe("existingProviderArgs", () => {
  it("uses the ambient kube context when given nothing, always with server-side apply", () => {
    expect(existingProviderArgs({})).toEqual({ enableServerSideApply: true });
  });

  it("passes a kubeconfig path and context through to the provider", () => {
    expect(existingProviderArgs({ kubeconfigPath: "/k/config", context: "kind-kf" })).toEqual({
      kubeconfig: "/k/config",
      context: "kind-kf",
      enableServerSideApply: true,
    });
  });

  it("refuses a kubeconfig and a kubeconfig path together, naming the property", () => {
    let error: unknown;
    try {
      existingProviderArgs({ kubeconfigPath: "/k", kubeconfig: pulumi.output("x") });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      {
        propertyPath: "kubeconfigPath",
        reason: "kubeconfig and kubeconfigPath are exclusive; pass one",
      },
    ]);
  });
});

describe("ExistingCluster", () => {
  it("hands the provider a kubeconfig from config only as a secret", async () => {
    const inv = await runProgram(
      { platform: "existing", cluster: { kubeconfigSecret: "ciKubeconfig", context: "ci" } },
      { secrets: { ciKubeconfig: "apiVersion: v1\nkind: Config\n# secret-kubeconfig-marker" } },
    );
    const provider = inv.get("pulumi:providers:kubernetes", "kubeflow-k8s");
    expect(provider.inputs.context).toBe("ci");
    expect(inv.plaintext(["secret-kubeconfig-marker"])).toEqual([]);
    expect(JSON.stringify(provider.inputs)).toContain("secret-kubeconfig-marker");
  });

  it("gives the same facts on its handle that the config states", async () => {
    let cluster: ExistingCluster | undefined;
    await runProgram({}, {}, () => {
      cluster = new ExistingCluster("lab", {
        storageClass: "fast",
        loadBalancer: true,
        kubernetesVersion: "1.34",
        accelerators: [{ name: "l4" }],
      });
    });
    const h = cluster!.handle;
    expect(h.platform).toBe("existing");
    expect(h.storageClass).toBe("fast");
    expect(h.loadBalancer).toBe(true);
    expect(h.kubernetesVersion).toBe("1.34");
    expect(h.gpuDriver).toBe("driver-on-node");
    expect(h.cniBinDir).toBe("/opt/cni/bin");
    expect(h.accelerators.map((a) => a.name)).toEqual(["l4"]);
  });
});
