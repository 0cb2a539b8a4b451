/**
 * The network checks the cluster components and the stack config share. The corpus
 * (test/stacks/config-corpus/cluster.ts) asserts their exact messages through loadConfig; these assert which
 * inputs they accept and refuse.
 */
import fc from "fast-check";
import {
  eksClusterProblems,
  eksNetworkProblems,
  planSubnets,
} from "../../../components/cluster/eks-plan";
import { gkeClusterProblems, gkeNetworkProblems } from "../../../components/cluster/gke-plan";

const paths = (ps: Array<{ path: ReadonlyArray<string | number> }>) =>
  ps.map((p) => p.path.join("."));

describe("eksNetworkProblems", () => {
  it("accepts every /16 to /20 VPC, and the plan then splits it for six zones", () => {
    const zones = ["a", "b", "c", "d", "e", "f"].map((l) => `eu-west-1${l}`);
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 20 }), fc.integer({ min: 0, max: 255 }), (p, o) => {
        const vpcCidr = `10.${o}.0.0/${p}`;
        const problems = eksNetworkProblems({
          region: "eu-west-1",
          network: { vpcCidr, availabilityZones: zones },
        });
        return problems.length === 0 && planSubnets(vpcCidr, zones).length === 6;
      }),
    );
  });

  it.each([8, 15, 21, 24, 28])("refuses a /%i VPC", (p) => {
    expect(
      paths(eksNetworkProblems({ region: "eu-west-1", network: { vpcCidr: `10.0.0.0/${p}` } })),
    ).toEqual(["network.vpcCidr"]);
  });

  it("checks no VPC block, and no pool zone against VPC zones, for an existing VPC", () => {
    expect(
      eksNetworkProblems({
        region: "eu-west-1",
        network: {
          vpcId: "vpc-1",
          privateSubnetIds: ["subnet-1", "subnet-2"],
          vpcCidr: "10.0.0.0/28",
        },
        accelerators: [{ zones: ["eu-west-1f"] }],
      }),
    ).toEqual([]);
  });

  it("takes the region's zones a, b and c when none are listed", () => {
    expect(
      paths(
        eksNetworkProblems({
          region: "eu-west-1",
          accelerators: [{ zones: ["eu-west-1c", "eu-west-1d"] }],
        }),
      ),
    ).toEqual(["accelerators.0.zones.1"]);
  });
});

describe("eksClusterProblems", () => {
  it("checks the autoscaler only when it is enabled", () => {
    const args = { region: "eu-west-1", kubernetesVersion: "1.34" };
    expect(
      paths(eksClusterProblems({ ...args, clusterAutoscaler: { version: "v1.33.0" } })),
    ).toEqual(["clusterAutoscaler.version"]);
    expect(
      eksClusterProblems({ ...args, clusterAutoscaler: { enabled: false, version: "v1.33.0" } }),
    ).toEqual([]);
  });
});

describe("gkeNetworkProblems", () => {
  it("accepts the defaults", () => {
    expect(gkeNetworkProblems({})).toEqual([]);
  });

  it("checks only the control plane's range on an existing network", () => {
    expect(
      paths(
        gkeNetworkProblems({
          network: { network: "shared", nodesCidr: "10.0.0.0/30", masterCidr: "10.0.0.0/27" },
        }),
      ),
    ).toEqual(["network.masterCidr"]);
  });

  it("finds every pair of overlapping ranges, on the later key", () => {
    expect(
      paths(
        gkeNetworkProblems({
          network: {
            nodesCidr: "10.0.0.0/8",
            podsCidr: "10.16.0.0/14",
            servicesCidr: "10.20.0.0/20",
            masterCidr: "10.30.0.0/28",
          },
        }),
      ),
    ).toEqual(["network.podsCidr", "network.servicesCidr", "network.masterCidr"]);
  });
});

describe("gkeClusterProblems", () => {
  it("refuses an accelerator type outside the catalog, for direct callers", () => {
    expect(
      gkeClusterProblems({
        accelerators: [{ type: "nvidia-tesla-v100", machineType: "n1-standard-8" }],
      }),
    ).toEqual([
      {
        path: ["accelerators", 0, "type"],
        message:
          'unknown GKE accelerator type "nvidia-tesla-v100"; use one of the catalog\'s types',
      },
    ]);
  });
});
