/**
 * Config that must never reach the cluster: secret material in any key, keys under a misspelt namespace,
 * paths set as flat keys and keys of another platform.
 */
import { CorpusCase } from "./types";

const gke = { project: "acme-ml", region: "europe-west4" };
const eks = { region: "eu-west-1" };
const kubeconfig =
  "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1\n  name: ci\nusers:\n- name: ci\n  user:\n    token: corpus-kubeconfig-token\n";
const jwt =
  "eyJhbGciOiJSUzI1NiIsImtpZCI6ImNvcnB1cyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y29ycHVzIn0.c2lnbmF0dXJlLWNvcnB1cw";

export const cases: CorpusCase[] = [
  {
    name: "a kubeconfig's text in kubeconfigPath",
    config: { platform: "existing", cluster: { kubeconfigPath: kubeconfig } },
    problems: [
      "kubeflow-platform:cluster.kubeconfigPath: holds a kubeconfig's text (value not shown); plain config never holds secrets. Run `pulumi config set --secret <configKey> < kubeconfig`, set cluster.kubeconfigSecret to <configKey> in place of cluster.kubeconfigPath, and rotate the secret",
    ],
  },
  {
    name: "a password in an object store URL, not echoed by the endpoint check",
    config: {
      platform: "existing",
      kubeflow: {
        pipelines: {
          objectStore: {
            type: "s3",
            endpoint: "https://admin:corpus-password@s3.example.com",
            bucket: "kubeflow-artifacts",
            accessKeySecret: "s3AccessKey",
            secretKeySecret: "s3SecretKey",
          },
        },
      },
    },
    secrets: { s3AccessKey: "access", s3SecretKey: "secret" },
    problems: [
      'kubeflow-platform:kubeflow.pipelines.objectStore.endpoint: holds a URL with a user:password (got "https://<credentials>@s3.example.com"); plain config never holds secrets. Set the URL without its credentials (`pulumi config set --path \'kubeflow.pipelines.objectStore.endpoint\' <url>`) and rotate them; a secret goes only in a key set with `pulumi config set --secret <configKey>`, named by a "...Secret" field',
    ],
  },
  {
    name: "a token in a URL's query",
    config: {
      platform: "existing",
      services: { istio: { hostname: "https://kubeflow.example.com/?token=corpus-token-1" } },
    },
    problems: [
      'kubeflow-platform:services.istio.hostname: holds a URL with a token in its query (got "https://kubeflow.example.com/?token=<masked>"); plain config never holds secrets. Set the URL without its credentials (`pulumi config set --path \'services.istio.hostname\' <url>`) and rotate them; a secret goes only in a key set with `pulumi config set --secret <configKey>`, named by a "...Secret" field',
    ],
  },
  {
    name: "a JWT in an accelerator's node selector",
    config: {
      platform: "existing",
      cluster: { accelerators: [{ name: "l4", nodeSelector: { token: jwt } }] },
    },
    problems: [
      "kubeflow-platform:cluster.accelerators[0].nodeSelector.token: holds a JWT bearer token (value not shown); plain config never holds secrets. Remove it (`pulumi config rm --path 'cluster.accelerators[0].nodeSelector.token'`, or set the value without it) and rotate it; a secret goes only in a key set with `pulumi config set --secret <configKey>`, named by a \"...Secret\" field",
    ],
  },
  {
    name: "a PEM private key in a hostname, not echoed by the hostname check",
    config: {
      platform: "existing",
      services: {
        istio: {
          hostname: "-----BEGIN RSA PRIVATE KEY-----\nMIIEcorpus\n-----END RSA PRIVATE KEY-----",
        },
      },
    },
    problems: [
      "kubeflow-platform:services.istio.hostname: holds a PEM private key (value not shown); plain config never holds secrets. Remove it (`pulumi config rm --path 'services.istio.hostname'`, or set the value without it) and rotate it; a secret goes only in a key set with `pulumi config set --secret <configKey>`, named by a \"...Secret\" field",
    ],
  },
  {
    name: "AWS keys in the ...Secret fields that should name config keys",
    config: {
      platform: "aws",
      cluster: eks,
      kubeflow: {
        pipelines: {
          objectStore: {
            type: "s3",
            endpoint: "s3.eu-west-1.amazonaws.com",
            bucket: "kubeflow-artifacts",
            accessKeySecret: "AKIAIOSFODNN7CORPUS1",
            secretKeySecret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCORPUSKEY1",
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.pipelines.objectStore.accessKeySecret: holds an AWS access key id (value not shown); plain config never holds secrets. Run `pulumi config set --secret <configKey> <value>`, set kubeflow.pipelines.objectStore.accessKeySecret to <configKey> (the name of that key, not the secret), and rotate the secret",
      "kubeflow-platform:kubeflow.pipelines.objectStore.secretKeySecret: holds an AWS secret access key (value not shown); plain config never holds secrets. Run `pulumi config set --secret <configKey> <value>`, set kubeflow.pipelines.objectStore.secretKeySecret to <configKey> (the name of that key, not the secret), and rotate the secret",
    ],
  },
  {
    name: "a GitHub token in an unknown top-level key",
    config: { platform: "existing", githubToken: `ghp_${"c0rpus".repeat(6)}` },
    problems: [
      'kubeflow-platform:githubToken: unknown key holding a GitHub token (value not shown) in plain text. Remove it with `pulumi config rm kubeflow-platform:githubToken` and rotate it; a secret goes only in a key set with `pulumi config set --secret <configKey>`, named by a "...Secret" field',
    ],
  },
  {
    name: "a Slack token in an unknown cluster key",
    config: {
      platform: "existing",
      cluster: { slackToken: "xoxb-123456789012-1234567890123-c0rpusSlack" },
    },
    problems: [
      "kubeflow-platform:cluster.slackToken: holds a Slack token (value not shown); plain config never holds secrets. Remove it (`pulumi config rm --path 'cluster.slackToken'`, or set the value without it) and rotate it; a secret goes only in a key set with `pulumi config set --secret <configKey>`, named by a \"...Secret\" field",
    ],
  },
  {
    name: "a GCP service-account key in a context",
    config: {
      platform: "existing",
      cluster: {
        context: JSON.stringify({ type: "service_account", private_key: "c0rpus-sa-key" }),
      },
    },
    problems: [
      "kubeflow-platform:cluster.context: holds a GCP service-account key (value not shown); plain config never holds secrets. Remove it (`pulumi config rm --path 'cluster.context'`, or set the value without it) and rotate it; a secret goes only in a key set with `pulumi config set --secret <configKey>`, named by a \"...Secret\" field",
    ],
  },
  {
    name: "a misspelt project namespace",
    config: { platform: "existing" },
    extra: {
      "kubeflow-plattform:cluster": JSON.stringify({ name: "kubeflow" }),
      "kubeflowplatform:services": "{}",
      "gcp:project": "acme-ml",
      "kubernetes:context": "kind",
    },
    problems: [
      'kubeflow-plattform:cluster: namespace "kubeflow-plattform" is a near miss of this project\'s, so the key is never read; this project\'s keys are "kubeflow-platform:<key>". Did you mean "kubeflow-platform:cluster"? Rename the key in Pulumi.<stack>.yaml',
      'kubeflowplatform:services: namespace "kubeflowplatform" is a near miss of this project\'s, so the key is never read; this project\'s keys are "kubeflow-platform:<key>". Did you mean "kubeflow-platform:services"? Rename the key in Pulumi.<stack>.yaml',
    ],
  },
  {
    name: "a path set as a flat key",
    config: {
      platform: "existing",
      "services.istio.hostname": "kubeflow.example.com",
      "cluster.name": "dev",
    },
    problems: [
      "kubeflow-platform:services.istio.hostname: is one flat key named \"services.istio.hostname\" (set without --path), so the path services.istio.hostname is never read. Run `pulumi config rm 'services.istio.hostname' && pulumi config set --path 'services.istio.hostname' <value>`",
      "kubeflow-platform:cluster.name: is one flat key named \"cluster.name\" (set without --path), so the path cluster.name is never read. Run `pulumi config rm 'cluster.name' && pulumi config set --path 'cluster.name' <value>`",
    ],
  },
  {
    name: "a secret path set as a flat key",
    config: { platform: "existing" },
    secrets: { "services.dex.staticUsers[0].passwordSecret": "flat-secret-value" },
    problems: [
      "kubeflow-platform:services.dex.staticUsers[0].passwordSecret: is one flat key named \"services.dex.staticUsers[0].passwordSecret\" (set without --path), so the path services.dex.staticUsers[0].passwordSecret is never read. Run `pulumi config rm 'services.dex.staticUsers[0].passwordSecret' && pulumi config set --secret --path 'services.dex.staticUsers[0].passwordSecret' <value>`",
    ],
  },
  {
    name: "a GKE key on an EKS stack",
    config: {
      platform: "aws",
      cluster: {
        ...eks,
        project: "acme-ml",
        secretsEncryptionKey: "projects/p/locations/l/keyRings/r/cryptoKeys/k",
        clustr: 1,
      },
    },
    problems: [
      'kubeflow-platform:cluster: unknown key "clustr". Allowed keys: name, region, kubernetesVersion, network, endpointPrivateAccess, endpointPublicAccess, publicAccessCidrs, secretsEncryptionKeyArn, logTypes, admins, addons, clusterAutoscaler, deletionProtection, protect, systemPool, accelerators, stores, entry',
      "kubeflow-platform:cluster.project: is a GKE key; this stack's platform is aws, which has no such key. Remove it with `pulumi config rm --path 'cluster.project'` (or set platform to \"gcp\" if the stack is meant for it)",
      "kubeflow-platform:cluster.secretsEncryptionKey: is a GKE key; this stack's platform is aws, where the equivalent is cluster.secretsEncryptionKeyArn. Set that instead and run `pulumi config rm --path 'cluster.secretsEncryptionKey'`",
    ],
  },
  {
    name: "an EKS key on a GKE stack, nested",
    config: {
      platform: "gcp",
      cluster: {
        ...gke,
        network: { vpcId: "vpc-0a1b2c3d" },
        accelerators: [
          {
            name: "l4",
            type: "nvidia-l4",
            machineType: "g2-standard-8",
            instanceType: "g6.xlarge",
          },
        ],
      },
    },
    problems: [
      "kubeflow-platform:cluster.network.vpcId: is an EKS key; this stack's platform is gcp, where the equivalent is cluster.network.network. Set that instead and run `pulumi config rm --path 'cluster.network.vpcId'`",
      "kubeflow-platform:cluster.accelerators[0].instanceType: is an EKS key; this stack's platform is gcp, where the equivalent is cluster.accelerators[0].machineType. Set that instead and run `pulumi config rm --path 'cluster.accelerators[0].instanceType'`",
    ],
  },
  {
    name: "a cloud key on an existing-cluster stack",
    config: { platform: "existing", cluster: { region: "eu-west-1" } },
    problems: [
      'kubeflow-platform:cluster.region: is a GKE and EKS key; this stack\'s platform is existing, which has no such key. Remove it with `pulumi config rm --path \'cluster.region\'` (or set platform to "gcp" or "aws" if the stack is meant for it)',
    ],
  },
];
