import { podSecurity } from "../../../../tools/verify/rules/pod-security";
import { podTemplates } from "../../../../tools/verify/objects";
import { bundleFileSet, deployment, namespace, setOf } from "./fixtures";

const restrictedSpec = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
  containers: [
    {
      name: "dex",
      image: "ghcr.io/dexidp/dex:v2.44.0",
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    },
  ],
};

describe("pod-security", () => {
  it("reports a pod that breaks its namespace's enforced level, listing each check", () => {
    const pod = deployment(
      "auth",
      "dex",
      { app: "dex" },
      {
        containers: [
          {
            name: "dex",
            image: "ghcr.io/dexidp/dex:v2.44.0",
            securityContext: { privileged: true },
          },
        ],
      },
    );
    const set = setOf(namespace("auth", { "pod-security.kubernetes.io/enforce": "baseline" }), pod);
    expect(podSecurity.check(set)).toEqual([
      {
        rule: "pod-security",
        object: "Deployment auth/dex",
        message:
          "namespace auth enforces baseline (pod-security.kubernetes.io/enforce), and the pod breaks it: " +
          "privileged: container dex must not set securityContext.privileged=true",
        fix: expect.stringContaining("set the pod's securityContext as listed") as string,
      },
    ]);
  });

  it("accepts a pod meeting restricted, and any pod in a namespace without the label", () => {
    const privileged = deployment(
      "kube-tools",
      "node-agent",
      { app: "node-agent" },
      {
        hostNetwork: true,
        containers: [{ name: "agent", image: "example.com/agent:1" }],
      },
    );
    const set = setOf(
      namespace("auth", { "pod-security.kubernetes.io/enforce": "restricted" }),
      namespace("kube-tools"),
      deployment("auth", "dex", { app: "dex" }, restrictedSpec),
      privileged,
    );
    expect(podSecurity.check(set)).toEqual([]);
  });

  it("holds restricted for Dex in the real auth namespace", () => {
    const set = bundleFileSet("26.03", "common__dex__overlays__oauth2-proxy.yaml");
    expect(podTemplates(set).filter((p) => p.namespace === "auth")).toHaveLength(1);
    expect(podSecurity.check(set)).toEqual([]);
  });

  it("holds restricted for the three cert-manager Deployments of the real bundle", () => {
    const set = bundleFileSet("26.03", "common__cert-manager__overlays__kubeflow.yaml");
    expect(podTemplates(set).filter((p) => p.namespace === "cert-manager")).toHaveLength(3);
    expect(podSecurity.check(set)).toEqual([]);
  });
});
