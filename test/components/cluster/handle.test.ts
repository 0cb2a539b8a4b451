import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../../../components/cluster/handle";
import { valueOf } from "../../harness";
import { readStackFile } from "../../harness/stackfile";
import { runCluster } from "./run";

/** The shape of a handle: each key with the kind of its (resolved) value. */
async function shape(h: ClusterHandle): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v instanceof k8s.Provider) out[k] = "k8s.Provider";
    else if (pulumi.Output.isInstance(v)) out[k] = `Output<${typeof (await valueOf(v))}>`;
    else if (Array.isArray(v)) out[k] = "array";
    else out[k] = typeof v;
  }
  // oidcIssuer is an Input<string>: a plain string where it is known in advance, an Output on EKS.
  out.oidcIssuer = typeof (await valueOf(pulumi.output(h.oidcIssuer)));
  return out;
}

/** The shape of an accelerator pool entry. */
function poolShape(p: ClusterHandle["accelerators"][number]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(p).map(([k, v]) => [k, Array.isArray(v) ? "array" : typeof v]),
  );
}

describe("the ClusterHandle", () => {
  it("has the same keys and value kinds on GKE, EKS and an existing cluster", async () => {
    const existing = await runCluster(
      {
        platform: "existing",
        cluster: {
          kubeconfigSecret: "kubeconfig",
          storageClass: "fast",
          kubernetesVersion: "1.34",
          loadBalancer: true,
          accelerators: [{ name: "l4", type: "nvidia-l4" }],
          snapshots: { driver: "rook-ceph.rbd.csi.ceph.com" },
        },
      },
      { secrets: { kubeconfig: "apiVersion: v1\nkind: Config\n" } },
    );
    const gke = await runCluster({
      ...readStackFile("gke-example"),
      cluster: { ...(readStackFile("gke-example").cluster as object), kubernetesVersion: "1.34" },
    });
    const eks = await runCluster(readStackFile("eks-example"));

    const shapes = await Promise.all([existing, gke, eks].map((r) => shape(r.handle)));
    // Only the cloud clusters carry the cloud's facts (for the entry and stores beside them).
    const { cloud: gkeCloud, ...gkeShape } = shapes[1] as Record<string, unknown>;
    const { cloud: eksCloud, ...eksShape } = shapes[2] as Record<string, unknown>;
    expect([gkeCloud, eksCloud, (shapes[0] as Record<string, unknown>)["cloud"]]).toEqual([
      "object",
      "object",
      undefined,
    ]);
    expect(gke.handle.cloud?.kind).toBe("gcp");
    expect(eks.handle.cloud?.kind).toBe("aws");
    expect(gkeShape).toEqual(shapes[0]);
    expect(eksShape).toEqual(shapes[0]);
    expect(shapes[0]).toMatchObject({
      provider: "k8s.Provider",
      kubeconfig: "Output<string>",
      oidcIssuer: "string",
      accelerators: "array",
      ready: "array",
      snapshots: "object",
    });
    // Each platform says which CSI driver takes its snapshots and who runs the snapshot controller.
    expect([existing, gke, eks].map((r) => r.handle.snapshots)).toEqual([
      { driver: "rook-ceph.rbd.csi.ceph.com", controller: "cluster" },
      { driver: "pd.csi.storage.gke.io", controller: "platform-managed" },
      { driver: "ebs.csi.aws.com", controller: "add-on" },
    ]);

    // Pools differ only in countPerNode, which an existing cluster's config does not give.
    const keys = (r: { handle: ClusterHandle }) => poolShape(r.handle.accelerators[0]!);
    const { countPerNode, ...rest } = keys(gke);
    expect(countPerNode).toBe("number");
    expect(keys(existing)).toEqual(rest);
    expect(keys(eks)).toEqual(keys(gke));
  });
});
