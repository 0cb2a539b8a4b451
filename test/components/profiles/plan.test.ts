import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { AcceleratorPool } from "../../../components/cluster/handle";
import {
  acceleratorPodDefault,
  acceleratorSelectorLabel,
  spawnerAcceleratorConfig,
} from "../../../components/profiles/accelerators";
import {
  namespaceLabelsFromConfig,
  PROFILE_NAMESPACE_LABELS,
} from "../../../components/profiles/namespace";
import { planProfile, profileProblems } from "../../../components/profiles/plan";
import { defaultRequestsLimitRange, planQuota } from "../../../components/profiles/quota";
import { ACCELERATOR_POOL_LABEL, NVIDIA_GPU_TAINT_KEY } from "../../../components/shared/constants";
import { bundleDir, TEST_RELEASES } from "../../harness/upstream";

const pool = (name: string, over: Partial<AcceleratorPool> = {}): AcceleratorPool => ({
  name,
  vendor: "nvidia",
  resourceName: "nvidia.com/gpu",
  nodeSelector: { pool: name },
  taints: [{ key: NVIDIA_GPU_TAINT_KEY, effect: "NoSchedule" }],
  ...over,
});
const l4 = pool("l4", { type: "nvidia-l4" });
const a100 = pool("a100", { type: "nvidia-a100" });
const mig = pool("mig", { resourceName: "nvidia.com/mig-1g.10gb" });
const alice = { kind: "User" as const, name: "alice@example.com" };

describe("profile namespace labels", () => {
  it.each(TEST_RELEASES)(
    "are what the profile controller of %s sets (istio-injection + its namespace-labels ConfigMap)",
    (release) => {
      const text = fs.readFileSync(
        path.join(bundleDir(release), "applications__profiles__pss.yaml"),
        "utf8",
      );
      const cm = parseAllDocuments(text)
        .map(
          (d) =>
            d.toJS() as {
              kind?: string;
              metadata?: { name: string };
              data?: Record<string, string>;
            },
        )
        .find(
          (o) => o.kind === "ConfigMap" && o.metadata!.name.startsWith("namespace-labels-data"),
        );
      expect(namespaceLabelsFromConfig(cm!.data!["namespace-labels.yaml"]!)).toEqual(
        PROFILE_NAMESPACE_LABELS,
      );
    },
  );

  it("follow setNamespaceLabels: existing keys win, empty values remove", () => {
    expect(namespaceLabelsFromConfig("istio-injection: ''\nistio.io/rev: asm-1\n")).toEqual({
      "istio.io/rev": "asm-1",
    });
    expect(namespaceLabelsFromConfig("istio-injection: disabled\n")).toEqual({
      "istio-injection": "enabled",
    });
  });

  it("enforce Pod Security Standards baseline and carry the owner annotation the controller checks", () => {
    const ns = planProfile({ name: "team-a", owner: alice }).namespace;
    expect(ns.metadata.labels!["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    expect(ns.metadata.annotations).toEqual({ owner: "alice@example.com" });
  });
});

describe("quota mapping", () => {
  it("maps each field to its ResourceQuota key, GPUs by the offered pools' resource names", () => {
    expect(
      planQuota(
        { cpu: "8", memory: "32Gi", gpus: 2, storage: "500Gi", persistentVolumeClaims: 10 },
        [l4, mig],
        [l4, mig],
      ),
    ).toEqual({
      "requests.cpu": "8",
      "requests.memory": "32Gi",
      "requests.storage": "500Gi",
      persistentvolumeclaims: "10",
      "requests.nvidia.com/gpu": "2",
      "requests.nvidia.com/mig-1g.10gb": "2",
    });
  });

  it("denies the resource names of pools the profile is not offered", () => {
    expect(planQuota(undefined, [l4], [l4, mig])).toEqual({
      "requests.nvidia.com/mig-1g.10gb": "0",
    });
    expect(planQuota({ cpu: "4" }, [], [l4])).toEqual({
      "requests.cpu": "4",
      "requests.nvidia.com/gpu": "0",
    });
  });

  it("creates no quota when nothing is limited", () => {
    expect(planQuota(undefined, [l4], [l4])).toBeUndefined();
    expect(planProfile({ name: "team-a", owner: alice }).profile.spec).toEqual({
      owner: { kind: "User", name: "alice@example.com" },
    });
  });

  it("puts the quota in the Profile's resourceQuotaSpec", () => {
    const plan = planProfile({ name: "team-a", owner: alice, quota: { memory: "8Gi" } });
    expect(plan.profile.spec).toEqual({
      owner: { kind: "User", name: "alice@example.com" },
      resourceQuotaSpec: { hard: { "requests.memory": "8Gi" } },
    });
  });

  it("adds default requests exactly when the quota limits CPU or memory requests", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (cpu, memory, storage) => {
        const hard = planQuota(
          {
            ...(cpu ? { cpu: "1" } : {}),
            ...(memory ? { memory: "1Gi" } : {}),
            ...(storage ? { storage: "1Gi" } : {}),
          },
          [],
          [],
        );
        const lr = defaultRequestsLimitRange("ns", hard);
        if (!cpu && !memory) return lr === undefined;
        const defaults = (lr!.spec as { limits: Array<{ defaultRequest: object }> }).limits[0]!
          .defaultRequest;
        return (
          Object.keys(defaults).sort().join() ===
          [...(cpu ? ["cpu"] : []), ...(memory ? ["memory"] : [])].join()
        );
      }),
    );
  });
});

describe("accelerator PodDefaults", () => {
  it("one per offered pool, all pools when the profile names none", () => {
    const keys = (accelerators?: string[]) =>
      planProfile({
        name: "team-a",
        owner: alice,
        clusterPools: [l4, a100],
        ...(accelerators !== undefined ? { accelerators } : {}),
      }).podDefaults.map((p) => p.key);
    expect(keys()).toEqual(["l4", "a100"]);
    expect(keys(["a100"])).toEqual(["a100"]);
    expect(keys([])).toEqual([]);
  });

  it("tolerates the pool's taints and is selectable in the spawner by one label", () => {
    const tainted = pool("h100", {
      taints: [
        { key: NVIDIA_GPU_TAINT_KEY, effect: "NoSchedule" },
        { key: "dedicated", value: "ml", effect: "NoExecute" },
      ],
    });
    const pd = acceleratorPodDefault("team-a", tainted);
    const spec = pd.spec as Record<string, unknown>;
    expect(spec.tolerations).toEqual([
      { key: NVIDIA_GPU_TAINT_KEY, operator: "Exists", effect: "NoSchedule" },
      { key: "dedicated", operator: "Equal", value: "ml", effect: "NoExecute" },
    ]);
    // The spawner takes the first matchLabels key as the label to set to "true".
    expect(spec.selector).toEqual({ matchLabels: { [acceleratorSelectorLabel("h100")]: "true" } });
    expect(spec.labels).toEqual({ [ACCELERATOR_POOL_LABEL]: "h100" });
    expect(typeof spec.desc).toBe("string");
    expect(pd.metadata).toEqual({ name: "accelerator-h100", namespace: "team-a" });
  });

  it("leave out tolerations for an untainted pool", () => {
    const spec = acceleratorPodDefault("team-a", pool("t4", { taints: [] })).spec as object;
    expect(spec).not.toHaveProperty("tolerations");
  });

  it("selector labels are valid label keys for any pool name", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/), (name) => {
        const [prefix, key] = acceleratorSelectorLabel(name).split("/") as [string, string];
        return (
          prefix.length <= 253 && key.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(key)
        );
      }),
    );
  });
});

describe("the notebook spawner's accelerator settings", () => {
  it("offer only the GPU resources the cluster has, once each", () => {
    expect(spawnerAcceleratorConfig([l4, a100, mig]).gpuVendors).toEqual([
      { limitsKey: "nvidia.com/gpu", uiName: "NVIDIA" },
      { limitsKey: "nvidia.com/mig-1g.10gb", uiName: "NVIDIA (nvidia.com/mig-1g.10gb)" },
    ]);
    expect(spawnerAcceleratorConfig([]).gpuVendors).toEqual([]);
  });

  it("pin a pool by node affinity and tolerate its taints", () => {
    const cfg = spawnerAcceleratorConfig([l4, pool("any", { nodeSelector: {}, taints: [] })]);
    expect(cfg.affinityOptions).toEqual([
      {
        configKey: "accelerator-l4",
        displayName: "NVIDIA nvidia-l4 (pool l4)",
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: "pool", operator: "In", values: ["l4"] }] },
              ],
            },
          },
        },
      },
    ]);
    expect(cfg.tolerationGroups).toEqual([
      {
        groupKey: "accelerator-l4",
        displayName: "NVIDIA nvidia-l4 (pool l4)",
        tolerations: [{ key: NVIDIA_GPU_TAINT_KEY, operator: "Exists", effect: "NoSchedule" }],
      },
    ]);
  });
});

describe("contributors in the plan", () => {
  it("are keyed by kind and KFAM binding name, never by position", () => {
    const contributors = [
      { kind: "User" as const, name: "bob@example.com", role: "edit" as const },
      { kind: "Group" as const, name: "ml", role: "view" as const },
    ];
    const keys = (cs: typeof contributors) =>
      planProfile({ name: "team-a", owner: alice, contributors: cs })
        .access.map((a) => a.key)
        .sort();
    expect(keys(contributors)).toEqual(keys([...contributors].reverse()));
    expect(keys(contributors)).toEqual([
      "ap-user-bob-example-com-clusterrole-edit",
      "rb-group-ml-clusterrole-view",
      "rb-user-bob-example-com-clusterrole-edit",
    ]);
  });

  it("refuses an unknown pool and colliding binding names, naming each", () => {
    const input = {
      name: "team-a",
      owner: alice,
      accelerators: ["h100"],
      clusterPools: [l4],
      contributors: [
        { kind: "User" as const, name: "a.b@x.io", role: "edit" as const },
        { kind: "User" as const, name: "a-b@x.io", role: "edit" as const },
      ],
    };
    expect(profileProblems(input)).toEqual([
      {
        path: ["accelerators", 0],
        message: `unknown accelerator pool "h100"; the cluster's pools are: l4`,
      },
      {
        path: ["contributors", 1],
        message:
          "User a-b@x.io and User a.b@x.io map to the same binding user-a-b-x-io-clusterrole-edit; keep one of them",
      },
    ]);
    let error: unknown;
    try {
      planProfile(input);
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors.map((e) => e.propertyPath)).toEqual([
      "accelerators[0]",
      "contributors[1]",
    ]);
  });

  it("refuses a quota below the LimitRange's default request, which would keep every default pod out", () => {
    expect(
      profileProblems({ name: "team-a", owner: alice, quota: { cpu: "50m", memory: "256Mi" } }),
    ).toEqual([
      {
        path: ["quota", "cpu"],
        message:
          "is less than the cpu request every container without its own gets (100m), so no such pod " +
          "could start; give at least 100m",
      },
    ]);
    expect(profileProblems({ name: "team-a", owner: alice, quota: { cpu: "100m" } })).toEqual([]);
  });

  it("refuses quota values a ResourceQuota would not hold, for direct library callers", () => {
    expect(
      profileProblems({
        name: "team-a",
        owner: alice,
        clusterPools: [l4],
        quota: { cpu: "0", memory: "64", storage: "1Ti", gpus: -1, persistentVolumeClaims: 1.5 },
      }),
    ).toEqual([
      {
        path: ["quota", "cpu"],
        message:
          '"0" must be greater than zero (a zero amount is refused); give a positive quantity or remove the key',
      },
      {
        path: ["quota", "memory"],
        message:
          '"64" is 64 bytes, surely a missing or wrong unit: give at least 1M with a unit, e.g. 512Mi, 16Gi. Did you mean 64Mi or 64Gi?',
      },
      { path: ["quota", "gpus"], message: "-1 must be a whole number, 0 or more" },
      {
        path: ["quota", "persistentVolumeClaims"],
        message: "1.5 must be a whole number, 0 or more",
      },
    ]);
  });
});
