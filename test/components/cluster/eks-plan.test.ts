import fc from "fast-check";
import { EC2_GPU_INSTANCES, ec2GpuInstance } from "../../../components/cluster/eks-catalog";
import {
  cidrSubnet,
  clusterAutoscalerTags,
  eksGpuDriverMode,
  irsaTrustPolicy,
  launchTemplateSpec,
  planEksGpuPool,
  planSubnets,
  subnetsInZones,
  tagKeySlug,
  zonesForPool,
} from "../../../components/cluster/eks-plan";
import { ACCELERATOR_POOL_LABEL } from "../../../components/shared/constants";

function range(cidr: string): [number, number] {
  const [ip, len] = cidr.split("/");
  const n = ip!.split(".").reduce((a, o) => a * 256 + Number(o), 0);
  return [n, n + 2 ** (32 - Number(len)) - 1];
}

describe("cidrSubnet", () => {
  it.each([
    ["10.0.0.0/16", 3, 0, "10.0.0.0/19"],
    ["10.0.0.0/16", 3, 7, "10.0.224.0/19"],
    ["10.0.224.0/19", 3, 2, "10.0.232.0/22"],
    ["10.40.0.0/16", 4, 15, "10.40.240.0/20"],
  ])("splits %s by %i bits, number %i, into %s", (base, bits, num, want) => {
    expect(cidrSubnet(base, bits, num)).toBe(want);
  });

  it("refuses a subnet number that does not fit", () => {
    expect(() => cidrSubnet("10.0.0.0/16", 3, 8)).toThrow(
      "10.0.0.0/16 has no subnet number 8 of /19",
    );
  });
});

describe("planSubnets", () => {
  const zones = ["a", "b", "c", "d", "e", "f"].map((l) => `eu-west-1${l}`);

  it("never overlaps, stays inside the VPC, and keys each subnet by zone letter", () => {
    fc.assert(
      fc.property(
        fc.subarray(zones, { minLength: 2 }),
        fc.constantFrom("10.0.0.0/16", "10.40.0.0/16", "172.20.0.0/18"),
        (azs, vpc) => {
          const plan = planSubnets(vpc, azs);
          const ranges = plan.flatMap((s) => [range(s.privateCidr), range(s.publicCidr)]);
          const [lo, hi] = range(vpc);
          for (const [a, b] of ranges) if (a < lo || b > hi) return false;
          ranges.sort((x, y) => x[0] - y[0]);
          for (let i = 1; i < ranges.length; i++)
            if (ranges[i]![0] <= ranges[i - 1]![1]) return false;
          // Reordering the zones gives every zone the same subnets.
          const reversed = planSubnets(vpc, [...azs].reverse());
          return plan.every((s) => reversed.some((r) => JSON.stringify(r) === JSON.stringify(s)));
        },
      ),
    );
  });
});

describe("zonesForPool", () => {
  const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

  it("keeps the cluster's zones that offer the instance type", () => {
    expect(
      zonesForPool({ name: "a100", instanceType: "p4d.24xlarge" }, 0, zones, [
        "eu-west-1c",
        "eu-west-1a",
        "eu-west-1d",
      ]),
    ).toEqual({ zones: ["eu-west-1a", "eu-west-1c"] });
  });

  it("also honours the pool's own zones", () => {
    expect(
      zonesForPool({ name: "l4", instanceType: "g6.xlarge", zones: ["eu-west-1c"] }, 0, zones, [
        "eu-west-1a",
        "eu-west-1c",
      ]),
    ).toEqual({ zones: ["eu-west-1c"] });
  });

  it("names the instance type, the zones involved and the fix when none is left", () => {
    expect(
      zonesForPool({ name: "h100", instanceType: "p5.48xlarge" }, 2, zones, ["eu-west-1d"]),
    ).toEqual({
      problem: {
        path: ["accelerators", 2, "instanceType"],
        message:
          'p5.48xlarge (pool "h100") is not offered in any of the cluster\'s zones ' +
          "(eu-west-1a, eu-west-1b, eu-west-1c); this region offers it in eu-west-1d. Choose another " +
          "instance type, or add an offering zone to the cluster",
      },
    });
  });

  it("names the pool's zones when they are what leaves nothing", () => {
    const r = zonesForPool(
      { name: "l4", instanceType: "g6.xlarge", zones: ["eu-west-1b"] },
      0,
      zones,
      ["eu-west-1a"],
    );
    expect("problem" in r && r.problem.path).toEqual(["accelerators", 0, "zones"]);
  });
});

describe("subnetsInZones", () => {
  it("keeps the subnets of the chosen zones", () => {
    const subnets = [
      { id: "subnet-a", az: "eu-west-1a" },
      { id: "subnet-b", az: "eu-west-1b" },
    ];
    expect(subnetsInZones(subnets, ["eu-west-1b"])).toEqual(["subnet-b"]);
  });
});

describe("irsaTrustPolicy", () => {
  it("lets only the one service account assume the role, with the STS audience", () => {
    const policy = JSON.parse(
      irsaTrustPolicy(
        "arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X",
        "https://oidc.eks.eu-west-1.amazonaws.com/id/X",
        "kube-system",
        "ebs-csi-controller-sa",
      ),
    );
    expect(policy.Statement[0].Condition.StringEquals).toEqual({
      "oidc.eks.eu-west-1.amazonaws.com/id/X:sub":
        "system:serviceaccount:kube-system:ebs-csi-controller-sa",
      "oidc.eks.eu-west-1.amazonaws.com/id/X:aud": "sts.amazonaws.com",
    });
    expect(policy.Statement[0].Action).toBe("sts:AssumeRoleWithWebIdentity");
  });
});

describe("planEksGpuPool", () => {
  it("scales from zero by default, on demand, on the AL2023 NVIDIA AMI", () => {
    const p = planEksGpuPool({ name: "l4", instanceType: "g6.xlarge" });
    expect({ min: p.min, desired: p.desired, capacity: p.capacityType, ami: p.amiType }).toEqual({
      min: 0,
      desired: 0,
      capacity: "ON_DEMAND",
      ami: "AL2023_x86_64_NVIDIA",
    });
    expect(p.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
    expect(p.handle.countPerNode).toBe(1);
    expect(p.handle.type).toBe("nvidia-l4");
    expect(p.handle.nodeSelector).toEqual({ [ACCELERATOR_POOL_LABEL]: "l4" });
  });

  it("puts Bottlerocket's container storage on its data volume", () => {
    const p = planEksGpuPool({ name: "b", instanceType: "g5.xlarge", os: "bottlerocket" });
    expect(p.amiType).toBe("BOTTLEROCKET_x86_64_NVIDIA");
    expect(p.dataDevice).toBe("/dev/xvdb");
  });

  it("tags the group so cluster-autoscaler can build a node of an empty group", () => {
    const p = planEksGpuPool({ name: "a100", instanceType: "p4d.24xlarge", spot: true });
    expect(p.capacityType).toBe("SPOT");
    expect(p.autoscalerTags).toEqual({
      "k8s.io/cluster-autoscaler/node-template/label/kubeflow-platform.io/accelerator-pool": "a100",
      "k8s.io/cluster-autoscaler/node-template/label/kubeflow-platform.io/accelerator":
        "nvidia-a100-40gb",
      "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
      "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": "8",
    });
  });

  it("gives every catalog instance type a GPU count matching the autoscaler tag", () => {
    for (const i of EC2_GPU_INSTANCES) {
      const p = planEksGpuPool({ name: "x", instanceType: i.instanceType });
      expect(
        p.autoscalerTags["k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu"],
      ).toBe(String(ec2GpuInstance(i.instanceType)!.count));
    }
  });

  it("refuses an instance type outside the catalog", () => {
    expect(() => planEksGpuPool({ name: "x", instanceType: "m6i.large" })).toThrow(
      '"m6i.large" is not a supported GPU instance type',
    );
  });
});

describe("small helpers", () => {
  it("slug autoscaler tag keys into stable resource-name keys", () => {
    const tags = clusterAutoscalerTags(
      { a: "1" },
      [{ key: "k", value: "v", effect: "NoSchedule" }],
      2,
    );
    expect(Object.keys(tags).map(tagKeySlug)).toEqual([
      "label-a",
      "taint-k",
      "resources-nvidia-com-gpu",
    ]);
  });

  it("require IMDSv2 with one hop and encrypt the node volume", () => {
    const lt = launchTemplateSpec("/dev/xvda", 100);
    expect(lt.metadataOptions).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
    });
    expect(lt.blockDeviceMappings[0]!.ebs.encrypted).toBe("true");
  });

  it.each([
    [[], "none"],
    [["AL2023_x86_64_NVIDIA"], "driver-on-node"],
    [["BOTTLEROCKET_x86_64_NVIDIA"], "platform-managed"],
    [["BOTTLEROCKET_x86_64_NVIDIA", "AL2023_x86_64_NVIDIA"], "driver-on-node"],
  ])("say who installs the GPU stack for AMIs %j: %s", (amis, mode) => {
    expect(eksGpuDriverMode(amis)).toBe(mode);
  });
});
