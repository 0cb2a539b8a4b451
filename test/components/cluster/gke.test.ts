import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../../../components/cluster/handle";
import { Inventory, RecordedResource, runProgram, SECRET_SIG, valueOf } from "../../harness";
import { readStackFile } from "../../harness/stackfile";
import { providerUrn, runCluster } from "./run";

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";
type Obj = Record<string, unknown>;
/** The key under which Pulumi's wire format puts the secret marker (`SECRET_SIG` is its value). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";

describe("the GKE example stack (whole program)", () => {
  let inv: Inventory;
  let cluster: RecordedResource;
  let handle: ClusterHandle;

  beforeAll(async () => {
    inv = await runProgram(readStackFile("gke-example"));
    cluster = inv.get(CLUSTER, "kubeflow-cluster");
    ({ handle } = await runCluster(readStackFile("gke-example")));
  });

  it("registers every cloud resource under the GkeCluster component", () => {
    const component = inv.get("kubeflow:cluster:GkeCluster", "kubeflow");
    const inside = new Set(inv.descendants(component).map((r) => r.urn));
    // The cloud components composed beside the cluster (public entry, stores) have their own parents.
    const cloud = inv.resources.filter(
      (r) => r.type.startsWith("gcp:") && !r.urn.includes("kubeflow:cloud:"),
    );
    expect(cloud.length).toBeGreaterThan(5);
    for (const r of cloud) expect(inside.has(r.urn)).toBe(true);
  });

  it("creates a VPC-native network with secondary ranges and Cloud NAT for the private nodes", () => {
    const subnet = inv.get("gcp:compute/subnetwork:Subnetwork", "kubeflow-subnet").inputs;
    expect(subnet.secondaryIpRanges).toEqual([
      { rangeName: "pods", ipCidrRange: "10.16.0.0/14" },
      { rangeName: "services", ipCidrRange: "10.20.0.0/20" },
    ]);
    expect(subnet.privateIpGoogleAccess).toBe(true);
    expect(cluster.inputs.networkingMode).toBe("VPC_NATIVE");
    expect(cluster.inputs.ipAllocationPolicy).toEqual({
      clusterSecondaryRangeName: "pods",
      servicesSecondaryRangeName: "services",
    });
    expect(inv.byType("gcp:compute/routerNat:RouterNat")).toHaveLength(1);
  });

  it("makes the nodes private and limits the control plane to the authorized networks", () => {
    expect(cluster.inputs.privateClusterConfig).toMatchObject({
      enablePrivateNodes: true,
      enablePrivateEndpoint: false,
      masterIpv4CidrBlock: "172.16.0.0/28",
    });
    expect(cluster.inputs.masterAuthorizedNetworksConfig).toEqual({
      cidrBlocks: [
        { cidrBlock: "198.51.100.0/24", displayName: "office" },
        { cidrBlock: "203.0.113.0/26", displayName: "ci-runners" },
      ],
    });
  });

  it("turns on Workload Identity, Shielded Nodes, Dataplane V2, the release channel, logs and metrics", () => {
    expect(cluster.inputs.workloadIdentityConfig).toEqual({
      workloadPool: "acme-ml-prod.svc.id.goog",
    });
    expect(cluster.inputs.enableShieldedNodes).toBe(true);
    expect(cluster.inputs.datapathProvider).toBe("ADVANCED_DATAPATH");
    expect(cluster.inputs.releaseChannel).toEqual({ channel: "REGULAR" });
    expect((cluster.inputs.loggingConfig as Obj).enableComponents).toEqual(
      expect.arrayContaining(["SYSTEM_COMPONENTS", "WORKLOADS"]),
    );
    expect((cluster.inputs.monitoringConfig as Obj).managedPrometheus).toEqual({ enabled: true });
  });

  it("encrypts Secrets with the KMS key, after GKE's service agent may use it", () => {
    const key =
      "projects/acme-ml-prod/locations/europe-west4/keyRings/kubeflow/cryptoKeys/etcd-secrets";
    expect(cluster.inputs.databaseEncryption).toEqual({ state: "ENCRYPTED", keyName: key });
    const grant = inv.get(
      "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
      "kubeflow-secrets-key-gke",
    );
    expect(grant.inputs).toMatchObject({
      cryptoKeyId: key,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: "serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com",
    });
    expect(cluster.dependsOn).toContain(grant.urn);
  });

  it("removes the default pool and protects the cluster twice: Pulumi protect and GKE deletion protection", () => {
    expect(cluster.inputs.removeDefaultNodePool).toBe(true);
    expect(cluster.protect).toBe(true);
    expect(cluster.inputs.deletionProtection).toBe(true);
  });

  it("runs every node, even the removed default pool's, as the dedicated account with narrow scopes", () => {
    const sa = inv.get("gcp:serviceaccount/account:Account", "kubeflow-nodes");
    const email = `${String(sa.inputs.accountId)}@mock-project.iam.gserviceaccount.com`;
    const configs = [cluster, ...inv.byType(NODE_POOL)].map((r) => r.inputs.nodeConfig as Obj);
    expect(configs).toHaveLength(4);
    for (const c of configs) {
      expect(c.serviceAccount).toBe(email);
      expect(c.oauthScopes).not.toContain("https://www.googleapis.com/auth/cloud-platform");
      expect(c.shieldedInstanceConfig).toEqual({
        enableSecureBoot: true,
        enableIntegrityMonitoring: true,
      });
      expect(c.workloadMetadataConfig).toEqual({ mode: "GKE_METADATA" });
    }
    const roles = inv.byType("gcp:projects/iAMMember:IAMMember").map((r) => r.inputs.role);
    expect(roles.sort()).toEqual([
      "roles/artifactregistry.reader",
      "roles/container.defaultNodeServiceAccount",
    ]);
  });

  it("autoscales GPU pools from zero with GKE-installed drivers, the GPU taint and the pool labels", () => {
    const l4 = inv.get(NODE_POOL, "kubeflow-gpu-l4");
    expect(l4.inputs.autoscaling).toMatchObject({ totalMinNodeCount: 0, totalMaxNodeCount: 4 });
    expect(l4.inputs.initialNodeCount).toBe(0);
    const node = l4.inputs.nodeConfig as Obj;
    expect(node.guestAccelerators).toEqual([
      { type: "nvidia-l4", count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } },
    ]);
    expect(node.taints).toEqual([
      { key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" },
    ]);
    expect(node.labels).toEqual({
      "kubeflow-platform.io/accelerator-pool": "l4",
      "kubeflow-platform.io/accelerator": "nvidia-l4",
    });
    expect(l4.deleteBeforeReplace).toBe(true);
  });

  it("places a pool without zones in the zones that offer its machine type, and a Spot pool where listed", () => {
    expect(inv.get(NODE_POOL, "kubeflow-gpu-l4").inputs.nodeLocations).toEqual([
      "europe-west4-a",
      "europe-west4-b",
      "europe-west4-c",
    ]);
    const h100 = inv.get(NODE_POOL, "kubeflow-gpu-h100").inputs;
    expect(h100.nodeLocations).toEqual(["europe-west4-b", "europe-west4-c"]);
    expect((h100.nodeConfig as Obj).spot).toBe(true);
    expect(((h100.nodeConfig as Obj).guestAccelerators as Obj[])[0]!.count).toBe(2);
  });

  it("builds the Kubernetes provider from a secret kubeconfig, with server-side apply", () => {
    const provider = inv.get("pulumi:providers:kubernetes", "kubeflow-k8s");
    expect(provider.inputs.enableServerSideApply).toBe("true");
    const wire = provider.wireInputs.kubeconfig as Obj;
    expect(wire[SIG_KEY]).toBe(SECRET_SIG);
    expect(String(wire.value)).toContain("command: gke-gcloud-auth-plugin");
    expect(String(wire.value)).toContain("server: https://203.0.113.10");
  });

  it("hands the upper layers GKE's facts", async () => {
    expect(handle.platform).toBe("gcp");
    expect(handle.cniBinDir).toBe("/home/kubernetes/bin");
    expect(handle.gpuDriver).toBe("platform-managed");
    expect(handle.storageClass).toBe("standard-rwo");
    expect(await valueOf(pulumi.output(handle.oidcIssuer))).toBe(
      "https://container.googleapis.com/v1/projects/acme-ml-prod/locations/europe-west4/clusters/kubeflow",
    );
    expect(handle.accelerators.map((a) => [a.name, a.countPerNode, a.type])).toEqual([
      ["l4", 1, "nvidia-l4"],
      ["h100", 2, "nvidia-h100-80gb"],
    ]);
    expect(handle.ready).toHaveLength(3);
  });
});

describe("a GKE stack with protection turned off and an existing network", () => {
  it("neither protects the cluster nor creates a network, and uses the given subnetwork", async () => {
    const inv = await runProgram({
      platform: "gcp",
      cluster: {
        project: "p",
        region: "europe-west4",
        protect: false,
        deletionProtection: false,
        dataplaneV2: false,
        network: { network: "shared", subnetwork: "shared-europe-west4" },
      },
    });
    const cluster = inv.get(CLUSTER, "kubeflow-cluster");
    expect(cluster.protect).toBe(false);
    expect(cluster.inputs.deletionProtection).toBe(false);
    expect(cluster.inputs.subnetwork).toBe("shared-europe-west4");
    expect(cluster.inputs.networkPolicy).toEqual({ enabled: true, provider: "CALICO" });
    expect(cluster.inputs.masterAuthorizedNetworksConfig).toBeUndefined();
    expect(inv.byType("gcp:compute/network:Network")).toHaveLength(0);
    expect(inv.byType(NODE_POOL).map((r) => r.name)).toEqual(["kubeflow-system"]);
  });

  it("registers the k8s provider with the component as parent, not the gcp provider", async () => {
    const inv = await runProgram({
      platform: "gcp",
      cluster: { project: "p", region: "europe-west4" },
    });
    const provider = inv.get("pulumi:providers:kubernetes", "kubeflow-k8s");
    expect(provider.parent).toBe(inv.get("kubeflow:cluster:GkeCluster", "kubeflow").urn);
    const gcpProvider = inv.get("pulumi:providers:gcp", "kubeflow-gcp");
    expect(providerUrn(inv.get(CLUSTER, "kubeflow-cluster").provider)).toBe(gcpProvider.urn);
    expect(gcpProvider.inputs).toMatchObject({ project: "p", region: "europe-west4" });
  });
});
