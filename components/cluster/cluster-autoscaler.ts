import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MirrorSpec, rewriteImage } from "../shared/image-ref";
import type { ClusterHandle } from "./handle";
import { throwArgProblems } from "./problems";

/**
 * Cluster-autoscaler releases by Kubernetes minor: the autoscaler must match the cluster's minor
 * (https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler#releases).
 */
export const CLUSTER_AUTOSCALER_VERSIONS: Readonly<Record<string, string>> = {
  "1.32": "v1.32.5",
  "1.33": "v1.33.5",
  "1.34": "v1.34.4",
  "1.35": "v1.35.1",
};

export const CLUSTER_AUTOSCALER_NAME = "cluster-autoscaler";
export const CLUSTER_AUTOSCALER_NAMESPACE = "kube-system";

/** Settings of a cluster-autoscaler: everything but the wiring. Defaults in `CLUSTER_AUTOSCALER_DEFAULTS`. */
export interface ClusterAutoscalerOptions {
  /**
   * cluster-autoscaler image tag; must match the Kubernetes minor version.
   * @default - the release catalogued for kubernetesVersion (CLUSTER_AUTOSCALER_VERSIONS)
   */
  version?: string;
  /** Node labels for the autoscaler pod. @default CLUSTER_AUTOSCALER_DEFAULTS.nodeSelector ({}) */
  nodeSelector?: Record<string, string>;
  /** Registry mirror the image is pulled from (air-gapped installs). @default - registry.k8s.io */
  imageMirror?: MirrorSpec;
}

/** The defaults of `ClusterAutoscalerOptions`, written once. */
export const CLUSTER_AUTOSCALER_DEFAULTS = {
  nodeSelector: {},
} as const satisfies Required<Pick<ClusterAutoscalerOptions, "nodeSelector">>;

/** A cluster-autoscaler's settings and its wiring: the EKS cluster, the IRSA role, the cluster's handle. */
export interface ClusterAutoscalerArgs extends ClusterAutoscalerOptions {
  /** EKS cluster name, for Auto Scaling group auto-discovery. */
  clusterName: string;
  /** AWS region. */
  region: string;
  /** Kubernetes minor version of the cluster, e.g. `1.34`. */
  kubernetesVersion: string;
  /** IAM role of the service account (IRSA). */
  roleArn: pulumi.Input<string>;
  /**
   * The cluster as far as the autoscaler needs it: its Kubernetes provider and what must exist first (the
   * system node group). `EksCluster` passes these before its whole handle exists.
   */
  cluster: Pick<ClusterHandle, "provider" | "ready">;
}

/**
 * Pure: why no autoscaler image can be chosen for a cluster minor and an optional tag, or undefined: no
 * release catalogued for the minor and no tag given, or a tag of another minor (cluster-autoscaler supports
 * only the Kubernetes minor it was released for).
 */
export function clusterAutoscalerVersionProblem(
  kubernetesVersion: string,
  version?: string,
): string | undefined {
  if (version === undefined) {
    if (CLUSTER_AUTOSCALER_VERSIONS[kubernetesVersion] !== undefined) return undefined;
    return (
      `no cluster-autoscaler release is catalogued for Kubernetes ${kubernetesVersion} ` +
      `(known: ${Object.keys(CLUSTER_AUTOSCALER_VERSIONS).join(", ")}); set the tag matching ` +
      `${kubernetesVersion}, e.g. v${kubernetesVersion}.0`
    );
  }
  const minor = /^v(1\.\d+)\.\d+$/.exec(version)?.[1];
  if (minor === undefined || minor === kubernetesVersion) return undefined; // the schema checks the form
  const known = CLUSTER_AUTOSCALER_VERSIONS[kubernetesVersion];
  return (
    `${version} is the cluster-autoscaler for Kubernetes ${minor}, but the cluster runs ` +
    `${kubernetesVersion}; its minor must match the cluster's: ` +
    (known !== undefined
      ? `remove the tag to get ${known}, or set a v${kubernetesVersion}.x tag`
      : `set a v${kubernetesVersion}.x tag, e.g. v${kubernetesVersion}.0`)
  );
}

/** Pure: the image for a Kubernetes minor, or the override. Throws the version problem, if any. */
export function clusterAutoscalerImage(kubernetesVersion: string, version?: string): string {
  throwArgProblems(
    "ClusterAutoscaler",
    [clusterAutoscalerVersionProblem(kubernetesVersion, version)].flatMap((message) =>
      message === undefined ? [] : [{ path: ["version"], message }],
    ),
  );
  const tag = version ?? CLUSTER_AUTOSCALER_VERSIONS[kubernetesVersion]!;
  return `registry.k8s.io/autoscaling/cluster-autoscaler:${tag}`;
}

/**
 * Pure: the autoscaler's command line. Auto-discovers this cluster's groups by the tags EKS puts on managed
 * node groups; scales idle GPU nodes down after 5 minutes (the default 10 doubles the idle bill); least-waste
 * picks the cheapest pool that fits a pending pod.
 */
export function clusterAutoscalerCommand(clusterName: string): string[] {
  return [
    "./cluster-autoscaler",
    "--cloud-provider=aws",
    `--namespace=${CLUSTER_AUTOSCALER_NAMESPACE}`,
    `--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${clusterName}`,
    "--expander=least-waste",
    "--balance-similar-node-groups",
    "--skip-nodes-with-system-pods=false",
    "--skip-nodes-with-local-storage=false",
    "--scale-down-unneeded-time=5m",
    "--logtostderr=true",
    "--v=2",
  ];
}

const READ = ["get", "list", "watch"];

/**
 * Pure: the ClusterRole rules, after the upstream AWS auto-discovery example
 * (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml),
 * plus read access to DRA objects, which the 1.34+ autoscaler watches.
 */
export function clusterAutoscalerRules(): k8s.types.input.rbac.v1.PolicyRule[] {
  return [
    { apiGroups: [""], resources: ["events", "endpoints"], verbs: ["create", "patch"] },
    { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
    { apiGroups: [""], resources: ["pods/status"], verbs: ["update"] },
    {
      apiGroups: [""],
      resources: ["endpoints"],
      resourceNames: [CLUSTER_AUTOSCALER_NAME],
      verbs: ["get", "update"],
    },
    { apiGroups: [""], resources: ["nodes"], verbs: [...READ, "update"] },
    {
      apiGroups: [""],
      resources: [
        "namespaces",
        "pods",
        "services",
        "replicationcontrollers",
        "persistentvolumeclaims",
        "persistentvolumes",
      ],
      verbs: READ,
    },
    { apiGroups: ["apps"], resources: ["statefulsets", "replicasets", "daemonsets"], verbs: READ },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
    {
      apiGroups: ["storage.k8s.io"],
      resources: [
        "storageclasses",
        "csinodes",
        "csidrivers",
        "csistoragecapacities",
        "volumeattachments",
      ],
      verbs: READ,
    },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: [...READ, "patch"] },
    { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
    {
      apiGroups: ["coordination.k8s.io"],
      resources: ["leases"],
      resourceNames: [CLUSTER_AUTOSCALER_NAME],
      verbs: ["get", "update"],
    },
    {
      apiGroups: ["resource.k8s.io"],
      resources: ["resourceclaims", "resourceslices", "deviceclasses"],
      verbs: READ,
    },
  ];
}

/**
 * Cluster-autoscaler for the EKS managed node groups: what makes a GPU group with min 0 grow when a GPU pod
 * is pending, and shrink back to zero when it is idle. Plain Kubernetes objects (no chart), pinned to the
 * release matching the cluster's minor version, running as the IRSA role the cluster created for it.
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
  public readonly deployment: k8s.apps.v1.Deployment;

  constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cluster:ClusterAutoscaler", name, {}, opts);
    const upstream = clusterAutoscalerImage(args.kubernetesVersion, args.version);
    const image =
      args.imageMirror !== undefined ? rewriteImage(upstream, args.imageMirror) : upstream;
    const o = { parent: this, provider: args.cluster.provider, dependsOn: [...args.cluster.ready] };
    const ns = CLUSTER_AUTOSCALER_NAMESPACE;
    const labels = { "app.kubernetes.io/name": CLUSTER_AUTOSCALER_NAME };
    const subject = { kind: "ServiceAccount", name: CLUSTER_AUTOSCALER_NAME, namespace: ns };

    const sa = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      {
        metadata: {
          name: CLUSTER_AUTOSCALER_NAME,
          namespace: ns,
          labels,
          annotations: { "eks.amazonaws.com/role-arn": args.roleArn },
        },
      },
      o,
    );
    const clusterRole = new k8s.rbac.v1.ClusterRole(
      `${name}-clusterrole`,
      { metadata: { name: CLUSTER_AUTOSCALER_NAME, labels }, rules: clusterAutoscalerRules() },
      o,
    );
    const clusterRoleBinding = new k8s.rbac.v1.ClusterRoleBinding(
      `${name}-clusterrolebinding`,
      {
        metadata: { name: CLUSTER_AUTOSCALER_NAME, labels },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "ClusterRole",
          name: CLUSTER_AUTOSCALER_NAME,
        },
        subjects: [subject],
      },
      { ...o, dependsOn: [clusterRole, sa] },
    );
    const role = new k8s.rbac.v1.Role(
      `${name}-role`,
      {
        metadata: { name: CLUSTER_AUTOSCALER_NAME, namespace: ns, labels },
        rules: [
          { apiGroups: [""], resources: ["configmaps"], verbs: ["create", "list", "watch"] },
          {
            apiGroups: [""],
            resources: ["configmaps"],
            resourceNames: ["cluster-autoscaler-status", "cluster-autoscaler-priority-expander"],
            verbs: ["delete", "get", "update", "watch"],
          },
        ],
      },
      o,
    );
    const roleBinding = new k8s.rbac.v1.RoleBinding(
      `${name}-rolebinding`,
      {
        metadata: { name: CLUSTER_AUTOSCALER_NAME, namespace: ns, labels },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "Role",
          name: CLUSTER_AUTOSCALER_NAME,
        },
        subjects: [subject],
      },
      { ...o, dependsOn: [role, sa] },
    );

    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: CLUSTER_AUTOSCALER_NAME, namespace: ns, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: {
              labels,
              // The autoscaler must never evict itself while scaling down.
              annotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" },
            },
            spec: {
              serviceAccountName: CLUSTER_AUTOSCALER_NAME,
              priorityClassName: "system-cluster-critical",
              nodeSelector: args.nodeSelector ?? { ...CLUSTER_AUTOSCALER_DEFAULTS.nodeSelector },
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 65534,
                fsGroup: 65534,
                seccompProfile: { type: "RuntimeDefault" },
              },
              containers: [
                {
                  name: CLUSTER_AUTOSCALER_NAME,
                  image,
                  command: clusterAutoscalerCommand(args.clusterName),
                  env: [{ name: "AWS_REGION", value: args.region }],
                  resources: {
                    requests: { cpu: "100m", memory: "600Mi" },
                    limits: { memory: "600Mi" },
                  },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                  },
                },
              ],
            },
          },
        },
      },
      { ...o, dependsOn: [...args.cluster.ready, clusterRoleBinding, roleBinding] },
    );

    this.registerOutputs({});
  }
}
