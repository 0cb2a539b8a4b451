import { KUBEFLOW_PARAMS_DEFAULTS, kubeflowParams } from "../../../components/kubeflow/params";

describe("kubeflowParams", () => {
  it("fills every section a caller leaves out with its default, and adds no image mirror", () => {
    const p = kubeflowParams({});
    expect(p.notebooks.culling).toEqual({
      enabled: true,
      idleMinutes: 1440,
      checkPeriodMinutes: 1,
    });
    expect(p.pipelines).toEqual({
      objectStore: { type: "in-cluster" },
      database: { type: "in-cluster" },
    });
    expect(p.dataProtection).toBe("protect");
    expect(p.confineToProfiles).toBe(false);
    expect(p).not.toHaveProperty("imageRegistry");
  });

  it("keeps what a caller gives, field by field within a section", () => {
    const p = kubeflowParams({
      notebooks: { culling: { idleMinutes: 60 }, defaultImage: "x/y:1" },
      imageRegistry: { prefix: "registry.corp/kf" },
      dataProtection: "retain",
    });
    expect(p.notebooks).toEqual({
      defaultImage: "x/y:1",
      culling: { enabled: true, idleMinutes: 60, checkPeriodMinutes: 1 },
    });
    expect(p.imageRegistry).toEqual({
      prefix: "registry.corp/kf",
      includeSourceRegistry: KUBEFLOW_PARAMS_DEFAULTS.imageRegistry.includeSourceRegistry,
      mapping: {},
    });
    expect(p.dataProtection).toBe("retain");
  });
});
