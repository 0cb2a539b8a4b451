import { scheduling } from "../../../../components/kubeflow/transforms/scheduling";
import { K8sObject } from "../../../../components/kubeflow/types";
import { TEST_RELEASES } from "../../../harness/upstream";
import { applicationOf, bundleObjects, contextFor, deepFreeze } from "./bundles";
import { params } from "./params";

type Workload = K8sObject & {
  spec: {
    replicas?: number;
    template: {
      spec: {
        nodeSelector?: Record<string, string>;
        tolerations?: unknown[];
        containers: Array<{ name: string; resources?: Record<string, Record<string, string>> }>;
      };
    };
  };
};

const systemPool = { "cloud.google.com/gke-nodepool": "system" };
const dedicated = { key: "dedicated", operator: "Equal", value: "system", effect: "NoSchedule" };

describe.each(TEST_RELEASES)("scheduling on release %s", (release) => {
  const objects = bundleObjects(release);
  const t = scheduling(
    params({
      scheduling: { nodeSelector: systemPool, tolerations: [dedicated] },
      applications: {
        pipelines: {
          replicas: 2,
          resources: { requests: { memory: "2Gi" } },
          workloads: { "ml-pipeline-ui": { replicas: 3 } },
        },
        katib: { nodeSelector: { pool: "katib" }, tolerations: [] },
      },
    }),
  );
  const out = objects.map((b) => ({
    b,
    o: t(deepFreeze(b.obj), contextFor(release, b)) as Workload,
  }));
  const workloads = out.filter(({ o }) => o.kind === "Deployment" || o.kind === "StatefulSet");

  it("puts every system pod on the system pool with its toleration, unless its application overrides", () => {
    for (const { b, o } of workloads) {
      const spec = o.spec.template.spec;
      if (applicationOf(b.path) === "katib") {
        expect(spec.nodeSelector).toMatchObject({ pool: "katib" });
        expect(spec.nodeSelector).not.toHaveProperty("cloud.google.com/gke-nodepool");
      } else {
        expect(spec.nodeSelector).toMatchObject(systemPool);
        expect(spec.tolerations).toContainEqual(dedicated);
      }
    }
  });

  it("scales stateless Pipelines Deployments, keeps databases at one, and honours per-workload values", () => {
    const pipelines = workloads.filter(({ b }) => applicationOf(b.path) === "pipelines");
    const byName = (n: string) =>
      pipelines.filter(({ o }) => o.metadata.name === n).map(({ o }) => o);
    expect(byName("ml-pipeline").every((o) => o.spec.replicas === 2)).toBe(true);
    expect(byName("ml-pipeline-ui").every((o) => o.spec.replicas === 3)).toBe(true);
    expect(byName("mysql").every((o) => o.spec.replicas !== 2)).toBe(true);
  });

  it("merges resources into the main container, keeping upstream's other values", () => {
    const apiServer = workloads.find(({ o }) => o.metadata.name === "ml-pipeline")!;
    const before = (apiServer.b.obj as Workload).spec.template.spec.containers[0]!.resources;
    const after = apiServer.o.spec.template.spec.containers[0]!.resources!;
    expect(after.requests!.memory).toBe("2Gi");
    if (before?.requests?.cpu !== undefined) expect(after.requests!.cpu).toBe(before.requests.cpu);
  });

  it("leaves other kinds and other applications' replicas alone", () => {
    for (const { b, o } of out) {
      if (o.kind !== "Deployment" && o.kind !== "StatefulSet") expect(o).toBe(b.obj);
      else if (applicationOf(b.path) !== "pipelines") {
        expect(o.spec.replicas).toBe((b.obj as Workload).spec.replicas);
      }
    }
  });
});

it("with no parameters, returns every object unchanged", () => {
  const t = scheduling(params());
  for (const b of bundleObjects("26.03")) expect(t(b.obj, contextFor("26.03", b))).toBe(b.obj);
});
