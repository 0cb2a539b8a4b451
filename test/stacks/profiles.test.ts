import * as k8s from "@pulumi/kubernetes";
import { Profiles } from "../../components/profiles/profile";
import { loadConfig } from "../../stacks/config";
import { createProfiles, profileStaticUsers } from "../../stacks/profiles";
import { createServices } from "../../stacks/services";
import { createCluster } from "../../stacks/cluster";
import { Inventory, PROJECT, runProgram, StackConfig } from "../harness";
import { readStackFile } from "../harness/stackfile";

const SECRETS = { aliceDexPassword: "correct-horse-battery-staple" };
const PROFILE = "kubernetes:kubeflow.org/v1:Profile";
const NS = "kubernetes:core/v1:Namespace";

function withProfiles(base: StackConfig, edit: (ps: Array<Record<string, unknown>>) => unknown[]) {
  return {
    ...base,
    profiles: edit(structuredClone(base.profiles) as Array<Record<string, unknown>>),
  };
}

describe("the teams example stack", () => {
  let inv: Inventory;
  const stack = readStackFile("teams-example");
  beforeAll(async () => {
    inv = await runProgram(stack, { secrets: SECRETS });
  });

  const profileCR = (name: string) => inv.get(PROFILE, `kubeflow-profiles-${name}-profile`);

  it("groups one Profile component per team under the Profiles component", () => {
    const parent = inv.get("kubeflow:profiles:Profiles", "kubeflow-profiles");
    expect(
      inv
        .children(parent)
        .map((c) => `${c.type} ${c.name}`)
        .sort(),
    ).toEqual([
      "kubeflow:profiles:Profile kubeflow-profiles-team-analytics",
      "kubeflow:profiles:Profile kubeflow-profiles-team-nlp",
      "kubeflow:profiles:Profile kubeflow-profiles-team-vision",
    ]);
  });

  it("creates each team's namespace, Profile, contributor access and GPU PodDefault, named by stable keys", () => {
    const vision = inv.get("kubeflow:profiles:Profile", "kubeflow-profiles-team-vision");
    expect(
      inv
        .children(vision)
        .map((c) => c.name)
        .sort(),
    ).toEqual(
      [
        "namespace",
        "profile",
        "rb-user-bob-example-com-clusterrole-edit",
        "ap-user-bob-example-com-clusterrole-edit",
        "rb-user-carol-example-com-clusterrole-view",
        "ap-user-carol-example-com-clusterrole-view",
        "limitrange",
        "poddefault-l4",
      ]
        .map((n) => `kubeflow-profiles-team-vision-${n}`)
        .sort(),
    );
  });

  it("uses the cluster's provider for every Kubernetes object of every profile", () => {
    const provider = inv.get("pulumi:providers:kubernetes", "kubeflow-k8s");
    const root = inv.get("kubeflow:profiles:Profiles", "kubeflow-profiles");
    const objects = inv.descendants(root).filter((r) => r.custom);
    expect(objects.length).toBeGreaterThan(10);
    for (const r of objects) expect(r.provider.startsWith(`${provider.urn}::`)).toBe(true);
  });

  it("protects each namespace and Profile, and only those", () => {
    const root = inv.get("kubeflow:profiles:Profiles", "kubeflow-profiles");
    const protectedNames = inv
      .descendants(root)
      .filter((r) => r.protect)
      .map((r) => r.name)
      .sort();
    expect(protectedNames).toEqual(
      ["team-analytics", "team-nlp", "team-vision"]
        .flatMap((t) => [`kubeflow-profiles-${t}-namespace`, `kubeflow-profiles-${t}-profile`])
        .sort(),
    );
  });

  it("creates the Profile and the namespace's objects after the namespace exists", () => {
    const ns = inv.get(NS, "kubeflow-profiles-team-vision-namespace");
    const vision = inv.get("kubeflow:profiles:Profile", "kubeflow-profiles-team-vision");
    for (const child of inv.children(vision).filter((c) => c !== ns)) {
      expect(child.dependsOn).toContain(ns.urn);
    }
  });

  it("gives the owner's namespace the annotation the profile controller checks before adopting it", () => {
    const ns = inv.get(NS, "kubeflow-profiles-team-vision-namespace");
    expect((ns.inputs.metadata as { annotations: object }).annotations).toEqual({
      owner: "alice@example.com",
    });
    expect((profileCR("team-vision").inputs.spec as { owner: object }).owner).toEqual({
      kind: "User",
      name: "alice@example.com",
    });
  });

  it("limits GPUs of the vision team and denies them to the analytics team", () => {
    const hard = (t: string) =>
      (profileCR(t).inputs.spec as { resourceQuotaSpec: { hard: Record<string, string> } })
        .resourceQuotaSpec.hard;
    expect(hard("team-vision")["requests.nvidia.com/gpu"]).toBe("4");
    expect(hard("team-analytics")["requests.nvidia.com/gpu"]).toBe("0");
  });

  it("gives a group contributor a RoleBinding and no AuthorizationPolicy", () => {
    const nlp = inv.get("kubeflow:profiles:Profile", "kubeflow-profiles-team-nlp");
    const names = inv.children(nlp).map((c) => c.name);
    expect(names).toContain("kubeflow-profiles-team-nlp-rb-group-nlp-readers-clusterrole-view");
    expect(names.filter((n) => n.includes("group-nlp-readers"))).toHaveLength(1);
  });

  it("never stores the static user's password", () => {
    expect(inv.plaintext([SECRETS.aliceDexPassword])).toEqual([]);
  });

  it("declares the owner with a password as a Dex static user", () => {
    const cfg = loadConfig({
      namespace: PROJECT,
      values: {
        ...Object.fromEntries(
          Object.entries(stack).map(([k, v]) => [`${PROJECT}:${k}`, JSON.stringify(v)]),
        ),
        [`${PROJECT}:platform`]: "existing",
        [`${PROJECT}:aliceDexPassword`]: SECRETS.aliceDexPassword,
      },
      isSecret: (k) => k === `${PROJECT}:aliceDexPassword`,
    });
    expect(profileStaticUsers(cfg).map((u) => [u.email, u.passwordSecret.key])).toEqual([
      ["alice@example.com", "aliceDexPassword"],
    ]);
  });
});

describe("profile changes a user makes", () => {
  const stack = readStackFile("teams-example");
  const urns = (inv: Inventory) =>
    inv.resources
      .filter((r) => r.urn.includes("kubeflow:profiles"))
      .map((r) => r.urn)
      .sort();

  it("reordering profiles and contributors changes no resource", async () => {
    const before = urns(await runProgram(stack, { secrets: SECRETS }));
    const reordered = withProfiles(stack, (ps) =>
      ps
        .reverse()
        .map((p) => ({ ...p, contributors: [...((p.contributors as unknown[]) ?? [])].reverse() })),
    );
    expect(urns(await runProgram(reordered, { secrets: SECRETS }))).toEqual(before);
  });

  it("allowDeletion unprotects that profile's namespace and Profile, which is the first of two steps to remove it", async () => {
    const inv = await runProgram(
      withProfiles(stack, (ps) =>
        ps.map((p) => (p.name === "team-nlp" ? { ...p, allowDeletion: true } : p)),
      ),
      { secrets: SECRETS },
    );
    const flags = (t: string) =>
      ["namespace", "profile"].map(
        (c) => inv.get(c === "namespace" ? NS : PROFILE, `kubeflow-profiles-${t}-${c}`).protect,
      );
    expect(flags("team-nlp")).toEqual([false, false]);
    expect(flags("team-vision")).toEqual([true, true]);
  });

  it("a stack without profiles registers no profile resources", async () => {
    const inv = await runProgram({ platform: "existing" });
    expect(inv.resources.filter((r) => r.type.startsWith("kubeflow:profiles"))).toEqual([]);
  });
});

describe("Profiles waits for Kubeflow and Istio", () => {
  it("every object but the namespace depends on the resources it is given as ready", async () => {
    const inv = await runProgram({}, {}, () => {
      const crd = new k8s.apiextensions.v1.CustomResourceDefinition("profiles-crd", {
        metadata: { name: "profiles.kubeflow.org" },
        spec: {
          group: "kubeflow.org",
          names: { kind: "Profile", plural: "profiles" },
          scope: "Cluster",
          versions: [],
        },
      });
      new Profiles("p", {
        profiles: [
          {
            name: "team-a",
            owner: { kind: "User", name: "a@example.com" },
            contributors: [{ kind: "User", name: "b@example.com", role: "edit" }],
          },
        ],
        clusterPools: [
          {
            name: "l4",
            vendor: "nvidia",
            resourceName: "nvidia.com/gpu",
            nodeSelector: {},
            taints: [],
          },
        ],
        dependsOn: [crd],
      });
    });
    const ready = inv.get(
      "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
      "profiles-crd",
    );
    const objects = inv.resources.filter(
      (r) => r.custom && r.name.startsWith("p-team-a-") && r.type !== NS,
    );
    expect(objects.map((o) => o.name).sort()).toEqual([
      "p-team-a-ap-user-b-example-com-clusterrole-edit",
      "p-team-a-poddefault-l4",
      "p-team-a-profile",
      "p-team-a-rb-user-b-example-com-clusterrole-edit",
    ]);
    for (const o of objects) expect(o.dependsOn).toContain(ready.urn);
  });
});

describe("createProfiles", () => {
  it("waits for Kubeflow (CRDs, profile controller) and Istio, on the cluster's provider", async () => {
    const inv = await runProgram({}, {}, () => {
      const cfg = loadConfig({
        namespace: PROJECT,
        values: {
          [`${PROJECT}:platform`]: "existing",
          [`${PROJECT}:profiles`]: JSON.stringify([
            { name: "team-a", owner: { user: "a@example.com" } },
          ]),
        },
        isSecret: () => false,
      });
      const cluster = createCluster(cfg);
      const services = createServices(cfg, cluster);
      const istio = new k8s.core.v1.Namespace("istio-ready", {});
      const kubeflow = new k8s.core.v1.Namespace("kubeflow-ready", {});
      createProfiles(
        cfg,
        cluster,
        { ...services, istio: { ...services.istio, ready: [istio] } },
        { ready: [kubeflow], applications: [], installed: {} },
      );
    });
    const profile = inv.get(PROFILE, "kubeflow-profiles-team-a-profile");
    expect(profile.dependsOn).toEqual(
      expect.arrayContaining([
        inv.get(NS, "istio-ready").urn,
        inv.get(NS, "kubeflow-ready").urn,
        inv.get(NS, "kubeflow-profiles-team-a-namespace").urn,
      ]),
    );
    const provider = inv.get("pulumi:providers:kubernetes", "kubeflow-k8s");
    expect(profile.provider.startsWith(`${provider.urn}::`)).toBe(true);
  });
});
