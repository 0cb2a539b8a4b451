import * as path from "path";
import { CATALOG, getRelease, manualStep } from "../../../components/catalog";
import { aliasTypesFor, resourceName, typeToken } from "../../../components/kubeflow/release";
import { objectKey } from "../../../components/kubeflow/types";
import {
  diffPlans,
  formatUpgradePlan,
  releaseChain,
  releasedByAcknowledgements,
  supportedStep,
  upgradeProblems,
} from "../../../components/kubeflow/upgrade";
import { planUpgrade } from "../../../tools/offline/release-upgrade-plan";
import { upstreamDir } from "../../harness/upstream";

const bundles = () => path.join(upstreamDir(), "kubeflow");

describe("the supported upgrade paths", () => {
  it("are the catalogued releases, one step at a time, oldest first", () => {
    expect(releaseChain()).toEqual(["v1.10.2", "v1.11.0", "26.03"]);
    expect(supportedStep("v1.10.2", "v1.11.0")).toBe(true);
    expect(supportedStep("v1.11.0", "26.03")).toBe(true);
    expect(supportedStep("v1.10.2", "26.03")).toBe(false);
    expect(supportedStep("26.03", "v1.11.0")).toBe(false);
  });
});

describe("upgradeProblems", () => {
  it("says nothing for a first deployment or an unchanged release", () => {
    expect(upgradeProblems(undefined, "26.03", [])).toEqual([]);
    expect(upgradeProblems("26.03", "26.03", [])).toEqual([]);
  });

  it("refuses a jump over a release, naming the path to take", () => {
    expect(upgradeProblems("v1.10.2", "26.03", [])).toEqual([
      "release: got 26.03, which skips v1.11.0 from the deployed v1.10.2: upgrade one release " +
        "at a time (v1.10.2 -> v1.11.0 -> 26.03), with a `pulumi up` at each step. Allowed: v1.10.2 or " +
        "v1.11.0. Set release to v1.11.0 first",
    ]);
  });

  it("refuses a downgrade", () => {
    expect(upgradeProblems("26.03", "v1.11.0", [])).toEqual([
      "release: got v1.11.0, older than the deployed 26.03: downgrades are not supported " +
        "(CRDs and databases only move forward). Allowed: 26.03. Set release back to 26.03",
    ]);
  });

  it("refuses to manage a release this program does not know", () => {
    expect(upgradeProblems("v1.9.1", "26.03", [])).toEqual([
      "release: got 26.03, but the stack runs Kubeflow v1.9.1, which this version of the " +
        "program does not catalogue (catalogued: v1.10.2, v1.11.0, 26.03); keep release: v1.9.1 " +
        "with the program version that deployed it, or redeploy in a new stack",
    ]);
  });

  it("asks for the MinIO to SeaweedFS migration to be acknowledged, and accepts it once it is", () => {
    const [hazard] = getRelease("v1.11.0").hazards;
    expect(upgradeProblems("v1.10.2", "v1.11.0", [], [], "prod")).toEqual([
      "release: got v1.11.0; upgrading the deployed v1.10.2 to it needs a manual step " +
        `(minio-to-seaweedfs): ${hazard!.description} ` +
        'First snapshot the data volumes (`npm run snapshot -- prod --apply`, README "Snapshots before ' +
        'an upgrade") and wait until every snapshot is ready. ' +
        `${manualStep(hazard!)} The acknowledgement is ` +
        '"minioToSeaweedfsMigrated" in upgradeAcknowledgements (now: none)',
    ]);
    expect(upgradeProblems("v1.10.2", "v1.11.0", ["minioToSeaweedfsMigrated"])).toEqual([]);
  });

  it("states a hazard's manual step in the caller's names of the settings", () => {
    const [hazard] = getRelease("v1.11.0").hazards;
    expect(manualStep(hazard!)).toMatch(
      /2\. With release still v1\.10\.2, add minioToSeaweedfsMigrated to upgradeAcknowledgements .*3\. Set release: v1\.11\.0/,
    );
    const keys = {
      release: "kubeflow.version",
      upgradeAcknowledgements: "kubeflow.upgradeAcknowledgements",
    };
    expect(manualStep(hazard!, keys)).toMatch(
      /With kubeflow\.version still v1\.10\.2, add minioToSeaweedfsMigrated to kubeflow\.upgradeAcknowledgements /,
    );
    for (const release of Object.values(CATALOG)) {
      for (const h of [...release.hazards, ...(release.nextHazards ?? [])]) {
        expect(manualStep(h)).not.toMatch(/[{}]|kubeflow\.(version|upgradeAcknowledgements)/);
      }
    }
  });

  it("names the stack's snapshot command in the message of every catalogued hazard that touches data", () => {
    // Each catalogued step that has a data hazard: the guard's message for it names the command.
    const steps = releaseChain()
      .slice(1)
      .map((to) => ({ from: getRelease(to).previous!, to }))
      .filter(({ to }) => getRelease(to).hazards.some((h) => h.touchesData));
    expect(steps.map((s) => `${s.from} -> ${s.to}`)).toEqual(["v1.10.2 -> v1.11.0"]);
    for (const { from, to } of steps) {
      const messages = upgradeProblems(from, to, [], [], "eks-prod");
      const dataHazards = getRelease(to).hazards.filter((h) => h.touchesData);
      for (const h of dataHazards) {
        const message = messages.find((m) => m.includes(`(${h.id})`));
        expect(message).toContain("`npm run snapshot -- eks-prod --apply`");
      }
    }
  });

  it("says which catalogued hazards touch data: those releasing volumes do, the JobSet Deployment does not", () => {
    const hazards = Object.values(CATALOG).flatMap((r) => [...r.hazards, ...(r.nextHazards ?? [])]);
    expect(hazards.filter((h) => h.touchesData).map((h) => h.id)).toEqual(["minio-to-seaweedfs"]);
    // A hazard that releases a data-holding object always touches data.
    expect(hazards.filter((h) => (h.releasesData ?? []).length > 0 && !h.touchesData)).toEqual([]);
  });

  it("prints the snapshot command under a data hazard in the upgrade plan", () => {
    const text = formatUpgradePlan("v1.10.2", "v1.11.0", {
      added: [],
      removed: [],
      changed: [],
      unchanged: 0,
      dataAtRisk: [],
    });
    expect(text.split("\n").slice(2, 4)).toEqual([
      `  Hazard minio-to-seaweedfs: ${getRelease("v1.11.0").hazards[0]!.description}`,
      "    Snapshot first: npm run snapshot -- <stack> --apply",
    ]);
  });
  it("refuses an acknowledged step while the deployed stack still protects the data the hazard releases", () => {
    expect(
      upgradeProblems(
        "v1.10.2",
        "v1.11.0",
        ["minioToSeaweedfsMigrated"],
        [
          "PersistentVolumeClaim kubeflow/minio-pvc",
          "PersistentVolumeClaim kubeflow/mysql-pv-claim",
        ],
      ),
    ).toEqual([
      'upgradeAcknowledgements: "minioToSeaweedfsMigrated" is given, but the deployed stack ' +
        "still protects PersistentVolumeClaim kubeflow/minio-pvc (minio-to-seaweedfs), so the upgrade to " +
        "v1.11.0 would stop at it. Set release back to v1.10.2, keep the acknowledgement and run " +
        "`pulumi up` (it lifts the protection; the objects stay retained on delete), then set " +
        "release: v1.11.0 again",
    ]);
  });
});

describe("releasedByAcknowledgements", () => {
  it("releases the data of an acknowledged hazard of leaving the release, and nothing otherwise", () => {
    expect([...releasedByAcknowledgements("v1.10.2", ["minioToSeaweedfsMigrated"])]).toEqual([
      "PersistentVolumeClaim kubeflow/minio-pvc",
    ]);
    expect([...releasedByAcknowledgements("v1.10.2", [])]).toEqual([]);
    // The hazard is about leaving v1.10.2: on v1.11.0 the acknowledgement releases nothing more.
    expect([...releasedByAcknowledgements("v1.11.0", ["minioToSeaweedfsMigrated"])]).toEqual([]);
  });
});

describe.each([
  ["v1.10.2", "v1.11.0"],
  ["v1.11.0", "26.03"],
])("the upgrade %s -> %s with the same stack config", (from, to) => {
  const plan = planUpgrade(from, to, bundles());

  it("removes no CRD, and no other object holding data unless a catalogued hazard releases it", () => {
    const released = getRelease(to).hazards.flatMap((h) => h.releasesData ?? []);
    const atRisk = plan.diff.dataAtRisk.map((r) =>
      `${r.obj.kind} ${r.obj.metadata.namespace ?? ""}/${r.obj.metadata.name}`.replace(" /", " "),
    );
    expect(atRisk.filter((r) => r.startsWith("CustomResourceDefinition"))).toEqual([]);
    expect(atRisk.filter((r) => !released.includes(r))).toEqual([]);
  });

  it("keeps every object that only changed API version under the same URN, through aliases", () => {
    const added = new Map(plan.diff.added.map((r) => [objectKey(r.obj), r]));
    const moved = plan.diff.removed.filter((r) => added.has(objectKey(r.obj)));
    for (const old of moved) {
      const now = added.get(objectKey(old.obj))!;
      expect(resourceName(`kubeflow-${now.app}`, now.obj)).toBe(
        resourceName(`kubeflow-${old.app}`, old.obj),
      );
      expect(aliasTypesFor(now.obj)).toContain(typeToken(old.obj));
    }
  });

  it("is printed with its counts and, where a manual step is needed, the hazard", () => {
    const d = diffPlans(plan.from, plan.to);
    expect(plan.text.split("\n")[1]).toBe(
      `  ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ` +
        `${d.unchanged} unchanged`,
    );
    for (const h of getRelease(to).hazards) expect(plan.text).toContain(`Hazard ${h.id}:`);
    expect(plan.supported).toBe(true);
  });
});

describe("the v1.10.2 -> v1.11.0 step", () => {
  it("keeps Training Operator v1, which v1.11.0 no longer installs by default, and removes none of it", () => {
    const plan = planUpgrade("v1.10.2", "v1.11.0", bundles());
    expect(plan.to.applications.map((a) => a.key)).toContain("trainingOperator");
    expect(plan.diff.removed.filter((r) => r.app === "trainingOperator")).toEqual([]);
  });

  it("prints the MinIO claim as released by the hazard's acknowledged run, not as a preview failure", () => {
    const plan = planUpgrade("v1.10.2", "v1.11.0", bundles());
    expect(plan.text.split("\n")).toContain(
      "    - PersistentVolumeClaim kubeflow/minio-pvc (pipelines): released by the hazard's " +
        "acknowledged run of the old release (retained on delete)",
    );
    expect(plan.text).not.toContain("the preview fails until you act");
  });

  it("moves Istio's AuthorizationPolicy from v1beta1 to v1 (the case the aliases exist for)", () => {
    const plan = planUpgrade("v1.10.2", "v1.11.0", bundles());
    const added = new Set(plan.diff.added.map((r) => objectKey(r.obj)));
    const moved = plan.diff.removed.filter((r) => added.has(objectKey(r.obj)));
    expect(moved.map((r) => `${r.obj.apiVersion} ${r.obj.kind}`)).toContain(
      "security.istio.io/v1beta1 AuthorizationPolicy",
    );
  });
});
