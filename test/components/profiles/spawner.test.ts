import * as fs from "fs";
import * as path from "path";
import { parse, parseAllDocuments } from "yaml";
import { AcceleratorPool } from "../../../components/cluster/handle";
import { K8sObject, TransformContext } from "../../../components/kubeflow/types";
import { spawnerConfigTransform } from "../../../components/profiles/spawner";
import { bundleDir, TEST_RELEASES } from "../../harness/upstream";

const l4: AcceleratorPool = {
  name: "l4",
  vendor: "nvidia",
  type: "nvidia-l4",
  resourceName: "nvidia.com/gpu",
  nodeSelector: { pool: "l4" },
  taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }],
};

function jwaObjects(release: string): K8sObject[] {
  const file = path.join(
    bundleDir(release),
    "applications__jupyter__jupyter-web-app__upstream__overlays__istio.yaml",
  );
  return parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS() as K8sObject);
}

const ctx = {} as TransformContext;
type Defaults = {
  gpus: { readOnly: boolean; value: { vendors: unknown[]; num: string } };
  affinityConfig: { options: Array<{ configKey: string }> };
  tolerationGroup: { options: Array<{ groupKey: string }> };
  image: { value: string };
};
const defaultsOf = (o: K8sObject) =>
  (
    parse((o.data as Record<string, string>)["spawner_ui_config.yaml"]!) as {
      spawnerFormDefaults: Defaults;
    }
  ).spawnerFormDefaults;

describe.each(TEST_RELEASES)("the notebook spawner config of %s", (release) => {
  const objects = jwaObjects(release);
  const target = objects.filter(
    (o) => o.kind === "ConfigMap" && "spawner_ui_config.yaml" in ((o.data as object) ?? {}),
  );

  it("has exactly one spawner ConfigMap to transform", () => {
    expect(target).toHaveLength(1);
  });

  it("offers only the cluster's GPU vendor and a pool option for affinity and tolerations", () => {
    const out = defaultsOf(spawnerConfigTransform([l4])(target[0]!, ctx)!);
    expect(out.gpus.value.vendors).toEqual([{ limitsKey: "nvidia.com/gpu", uiName: "NVIDIA" }]);
    expect(out.affinityConfig.options.map((o) => o.configKey)).toEqual(["accelerator-l4"]);
    expect(out.tolerationGroup.options.map((o) => o.groupKey)).toEqual(["accelerator-l4"]);
    // Everything else is upstream's.
    expect(out.image.value).toBe(defaultsOf(target[0]!).image.value);
  });

  it("locks the GPU field at none on a cluster without accelerators", () => {
    const out = defaultsOf(spawnerConfigTransform([])(target[0]!, ctx)!);
    expect(out.gpus.readOnly).toBe(true);
    expect(out.gpus.value).toMatchObject({ vendors: [], num: "none" });
  });

  it("leaves every other object of the application unchanged", () => {
    const t = spawnerConfigTransform([l4]);
    for (const o of objects.filter((x) => !target.includes(x))) expect(t(o, ctx)).toBe(o);
  });
});
