import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { REPO_ROOT } from "../harness/stackfile";
import { bundleDir, upstreamDir } from "../harness/upstream";

const data = () => [
  "--charts",
  path.join(upstreamDir(), "charts"),
  "--bundles",
  bundleDir("26.03"),
];
const snapshot = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(
    process.execPath,
    ["-r", "@swc-node/register", "tools/snapshot.ts", ...args, ...data()],
    { cwd: REPO_ROOT, encoding: "utf8", env },
  );

type Snap = {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: { volumeSnapshotClassName: string; source: { persistentVolumeClaimName: string } };
};

describe("npm run snapshot", () => {
  it("prints a YAML stream kubectl can apply: the commands as comments, one VolumeSnapshot per platform claim", () => {
    const r = snapshot(["teams-example", "--label", "pre-test"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Snap);
    expect(docs.map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      "VolumeSnapshot kubeflow/katib-mysql-pre-test",
      "VolumeSnapshot kubeflow/mysql-pv-claim-pre-test",
      "VolumeSnapshot kubeflow/seaweedfs-pvc-pre-test",
    ]);
    expect(new Set(docs.map((d) => d.spec.volumeSnapshotClassName))).toEqual(
      new Set(["kubeflow-platform-snapshots"]),
    );
    expect(r.stdout).toContain(
      "#   for ns in $(kubectl get namespaces -l app.kubernetes.io/part-of=kubeflow-profile -o name); do",
    );
  });

  it("with --apply, applies the platform's snapshots, then every profile claim's, and says what to wait for", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snapshot-apply-"));
    const applied = path.join(dir, "applied");
    fs.writeFileSync(
      path.join(dir, "kubectl"),
      [
        "#!/bin/sh",
        'case "$*" in',
        '  "get namespaces -l app.kubernetes.io/part-of=kubeflow-profile -o name") echo namespace/team-vision ;;',
        '  "-n team-vision get persistentvolumeclaims -o name") echo persistentvolumeclaim/workspace-nb1 ;;',
        `  "apply -f -") cat >> ${applied}; echo "---" >> ${applied} ;;`,
        "  *) echo unexpected: $* >&2; exit 3 ;;",
        "esac",
      ].join("\n"),
      { mode: 0o755 },
    );
    const r = snapshot(["teams-example", "--label", "pre-test", "--apply"], {
      ...process.env,
      PATH: `${dir}:${process.env.PATH ?? ""}`,
    });
    const docs = parseAllDocuments(fs.readFileSync(applied, "utf8"))
      .map((d) => d.toJS() as Snap | null)
      .filter((d): d is Snap => d !== null);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(
      docs.map((d) => `${d.metadata.namespace}/${d.spec.source.persistentVolumeClaimName}`),
    ).toEqual([
      "kubeflow/katib-mysql",
      "kubeflow/mysql-pv-claim",
      "kubeflow/seaweedfs-pvc",
      "team-vision/workspace-nb1",
    ]);
    expect(r.stdout).toContain(
      "kubectl get volumesnapshots --all-namespaces -l kubeflow-platform.io/snapshot=pre-test",
    );
  });

  it("refuses a stack whose cluster offers no snapshots, with exit 1 and the fix", () => {
    const r = snapshot(["dev"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("stack dev has no VolumeSnapshotClass");
    expect(r.stderr).toContain("set cluster.snapshots.driver");
  });
});
