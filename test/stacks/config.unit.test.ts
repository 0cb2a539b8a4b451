import * as pulumi from "@pulumi/pulumi";
import * as fc from "fast-check";
import { editDistance, nearest } from "../../stacks/config/nearest";
import { loadConfig, SecretRef } from "../../stacks/config";
import { setupMocks, valueOf } from "../harness";
import { unknownKeyMessage } from "../../stacks/config/schema";

describe("nearest key suggestions", () => {
  it.each([
    ["storageClas", ["storageClass", "context"], "storageClass"],
    ["platfrom", ["platform", "profiles"], "platform"],
    ["Services", ["services", "kubeflow"], "services"],
    ["telemetryEndpoint", ["platform", "cluster"], undefined],
  ])("suggests for %s", (word, candidates, expected) => {
    expect(nearest(word, candidates)).toBe(expected);
  });

  it("edit distance is a metric: zero only for equal words, symmetric", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, a)).toBe(0);
        if (a.toLowerCase() !== b.toLowerCase()) expect(editDistance(a, b)).toBeGreaterThan(0);
      }),
    );
  });

  it("tells how to store a secret when a plain-text secret field is used", () => {
    expect(unknownKeyMessage("password", ["email", "passwordSecret"])).toBe(
      '"password" would hold a secret in plain text, which is refused. Store it with ' +
        '`pulumi config set --secret <configKey> <value>` and reference it as "passwordSecret: <configKey>"',
    );
  });
});

describe("loadConfig", () => {
  it("gives the dev defaults when only the platform is set", () => {
    setupMocks({ platform: "existing" });
    const cfg = loadConfig();
    expect(cfg.platform).toBe("existing");
    if (cfg.platform !== "existing") throw new Error("unreachable");
    expect(cfg.cluster).toEqual({
      name: "kubeflow",
      loadBalancer: false,
      accelerators: [],
      snapshots: {},
    });
  });

  it("defaults the platform to existing, as Pulumi.yaml declares", () => {
    setupMocks({});
    expect(loadConfig().platform).toBe("existing");
  });

  it("resolves a secret reference to a Pulumi secret holding the value", async () => {
    setupMocks(
      { platform: "existing", cluster: { kubeconfigSecret: "ciKubeconfig" } },
      { secrets: { ciKubeconfig: "kubeconfig-text" } },
    );
    const cfg = loadConfig();
    if (cfg.platform !== "existing") throw new Error("unreachable");
    const ref = cfg.cluster.kubeconfigSecret;
    expect(ref).toBeInstanceOf(SecretRef);
    expect(ref?.key).toBe("ciKubeconfig");
    const out = ref!.value();
    expect(await pulumi.isSecret(out)).toBe(true);
    expect(await valueOf(out)).toBe("kubeconfig-text");
  });

  it("never serializes a secret reference's value", () => {
    expect(JSON.stringify({ k: new SecretRef("ciKubeconfig") })).toBe(
      '{"k":"<secret ciKubeconfig>"}',
    );
  });

  it("ignores config of other namespaces (providers' own keys)", () => {
    setupMocks(
      { platform: "existing" },
      { extra: { "kubernetes:context": "kind", "gcp:project": "p" } },
    );
    expect(loadConfig().platform).toBe("existing");
  });
});
