// The corpus of invalid parameters runs with every other corpus in test/stacks/config.test.ts.
import { kubeflowParams } from "../../../components/kubeflow/params";
import { parseKubeflowParams } from "../../../stacks/config/kubeflow-params";

describe("the Kubeflow parameters' defaults", () => {
  const p = parseKubeflowParams({});

  it("install upstream's in-cluster stores and keep stateful objects protected", () => {
    expect(p.pipelines.objectStore).toEqual({ type: "in-cluster" });
    expect(p.pipelines.database).toEqual({ type: "in-cluster" });
    expect(p.dataProtection).toBe("protect");
  });

  it("cull idle notebooks after a day, checking every minute", () => {
    expect(p.notebooks.culling).toEqual({
      enabled: true,
      idleMinutes: 1440,
      checkPeriodMinutes: 1,
    });
  });

  it("leave KServe's deployment mode to the applications (Serverless with Knative), on example.com, and pull images from their public registries", () => {
    expect(p.kserve).toEqual({ ingressDomain: "example.com" });
    expect(p.imageRegistry).toBeUndefined();
  });

  it("are the component's own: an empty section parses to what kubeflowParams() fills in", () => {
    expect(p).toEqual(kubeflowParams());
    // A partial section keeps the rest of its defaults, in the schema as in the component.
    const partial = {
      notebooks: { culling: { idleMinutes: 60 } },
      scheduling: { nodeSelector: { a: "b" } },
    };
    expect(parseKubeflowParams(partial)).toEqual(kubeflowParams(partial));
    const mirror = { imageRegistry: { prefix: "localhost:5000/kf" } };
    expect(parseKubeflowParams(mirror)).toEqual(kubeflowParams(mirror));
  });

  it("accept a full external pipelines configuration", () => {
    const q = parseKubeflowParams({
      imageRegistry: { prefix: "localhost:5000/kf", mapping: { "docker.io": "hub.corp/dh" } },
      pipelines: {
        objectStore: {
          type: "s3",
          endpoint: "s3.eu-west-1.amazonaws.com",
          bucket: "kfp-artifacts",
          region: "eu-west-1",
          accessKeySecret: "s3Access",
          secretKeySecret: "s3Secret",
        },
        database: { type: "external", host: "10.0.0.5", passwordSecret: "dbPassword" },
      },
      storage: { storageClassName: "premium-rwo", sizes: { "mysql-pv-claim": "50Gi" } },
    });
    expect(q.imageRegistry).toEqual({
      prefix: "localhost:5000/kf",
      includeSourceRegistry: true,
      mapping: { "docker.io": "hub.corp/dh" },
    });
    expect(q.pipelines.database).toMatchObject({ host: "10.0.0.5", port: 3306, user: "kubeflow" });
    expect(q.storage.sizes).toEqual({ "mysql-pv-claim": "50Gi" });
  });
});
