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
    name: "GKE: a bucket name GCS refuses and a Cloud SQL tier that does not exist",
    config: gcp({
      ...gke,
      stores: {
        bucket: { name: "my-g00gle-artifacts" },
        database: { tier: "db-custom-2-1024", transactionLogRetentionDays: 14 },
      },
    }),
    problems: [
      'kubeflow-platform:cluster.stores.bucket.name: must not contain "google" or a close misspelling of it; choose another name (it must be globally unique too) (got "my-g00gle-artifacts")',
      'kubeflow-platform:cluster.stores.database.tier: has 1024 MiB of memory for 2 vCPU; 2 vCPU take 3840 to 13312 MiB (0.9 to 6.5 GiB per vCPU, at least 3840 MiB) (got "db-custom-2-1024")',
      "kubeflow-platform:cluster.stores.database.transactionLogRetentionDays: 14 days is more than the 7 an Enterprise tier (db-custom-2-1024) keeps; lower it or use a db-perf-optimized-N-<vCPU> tier (got 14)",
    ],
  },
  {
    name: "GKE: a bucket name that is an IP address",
    config: gcp({ ...gke, stores: { bucket: { name: "192.168.5.4" } } }),
    problems: [
      'kubeflow-platform:cluster.stores.bucket.name: must not be an IP address in dotted-decimal notation; choose another name (it must be globally unique too) (got "192.168.5.4")',
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
      'kubeflow-platform:cluster: unknown key "acelerators". Did you mean "accelerators"? Allowed keys: name, project, region, releaseChannel, kubernetesVersion, network, privateEndpoint, masterAuthorizedNetworks, dataplaneV2, secretsEncryptionKey, managedPrometheus, deletionProtection, protect, systemPool, accelerators, stores, entry',
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
      "kubeflow-platform:cluster.accelerators[0].min: must be 0 or more (got -1)",
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
  // --- Refused before the first resource: what the cluster components would otherwise throw after the
  // provider, the VPC or the cluster were registered (issue 12).
  {
    name: "EKS: a VPC too small to split into a subnet per zone (crashed in EksVpc before)",
    config: aws({ ...eks, network: { vpcCidr: "10.0.0.0/28" } }),
    problems: [
      'kubeflow-platform:cluster.network.vpcCidr: is a /28; a new VPC takes a /16 to /20: AWS allows no larger VPC than a /16, and each zone gets an eighth of the VPC for nodes and pods and a slice of the last eighth for load balancers, too small below a /20. Use e.g. 10.0.0.0/16 (got "10.0.0.0/28")',
    ],
  },
  {
    name: "EKS: a VPC larger than AWS allows, written with host bits set",
    config: aws({ ...eks, network: { vpcCidr: "10.1.0.0/8" } }),
    problems: [
      'kubeflow-platform:cluster.network.vpcCidr: is a /8; a new VPC takes a /16 to /20: AWS allows no larger VPC than a /16, and each zone gets an eighth of the VPC for nodes and pods and a slice of the last eighth for load balancers, too small below a /20. Use e.g. 10.0.0.0/16 (got "10.1.0.0/8")',
      'kubeflow-platform:cluster.network.vpcCidr: has host bits set: the block is 10.0.0.0/8; write it as 10.0.0.0/8 (got "10.1.0.0/8")',
    ],
  },
  {
    name: "EKS: a VPC block that is no CIDR block, reported once (the schema's type, not the component's check again)",
    config: aws({ ...eks, network: { vpcCidr: "10.0.0.0/33" } }),
    problems: [
      'kubeflow-platform:cluster.network.vpcCidr: must be an IPv4 CIDR block such as 10.0.0.0/16 (got "10.0.0.0/33")',
    ],
  },
  {
    name: "EKS: a zone listed twice (its subnets would be created twice)",
    config: aws({
      ...eks,
      network: { availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1a"] },
    }),
    problems: [
      'kubeflow-platform:cluster.network.availabilityZones[2]: zone "eu-west-1a" is listed twice; list each zone once (got "eu-west-1a")',
    ],
  },
  {
    name: "EKS: a GPU pool in a zone the new VPC has no subnet in",
    config: aws({
      ...eks,
      network: { availabilityZones: ["eu-west-1a", "eu-west-1b"] },
      accelerators: [
        { name: "l4", instanceType: "g6.xlarge", zones: ["eu-west-1b", "eu-west-1c"] },
      ],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].zones[1]: zone "eu-west-1c" is not one of the cluster\'s zones (eu-west-1a, eu-west-1b), so the pool would have no subnet there; list zones of network.availabilityZones, or add the zone there (got "eu-west-1c")',
    ],
  },
  {
    name: "EKS: a GPU pool in a zone of another region, on an existing VPC",
    config: aws({
      ...eks,
      network: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a", "subnet-0b"] },
      accelerators: [{ name: "l4", instanceType: "g6.xlarge", zones: ["us-east-1a"] }],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].zones[0]: zone "us-east-1a" is not in region eu-west-1; use a zone such as eu-west-1a (got "us-east-1a")',
    ],
  },
  {
    name: "EKS: a cluster-autoscaler of another Kubernetes minor",
    config: aws({ ...eks, kubernetesVersion: "1.34", clusterAutoscaler: { version: "v1.33.5" } }),
    problems: [
      'kubeflow-platform:cluster.clusterAutoscaler.version: v1.33.5 is the cluster-autoscaler for Kubernetes 1.33, but the cluster runs 1.34; its minor must match the cluster\'s: remove the tag to get v1.34.4, or set a v1.34.x tag (got "v1.33.5")',
    ],
  },
  {
    name: "EKS: a public access CIDR with host bits set",
    config: aws({ ...eks, publicAccessCidrs: ["198.51.100.7/24"] }),
    problems: [
      'kubeflow-platform:cluster.publicAccessCidrs[0]: has host bits set: the block is 198.51.100.0/24; write it as 198.51.100.0/24 (got "198.51.100.7/24")',
    ],
  },
  {
    name: "GKE: a control-plane range that is not a /28",
    config: gcp({ ...gke, network: { masterCidr: "172.16.0.0/24" } }),
    problems: [
      'kubeflow-platform:cluster.network.masterCidr: is a /24; the control plane\'s private endpoint takes exactly a /28 (GKE). Use e.g. 172.16.0.0/28 (got "172.16.0.0/24")',
    ],
  },
  {
    name: "GKE: overlapping node, pod, Service and control-plane ranges",
    config: gcp({
      ...gke,
      network: {
        nodesCidr: "10.0.0.0/16",
        podsCidr: "10.0.128.0/17",
        servicesCidr: "10.20.0.0/20",
        masterCidr: "10.20.0.16/28",
      },
    }),
    problems: [
      'kubeflow-platform:cluster.network.podsCidr: the pods range 10.0.128.0/17 overlaps the nodes range 10.0.0.0/16 (network.nodesCidr); a cluster\'s ranges must be disjoint: move one (got "10.0.128.0/17")',
      'kubeflow-platform:cluster.network.masterCidr: the control plane range 10.20.0.16/28 overlaps the Services range 10.20.0.0/20 (network.servicesCidr); a cluster\'s ranges must be disjoint: move one (got "10.20.0.16/28")',
    ],
  },
  {
    name: "GKE: ranges too small for a subnetwork and for a node's pods",
    config: gcp({ ...gke, network: { nodesCidr: "10.10.0.0/30", podsCidr: "10.16.0.0/26" } }),
    problems: [
      'kubeflow-platform:cluster.network.nodesCidr: is a /30; a subnetwork\'s primary range is a /29 or larger (Google Cloud). Use e.g. 10.10.0.0/20 (got "10.10.0.0/30")',
      'kubeflow-platform:cluster.network.podsCidr: is a /26; GKE gives each node a /24 of the pods range (110 pods per node), so it must be a /24 or larger. Use e.g. 10.16.0.0/14 (got "10.16.0.0/26")',
    ],
  },
  {
    name: "GKE: a pool zone listed twice, and an authorized network with host bits set",
    config: gcp({
      ...gke,
      masterAuthorizedNetworks: [{ name: "office", cidr: "198.51.100.1/24" }],
      accelerators: [
        {
          name: "l4",
          type: "nvidia-l4",
          machineType: "g2-standard-8",
          zones: ["europe-west4-a", "europe-west4-a"],
        },
      ],
    }),
    problems: [
      'kubeflow-platform:cluster.masterAuthorizedNetworks[0].cidr: has host bits set: the block is 198.51.100.0/24; write it as 198.51.100.0/24 (got "198.51.100.1/24")',
      'kubeflow-platform:cluster.accelerators[0].zones[1]: zone "europe-west4-a" is listed twice; list each zone once (got "europe-west4-a")',
    ],
  },
  {
    name: "existing: a LoadBalancer gateway on a cluster declared without load balancers",
    config: { platform: "existing", services: { istio: { exposure: "LoadBalancer" } } },
    problems: [
      'kubeflow-platform:services.istio.exposure: exposure "LoadBalancer" needs a cluster whose LoadBalancer Services get an address (cluster.loadBalancer: true); use exposure "ClusterIP" and port-forward, or fix the cluster (got "LoadBalancer")',
    ],
  },
  {
    name: "GKE: an ACME certificate for a gateway the internet cannot reach",
    config: {
      ...gcp({ ...gke }),
      services: {
        istio: { hostname: "kubeflow.example.com", tls: "acme" },
        certManager: { acme: { email: "ops@example.com" } },
      },
    },
    problems: [
      'kubeflow-platform:services.istio.tls: tls "acme" answers Let\'s Encrypt\'s HTTP-01 challenge on the ingress gateway, which exposure "ClusterIP" keeps inside the cluster; set exposure "LoadBalancer" (and point the hostname at its address), or use tls "self-signed" (got "acme")',
    ],
  },
  {
    name: "EKS: every problem at once, network, pools and autoscaler",
    config: aws({
      ...eks,
      kubernetesVersion: "1.35",
      network: { vpcCidr: "10.0.0.0/22", availabilityZones: ["eu-west-1a", "eu-west-1b"] },
      clusterAutoscaler: { version: "v1.34.4" },
      accelerators: [{ name: "l4", instanceType: "g6.xlarge", zones: ["eu-west-1d"] }],
    }),
    problems: [
      'kubeflow-platform:cluster.network.vpcCidr: is a /22; a new VPC takes a /16 to /20: AWS allows no larger VPC than a /16, and each zone gets an eighth of the VPC for nodes and pods and a slice of the last eighth for load balancers, too small below a /20. Use e.g. 10.0.0.0/16 (got "10.0.0.0/22")',
      'kubeflow-platform:cluster.accelerators[0].zones[0]: zone "eu-west-1d" is not one of the cluster\'s zones (eu-west-1a, eu-west-1b), so the pool would have no subnet there; list zones of network.availabilityZones, or add the zone there (got "eu-west-1d")',
      'kubeflow-platform:cluster.clusterAutoscaler.version: v1.34.4 is the cluster-autoscaler for Kubernetes 1.34, but the cluster runs 1.35; its minor must match the cluster\'s: remove the tag to get v1.35.1, or set a v1.35.x tag (got "v1.34.4")',
    ],
  },
  {
    name: "EKS: an admin listed twice (its access entry would be created twice)",
    config: aws({
      ...eks,
      admins: [
        { name: "platform", principalArn: "arn:aws:iam::123456789012:role/platform" },
        { name: "platform", principalArn: "arn:aws:iam::123456789012:role/platform" },
      ],
    }),
    problems: [
      'kubeflow-platform:cluster.admins[1].name: duplicate admin name "platform"; names must be unique (got "platform")',
      'kubeflow-platform:cluster.admins[1].principalArn: this principal is listed twice (EKS keeps one access entry per principal); list it once (got "arn:aws:iam::123456789012:role/platform")',
    ],
  },
];
