/**
 * Values checked where mistakes cost most (issue 12): the valid side of each refusal the corpus holds — what
 * a user may rely on being accepted, and how the accepted values reach the objects.
 */
import { getRelease } from "../../../components/catalog";
import { selectApplications } from "../../../components/kubeflow/applications";
import { readBundle } from "../../../components/kubeflow/bundle";
import { nameProblems, releaseNames } from "../../../components/kubeflow/names";
import { defaultDeploymentMode } from "../../../components/kubeflow/transforms/kserve";
import { loadConfig } from "../../../stacks/config";
import { bundleProblems, storageParams } from "../../../stacks/kubeflow";
import { bundleDir } from "../../harness/upstream";

const source = (config: Record<string, unknown>, secrets: Record<string, string> = {}) => {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    values[`kubeflow-platform:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  for (const [k, v] of Object.entries(secrets)) values[`kubeflow-platform:${k}`] = v;
  return {
    namespace: "kubeflow-platform",
    values,
    isSecret: (k: string) => Object.keys(secrets).some((s) => k === `kubeflow-platform:${s}`),
  };
};

const gke = {
  platform: "gcp",
  cluster: {
    project: "acme-ml",
    region: "europe-west4",
    accelerators: [{ name: "l4", type: "nvidia-l4", machineType: "g2-standard-16" }],
  },
};

describe("quantities", () => {
  it("accepts sizes, quotas and requests in every form the API server reads, keeping the text", () => {
    const cfg = loadConfig(
      source({
        platform: "existing",
        kubeflow: {
          storage: { sizes: { "mysql-pv-claim": "64Ti", "katib-mysql": "1e10" } },
          applications: { katib: { resources: { requests: { cpu: 0, memory: "1.5Gi" } } } },
        },
        profiles: [
          {
            name: "team-a",
            owner: { user: "alice@example.com" },
            quota: { cpu: 0.5, memory: "128G", storage: "2Ti", persistentVolumeClaims: 0 },
          },
        ],
      }),
    );
    expect(cfg.kubeflow.storage.sizes).toEqual({ "mysql-pv-claim": "64Ti", "katib-mysql": "1e10" });
    expect(cfg.kubeflow.applications.katib?.resources?.requests).toEqual({
      cpu: "0",
      memory: "1.5Gi",
    });
    expect(cfg.profiles[0]!.quota).toEqual({
      cpu: "0.5",
      memory: "128G",
      storage: "2Ti",
      persistentVolumeClaims: 0,
    });
  });
});

describe("names of the release", () => {
  const release = getRelease("26.03");
  const selection = selectApplications(release, {});
  const bundle = readBundle(
    bundleDir("26.03"),
    "26.03",
    selection.applications.flatMap((a) => a.paths),
  );
  const names = releaseNames(selection.applications, (p) => bundle.objects(p));

  it("knows the claims and workloads the transforms edit, from the bundle itself", () => {
    expect([...names.claims].sort()).toEqual(["katib-mysql", "mysql-pv-claim", "seaweedfs-pvc"]);
    expect(names.workloads.get("pipelines")?.has("ml-pipeline")).toBe(true);
    expect(names.workloads.get("katib")?.has("katib-mysql")).toBe(true);
  });

  it("accepts names the release has and refuses one it lacks with the nearest", () => {
    expect(
      nameProblems(
        {
          storage: { sizes: { "mysql-pv-claim": "50Gi" } },
          applications: { pipelines: { workloads: { "ml-pipeline": {}, "ml-pipline-ui": {} } } },
        },
        names,
        "26.03",
      ).map((p) => [p.path.join("."), /Did you mean "([^"]+)"\?/.exec(p.message)?.[1]]),
    ).toEqual([["applications.pipelines.workloads.ml-pipline-ui", "ml-pipeline-ui"]]);
  });

  it("a stack naming existing claims and workloads passes the bundle check", () => {
    const cfg = loadConfig(
      source({
        platform: "existing",
        kubeflow: {
          bundleDir: bundleDir("26.03"),
          storage: { sizes: { "seaweedfs-pvc": "200Gi" } },
          applications: { katib: { workloads: { "katib-ui": { replicas: 2 } } } },
        },
      }),
    );
    expect(bundleProblems(cfg, "/", "kubeflow-platform:")).toEqual([]);
  });
});

describe("StorageClass", () => {
  it("on an existing cluster, cluster.storageClass applies to Kubeflow's claims; an equal kubeflow key is accepted", () => {
    const cfg = loadConfig(
      source({
        platform: "existing",
        cluster: { storageClass: "fast" },
        kubeflow: { storage: { storageClassName: "fast" } },
      }),
    );
    expect(storageParams(cfg).storage.storageClassName).toBe("fast");
    const only = loadConfig(source({ platform: "existing", cluster: { storageClass: "fast" } }));
    expect(storageParams(only).storage.storageClassName).toBe("fast");
  });

  it("on GKE, accepts GKE's own classes and leaves the default alone otherwise", () => {
    const cfg = loadConfig(
      source({ ...gke, kubeflow: { storage: { storageClassName: "premium-rwo" } } }),
    );
    expect(storageParams(cfg).storage.storageClassName).toBe("premium-rwo");
    expect(storageParams(loadConfig(source(gke))).storage.storageClassName).toBeUndefined();
  });
});

describe("KServe and Knative", () => {
  it("accepts raw KServe without Knative and defaults its mode to RawDeployment", () => {
    const cfg = loadConfig(
      source({
        platform: "existing",
        kubeflow: { applications: { knative: { enabled: false }, kserve: { mode: "raw" } } },
      }),
    );
    expect(cfg.kubeflow.kserve.deploymentMode).toBeUndefined();
    expect(defaultDeploymentMode(cfg.kubeflow.kserve, false)).toBe("RawDeployment");
    expect(defaultDeploymentMode(cfg.kubeflow.kserve, true)).toBe("Serverless");
    expect(
      defaultDeploymentMode({ ...cfg.kubeflow.kserve, deploymentMode: "RawDeployment" }, true),
    ).toBe("RawDeployment");
  });
});

describe("profiles on a created cluster", () => {
  it("may name the GKE cluster's accelerator pools and limit their GPUs", () => {
    const cfg = loadConfig(
      source({
        ...gke,
        profiles: [
          {
            name: "team-a",
            owner: { user: "alice@example.com" },
            accelerators: ["l4"],
            quota: { gpus: 2 },
          },
        ],
      }),
    );
    expect(cfg.profiles[0]!.accelerators).toEqual(["l4"]);
  });

  it("accepts a Dex password of 8 characters", () => {
    const cfg = loadConfig(
      source(
        {
          platform: "existing",
          profiles: [
            {
              name: "team-a",
              owner: { user: "alice@example.com", passwordSecret: "alicePassword" },
            },
          ],
        },
        { alicePassword: "8chars!!" },
      ),
    );
    expect(cfg.profiles[0]!.owner.passwordSecret?.key).toBe("alicePassword");
  });
});
