import { parse } from "yaml";
import { notebooks } from "../../../../components/kubeflow/transforms/notebooks";
import { K8sObject } from "../../../../components/kubeflow/types";
import { TEST_RELEASES } from "../../../harness/upstream";
import { bundleObjects, contextFor, deepFreeze } from "./bundles";
import { params } from "./params";

const images = [
  "registry.example.com/notebooks/jupyter-scipy:v1.10.0",
  "registry.example.com/notebooks/jupyter-pytorch-cuda-full:v1.10.0",
];

function transformed(release: string, raw: Record<string, unknown>, prefix: string) {
  const t = notebooks(params({ notebooks: raw }).notebooks);
  const b = bundleObjects(release).find(
    (o) => o.obj.kind === "ConfigMap" && o.obj.metadata.name.startsWith(prefix),
  )!;
  return { before: b.obj, after: t(deepFreeze(b.obj), contextFor(release, b))! };
}

const spawner = (o: K8sObject) =>
  parse((o.data as Record<string, string>)["spawner_ui_config.yaml"]!) as {
    spawnerFormDefaults: {
      image: { value: string; options: string[] };
      gpus: { value: { vendors: Array<{ limitsKey: string; uiName: string }> } };
    };
  };

describe.each(TEST_RELEASES)("notebooks on release %s", (release) => {
  it("offers the configured images, with the default selected, and keeps upstream's comments", () => {
    const { after } = transformed(
      release,
      { images, defaultImage: images[1] },
      "jupyter-web-app-config",
    );
    const s = spawner(after).spawnerFormDefaults;
    expect(s.image.options).toEqual(images);
    expect(s.image.value).toBe(images[1]);
    expect((after.data as Record<string, string>)["spawner_ui_config.yaml"]).toMatch(/^\s*#/m);
  });

  it("offers only the configured GPU vendors", () => {
    const vendors = [{ limitsKey: "nvidia.com/gpu", uiName: "NVIDIA L4" }];
    const { after } = transformed(release, { gpuVendors: vendors }, "jupyter-web-app-config");
    expect(spawner(after).spawnerFormDefaults.gpus.value.vendors).toEqual(vendors);
  });

  it("culls idle notebooks by default (upstream ships culling off)", () => {
    const { before, after } = transformed(release, {}, "notebook-controller-config");
    expect((before.data as Record<string, string>).ENABLE_CULLING).toBe("false");
    expect(after.data).toMatchObject({
      ENABLE_CULLING: "true",
      CULL_IDLE_TIME: "1440",
      IDLENESS_CHECK_PERIOD: "1",
    });
  });

  it("sets the culling time and period the controller reads", () => {
    const { after } = transformed(
      release,
      { culling: { enabled: true, idleMinutes: 120, checkPeriodMinutes: 5 } },
      "notebook-controller-config",
    );
    expect(after.data).toMatchObject({ CULL_IDLE_TIME: "120", IDLENESS_CHECK_PERIOD: "5" });
  });

  it("leaves the spawner config byte for byte when no image or vendor is configured", () => {
    const { before, after } = transformed(release, {}, "jupyter-web-app-config");
    expect(after).toBe(before);
  });
});

it("the notebook controller reads exactly the culling keys the transform sets", () => {
  const d = bundleObjects("26.03").find(
    (b) => b.obj.kind === "Deployment" && b.obj.metadata.name === "notebook-controller-deployment",
  )!;
  const env = JSON.stringify(d.obj);
  for (const k of ["ENABLE_CULLING", "CULL_IDLE_TIME", "IDLENESS_CHECK_PERIOD"]) {
    expect(env).toContain(`"key":"${k}"`);
  }
});

it("selects a default image among upstream's when only the default is configured", () => {
  const { after } = transformed(
    "26.03",
    { defaultImage: "ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-pytorch-full:v1.10.0" },
    "jupyter-web-app-config",
  );
  const s = spawner(after).spawnerFormDefaults;
  expect(s.image.value).toBe(
    "ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-pytorch-full:v1.10.0",
  );
  expect(s.image.options.length).toBeGreaterThan(1);
});
