/**
 * Profile and Profiles as a library: built directly under the mocks with literal args, their defaults
 * applied (PROFILE_DEFAULTS, PROFILES_DEFAULTS), the Kubeflow and Istio handles they are given waited for,
 * and bad args refused as an InputPropertiesError naming the property paths.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Profile, PROFILE_DEFAULTS, Profiles, PROFILES_DEFAULTS } from "../../../components";
import { libraryRun as build, refusalInRun as refusal } from "../../harness/library";

const NS = "kubernetes:core/v1:Namespace";
const L4 = {
  name: "l4",
  vendor: "nvidia" as const,
  resourceName: "nvidia.com/gpu",
  nodeSelector: { pool: "l4" },
  taints: [],
};
const PROFILE = "kubernetes:kubeflow.org/v1:Profile";

/** A resource standing for what a handle says is ready. */
const marker = (name: string) => new k8s.core.v1.ConfigMap(name, { data: {} });

describe("Profile as a library", () => {
  it("applies its defaults: no contributors, a protected namespace and Profile, Kubeflow 26.03's labels", async () => {
    const inv = await build(() => {
      new Profile("team-a", { owner: { kind: "User", name: "a@example.com" } });
    });
    expect(PROFILE_DEFAULTS).toEqual({ contributors: [], allowDeletion: false });
    const ns = inv.get(NS, "team-a-namespace");
    expect([ns.protect, inv.get(PROFILE, "team-a-profile").protect]).toEqual([
      !PROFILE_DEFAULTS.allowDeletion,
      !PROFILE_DEFAULTS.allowDeletion,
    ]);
    expect((ns.inputs.metadata as { labels: Record<string, string> }).labels).toMatchObject(
      PROFILES_DEFAULTS.namespaceLabels,
    );
    expect(inv.byType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")).toEqual([]);
  });

  it("refuses a store with static keys when none are given, at pipelines.keys", async () => {
    const error = await refusal(
      () =>
        new Profile("team-a", {
          owner: { kind: "User", name: "a@example.com" },
          pipelines: {
            store: {
              scheme: "s3",
              bucket: "b",
              endpoint: "s3.eu-west-1.amazonaws.com",
              region: "eu-west-1",
              credentials: "keys",
            },
          },
        }),
    );
    expect(error.errors.map((e) => e.propertyPath)).toEqual(["pipelines.keys"]);
  });
});

describe("Profiles as a library", () => {
  it("waits for the Kubeflow and Istio handles it is given, Kubeflow's first", async () => {
    const inv = await build(() => {
      const kubeflow = { ready: [marker("kubeflow-ready")] };
      const istio = { ready: [marker("istio-ready")] };
      new Profiles("p", {
        profiles: [
          {
            name: "team-a",
            owner: { kind: "User", name: "a@example.com" },
            contributors: [{ kind: "User", name: "b@example.com", role: "edit" }],
          },
        ],
        kubeflow,
        istio,
      });
    });
    const urn = (name: string) => inv.get("kubernetes:core/v1:ConfigMap", name).urn;
    const profile = inv.get(PROFILE, "p-team-a-profile");
    expect(profile.dependsOn).toEqual([
      inv.get(NS, "p-team-a-namespace").urn,
      urn("kubeflow-ready"),
      urn("istio-ready"),
    ]);
    const policy = inv.get(
      "kubernetes:security.istio.io/v1beta1:AuthorizationPolicy",
      "p-team-a-ap-user-b-example-com-clusterrole-edit",
    );
    expect(policy.dependsOn).toContain(urn("istio-ready"));
  });

  it("refuses a profile name given twice, at its index", async () => {
    const owner = { kind: "User" as const, name: "a@example.com" };
    const error = await refusal(
      () =>
        new Profiles("p", {
          profiles: [
            { name: "team-a", owner },
            { name: "team-b", owner },
            { name: "team-a", owner },
          ],
        }),
    );
    expect(error.errors).toEqual([
      {
        propertyPath: "profiles[2].name",
        reason: 'duplicate profile name "team-a"; names must be unique',
      },
    ]);
  });

  it("refuses an unknown accelerator pool at profiles[i].accelerators[j], in its own words, before any child", async () => {
    const owner = { kind: "User" as const, name: "a@example.com" };
    let error: unknown;
    const inv = await build(() => {
      try {
        new Profiles("p", {
          profiles: [
            { name: "team-a", owner, accelerators: ["l4"] },
            { name: "team-b", owner, accelerators: ["l4", "h100"] },
          ],
          clusterPools: [L4],
        });
      } catch (e) {
        error = e;
      }
    });
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      {
        propertyPath: "profiles[1].accelerators[1]",
        reason: 'unknown accelerator pool "h100"; the cluster\'s pools are: l4',
      },
    ]);
    // team-a is fine, but nothing of it is created: every profile is checked first.
    expect(inv.resources.map((r) => r.type)).toEqual(["kubeflow:profiles:Profiles"]);
  });

  it("names the cluster's pools by its clusterPools argument, never by a config key", async () => {
    const owner = { kind: "User" as const, name: "a@example.com" };
    const error = await refusal(
      () =>
        new Profiles("p", {
          profiles: [
            { name: "team-a", owner, accelerators: ["l4"] },
            { name: "team-b", owner, quota: { gpus: 2 } },
          ],
        }),
    );
    expect(error.errors).toEqual([
      {
        propertyPath: "profiles[0].accelerators[0]",
        reason:
          'unknown accelerator pool "l4": the cluster has no accelerator pools (clusterPools); remove it',
      },
      {
        propertyPath: "profiles[1].quota.gpus",
        reason:
          "the cluster has no accelerator pools (clusterPools), so there is no GPU to limit; remove " +
          "quota.gpus or pass the cluster's pools (ClusterHandle.accelerators) as clusterPools",
      },
    ]);
    expect(error.message).not.toContain("cluster.accelerators");
  });
});

describe("Profile given an unknown accelerator pool", () => {
  it("refuses it at accelerators[j], naming clusterPools", async () => {
    const error = await refusal(
      () =>
        new Profile("team-a", {
          owner: { kind: "User", name: "a@example.com" },
          accelerators: ["a100"],
          clusterPools: [L4],
        }),
    );
    expect(error.errors).toEqual([
      {
        propertyPath: "accelerators[0]",
        reason: 'unknown accelerator pool "a100"; the cluster\'s pools are: l4',
      },
    ]);
    const bare = await refusal(
      () =>
        new Profile("team-a", {
          owner: { kind: "User", name: "a@example.com" },
          accelerators: ["a100"],
        }),
    );
    expect(bare.errors.map((e) => [e.propertyPath, e.reason])).toEqual([
      [
        "accelerators[0]",
        'unknown accelerator pool "a100": the cluster has no accelerator pools (clusterPools); remove it',
      ],
    ]);
  });
});
