/**
 * Kubeconfigs for the clusters this program creates. They hold no credential: the cloud's exec plugin
 * fetches a short-lived token on the machine running Pulumi (and kubectl), so the kubeconfig can be handed
 * to users. It is still exported as a secret, because it names the endpoint of a private control plane.
 */
import { stringify } from "yaml";

export interface KubeconfigArgs {
  /** Context, cluster and user name inside the kubeconfig. */
  contextName: string;
  /** API server URL, with scheme. */
  server: string;
  /** Base64 PEM of the cluster CA. */
  caData: string;
  exec: ExecConfig;
}

/** `users[].user.exec` of a kubeconfig (client.authentication.k8s.io/v1beta1). */
export interface ExecConfig {
  command: string;
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  installHint: string;
  provideClusterInfo?: boolean;
}

/** Pure: kubeconfig YAML for one cluster with exec authentication. */
export function buildKubeconfig(a: KubeconfigArgs): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: a.contextName,
        cluster: { server: a.server, "certificate-authority-data": a.caData },
      },
    ],
    contexts: [{ name: a.contextName, context: { cluster: a.contextName, user: a.contextName } }],
    "current-context": a.contextName,
    preferences: {},
    users: [
      {
        name: a.contextName,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: a.exec.command,
            ...(a.exec.args ? { args: a.exec.args } : {}),
            ...(a.exec.env ? { env: a.exec.env } : {}),
            installHint: a.exec.installHint,
            provideClusterInfo: a.exec.provideClusterInfo ?? false,
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}

/**
 * GKE: `gke-gcloud-auth-plugin`, required since Kubernetes 1.26 instead of the in-tree gcp auth provider
 * (https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke).
 */
export function gkeKubeconfig(a: {
  project: string;
  location: string;
  clusterName: string;
  endpoint: string;
  caData: string;
}): string {
  return buildKubeconfig({
    contextName: `gke_${a.project}_${a.location}_${a.clusterName}`,
    server: `https://${a.endpoint}`,
    caData: a.caData,
    exec: {
      command: "gke-gcloud-auth-plugin",
      installHint:
        "Install gke-gcloud-auth-plugin: `gcloud components install gke-gcloud-auth-plugin` " +
        "(https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl)",
      provideClusterInfo: true,
    },
  });
}

/** EKS: `aws eks get-token`, as `aws eks update-kubeconfig` writes it. */
export function eksKubeconfig(a: {
  clusterName: string;
  region: string;
  endpoint: string;
  caData: string;
  /** AWS CLI profile to use; undefined uses the ambient credentials. */
  profile?: string;
}): string {
  return buildKubeconfig({
    contextName: `eks_${a.region}_${a.clusterName}`,
    server: a.endpoint,
    caData: a.caData,
    exec: {
      command: "aws",
      args: [
        "eks",
        "get-token",
        "--cluster-name",
        a.clusterName,
        "--region",
        a.region,
        "--output",
        "json",
      ],
      ...(a.profile !== undefined ? { env: [{ name: "AWS_PROFILE", value: a.profile }] } : {}),
      installHint:
        "Install the AWS CLI v2 and configure credentials " +
        "(https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)",
    },
  });
}

/** GKE's service-account token issuer (Workload Identity): used by oauth2-proxy to verify m2m tokens. */
export function gkeOidcIssuer(project: string, location: string, clusterName: string): string {
  return `https://container.googleapis.com/v1/projects/${project}/locations/${location}/clusters/${clusterName}`;
}
