import { ofKind } from "../../../../tools/verify/objects";
import {
  defaultDeploymentModeOf,
  kserveModeServed,
} from "../../../../tools/verify/rules/kserve-mode-served";
import { PlatformSet } from "../../../../tools/verify/types";
import { without } from "../mutate";
import { platformSet } from "../sets";

let dev: PlatformSet;
beforeAll(async () => {
  dev = await platformSet("dev");
}, 600_000);

const modeOf = (set: PlatformSet) =>
  ofKind(set, "ConfigMap", "")
    .filter((o) => o.metadata.name === "inferenceservice-config")
    .map((o) => defaultDeploymentModeOf(o));

describe("kserve-mode-served", () => {
  it("dev: Serverless by default, served by the Knative the stack installs", () => {
    expect(modeOf(dev)).toEqual(["Serverless"]);
    expect(kserveModeServed.check(dev)).toEqual([]);
  });

  it("reports Serverless when Knative Serving's CRD is missing", () => {
    const broken = without(
      dev,
      "CustomResourceDefinition",
      undefined,
      "services.serving.knative.dev",
    );
    expect(kserveModeServed.check(broken)).toEqual([
      {
        rule: "kserve-mode-served",
        object: "ConfigMap kubeflow/inferenceservice-config",
        message:
          "deploy.defaultDeploymentMode is Serverless, which needs Knative Serving, but the set lacks " +
          "CustomResourceDefinition services.serving.knative.dev",
        fix: 'enable the knative application, or set kubeflow.kserve.deploymentMode to "RawDeployment"',
      },
    ]);
  });

  it("raw KServe without Knative defaults to RawDeployment, which needs no Knative", async () => {
    const set = await platformSet("dev", undefined, {
      kubeflow: {
        version: "26.03",
        applications: {
          spark: { enabled: false },
          knative: { enabled: false },
          kserve: { mode: "raw" },
        },
      },
    });
    expect(modeOf(set)).toEqual(["RawDeployment"]);
    expect(
      ofKind(set, "CustomResourceDefinition", "apiextensions.k8s.io").some(
        (o) => o.metadata.name === "services.serving.knative.dev",
      ),
    ).toBe(false);
    expect(kserveModeServed.check(set)).toEqual([]);
  }, 600_000);
});
