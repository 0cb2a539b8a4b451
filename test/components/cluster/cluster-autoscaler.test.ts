import * as pulumi from "@pulumi/pulumi";
import {
  CLUSTER_AUTOSCALER_VERSIONS,
  clusterAutoscalerCommand,
  clusterAutoscalerImage,
  clusterAutoscalerRules,
  clusterAutoscalerVersionProblem,
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
      "ClusterAutoscaler: 1 invalid argument: version: no cluster-autoscaler release is catalogued for " +
        "Kubernetes 1.36 (known: 1.32, 1.33, 1.34, 1.35); set the tag matching 1.36, e.g. v1.36.0",
    );
  });

  it("refuses a tag of another minor than the cluster's, as an input property error", () => {
    let error: unknown;
    try {
      clusterAutoscalerImage("1.34", "v1.33.5");
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      {
        propertyPath: "version",
        reason:
          "v1.33.5 is the cluster-autoscaler for Kubernetes 1.33, but the cluster runs 1.34; its minor " +
          "must match the cluster's: remove the tag to get v1.34.4, or set a v1.34.x tag",
      },
    ]);
  });

  it.each([
    ["1.34", undefined],
    ["1.34", "v1.34.0"],
    ["1.36", "v1.36.2"],
  ])("accepts Kubernetes %s with tag %s", (minor, tag) => {
    expect(clusterAutoscalerVersionProblem(minor, tag)).toBeUndefined();
  });

  it("suggests a tag of the cluster's minor when none is catalogued", () => {
    expect(clusterAutoscalerVersionProblem("1.37", "v1.36.0")).toBe(
      "v1.36.0 is the cluster-autoscaler for Kubernetes 1.36, but the cluster runs 1.37; its minor must " +
        "match the cluster's: set a v1.37.x tag, e.g. v1.37.0",
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
