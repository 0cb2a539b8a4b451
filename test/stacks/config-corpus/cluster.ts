/**
 * Invalid `cluster` configs for the gcp and aws platforms, each with the exact problems loadConfig reports.
 * Run by the corpus test with loadConfig and the harness (nothing may be registered).
 */
const gcp = (cluster: Record<string, unknown>) => ({ platform: "gcp", cluster });
const aws = (cluster: Record<string, unknown>) => ({ platform: "aws", cluster });
const gke = { project: "acme-ml", region: "europe-west4" };
const eks = { region: "eu-west-1" };

export const cases: Array<{
  name: string;
  config: Record<string, unknown>;
  secrets?: Record<string, string>;
  problems: string[];
}> = [
  {
    name: "gcp without a cluster section",
    config: { platform: "gcp" },
    problems: ["kubeflow-platform:cluster: is required (a map)"],
  },
  {
    name: "gcp without project and region",
    config: gcp({}),
    problems: [
      "kubeflow-platform:cluster.project: is required (a string)",
      "kubeflow-platform:cluster.region: is required (a string)",
    ],
  },
  {
    name: "GKE: L4 on an N1 machine",
    config: gcp({
      ...gke,
      accelerators: [{ name: "l4", type: "nvidia-l4", machineType: "n1-standard-8" }],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].machineType: nvidia-l4 (NVIDIA L4) cannot be attached to machine type "n1-standard-8"; use a machine type of g2-standard-* (got "n1-standard-8")',
    ],
  },
  {
    name: "GKE: A100 80GB on an A100 40GB machine",
    config: gcp({
      ...gke,
      accelerators: [{ name: "a100", type: "nvidia-a100-80gb", machineType: "a2-highgpu-1g" }],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].machineType: nvidia-a100-80gb (NVIDIA A100 80GB) cannot be attached to machine type "a2-highgpu-1g"; use a machine type of a2-ultragpu-* (got "a2-highgpu-1g")',
    ],
  },
  {
    name: "GKE: a GPU count the machine type does not have",
    config: gcp({
      ...gke,
      accelerators: [{ name: "l4", type: "nvidia-l4", machineType: "g2-standard-24", count: 4 }],
    }),
    problems: [
      "kubeflow-platform:cluster.accelerators[0].count: g2-standard-24 takes 2 nvidia-l4 per node, not 4; set count to 2 or remove it (got 4)",
    ],
  },
  {
    name: "GKE: one T4 on a 64-vCPU N1 machine (only four T4s allow more than 48 vCPUs)",
    config: gcp({
      ...gke,
      accelerators: [
        {
          name: "t4",
          type: "nvidia-tesla-t4",
          machineType: "n1-standard-64",
          count: 1,
          zones: ["europe-west4-a"],
        },
      ],
    }),
    problems: [
      "kubeflow-platform:cluster.accelerators[0].count: n1-standard-64 takes 4 nvidia-tesla-t4 per node, not 1; set count to 4 or remove it (got 1)",
    ],
  },
  {
    name: "GKE: T4 pool without zones",
    config: gcp({
      ...gke,
      accelerators: [{ name: "t4", type: "nvidia-tesla-t4", machineType: "n1-standard-8" }],
    }),
    problems: [
      "kubeflow-platform:cluster.accelerators[0].zones: is required for nvidia-tesla-t4: N1 machines exist in every zone but T4s do not; list the zones of europe-west4 that offer T4 (gcloud compute accelerator-types list) (got nothing)",
    ],
  },
  {
    name: "GKE: a3-highgpu-2g on demand",
    config: gcp({
      ...gke,
      accelerators: [{ name: "h100", type: "nvidia-h100-80gb", machineType: "a3-highgpu-2g" }],
    }),
    problems: [
      "kubeflow-platform:cluster.accelerators[0].spot: a3-highgpu-2g is only available as Spot (or Flex-start) capacity; set spot: true or use a3-highgpu-8g (got nothing)",
    ],
  },
  {
    name: "GKE: unknown accelerator type",
    config: gcp({
      ...gke,
      accelerators: [{ name: "v100", type: "nvidia-tesla-v100", machineType: "n1-standard-8" }],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].type: got "nvidia-tesla-v100"; allowed: "nvidia-tesla-t4", "nvidia-l4", "nvidia-tesla-a100", "nvidia-a100-80gb", "nvidia-h100-80gb", "nvidia-h100-mega-80gb", "nvidia-h200-141gb"',
    ],
  },
  {
    name: "GKE: min greater than max, and a duplicate pool name",
    config: gcp({
      ...gke,
      accelerators: [
        { name: "l4", type: "nvidia-l4", machineType: "g2-standard-8", min: 3, max: 1 },
        { name: "l4", type: "nvidia-l4", machineType: "g2-standard-8" },
      ],
    }),
    problems: [
      "kubeflow-platform:cluster.accelerators[0].min: min (3) is greater than max (1); lower min or raise max (got 3)",
      'kubeflow-platform:cluster.accelerators[1].name: duplicate pool name "l4"; names must be unique (got "l4")',
    ],
  },
  {
    name: "GKE: a zone outside the region",
    config: gcp({
      ...gke,
      accelerators: [
        { name: "l4", type: "nvidia-l4", machineType: "g2-standard-8", zones: ["us-central1-a"] },
      ],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].zones[0]: zone "us-central1-a" is not in region europe-west4; use a zone such as europe-west4-a (got "us-central1-a")',
    ],
  },
  {
    name: "GKE: network without subnetwork, bad CIDR, bad KMS key",
    config: gcp({
      ...gke,
      network: { network: "shared-vpc", masterCidr: "172.16.0.0/33" },
      secretsEncryptionKey: "etcd-key",
    }),
    problems: [
      'kubeflow-platform:cluster.network.masterCidr: must be an IPv4 CIDR block such as 10.0.0.0/16 (got "172.16.0.0/33")',
      'kubeflow-platform:cluster.secretsEncryptionKey: must be a Cloud KMS key id projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k> (got "etcd-key")',
      "kubeflow-platform:cluster.network.subnetwork: network and subnetwork go together: set both to use an existing network, or neither (got nothing)",
    ],
  },
  {
    name: "GKE: a misspelt key",
    config: gcp({ ...gke, acelerators: [] }),
    problems: [
      'kubeflow-platform:cluster: unknown key "acelerators". Did you mean "accelerators"? Allowed keys: name, project, region, releaseChannel, kubernetesVersion, network, privateEndpoint, masterAuthorizedNetworks, dataplaneV2, secretsEncryptionKey, managedPrometheus, deletionProtection, protect, systemPool, accelerators',
    ],
  },
  {
    name: "EKS: unknown instance types",
    config: aws({
      ...eks,
      accelerators: [
        { name: "big", instanceType: "g5.3xlarge" },
        { name: "cpu", instanceType: "m6i.large" },
      ],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].instanceType: "g5.3xlarge" is not a GPU instance type; g5 sizes are xlarge, 2xlarge, 4xlarge, 8xlarge, 16xlarge, 12xlarge, 24xlarge, 48xlarge (got "g5.3xlarge")',
      'kubeflow-platform:cluster.accelerators[1].instanceType: "m6i.large" is not a supported GPU instance type; use one of the families g4dn, g5, g6, g6e, p4d, p4de, p5, p5e, p5en, p6-b200 (got "m6i.large")',
    ],
  },
  {
    name: "EKS: min greater than max on a GPU pool and on the system pool",
    config: aws({
      ...eks,
      systemPool: { min: 5, max: 2 },
      accelerators: [{ name: "l4", instanceType: "g6.xlarge", min: 2, max: 1 }],
    }),
    problems: [
      "kubeflow-platform:cluster.systemPool.min: min (5) is greater than max (2); lower min or raise max (got 5)",
      "kubeflow-platform:cluster.accelerators[0].min: min (2) is greater than max (1); lower min or raise max (got 2)",
    ],
  },
  {
    name: "EKS: zones of another region, and no endpoint at all",
    config: aws({
      ...eks,
      network: { availabilityZones: ["us-east-1a", "eu-west-1b"] },
      endpointPrivateAccess: false,
      endpointPublicAccess: false,
    }),
    problems: [
      'kubeflow-platform:cluster.network.availabilityZones[0]: "us-east-1a" is not a zone of eu-west-1 with suffix a-f; use e.g. eu-west-1a (got "us-east-1a")',
      "kubeflow-platform:cluster.endpointPublicAccess: the API server needs a private or a public endpoint; enable one (got false)",
    ],
  },
  {
    name: "EKS: existing VPC without subnets, and a bad KMS ARN",
    config: aws({ ...eks, network: { vpcId: "vpc-0abc" }, secretsEncryptionKeyArn: "alias/etcd" }),
    problems: [
      'kubeflow-platform:cluster.secretsEncryptionKeyArn: must be a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<key-id> (got "alias/etcd")',
      "kubeflow-platform:cluster.network.privateSubnetIds: vpcId and privateSubnetIds go together: set both to use an existing VPC, or neither (got nothing)",
    ],
  },
  {
    name: "EKS: an unknown OS and a negative min",
    config: aws({
      ...eks,
      accelerators: [{ name: "l4", instanceType: "g6.xlarge", os: "ubuntu", min: -1 }],
    }),
    problems: [
      "kubeflow-platform:cluster.accelerators[0].min: must be at least 0 (got -1)",
      'kubeflow-platform:cluster.accelerators[0].os: got "ubuntu"; allowed: "al2023", "bottlerocket"',
    ],
  },
  {
    name: "EKS: an existing VPC with one malformed subnet, and zones for a new VPC",
    config: aws({
      ...eks,
      network: {
        vpcId: "vpc-0abc",
        privateSubnetIds: ["subnet-0abc", "sn-1"],
        availabilityZones: ["eu-west-1a", "eu-west-1b"],
      },
    }),
    problems: [
      'kubeflow-platform:cluster.network.privateSubnetIds[1]: must be a subnet id such as subnet-0a1b2c3d (got "sn-1")',
      'kubeflow-platform:cluster.network.availabilityZones: applies to a new VPC only; the zones of an existing VPC come from privateSubnetIds (got ["eu-west-1a","eu-west-1b"])',
    ],
  },
  {
    name: "GKE: L4 count above the machine's, and a pool name that is not a DNS label",
    config: gcp({
      ...gke,
      accelerators: [
        { name: "L4_pool", type: "nvidia-l4", machineType: "g2-standard-96", count: 4 },
      ],
    }),
    problems: [
      "kubeflow-platform:cluster.accelerators[0].name: must be a lowercase RFC 1123 label (a-z, 0-9, '-', starting and ending alphanumeric) (got \"L4_pool\")",
      "kubeflow-platform:cluster.accelerators[0].count: g2-standard-96 takes 8 nvidia-l4 per node, not 4; set count to 8 or remove it (got 4)",
    ],
  },
  {
    name: "EKS: a Kubernetes version with no catalogued cluster-autoscaler",
    config: aws({ ...eks, kubernetesVersion: "1.36" }),
    problems: [
      "kubeflow-platform:cluster.clusterAutoscaler.version: no cluster-autoscaler release is catalogued for Kubernetes 1.36 (known: 1.32, 1.33, 1.34, 1.35); set the tag matching 1.36, e.g. v1.36.0 (got nothing)",
    ],
  },
  {
    name: "EKS: a malformed cluster-autoscaler tag",
    config: aws({ ...eks, clusterAutoscaler: { version: "1.34.4" } }),
    problems: [
      'kubeflow-platform:cluster.clusterAutoscaler.version: must be a cluster-autoscaler tag such as v1.34.4 (got "1.34.4")',
    ],
  },
  {
    name: "EKS: an admin that is not an IAM ARN",
    config: aws({ ...eks, admins: [{ name: "me", principalArn: "me@example.com" }] }),
    problems: [
      'kubeflow-platform:cluster.admins[0].principalArn: must be an IAM role or user ARN (got "me@example.com")',
    ],
  },
];
