import * as pulumi from "@pulumi/pulumi";
import { runProgram } from ".";

class Thing extends pulumi.ComponentResource {
  constructor(name: string) {
    super("kubeflow:test:Thing", name, {}, {});
    this.registerOutputs({});
  }
}

class Res extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super("test:index:Res", name, props, opts);
  }
}

describe("the test harness", () => {
  it("fails a run that registers two resources with the same URN", async () => {
    await expect(
      runProgram({}, {}, () => {
        new Thing("same");
        new Thing("same");
      }),
    ).rejects.toThrow(
      "duplicate URNs registered:\n  urn:pulumi:test::kubeflow-platform::kubeflow:test:Thing::same",
    );
  });

  it("records options: parent, protect and dependsOn", async () => {
    const inv = await runProgram({}, {}, () => {
      const a = new Thing("a");
      const dep = new Res("dep", {});
      new Res("b", {}, { parent: a, protect: true, dependsOn: [dep] });
    });
    const a = inv.get("kubeflow:test:Thing", "a");
    const dep = inv.get("test:index:Res", "dep");
    const b = inv.get("test:index:Res", "b");
    expect(b.parent).toBe(a.urn);
    expect(b.dependsOn).toEqual([dep.urn]);
    expect(b.protect).toBe(true);
    expect(dep.protect).toBe(false);
  });

  it("finds a value that reaches a resource outside a secret, and not one inside", async () => {
    const inv = await runProgram({}, {}, () => {
      new Res("leaky", { password: "hunter2-plain" });
      new Res("sealed", {
        password: pulumi.secret("hunter3-sealed"),
      });
    });
    expect(inv.plaintext(["hunter2-plain", "hunter3-sealed"])).toEqual([
      'urn:pulumi:test::kubeflow-platform::test:index:Res::leaky.password contains "hunter2-plain"',
    ]);
  });
});
