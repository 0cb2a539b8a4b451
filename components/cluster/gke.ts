import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  GKE_NODE_ROLES,
  gkeNodeAccountId,
  gkeNodeSecurity,
  gkeClusterProblems,
  listedZonesProblem,
  planGkeGpuPool,
  poolZonesOffering,
  roleKey,
} from "./gke-plan";
import {
  GKE_CLUSTER_DEFAULTS,
  GKE_NETWORK_DEFAULTS,
  GKE_SYSTEM_POOL_DEFAULTS,
  GkeClusterOptions,
  GkeNetworkOptions,
  GkeSystemPoolOptions,
} from "./gke-options";
import { ClusterHandle, GKE_PD_CSI_DRIVER, platformLoadBalancer } from "./handle";
import { gkeKubeconfig, gkeOidcIssuer } from "./kubeconfig";
import { CloudFactError, throwArgProblems } from "./problems";

export type { GkeAcceleratorPoolArgs } from "./gke-plan";

/** Where the cluster's network comes from (`GkeNetworkOptions`). */
export type GkeNetworkArgs = GkeNetworkOptions;
/** The system node pool (`GkeSystemPoolOptions`). */
export type GkeSystemPoolArgs = GkeSystemPoolOptions;

/** A GKE cluster's settings (`GkeClusterOptions`) and how it names them in messages. */
export interface GkeClusterArgs extends GkeClusterOptions {
  /**
   * How messages found at preview (zone offerings) name these arguments; the stack passes its config key.
   * @default - `GkeCluster <name>`
   */
  argsName?: string;
}

/** Pure: cluster log and metric components. Workload logs are kept: Kubeflow pipeline steps log there. */
export const GKE_LOGGING_COMPONENTS = ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER"] as const;
export const GKE_MONITORING_COMPONENTS = [
  "SYSTEM_COMPONENTS",
  "APISERVER",
  "STORAGE",
  "POD",
] as const;

/**
 * A production GKE cluster for Kubeflow: VPC-native with private nodes and Cloud NAT, Workload Identity,
 * Shielded Nodes, Dataplane V2, optional KMS encryption of Secrets, a least-privilege node service account,
 * a system pool and GPU pools that scale to zero with GKE-managed drivers.
 */
export class GkeCluster extends pulumi.ComponentResource {
  public readonly handle: ClusterHandle;
  public readonly cluster: gcp.container.Cluster;
  public readonly provider: k8s.Provider;
  public readonly nodeServiceAccount: gcp.serviceaccount.Account;
  public readonly kubeconfig: pulumi.Output<string>;

  constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cluster:GkeCluster", name, {}, opts);

    const clusterName = args.clusterName ?? name;
    const net = args.network ?? {};
    const podsRangeName = net.podsRangeName ?? GKE_NETWORK_DEFAULTS.podsRangeName;
    const servicesRangeName = net.servicesRangeName ?? GKE_NETWORK_DEFAULTS.servicesRangeName;
    const sys = args.systemPool ?? {};
    const argsName = args.argsName ?? `GkeCluster ${name}`;
    // Every problem the arguments alone reveal, before the first child (the stack config refused them already).
    throwArgProblems(`GkeCluster ${name}`, gkeClusterProblems(args));
    const pools = (args.accelerators ?? []).map(planGkeGpuPool);

    // The caller's Google provider when its opts name one (pulumi-eks style); else one explicit provider pinned
    // to args.project and args.region, never an ambient gcloud default. The caller's provider must point at
    // the same project: the resources' ids embed args.project.
    const gcpProvider: pulumi.ProviderResource =
      this.getProvider("gcp::Provider") ??
      new gcp.Provider(
        `${name}-gcp`,
        { project: args.project, region: args.region },
        { parent: this },
      );
    const o = { parent: this, provider: gcpProvider };

    // --- Network: VPC-native; private nodes reach registries through Cloud NAT.
    let network: pulumi.Input<string>;
    let subnetwork: pulumi.Input<string>;
    // Both or neither (gkeClusterProblems refused one without the other above).
    if (net.network !== undefined && net.subnetwork !== undefined) {
      network = net.network;
      subnetwork = net.subnetwork;
    } else {
      const vpc = new gcp.compute.Network(
        `${name}-network`,
        { autoCreateSubnetworks: false, routingMode: "REGIONAL" },
        o,
      );
      const subnet = new gcp.compute.Subnetwork(
        `${name}-subnet`,
        {
          network: vpc.id,
          region: args.region,
          ipCidrRange: net.nodesCidr ?? GKE_NETWORK_DEFAULTS.nodesCidr,
          privateIpGoogleAccess: true,
          secondaryIpRanges: [
            {
              rangeName: podsRangeName,
              ipCidrRange: net.podsCidr ?? GKE_NETWORK_DEFAULTS.podsCidr,
            },
            {
              rangeName: servicesRangeName,
              ipCidrRange: net.servicesCidr ?? GKE_NETWORK_DEFAULTS.servicesCidr,
            },
          ],
          logConfig: { aggregationInterval: "INTERVAL_5_MIN", flowSampling: 0.5 },
        },
        o,
      );
      const router = new gcp.compute.Router(
        `${name}-router`,
        { network: vpc.id, region: args.region },
        o,
      );
      new gcp.compute.RouterNat(
        `${name}-nat`,
        {
          router: router.name,
          region: args.region,
          natIpAllocateOption: "AUTO_ONLY",
          sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
          logConfig: { enable: true, filter: "ERRORS_ONLY" },
        },
        o,
      );
      network = vpc.id;
      subnetwork = subnet.id;
    }

    // --- Node identity: a dedicated service account, never the Compute Engine default with broad scopes.
    this.nodeServiceAccount = new gcp.serviceaccount.Account(
      `${name}-nodes`,
      {
        accountId: gkeNodeAccountId(clusterName),
        displayName: `GKE nodes of ${clusterName} (least privilege)`,
      },
      o,
    );
    const nodeRoles = GKE_NODE_ROLES.map(
      (role) =>
        new gcp.projects.IAMMember(
          `${name}-nodes-${roleKey(role)}`,
          {
            project: args.project,
            role,
            member: pulumi.interpolate`serviceAccount:${this.nodeServiceAccount.email}`,
          },
          o,
        ),
    );
    const nodeSecurity = gkeNodeSecurity(this.nodeServiceAccount.email);

    // --- Secrets encryption: GKE's service agent must be able to use the key before the cluster exists.
    const encryptionDeps: pulumi.Resource[] = [];
    if (args.secretsEncryptionKey !== undefined) {
      const projectInfo = gcp.organizations.getProjectOutput({ projectId: args.project }, o);
      encryptionDeps.push(
        new gcp.kms.CryptoKeyIAMMember(
          `${name}-secrets-key-gke`,
          {
            cryptoKeyId: args.secretsEncryptionKey,
            role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            member: pulumi.interpolate`serviceAccount:service-${projectInfo.number}@container-engine-robot.iam.gserviceaccount.com`,
          },
          o,
        ),
      );
    }

    const authorized = args.masterAuthorizedNetworks ?? [];
    const dataplaneV2 = args.dataplaneV2 ?? GKE_CLUSTER_DEFAULTS.dataplaneV2;
    this.cluster = new gcp.container.Cluster(
      `${name}-cluster`,
      {
        name: clusterName,
        location: args.region,
        network,
        subnetwork,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: {
          clusterSecondaryRangeName: podsRangeName,
          servicesSecondaryRangeName: servicesRangeName,
        },
        // The default pool is removed at once; give it the dedicated account meanwhile so the default
        // compute service account is never used, even for a minute.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        nodeConfig: {
          serviceAccount: nodeSecurity.serviceAccount,
          oauthScopes: nodeSecurity.oauthScopes,
          shieldedInstanceConfig: nodeSecurity.shieldedInstanceConfig,
          workloadMetadataConfig: nodeSecurity.workloadMetadataConfig,
        },
        privateClusterConfig: {
          enablePrivateNodes: true,
          enablePrivateEndpoint: args.privateEndpoint ?? GKE_CLUSTER_DEFAULTS.privateEndpoint,
          masterIpv4CidrBlock: net.masterCidr ?? GKE_NETWORK_DEFAULTS.masterCidr,
          masterGlobalAccessConfig: { enabled: true },
        },
        ...(authorized.length > 0
          ? {
              masterAuthorizedNetworksConfig: {
                cidrBlocks: authorized.map((a) => ({ cidrBlock: a.cidr, displayName: a.name })),
              },
            }
          : {}),
        workloadIdentityConfig: { workloadPool: `${args.project}.svc.id.goog` },
        enableShieldedNodes: true,
        releaseChannel: { channel: args.releaseChannel ?? GKE_CLUSTER_DEFAULTS.releaseChannel },
        ...(args.kubernetesVersion !== undefined
          ? { minMasterVersion: args.kubernetesVersion }
          : {}),
        ...(dataplaneV2
          ? { datapathProvider: "ADVANCED_DATAPATH" }
          : { networkPolicy: { enabled: true, provider: "CALICO" } }),
        ...(args.secretsEncryptionKey !== undefined
          ? { databaseEncryption: { state: "ENCRYPTED", keyName: args.secretsEncryptionKey } }
          : {}),
        loggingConfig: { enableComponents: [...GKE_LOGGING_COMPONENTS] },
        monitoringConfig: {
          enableComponents: [...GKE_MONITORING_COMPONENTS],
          managedPrometheus: {
            enabled: args.managedPrometheus ?? GKE_CLUSTER_DEFAULTS.managedPrometheus,
          },
        },
        addonsConfig: {
          gcePersistentDiskCsiDriverConfig: { enabled: true },
          httpLoadBalancing: { disabled: false },
          horizontalPodAutoscaling: { disabled: false },
        },
        // Scale idle GPU nodes down promptly: a GPU node left idle is the largest line of the bill.
        clusterAutoscaling: { autoscalingProfile: "OPTIMIZE_UTILIZATION" },
        securityPostureConfig: { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_BASIC" },
        deletionProtection: args.deletionProtection ?? GKE_CLUSTER_DEFAULTS.deletionProtection,
        resourceLabels: { "managed-by": "kubeflow-platform" },
      },
      {
        ...o,
        protect: args.protect ?? GKE_CLUSTER_DEFAULTS.protect,
        dependsOn: [...nodeRoles, ...encryptionDeps],
        // nodeConfig/initialNodeCount only describe the removed default pool; GKE does not report them back.
        ignoreChanges: ["nodeConfig", "initialNodeCount"],
      },
    );

    const management = { autoRepair: true, autoUpgrade: true };
    const upgradeSettings = { maxSurge: 1, maxUnavailable: 0 };
    const systemPool = new gcp.container.NodePool(
      `${name}-system`,
      {
        name: "system",
        cluster: this.cluster.name,
        location: args.region,
        initialNodeCount: 1,
        autoscaling: {
          totalMinNodeCount: sys.min ?? GKE_SYSTEM_POOL_DEFAULTS.min,
          totalMaxNodeCount: sys.max ?? GKE_SYSTEM_POOL_DEFAULTS.max,
          locationPolicy: "BALANCED",
        },
        management,
        upgradeSettings,
        nodeConfig: {
          ...nodeSecurity,
          machineType: sys.machineType ?? GKE_SYSTEM_POOL_DEFAULTS.machineType,
          diskSizeGb: sys.diskSizeGb ?? GKE_SYSTEM_POOL_DEFAULTS.diskSizeGb,
          diskType: "pd-balanced",
          labels: { "kubeflow-platform.io/pool": "system" },
        },
      },
      { ...o, ignoreChanges: ["initialNodeCount"] },
    );

    // Zone offerings are data sources, known at preview: a pool that could never get a node fails
    // `pulumi preview`, naming the argument, instead of failing the node pool's creation at apply.
    const machineTypesIn = (zone: string, machineType: string) =>
      gcp.compute
        .getMachineTypes({ project: args.project, zone, filter: `name = "${machineType}"` }, o)
        .then((r) => ({ zone, machineTypes: r.machineTypes }));
    const gpuPools = pools.map((p, i) => {
      const listed = p.zones;
      const zones =
        listed !== undefined
          ? pulumi
              .output(Promise.all(listed.map((zone) => machineTypesIn(zone, p.machineType))))
              .apply((listings) => {
                const problem = listedZonesProblem({ ...p, zones: listed }, i, listings);
                if (problem !== undefined) throw new CloudFactError(argsName, problem);
                return listed;
              })
          : gcp.compute
              .getZonesOutput({ project: args.project, region: args.region, status: "UP" }, o)
              .names.apply((names) =>
                Promise.all(names.map((zone) => machineTypesIn(zone, p.machineType))),
              )
              .apply((listings) => {
                const chosen = poolZonesOffering(p, i, listings);
                if ("problem" in chosen) throw new CloudFactError(argsName, chosen.problem);
                return chosen.zones;
              });
      return new gcp.container.NodePool(
        `${name}-gpu-${p.name}`,
        {
          name: p.name,
          cluster: this.cluster.name,
          location: args.region,
          nodeLocations: zones,
          initialNodeCount: p.initialNodeCount,
          autoscaling: {
            totalMinNodeCount: p.min,
            totalMaxNodeCount: p.max,
            // ANY: take capacity in whichever zone has GPUs, rather than balancing zones.
            locationPolicy: "ANY",
          },
          management,
          upgradeSettings,
          nodeConfig: {
            ...nodeSecurity,
            machineType: p.machineType,
            diskSizeGb: p.diskSizeGb,
            diskType: p.diskType,
            spot: p.spot,
            guestAccelerators: [p.guestAccelerator],
            labels: p.labels,
            taints: p.taints,
          },
        },
        // GPU pools hold no data; a changed accelerator replaces the pool under the same name.
        { ...o, deleteBeforeReplace: true, ignoreChanges: ["initialNodeCount"] },
      );
    });

    const project = args.project;
    this.kubeconfig = pulumi.secret(
      pulumi.all([this.cluster.endpoint, this.cluster.masterAuth]).apply(([endpoint, auth]) =>
        gkeKubeconfig({
          project,
          location: args.region,
          clusterName,
          endpoint,
          caData: auth.clusterCaCertificate,
        }),
      ),
    );

    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this },
    );

    this.handle = {
      name,
      platform: "gcp",
      provider: this.provider,
      kubeconfig: this.kubeconfig,
      // GKE's default class: pd-balanced through the PD CSI driver.
      storageClass: "standard-rwo",
      loadBalancer: platformLoadBalancer("gcp"),
      oidcIssuer: gkeOidcIssuer(project, args.region, clusterName),
      // GKE mounts /opt read-only; CNI plugins (Istio CNI) go to /home/kubernetes/bin
      // (https://istio.io/latest/docs/ambient/install/platform-prerequisites/#google-kubernetes-engine-gke).
      cniBinDir: "/home/kubernetes/bin",
      ...(args.kubernetesVersion !== undefined
        ? { kubernetesVersion: args.kubernetesVersion }
        : {}),
      gpuDriver: pools.length > 0 ? "platform-managed" : "none",
      // standard-rwo is provisioned by the PD CSI driver (enabled in addonsConfig above); GKE runs the
      // snapshot CRDs and controller itself (control plane 1.17 or later).
      // https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/backup-pd-volume-snapshots
      snapshots: { driver: GKE_PD_CSI_DRIVER, controller: "platform-managed" },
      accelerators: pools.map((p) => p.handle),
      cloud: {
        kind: "gcp",
        project,
        region: args.region,
        network,
        subnetwork,
        workloadPool: `${project}.svc.id.goog`,
        provider: gcpProvider,
        // The zones the cluster's nodes are in (GKE's default three of the region when none are pinned),
        // as GKE reports them: the zones whose standalone NEGs a cloud entry's backend names.
        zones: this.cluster.nodeLocations,
      },
      ready: [systemPool, ...gpuPools],
    };

    this.registerOutputs({ kubeconfig: this.kubeconfig, clusterName: this.cluster.name });
  }
}
