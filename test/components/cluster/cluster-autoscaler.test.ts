import {
  CLUSTER_AUTOSCALER_VERSIONS,
  clusterAutoscalerCommand,
  clusterAutoscalerImage,
  clusterAutoscalerRules,
} from "../../../components/cluster/cluster-autoscaler";

describe("cluster-autoscaler settings", () => {
  it("pins the image to the release of the cluster's minor version", () => {
    for (const [minor, tag] of Object.entries(CLUSTER_AUTOSCALER_VERSIONS)) {
      expect(tag.startsWith(`v${minor}.`)).toBe(true);
      expect(clusterAutoscalerImage(minor)).toBe(
        `registry.k8s.io/autoscaling/cluster-autoscaler:${tag}`,
      );
    }
    expect(clusterAutoscalerImage("1.36", "v1.36.0")).toBe(
      "registry.k8s.io/autoscaling/cluster-autoscaler:v1.36.0",
    );
  });

  it("refuses a minor version it has no release for, saying what to set", () => {
    expect(() => clusterAutoscalerImage("1.36")).toThrow(
      "no cluster-autoscaler release is catalogued for Kubernetes 1.36; set clusterAutoscaler.version (e.g. v1.36.0)",
    );
  });

  it("discovers only this cluster's groups and picks the cheapest fitting pool", () => {
    const cmd = clusterAutoscalerCommand("kubeflow");
    expect(cmd).toContain(
      "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/kubeflow",
    );
    expect(cmd).toContain("--expander=least-waste");
    expect(cmd).toContain("--cloud-provider=aws");
  });

  it("may update nodes and evict pods, but never write Secrets", () => {
    const rules = clusterAutoscalerRules();
    expect(rules.some((r) => (r.resources as string[]).includes("pods/eviction"))).toBe(true);
    for (const r of rules) expect(r.resources).not.toContain("secrets");
  });
});
