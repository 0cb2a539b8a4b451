import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../../../components/cluster/handle";
import { Inventory, RecordedResource, runProgram, SECRET_SIG, valueOf } from "../../harness";
import { readStackFile } from "../../harness/stackfile";
import { providerUrn, runCluster } from "./run";

const CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ADDON = "aws:eks/addon:Addon";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
type Obj = Record<string, unknown>;

describe("the EKS example stack (whole program)", () => {
  let inv: Inventory;
  let cluster: RecordedResource;
  let handle: ClusterHandle;

  beforeAll(async () => {
    inv = await runProgram(readStackFile("eks-example"));
    cluster = inv.get(CLUSTER, "kubeflow-cluster");
    ({ handle } = await runCluster(readStackFile("eks-example")));
  });

  it("spreads private subnets with a NAT gateway each over the three zones", () => {
    const vpc = inv.get("aws:ec2/vpc:Vpc", "kubeflow-net-vpc");
    expect(vpc.inputs.cidrBlock).toBe("10.40.0.0/16");
    const priv = ["a", "b", "c"].map((l) =>
      inv.get("aws:ec2/subnet:Subnet", `kubeflow-net-private-eu-west-1${l}`),
    );
    expect(priv.map((s) => s.inputs.cidrBlock)).toEqual([
      "10.40.0.0/19",
      "10.40.32.0/19",
      "10.40.64.0/19",
    ]);
    for (const s of priv)
      expect((s.inputs.tags as Obj)["kubernetes.io/role/internal-elb"]).toBe("1");
    expect(inv.byType("aws:ec2/natGateway:NatGateway")).toHaveLength(3);
    expect((cluster.inputs.vpcConfig as Obj).subnetIds).toEqual(
      ["a", "b", "c"].map((l) => `kubeflow-net-private-eu-west-1${l}-id`),
    );
  });

  it("keeps the endpoint private and public only to the listed CIDRs", () => {
    expect(cluster.inputs.vpcConfig).toMatchObject({
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["198.51.100.0/24", "203.0.113.0/26"],
    });
  });

  it("encrypts Secrets with a protected, rotated KMS key and logs every control-plane component", () => {
    const key = inv.get("aws:kms/key:Key", "kubeflow-secrets-key");
    expect(key.protect).toBe(true);
    expect(key.inputs.enableKeyRotation).toBe(true);
    const enc = cluster.inputs.encryptionConfig as {
      provider: { keyArn: string };
      resources: string[];
    };
    expect(enc.resources).toEqual(["secrets"]);
    expect(enc.provider.keyArn).toMatch(/^arn:aws:kms:/);
    expect(cluster.inputs.enabledClusterLogTypes).toEqual([
      "api",
      "audit",
      "authenticator",
      "controllerManager",
      "scheduler",
    ]);
    const logs = inv.get("aws:cloudwatch/logGroup:LogGroup", "kubeflow-logs");
    expect(logs.inputs).toMatchObject({ name: "/aws/eks/kubeflow/cluster", retentionInDays: 90 });
    expect(cluster.dependsOn).toContain(logs.urn);
  });

  it("protects the cluster twice: Pulumi protect and EKS deletion protection", () => {
    expect(cluster.protect).toBe(true);
    expect(cluster.inputs.deletionProtection).toBe(true);
  });

  it("authenticates with access entries only, and makes the listed admins cluster admins", () => {
    expect(cluster.inputs.accessConfig).toEqual({
      authenticationMode: "API",
      bootstrapClusterCreatorAdminPermissions: true,
    });
    const assoc = inv.get(
      "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
      "kubeflow-admin-platform-team",
    );
    expect(assoc.inputs).toMatchObject({
      principalArn: "arn:aws:iam::123456789012:role/platform-admins",
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    });
  });

  it("registers the cluster's OIDC issuer for IRSA, and gives the CNI and EBS CSI driver their own roles", () => {
    const oidc = inv.get("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "kubeflow-oidc");
    expect(oidc.inputs).toMatchObject({ url: ISSUER, clientIdLists: ["sts.amazonaws.com"] });
    const trust = (name: string) =>
      JSON.parse(String(inv.get("aws:iam/role:Role", name).inputs.assumeRolePolicy)).Statement[0]
        .Condition.StringEquals as Obj;
    const issuerHost = ISSUER.replace("https://", "");
    expect(trust("kubeflow-vpc-cni-role")[`${issuerHost}:sub`]).toBe(
      "system:serviceaccount:kube-system:aws-node",
    );
    expect(trust("kubeflow-ebs-csi-role")[`${issuerHost}:sub`]).toBe(
      "system:serviceaccount:kube-system:ebs-csi-controller-sa",
    );
    const cni = inv.get(ADDON, "kubeflow-vpc-cni").inputs;
    expect(cni.serviceAccountRoleArn).toBe("arn:aws:iam::123456789012:role/kubeflow-vpc-cni-role");
    expect(JSON.parse(String(cni.configurationValues))).toEqual({ enableNetworkPolicy: "true" });
    expect(inv.get(ADDON, "kubeflow-ebs-csi").inputs.serviceAccountRoleArn).toBe(
      "arn:aws:iam::123456789012:role/kubeflow-ebs-csi-role",
    );
    expect(
      inv
        .byType(ADDON)
        .map((a) => a.inputs.addonName)
        .sort(),
    ).toEqual(["aws-ebs-csi-driver", "coredns", "kube-proxy", "snapshot-controller", "vpc-cni"]);
  });

  it("never gives nodes the CNI policy, and requires IMDSv2 with one hop on every node", () => {
    const nodePolicies = inv
      .byType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((r) => r.name.startsWith("kubeflow-node-role-"))
      .map((r) => String(r.inputs.policyArn));
    expect(nodePolicies.sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    ]);
    const lts = inv.byType("aws:ec2/launchTemplate:LaunchTemplate");
    expect(lts).toHaveLength(3);
    for (const lt of lts) {
      expect(lt.inputs.metadataOptions).toMatchObject({
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
      });
      expect(((lt.inputs.blockDeviceMappings as Obj[])[0]!.ebs as Obj).encrypted).toBe("true");
    }
  });

  it("runs GPU node groups on the NVIDIA AMI, from zero, tainted and labelled", () => {
    const l4 = inv.get(NODE_GROUP, "kubeflow-gpu-l4");
    expect(l4.inputs).toMatchObject({
      amiType: "AL2023_x86_64_NVIDIA",
      capacityType: "ON_DEMAND",
      instanceTypes: ["g6.4xlarge"],
      scalingConfig: { minSize: 0, maxSize: 4, desiredSize: 0 },
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
      labels: {
        "kubeflow-platform.io/accelerator-pool": "l4",
        "kubeflow-platform.io/accelerator": "nvidia-l4",
      },
    });
    expect(l4.ignoreChanges).toContain("scalingConfig.desiredSize");
    expect(inv.get(NODE_GROUP, "kubeflow-gpu-a100").inputs.capacityType).toBe("SPOT");
  });

  it("limits a GPU group to the subnets of zones that offer its instance type", () => {
    // The mocks offer P instances in zones a and b only.
    expect(inv.get(NODE_GROUP, "kubeflow-gpu-a100").inputs.subnetIds).toEqual([
      "kubeflow-net-private-eu-west-1a-id",
      "kubeflow-net-private-eu-west-1b-id",
    ]);
    expect(inv.get(NODE_GROUP, "kubeflow-gpu-l4").inputs.subnetIds).toHaveLength(3);
  });

  it("tags each GPU group's Auto Scaling group so cluster-autoscaler can scale it from zero", () => {
    const tags = inv
      .byType("aws:autoscaling/tag:Tag")
      .filter((t) => t.name.startsWith("kubeflow-gpu-a100-"))
      .map((t) => t.inputs);
    expect(tags.map((t) => (t.tag as Obj).key).sort()).toEqual([
      "k8s.io/cluster-autoscaler/node-template/label/kubeflow-platform.io/accelerator",
      "k8s.io/cluster-autoscaler/node-template/label/kubeflow-platform.io/accelerator-pool",
      "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu",
      "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu",
    ]);
    for (const t of tags) expect(t.autoscalingGroupName).toBe("eks-kubeflow-gpu-a100-0123abcd");
  });

  it("makes an encrypted gp3 class the default once the EBS CSI driver is installed", () => {
    const sc = inv.get("kubernetes:storage.k8s.io/v1:StorageClass", "kubeflow-gp3");
    expect(sc.inputs).toMatchObject({
      metadata: {
        name: "gp3",
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
      },
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
      volumeBindingMode: "WaitForFirstConsumer",
    });
    expect(sc.dependsOn).toContain(inv.get(ADDON, "kubeflow-ebs-csi").urn);
    expect(providerUrn(sc.provider)).toBe(
      inv.get("pulumi:providers:kubernetes", "kubeflow-k8s").urn,
    );
  });

  it("installs cluster-autoscaler as the IRSA role, pinned to the cluster's minor, on the system nodes", () => {
    const d = inv.get("kubernetes:apps/v1:Deployment", "kubeflow-autoscaler-deployment");
    const spec = ((d.inputs.spec as Obj).template as Obj).spec as {
      nodeSelector: Obj;
      containers: Array<{ image: string; command: string[] }>;
    };
    expect(spec.containers[0]!.image).toBe(
      "registry.k8s.io/autoscaling/cluster-autoscaler:v1.34.4",
    );
    expect(spec.containers[0]!.command).toContain(
      "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/kubeflow",
    );
    expect(spec.nodeSelector).toEqual({ "kubeflow-platform.io/pool": "system" });
    const sa = inv.get("kubernetes:core/v1:ServiceAccount", "kubeflow-autoscaler-sa");
    expect((sa.inputs.metadata as Obj).annotations).toEqual({
      "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/kubeflow-autoscaler-role",
    });
    expect(d.dependsOn).toContain(inv.get(NODE_GROUP, "kubeflow-system").urn);
  });

  it("builds the Kubernetes provider from a secret kubeconfig using `aws eks get-token`", () => {
    const provider = inv.get("pulumi:providers:kubernetes", "kubeflow-k8s");
    expect(provider.inputs.enableServerSideApply).toBe("true");
    const wire = provider.wireInputs.kubeconfig as Obj;
    expect(wire[SIG_KEY]).toBe(SECRET_SIG);
    expect(String(wire.value)).toContain("- get-token");
    expect(String(wire.value)).toContain(
      "server: https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
    );
  });

  it("hands the upper layers EKS's facts, with the cluster's own token issuer", async () => {
    expect(handle.platform).toBe("aws");
    expect(handle.cniBinDir).toBe("/opt/cni/bin");
    expect(handle.gpuDriver).toBe("driver-on-node");
    expect(handle.storageClass).toBe("gp3");
    expect(handle.kubernetesVersion).toBe("1.34");
    expect(await valueOf(pulumi.output(handle.oidcIssuer))).toBe(ISSUER);
    expect(handle.accelerators.map((a) => [a.name, a.countPerNode, a.type])).toEqual([
      ["l4", 1, "nvidia-l4"],
      ["a100", 8, "nvidia-a100-40gb"],
    ]);
    // system and two GPU node groups, CoreDNS, EBS CSI, the snapshot controller, the StorageClass
    expect(handle.ready).toHaveLength(7);
  });
});

describe("an EKS stack in an existing VPC with protection turned off", () => {
  it("creates no network and no autoscaler, uses the given subnets, and protects nothing", async () => {
    const inv = await runProgram({
      platform: "aws",
      cluster: {
        region: "eu-west-1",
        protect: false,
        deletionProtection: false,
        secretsEncryptionKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1111-2222",
        network: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a", "subnet-0b"] },
        clusterAutoscaler: { enabled: false },
        accelerators: [{ name: "l4", instanceType: "g6.xlarge", os: "bottlerocket" }],
      },
    });
    const cluster = inv.get(CLUSTER, "kubeflow-cluster");
    expect(cluster.protect).toBe(false);
    expect(cluster.inputs.deletionProtection).toBe(false);
    expect((cluster.inputs.vpcConfig as Obj).subnetIds).toEqual(["subnet-0a", "subnet-0b"]);
    expect((cluster.inputs.encryptionConfig as Obj).provider).toEqual({
      keyArn: "arn:aws:kms:eu-west-1:123456789012:key/1111-2222",
    });
    expect(inv.byType("kubeflow:cluster:EksVpc")).toHaveLength(0);
    expect(inv.byType("kubeflow:cluster:ClusterAutoscaler")).toHaveLength(0);
    expect(inv.byType("aws:kms/key:Key")).toHaveLength(0);
    expect(inv.get(NODE_GROUP, "kubeflow-gpu-l4").inputs.amiType).toBe(
      "BOTTLEROCKET_x86_64_NVIDIA",
    );
  });
});
