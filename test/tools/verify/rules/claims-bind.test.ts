import { claimsBind, claimsOf, storageClassesOf } from "../../../../tools/verify/rules/claims-bind";
import { PlatformSet } from "../../../../tools/verify/types";
import { editing } from "../mutate";
import { platformSet } from "../sets";

let teams: PlatformSet;
let eks: PlatformSet;
let gke: PlatformSet;
beforeAll(async () => {
  teams = await platformSet("teams-example");
  // eks-example on its in-cluster stores (its kubeflow section asks for managed ones): claims to bind.
  eks = await platformSet("eks-example", undefined, { kubeflow: {} });
  // gke-example on its in-cluster stores (its kubeflow section asks for managed ones): claims to break.
  gke = await platformSet("gke-example", undefined, { kubeflow: {} });
}, 600_000);

const classes = (set: PlatformSet) =>
  claimsOf(set)
    .map((c) => [c.name, c.spec.storageClassName ?? null])
    .sort(([a], [b]) => String(a).localeCompare(String(b)));

describe("claims-bind", () => {
  it("the cloud examples on managed stores hold no claim of Kubeflow's", async () => {
    for (const stack of ["eks-example", "gke-example"])
      expect([stack, claimsOf(await platformSet(stack))]).toEqual([stack, []]);
  }, 600_000);

  it("teams-example: every Kubeflow claim gets the class cluster.storageClass declares, and binds", () => {
    expect(classes(teams)).toEqual([
      ["katib-mysql", "standard-rwo"],
      ["mysql-pv-claim", "standard-rwo"],
      ["seaweedfs-pvc", "standard-rwo"],
    ]);
    expect(storageClassesOf(teams)).toEqual(["standard-rwo"]);
    expect(claimsBind.check(teams)).toEqual([]);
  });

  it("eks-example on in-cluster stores: claims use the default class, and the gp3 StorageClass the program creates is in the set", () => {
    expect(claimsOf(eks).length).toBeGreaterThan(0);
    expect(claimsOf(eks).every((c) => c.spec.storageClassName === undefined)).toBe(true);
    expect(storageClassesOf(eks)).toEqual(["gp2", "gp3"]);
    expect(claimsBind.check(eks)).toEqual([]);
  });

  it("reports a claim naming a class the cluster does not have, with the classes it has", () => {
    const broken = editing(gke, "PersistentVolumeClaim", "kubeflow", "katib-mysql", (o) => ({
      ...o,
      spec: { ...(o.spec as object), storageClassName: "premium" },
    }));
    expect(claimsBind.check(broken)).toEqual([
      {
        rule: "claims-bind",
        object: "PersistentVolumeClaim kubeflow/katib-mysql",
        message:
          "claim katib-mysql names StorageClass premium, which the cluster does not have; classes: " +
          "premium-rwo, standard and standard-rwo",
        fix:
          "set kubeflow.storage.storageClassName (or cluster.storageClass on an existing cluster) to a class " +
          "the cluster declares, or remove it for the default class",
      },
    ]);
  });

  it("reports a claim whose size has no unit", () => {
    const broken = editing(gke, "PersistentVolumeClaim", "kubeflow", "katib-mysql", (o) => ({
      ...o,
      spec: { ...(o.spec as object), resources: { requests: { storage: "20" } } },
    }));
    const found = claimsBind.check(broken);
    expect(found.map((v) => [v.object, v.fix])).toEqual([
      [
        "PersistentVolumeClaim kubeflow/katib-mysql",
        "set kubeflow.storage.sizes.katib-mysql to a size with a unit, at most 64Ti",
      ],
    ]);
    expect(found[0]!.message).toMatch(/^claim katib-mysql requests storage 20, which is 20 bytes/);
  });

  it("a GKE class named in kubeflow.storage reaches every claim and binds", async () => {
    const set = await platformSet("gke-example", undefined, {
      kubeflow: {
        storage: { storageClassName: "premium-rwo", sizes: { "mysql-pv-claim": "50Gi" } },
      },
    });
    expect(classes(set).map(([, c]) => c)).toEqual(["premium-rwo", "premium-rwo", "premium-rwo"]);
    const mysql = claimsOf(set).find((c) => c.name === "mysql-pv-claim");
    expect(mysql?.spec.resources).toEqual({ requests: { storage: "50Gi" } });
    expect(claimsBind.check(set)).toEqual([]);
  }, 600_000);
});
