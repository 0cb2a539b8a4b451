import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  clusterAutoscalerPolicy,
  eksClusterProblems,
  eksVpcCidrFormProblems,
  eksVpcZones,
  eksZoneNameProblems,
  irsaTrustPolicy,
  eksGpuDriverMode,
  planEksGpuPool,
  serviceTrustPolicy,
} from "./eks-plan";
import { ClusterAutoscaler } from "./cluster-autoscaler";
import { createGpuNodeGroup, createSystemNodeGroup, NodeGroupContext } from "./eks-nodes";
import {
  EKS_CLUSTER_DEFAULTS,
  EksClusterOptions,
  EksNetworkOptions,
  EksSystemPoolOptions,
} from "./eks-options";
import { EksVpc } from "./eks-vpc";
import { ClusterHandle, EBS_CSI_DRIVER, platformLoadBalancer } from "./handle";
import { eksKubeconfig } from "./kubeconfig";
import { throwArgProblems } from "./problems";

export type { EksAcceleratorPoolArgs } from "./eks-plan";

/** Where the cluster's network comes from (`EksNetworkOptions`). */
export type EksNetworkArgs = EksNetworkOptions;
/** The system managed node group (`EksSystemPoolOptions`). */
export type EksSystemPoolArgs = EksSystemPoolOptions;
export type { EksAddonVersions } from "./eks-options";

/** An EKS cluster's settings (`EksClusterOptions`) and how it names them in messages. */
export interface EksClusterArgs extends EksClusterOptions {
  /**
   * How messages found at preview (zone offerings) name these arguments; the stack passes its config key.
   * @default - `EksCluster <name>`
   */
  argsName?: string;
}

/** Name of the default StorageClass this component creates. */
export const EKS_STORAGE_CLASS = "gp3";
const SYSTEM_POOL_LABELS = { "kubeflow-platform.io/pool": "system" };
const MANAGED_POLICY = "arn:aws:iam::aws:policy";
const CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/**
 * A production EKS cluster for Kubeflow, built on `@pulumi/aws` only: private subnets across zones with NAT,
 * KMS envelope encryption of Secrets, control-plane logs, API authentication mode with access entries, IRSA,
 * managed add-ons (VPC CNI with network policy, CoreDNS, kube-proxy, EBS CSI, snapshot controller) and an encrypted gp3 default
 * StorageClass, a system node group and GPU node groups on the NVIDIA AMIs that scale to zero.
 *
 * Scaling GPU groups from zero: this component prepares for cluster-autoscaler rather than Karpenter. Managed
 * node groups keep one fixed, reviewable shape per pool (instance type, AMI, taints) that maps 1:1 to the
 * accelerator pools the handle publishes, and to PodDefaults; Karpenter would need its own controller,
 * NodePool/EC2NodeClass CRDs and an interruption queue before the first node exists. Cluster-autoscaler finds
 * the groups by the tags EKS puts on their Auto Scaling groups, and learns what a node of an empty group would
 * look like from `k8s.io/cluster-autoscaler/node-template/...` tags, which EKS does not copy from the node
 * group to its Auto Scaling group, so they are set on the group directly (aws.autoscaling.Tag)
 * (https://github.com/aws/containers-roadmap/issues/608).
 */
export class EksCluster extends pulumi.ComponentResource {
  public readonly handle: ClusterHandle;
  public readonly cluster: aws.eks.Cluster;
  public readonly provider: k8s.Provider;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly oidcProviderArn: pulumi.Output<string>;
  /** IAM role for cluster-autoscaler's service account `kube-system/cluster-autoscaler` (IRSA). */
  public readonly autoscalerRoleArn: pulumi.Output<string>;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cluster:EksCluster", name, {}, opts);

    const clusterName = args.clusterName ?? name;
    const net = args.network ?? {};
    const sys = args.systemPool ?? {};
    const addons = args.addons ?? {};
    const protect = args.protect ?? EKS_CLUSTER_DEFAULTS.protect;
    const kubernetesVersion = args.kubernetesVersion ?? EKS_CLUSTER_DEFAULTS.kubernetesVersion;
    // Every problem the arguments alone reveal, before the first child (the stack config refused them already).
    throwArgProblems(`EksCluster ${name}`, [
      ...(net.privateSubnetIds === undefined
        ? [
            ...eksVpcCidrFormProblems(args),
            ...eksZoneNameProblems(args.region, net.availabilityZones),
          ]
        : []),
      ...eksClusterProblems(args),
    ]);
    const pools = (args.accelerators ?? []).map(planEksGpuPool);

    // One explicit provider: the stack config's region, never an ambient AWS_REGION.
    // The caller's AWS provider when its opts name one (pulumi-eks passes `opts.provider` down the same way);
    // else one pinned to args.region. A caller's provider must be in args.region: zones and ARNs follow it.
    const awsProvider =
      (this.getProvider("aws::Provider") as aws.Provider | undefined) ??
      new aws.Provider(`${name}-aws`, { region: args.region }, { parent: this });
    const o = { parent: this, provider: awsProvider };

    // --- Network: private subnets, each with its zone known at plan time.
    let subnets: Array<{ id: pulumi.Input<string>; az: pulumi.Input<string> }>;
    let vpcId: pulumi.Input<string>;
    if (net.privateSubnetIds !== undefined) {
      // The given subnets' VPC (vpcId is optional in the args: ask the first subnet).
      vpcId =
        net.vpcId ??
        aws.ec2.getSubnetOutput({ id: net.privateSubnetIds[0]!, region: args.region }, o).vpcId;
      subnets = net.privateSubnetIds.map((id) => ({
        id,
        az: aws.ec2.getSubnetOutput({ id, region: args.region }, o).availabilityZone,
      }));
    } else {
      const vpc = new EksVpc(
        `${name}-net`,
        {
          ...(net.vpcCidr !== undefined ? { cidr: net.vpcCidr } : {}),
          availabilityZones: eksVpcZones(args.region, net.availabilityZones),
          ...(net.singleNatGateway !== undefined ? { singleNatGateway: net.singleNatGateway } : {}),
          provider: awsProvider,
        },
        { parent: this },
      );
      subnets = vpc.privateSubnets;
      vpcId = vpc.vpcId;
    }
    const subnetIds = subnets.map((s) => s.id);

    // --- Secrets encryption key: created unless one is given; losing it makes etcd's Secrets unreadable.
    const keyArn: pulumi.Input<string> =
      args.secretsEncryptionKeyArn ??
      new aws.kms.Key(
        `${name}-secrets-key`,
        {
          description: `Envelope encryption of Kubernetes Secrets in EKS cluster ${clusterName}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
        },
        { ...o, protect },
      ).arn;

    // --- Control plane.
    const clusterRole = new aws.iam.Role(
      `${name}-cluster-role`,
      { assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com") },
      o,
    );
    const clusterRolePolicy = new aws.iam.RolePolicyAttachment(
      `${name}-cluster-role-eks`,
      { role: clusterRole.name, policyArn: `${MANAGED_POLICY}/AmazonEKSClusterPolicy` },
      o,
    );
    // Created before the cluster so EKS does not create it without a retention period.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/eks/${clusterName}/cluster`, retentionInDays: 90 },
      o,
    );

    this.cluster = new aws.eks.Cluster(
      `${name}-cluster`,
      {
        name: clusterName,
        version: kubernetesVersion,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds,
          endpointPrivateAccess:
            args.endpointPrivateAccess ?? EKS_CLUSTER_DEFAULTS.endpointPrivateAccess,
          endpointPublicAccess:
            args.endpointPublicAccess ?? EKS_CLUSTER_DEFAULTS.endpointPublicAccess,
          publicAccessCidrs: args.publicAccessCidrs ?? [...EKS_CLUSTER_DEFAULTS.publicAccessCidrs],
        },
        // API mode: access entries instead of the aws-auth ConfigMap; the identity running Pulumi is admin.
        accessConfig: {
          authenticationMode: "API",
          bootstrapClusterCreatorAdminPermissions: true,
        },
        encryptionConfig: { provider: { keyArn }, resources: ["secrets"] },
        enabledClusterLogTypes: args.logTypes ?? [...EKS_CLUSTER_DEFAULTS.logTypes],
        // The core add-ons are installed below as managed add-ons, with versions we control.
        bootstrapSelfManagedAddons: false,
        // Standard support only: extended support costs several times the control-plane price; upgrade in time.
        upgradePolicy: { supportType: "STANDARD" },
        deletionProtection: args.deletionProtection ?? EKS_CLUSTER_DEFAULTS.deletionProtection,
        tags: { "managed-by": "kubeflow-platform" },
      },
      { ...o, protect, dependsOn: [clusterRolePolicy, logGroup] },
    );
    const clusterNameOut = this.cluster.name;

    // --- IRSA.
    const issuer = this.cluster.identities.apply((ids) => ids[0]!.oidcs[0]!.issuer);
    const oidc = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      { url: issuer, clientIdLists: ["sts.amazonaws.com"] },
      o,
    );
    this.oidcProviderArn = oidc.arn;
    const irsaRole = (role: string, namespace: string, sa: string, policies: string[]) => {
      const r = new aws.iam.Role(
        `${name}-${role}`,
        {
          assumeRolePolicy: pulumi
            .all([oidc.arn, issuer])
            .apply(([arn, url]) => irsaTrustPolicy(arn, url, namespace, sa)),
        },
        o,
      );
      for (const policy of policies) {
        new aws.iam.RolePolicyAttachment(
          `${name}-${role}-${policy.split("/").pop()!.toLowerCase()}`,
          { role: r.name, policyArn: policy },
          o,
        );
      }
      return r;
    };
    const cniRole = irsaRole("vpc-cni-role", "kube-system", "aws-node", [
      `${MANAGED_POLICY}/AmazonEKS_CNI_Policy`,
    ]);
    const ebsRole = irsaRole("ebs-csi-role", "kube-system", "ebs-csi-controller-sa", [
      `${MANAGED_POLICY}/service-role/AmazonEBSCSIDriverPolicy`,
    ]);
    const autoscalerRole = irsaRole("autoscaler-role", "kube-system", "cluster-autoscaler", []);
    new aws.iam.RolePolicy(
      `${name}-autoscaler-role`,
      { role: autoscalerRole.name, policy: clusterAutoscalerPolicy(clusterName) },
      o,
    );
    this.autoscalerRoleArn = autoscalerRole.arn;

    // --- Add-ons that nodes need to become Ready.
    const addon = (
      key: string,
      addonName: string,
      version: string | undefined,
      extra: Partial<aws.eks.AddonArgs>,
      dependsOn: pulumi.Resource[] = [],
    ) =>
      new aws.eks.Addon(
        `${name}-${key}`,
        {
          clusterName: clusterNameOut,
          addonName,
          ...(version !== undefined ? { addonVersion: version } : {}),
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
          ...extra,
        },
        { ...o, dependsOn },
      );
    const vpcCni = addon("vpc-cni", "vpc-cni", addons.vpcCni, {
      serviceAccountRoleArn: cniRole.arn,
      // NetworkPolicy enforcement, as Dataplane V2 gives on GKE; Kubeflow's profiles ship NetworkPolicies.
      configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
    });
    const kubeProxy = addon("kube-proxy", "kube-proxy", addons.kubeProxy, {});

    // --- Nodes.
    const nodeRole = new aws.iam.Role(
      `${name}-node-role`,
      { assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") },
      o,
    );
    // No CNI policy here: the VPC CNI uses its own IRSA role, so pods cannot borrow it from the node.
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"].map(
      (p) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-node-role-${p.toLowerCase()}`,
          { role: nodeRole.name, policyArn: `${MANAGED_POLICY}/${p}` },
          o,
        ),
    );
    const nodes: NodeGroupContext = {
      name,
      clusterName,
      cluster: clusterNameOut,
      nodeRoleArn: nodeRole.arn,
      region: args.region,
      opts: o,
      dependsOn: [...nodePolicies, vpcCni, kubeProxy],
      argsName: args.argsName ?? `EksCluster ${name}`,
    };
    const systemNodes = createSystemNodeGroup(nodes, sys, subnetIds, SYSTEM_POOL_LABELS);
    const gpuNodes = pools.map((p, i) => createGpuNodeGroup(nodes, p, i, subnets));

    // --- Add-ons that need running nodes.
    const coredns = addon("coredns", "coredns", addons.coredns, {}, [systemNodes]);
    const ebsCsi = addon(
      "ebs-csi",
      "aws-ebs-csi-driver",
      addons.ebsCsiDriver,
      { serviceAccountRoleArn: ebsRole.arn },
      [systemNodes],
    );
    // The VolumeSnapshot CRDs and the CSI snapshot controller, which EKS does not run by itself; the EBS CSI
    // driver takes the snapshots. No IAM permissions needed.
    // https://docs.aws.amazon.com/eks/latest/userguide/csi-snapshot-controller.html
    const snapshotController = addon(
      "snapshot-controller",
      "snapshot-controller",
      addons.snapshotController,
      {},
      [systemNodes],
    );

    // --- Access entries for the admins.
    for (const admin of args.admins ?? []) {
      const entry = new aws.eks.AccessEntry(
        `${name}-admin-${admin.name}`,
        { clusterName: clusterNameOut, principalArn: admin.principalArn, type: "STANDARD" },
        o,
      );
      new aws.eks.AccessPolicyAssociation(
        `${name}-admin-${admin.name}`,
        {
          clusterName: clusterNameOut,
          principalArn: admin.principalArn,
          policyArn: CLUSTER_ADMIN_POLICY,
          accessScope: { type: "cluster" },
        },
        { ...o, dependsOn: [entry] },
      );
    }

    this.kubeconfig = pulumi.secret(
      pulumi
        .all([clusterNameOut, this.cluster.endpoint, this.cluster.certificateAuthority])
        .apply(([n, endpoint, ca]) =>
          eksKubeconfig({ clusterName: n, region: args.region, endpoint, caData: ca.data! }),
        ),
    );
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this },
    );

    // gp2 is not the default class on clusters created at 1.30 or later
    // (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html#kubernetes-1-30);
    // this encrypted gp3 class is. Retain: a deleted claim (or profile namespace) never deletes user data.
    const storageClass = new k8s.storage.v1.StorageClass(
      `${name}-gp3`,
      {
        metadata: {
          name: EKS_STORAGE_CLASS,
          annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: EBS_CSI_DRIVER,
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        reclaimPolicy: "Retain",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
      },
      { parent: this, provider: this.provider, dependsOn: [ebsCsi] },
    );

    // Without it, a GPU group at min 0 never grows: EKS managed node groups do not scale by themselves.
    if (args.clusterAutoscaler?.enabled ?? EKS_CLUSTER_DEFAULTS.clusterAutoscaler.enabled) {
      new ClusterAutoscaler(
        `${name}-autoscaler`,
        {
          clusterName,
          region: args.region,
          kubernetesVersion,
          roleArn: this.autoscalerRoleArn,
          ...(args.clusterAutoscaler?.version !== undefined
            ? { version: args.clusterAutoscaler.version }
            : {}),
          nodeSelector: SYSTEM_POOL_LABELS,
          cluster: { provider: this.provider, ready: [systemNodes] },
          ...(args.imageMirror !== undefined ? { imageMirror: args.imageMirror } : {}),
        },
        { parent: this },
      );
    }

    this.handle = {
      name,
      platform: "aws",
      provider: this.provider,
      kubeconfig: this.kubeconfig,
      storageClass: EKS_STORAGE_CLASS,
      loadBalancer: platformLoadBalancer("aws"),
      // oauth2-proxy verifies machine-to-machine service-account tokens against this issuer.
      oidcIssuer: issuer,
      cniBinDir: "/opt/cni/bin",
      kubernetesVersion,
      gpuDriver: eksGpuDriverMode(pools.map((p) => p.amiType)),
      snapshots: { driver: EBS_CSI_DRIVER, controller: "add-on" },
      accelerators: pools.map((p) => p.handle),
      cloud: {
        kind: "aws",
        region: args.region,
        clusterName: clusterNameOut,
        vpcId,
        privateSubnetIds: subnetIds,
        clusterSecurityGroupId: this.cluster.vpcConfig.clusterSecurityGroupId,
        oidcProviderArn: this.oidcProviderArn,
        oidcIssuer: issuer,
        provider: awsProvider,
      },
      ready: [systemNodes, ...gpuNodes, coredns, ebsCsi, snapshotController, storageClass],
    };

    this.registerOutputs({
      kubeconfig: this.kubeconfig,
      clusterName: clusterNameOut,
      oidcProviderArn: this.oidcProviderArn,
      autoscalerRoleArn: this.autoscalerRoleArn,
    });
  }
}
