import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { snapshotCliArgs, snapshotReport } from "../../tools/snapshot-cli";
import {
  defaultRunLabel,
  planSnapshots,
  profileSnapshotScript,
  runLabelProblem,
} from "../../tools/snapshot-plan";
import { setOf } from "./verify/rules/fixtures";

const claim = (ns: string, name: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: ns },
  spec: {},
});
const snapshotClass = {
  apiVersion: "snapshot.storage.k8s.io/v1",
  kind: "VolumeSnapshotClass",
  metadata: { name: "kubeflow-platform-snapshots" },
  driver: "ebs.csi.aws.com",
  deletionPolicy: "Retain",
};

describe("planSnapshots", () => {
  it("gives every claim of the set one labelled VolumeSnapshot through the platform's class, sorted", () => {
    const plan = planSnapshots(
      setOf(claim("kubeflow", "mysql-pv-claim"), claim("auth", "dex"), snapshotClass),
      "pre-26-03",
    );
    expect(plan.className).toBe("kubeflow-platform-snapshots");
    expect(plan.snapshots).toEqual([
      {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshot",
        metadata: {
          name: "dex-pre-26-03",
          namespace: "auth",
          labels: {
            "kubeflow-platform.io/snapshot": "pre-26-03",
            "kubeflow-platform.io/release": "26.03",
          },
        },
        spec: {
          volumeSnapshotClassName: "kubeflow-platform-snapshots",
          source: { persistentVolumeClaimName: "dex" },
        },
      },
      expect.objectContaining({
        metadata: expect.objectContaining({
          name: "mysql-pv-claim-pre-26-03",
          namespace: "kubeflow",
        }),
      }),
    ]);
  });

  it("names no class when the set has none (the command then refuses, saying what to set)", () => {
    const plan = planSnapshots(setOf(claim("kubeflow", "katib-mysql")), "pre-test");
    expect(plan.className).toBeUndefined();
    expect(plan.snapshots[0]!.spec).toEqual({
      source: { persistentVolumeClaimName: "katib-mysql" },
    });
    expect(snapshotReport("dev", plan, "pre-test").refusal).toBe(
      "stack dev has no VolumeSnapshotClass: its cluster offers no volume snapshots the program knows. On " +
        "an existing cluster, set cluster.snapshots.driver to the provisioner of its StorageClass (`kubectl " +
        "get storageclass`), install the snapshot CRDs and controller if the cluster lacks them, and " +
        "`pulumi up`; or back the volumes up with your storage's own tools.",
    );
  });
});

describe("the profile namespaces' script", () => {
  /** Run the script with a stand-in kubectl that knows two profile namespaces and records what is applied. */
  function runWithFakeKubectl(script: string): { applied: unknown[]; calls: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snapshot-kubectl-"));
    const log = path.join(dir, "calls");
    const applied = path.join(dir, "applied");
    fs.writeFileSync(
      path.join(dir, "kubectl"),
      [
        "#!/bin/sh",
        `echo "$*" >> ${log}`,
        'case "$*" in',
        '  "get namespaces -l app.kubernetes.io/part-of=kubeflow-profile -o name")',
        "    echo namespace/team-vision; echo namespace/team-nlp ;;",
        '  "-n team-vision get persistentvolumeclaims -o name")',
        "    echo persistentvolumeclaim/workspace-nb1; echo persistentvolumeclaim/datasets ;;",
        '  "-n team-nlp get persistentvolumeclaims -o name") ;;',
        `  "apply -f -") cat >> ${applied}; echo >> ${applied} ;;`,
        "  *) echo unexpected >&2; exit 3 ;;",
        "esac",
      ].join("\n"),
      { mode: 0o755 },
    );
    const r = spawnSync("sh", ["-c", script], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ""}` },
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = fs.existsSync(applied)
      ? fs
          .readFileSync(applied, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "")
      : [];
    const calls = fs.readFileSync(log, "utf8").trim().split("\n");
    fs.rmSync(dir, { recursive: true });
    return { applied: lines.map((l) => JSON.parse(l) as unknown), calls };
  }

  it("snapshots every claim of every profile namespace, and nothing in a namespace without claims", () => {
    const { applied } = runWithFakeKubectl(
      profileSnapshotScript("pre-test", "26.03", "kubeflow-platform-snapshots"),
    );
    const snap = (ns: string, pvc: string) => ({
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshot",
      metadata: {
        name: `${pvc}-pre-test`,
        namespace: ns,
        labels: {
          "kubeflow-platform.io/snapshot": "pre-test",
          "kubeflow-platform.io/release": "26.03",
        },
      },
      spec: {
        volumeSnapshotClassName: "kubeflow-platform-snapshots",
        source: { persistentVolumeClaimName: pvc },
      },
    });
    expect(applied).toEqual([
      snap("team-vision", "workspace-nb1"),
      snap("team-vision", "datasets"),
    ]);
  });
});

describe("the command's arguments", () => {
  const now = new Date("2026-12-02T04:50:12Z");

  it("labels a run by the UTC minute unless told otherwise, and leaves the stack arguments", () => {
    expect(defaultRunLabel(now)).toBe("pre-upgrade-20261202-0450");
    expect(snapshotCliArgs(["gke-example", "--apply", "--charts", "c"], now)).toEqual({
      label: "pre-upgrade-20261202-0450",
      apply: true,
      rest: ["gke-example", "--charts", "c"],
    });
    expect(snapshotCliArgs(["dev", "--label", "pre-26-03"], now)).toEqual({
      label: "pre-26-03",
      apply: false,
      rest: ["dev"],
    });
  });

  it("refuses a label that cannot suffix a snapshot name, or a missing one", () => {
    expect(runLabelProblem("Before_Upgrade")).toBe(
      "--label \"Before_Upgrade\" must be lowercase letters, digits and '-', starting and ending with a " +
        "letter or digit, at most 40 characters (e.g. pre-26-03-upgrade)",
    );
    expect(snapshotCliArgs(["dev", "--label"], now)).toEqual({ error: "--label needs a value" });
  });
});
