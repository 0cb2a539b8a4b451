import * as fc from "fast-check";
import { ConfigError, loadConfig } from "../../../stacks/config";
import { isFlatPathKey, isNearMissNamespace } from "../../../stacks/config/keys";
import { foreignKey, keysAt, secretFieldFor } from "../../../stacks/config/platform-keys";
import { TOP_LEVEL_KEYS } from "../../../stacks/config/root";
import { PROJECT } from "../../harness";
import { cases } from "../config-corpus/refusals";

describe("isNearMissNamespace", () => {
  it.each([
    "kubeflow-plattform",
    "kubeflowplatform",
    "kubeflow_platform",
    "Kubeflow-Platform",
    "kubeflow-platfrom",
    "kubeflow-platforms",
    "kubefow-platform",
  ])("takes %s for a misspelling of kubeflow-platform", (ns) => {
    expect(isNearMissNamespace(ns, "kubeflow-platform")).toBe(true);
  });

  it.each([
    "kubeflow-platform",
    "gcp",
    "aws",
    "kubernetes",
    "pulumi",
    "random",
    "kubeflow",
    "platform",
  ])("leaves %s alone", (ns) => {
    expect(isNearMissNamespace(ns, "kubeflow-platform")).toBe(false);
  });

  it("never takes a provider's namespace for the project's", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/), (ns) => {
        expect(isNearMissNamespace(ns, "kubeflow-platform")).toBe(false);
      }),
    );
  });
});

describe("isFlatPathKey", () => {
  it.each([
    ["services.istio.hostname", true],
    ["cluster.name", true],
    ["profiles[0].name", true],
    ["cluster", false],
    ["ciKubeconfig", false],
    ["telemetry.endpoint", false],
    ["cluster.", false],
  ])("%s: %s", (key, expected) => {
    expect(isFlatPathKey(key, TOP_LEVEL_KEYS)).toBe(expected);
  });
});

describe("keys of other platforms", () => {
  it("lists the keys of a platform's map at a path", () => {
    expect(keysAt("aws", ["cluster", "network"])).toContain("vpcId");
    expect(keysAt("gcp", ["cluster", "accelerators", 0])).toContain("machineType");
    expect(keysAt("existing", ["cluster", "name"])).toBeUndefined();
  });

  it.each([
    ["aws", ["cluster"], "project", { owners: ["gcp"] }],
    [
      "aws",
      ["cluster"],
      "masterAuthorizedNetworks",
      { owners: ["gcp"], equivalent: "publicAccessCidrs" },
    ],
    [
      "gcp",
      ["cluster", "systemPool"],
      "instanceTypes",
      { owners: ["aws"], equivalent: "machineType" },
    ],
    ["existing", ["cluster"], "region", { owners: ["gcp", "aws"] }],
    ["aws", ["cluster", "accelerators", 2], "type", { owners: ["gcp", "existing"] }],
    ["aws", ["cluster"], "clustr", undefined],
    ["aws", ["services"], "project", undefined],
  ] as const)("on %s, %j.%s", (platform, path, key, expected) => {
    expect(foreignKey(platform, path, key)).toEqual(expected);
  });

  it("names the ...Secret field that takes a key's secret", () => {
    expect(secretFieldFor("existing", ["cluster", "kubeconfigPath"])).toBe("kubeconfigSecret");
    expect(secretFieldFor("existing", ["cluster", "context"], "kubeconfigSecret")).toBe(
      "kubeconfigSecret",
    );
    expect(secretFieldFor("gcp", ["cluster", "kubeconfigPath"])).toBeUndefined();
    expect(secretFieldFor("aws", ["services", "istio", "hostname"])).toBeUndefined();
  });
});

describe("the refusals corpus", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s: never shows a refused value", (_name, c) => {
    const values: Record<string, string> = { ...(c.extra ?? {}) };
    for (const [k, v] of Object.entries(c.config))
      values[`${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    for (const [k, v] of Object.entries(c.secrets ?? {})) values[`${PROJECT}:${k}`] = v;
    const secret = new Set(Object.keys(c.secrets ?? {}).map((k) => `${PROJECT}:${k}`));
    let error: unknown;
    try {
      loadConfig({ namespace: PROJECT, values, isSecret: (k) => secret.has(k) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const fragment of [
      "corpus-kubeconfig-token",
      "corpus-password",
      "corpus-token-1",
      "eyJhbGci",
      "MIIEcorpus",
      "AKIAIOSFODNN7CORPUS1",
      "CORPUSKEY1",
      "c0rpus",
    ])
      expect(message).not.toContain(fragment);
  });
});
