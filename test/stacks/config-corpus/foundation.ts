/** Invalid configs of the top level, the existing-cluster platform and secret handling. */
import { CorpusCase } from "./types";

export const cases: CorpusCase[] = [
  {
    name: "an unknown platform",
    config: { platform: "azure" },
    problems: ['kubeflow-platform:platform: got "azure"; allowed: "gcp", "aws", "existing"'],
  },
  {
    name: "a platform in the wrong case",
    config: { platform: "Existing" },
    problems: [
      'kubeflow-platform:platform: got "Existing"; allowed: "gcp", "aws", "existing". Did you mean "existing"?',
    ],
  },
  {
    name: "the platform given as an object",
    config: { platform: { name: "existing" } },
    problems: [
      'kubeflow-platform:platform: got "{\\"name\\":\\"existing\\"}"; allowed: "gcp", "aws", "existing"',
    ],
  },
  {
    name: "a misspelt top-level key",
    config: { platform: "existing", servces: { certManager: {} } },
    problems: [
      'kubeflow-platform:servces: unknown key. Did you mean "kubeflow-platform:services"? Allowed keys: platform, cluster, services, kubeflow, profiles, allowSetOnceChanges (and config keys named by "...Secret" fields). Remove it with `pulumi config rm kubeflow-platform:servces`',
    ],
  },
  {
    name: "an unknown top-level key with no near match",
    config: { platform: "existing", telemetryEndpoint: "https://example.com" },
    problems: [
      'kubeflow-platform:telemetryEndpoint: unknown key. Allowed keys: platform, cluster, services, kubeflow, profiles, allowSetOnceChanges (and config keys named by "...Secret" fields). Remove it with `pulumi config rm kubeflow-platform:telemetryEndpoint`',
    ],
  },
  {
    name: "a kubeconfig set as a plain top-level key",
    config: { platform: "existing", kubeconfig: "apiVersion: v1" },
    problems: [
      "kubeflow-platform:kubeconfig: unknown key; a kubeconfig is a secret: set it with `pulumi config set --secret <configKey> < kubeconfig` and name that key in cluster.kubeconfigSecret",
    ],
  },
  {
    name: "structured config stored as a secret",
    config: { platform: "existing" },
    secrets: { cluster: JSON.stringify({ name: "kubeflow" }) },
    problems: [
      'kubeflow-platform:cluster: is stored as a secret, but it is structured config that decides what is created. Store it in plain text, and keep secrets in separate keys referenced by "...Secret" fields',
    ],
  },
  {
    name: "a misspelt cluster key",
    config: { platform: "existing", cluster: { storageClas: "standard" } },
    problems: [
      'kubeflow-platform:cluster: unknown key "storageClas". Did you mean "storageClass"? Allowed keys: name, context, kubeconfigPath, kubeconfigSecret, storageClass, loadBalancer, kubernetesVersion, accelerators, snapshots',
    ],
  },
  {
    name: "a misspelt kubeconfigPath",
    config: { platform: "existing", cluster: { kubeconfigPth: "/tmp/kubeconfig" } },
    problems: [
      'kubeflow-platform:cluster: unknown key "kubeconfigPth". Did you mean "kubeconfigPath"? Allowed keys: name, context, kubeconfigPath, kubeconfigSecret, storageClass, loadBalancer, kubernetesVersion, accelerators, snapshots',
    ],
  },
  {
    name: "a kubeconfig inline in the cluster section",
    config: { platform: "existing", cluster: { kubeconfig: "apiVersion: v1\nkind: Config" } },
    problems: [
      "kubeflow-platform:cluster.kubeconfig: holds a kubeconfig's text (value not shown); plain config never holds secrets. Run `pulumi config set --secret <configKey> < kubeconfig`, set cluster.kubeconfigSecret to <configKey> in place of cluster.kubeconfig, and rotate the secret",
    ],
  },
  {
    name: "the cluster given as a string",
    config: { platform: "existing", cluster: "kind-kubeflow" },
    problems: [
      "kubeflow-platform:cluster: is not valid structured config (Unexpected token 'k', \"kind-kubeflow\" is not valid JSON); give a YAML map or list",
    ],
  },
  {
    name: "the cluster given as a list",
    config: { platform: "existing", cluster: [{ name: "kubeflow" }] },
    problems: ['kubeflow-platform:cluster: expected a map, got [{"name":"kubeflow"}]'],
  },
  {
    name: "loadBalancer as a word",
    config: { platform: "existing", cluster: { loadBalancer: "yes" } },
    problems: ['kubeflow-platform:cluster.loadBalancer: expected true or false, got "yes"'],
  },
  {
    name: "loadBalancer as a number",
    config: { platform: "existing", cluster: { loadBalancer: 1 } },
    problems: ["kubeflow-platform:cluster.loadBalancer: expected true or false, got 1"],
  },
  {
    name: "a cluster name with upper case and underscores",
    config: { platform: "existing", cluster: { name: "Kubeflow_Dev" } },
    problems: [
      "kubeflow-platform:cluster.name: must be a lowercase RFC 1123 label (a-z, 0-9, '-', starting and ending alphanumeric) (got \"Kubeflow_Dev\")",
    ],
  },
  {
    name: "a cluster name longer than 63 characters",
    config: { platform: "existing", cluster: { name: "k".repeat(64) } },
    problems: [
      'kubeflow-platform:cluster.name: must be at most 63 characters (got "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk")',
    ],
  },
  {
    name: "an empty cluster name",
    config: { platform: "existing", cluster: { name: "" } },
    problems: [
      "kubeflow-platform:cluster.name: must be a lowercase RFC 1123 label (a-z, 0-9, '-', starting and ending alphanumeric) (got \"\")",
    ],
  },
  {
    name: "an empty context",
    config: { platform: "existing", cluster: { context: "" } },
    problems: ["kubeflow-platform:cluster.context: must not be empty"],
  },
  {
    name: "a storageClass given as a number",
    config: { platform: "existing", cluster: { storageClass: 5 } },
    problems: ["kubeflow-platform:cluster.storageClass: expected a string, got 5"],
  },
  {
    name: "a snapshot driver in capitals (a StorageClass provisioner is lowercase)",
    config: { platform: "existing", cluster: { snapshots: { driver: "EBS.CSI.AWS.COM" } } },
    problems: [
      "kubeflow-platform:cluster.snapshots.driver: must be a CSI driver name such as ebs.csi.aws.com (lowercase letters, digits, '-' and '.'): the provisioner of the cluster's StorageClass, as `kubectl get storageclass` shows it (got \"EBS.CSI.AWS.COM\")",
    ],
  },
  {
    name: "a misspelt snapshot driver key",
    config: { platform: "existing", cluster: { snapshots: { drvier: "ebs.csi.aws.com" } } },
    problems: [
      'kubeflow-platform:cluster.snapshots: unknown key "drvier". Did you mean "driver"? Allowed keys: driver',
    ],
  },
  {
    name: "a snapshot driver on GKE, where the platform says which driver",
    config: {
      platform: "gcp",
      cluster: {
        project: "p",
        region: "europe-west4",
        snapshots: { driver: "pd.csi.storage.gke.io" },
      },
    },
    problems: [
      "kubeflow-platform:cluster.snapshots: is a existing-cluster key; this stack's platform is gcp, which has no such key. Remove it with `pulumi config rm --path 'cluster.snapshots'` (or set platform to \"existing\" if the stack is meant for it)",
    ],
  },
  {
    name: "a Kubernetes version with a v prefix",
    config: { platform: "existing", cluster: { kubernetesVersion: "v1.34" } },
    problems: [
      'kubeflow-platform:cluster.kubernetesVersion: must be a Kubernetes minor version such as 1.34 (got "v1.34")',
    ],
  },
  {
    name: "a Kubernetes version with a patch number",
    config: { platform: "existing", cluster: { kubernetesVersion: "1.34.2" } },
    problems: [
      'kubeflow-platform:cluster.kubernetesVersion: must be a Kubernetes minor version such as 1.34 (got "1.34.2")',
    ],
  },
  {
    name: "a Kubernetes version given as a number",
    config: { platform: "existing", cluster: { kubernetesVersion: 1.34 } },
    problems: ["kubeflow-platform:cluster.kubernetesVersion: expected a string, got 1.34"],
  },
  {
    name: "both kubeconfigPath and kubeconfigSecret",
    config: {
      platform: "existing",
      cluster: { kubeconfigPath: "/tmp/kubeconfig", kubeconfigSecret: "ciKubeconfig" },
    },
    secrets: { ciKubeconfig: "apiVersion: v1\nkind: Config\n# ci-secret-kubeconfig" },
    problems: [
      'kubeflow-platform:cluster.kubeconfigSecret: kubeconfigPath and kubeconfigSecret are exclusive; keep one (got "ciKubeconfig")',
    ],
  },
  {
    name: "a kubeconfigSecret naming a key that is not set",
    config: { platform: "existing", cluster: { kubeconfigSecret: "ciKubeconfig" } },
    problems: [
      'kubeflow-platform:cluster.kubeconfigSecret: names config key "ciKubeconfig", which is not set. Run `pulumi config set --secret ciKubeconfig <value>`',
    ],
  },
  {
    name: "a kubeconfigSecret naming a key stored in plain text",
    config: {
      platform: "existing",
      cluster: { kubeconfigSecret: "ciKubeconfig" },
      ciKubeconfig: "apiVersion: v1\nkind: Config\n# plain-kubeconfig-value",
    },
    problems: [
      "kubeflow-platform:ciKubeconfig: holds a secret in plain text (named by kubeflow-platform:cluster.kubeconfigSecret). Run `pulumi config set --secret ciKubeconfig <value>` to encrypt it, and rotate it",
    ],
  },
  {
    name: "a kubeconfigSecret that is not a config key name",
    config: { platform: "existing", cluster: { kubeconfigSecret: "my kubeconfig!" } },
    problems: [
      "kubeflow-platform:cluster.kubeconfigSecret: must name another config key (letters, digits, '-', '_') set with `pulumi config set --secret` (got \"my kubeconfig!\")",
    ],
  },
  {
    name: "accelerators given as an object",
    config: { platform: "existing", cluster: { accelerators: { name: "gpu" } } },
    problems: ['kubeflow-platform:cluster.accelerators: expected a list, got {"name":"gpu"}'],
  },
  {
    name: "an accelerator pool without a name",
    config: { platform: "existing", cluster: { accelerators: [{ type: "nvidia-l4" }] } },
    problems: ["kubeflow-platform:cluster.accelerators[0].name: is required (a string)"],
  },
  {
    name: "an accelerator pool name that is not a DNS label",
    config: { platform: "existing", cluster: { accelerators: [{ name: "GPU Pool" }] } },
    problems: [
      "kubeflow-platform:cluster.accelerators[0].name: must be a lowercase RFC 1123 label (a-z, 0-9, '-', starting and ending alphanumeric) (got \"GPU Pool\")",
    ],
  },
  {
    name: "two accelerator pools with the same name",
    config: {
      platform: "existing",
      cluster: { accelerators: [{ name: "l4" }, { name: "t4" }, { name: "l4" }] },
    },
    problems: [
      'kubeflow-platform:cluster.accelerators[2].name: duplicate accelerator pool name "l4"; names must be unique (got "l4")',
    ],
  },
  {
    name: "an accelerator vendor that is not supported",
    config: { platform: "existing", cluster: { accelerators: [{ name: "mi300", vendor: "amd" }] } },
    problems: ['kubeflow-platform:cluster.accelerators[0].vendor: got "amd"; allowed: "nvidia"'],
  },
  {
    name: "a misspelt accelerator key",
    config: { platform: "existing", cluster: { accelerators: [{ name: "l4", taint: false }] } },
    problems: [
      'kubeflow-platform:cluster.accelerators[0]: unknown key "taint". Did you mean "tainted"? Allowed keys: name, vendor, type, resourceName, nodeSelector, tainted',
    ],
  },
  {
    name: "an accelerator nodeSelector with a number value",
    config: {
      platform: "existing",
      cluster: { accelerators: [{ name: "l4", nodeSelector: { "gpu-count": 1 } }] },
    },
    problems: [
      "kubeflow-platform:cluster.accelerators[0].nodeSelector.gpu-count: expected a string, got 1",
    ],
  },
  {
    name: "an accelerator nodeSelector given as a list",
    config: {
      platform: "existing",
      cluster: { accelerators: [{ name: "l4", nodeSelector: ["pool=gpu"] }] },
    },
    problems: [
      'kubeflow-platform:cluster.accelerators[0].nodeSelector: expected a map, got ["pool=gpu"]',
    ],
  },
  {
    name: "an empty accelerator resource name",
    config: { platform: "existing", cluster: { accelerators: [{ name: "l4", resourceName: "" }] } },
    problems: ["kubeflow-platform:cluster.accelerators[0].resourceName: must not be empty"],
  },
  {
    name: "an accelerator tainted flag as a string",
    config: { platform: "existing", cluster: { accelerators: [{ name: "l4", tainted: "no" }] } },
    problems: [
      'kubeflow-platform:cluster.accelerators[0].tainted: expected true or false, got "no"',
    ],
  },
  {
    name: "several problems at once are all reported",
    config: {
      platform: "existing",
      cluster: { name: "Dev", loadBalancer: "no", accelerators: [{ name: "l4", vendr: "nvidia" }] },
      profles: [],
    },
    problems: [
      'kubeflow-platform:profles: unknown key. Did you mean "kubeflow-platform:profiles"? Allowed keys: platform, cluster, services, kubeflow, profiles, allowSetOnceChanges (and config keys named by "...Secret" fields). Remove it with `pulumi config rm kubeflow-platform:profles`',
      "kubeflow-platform:cluster.name: must be a lowercase RFC 1123 label (a-z, 0-9, '-', starting and ending alphanumeric) (got \"Dev\")",
      'kubeflow-platform:cluster.loadBalancer: expected true or false, got "no"',
      'kubeflow-platform:cluster.accelerators[0]: unknown key "vendr". Did you mean "vendor"? Allowed keys: name, vendor, type, resourceName, nodeSelector, tainted',
    ],
  },
  {
    name: "a secret reference problem next to a schema-valid config",
    config: {
      platform: "existing",
      cluster: { kubeconfigSecret: "ciKubeconfig", storageClass: "standard-rwo" },
      ciKubeconfig: "plain",
    },
    problems: [
      "kubeflow-platform:ciKubeconfig: holds a secret in plain text (named by kubeflow-platform:cluster.kubeconfigSecret). Run `pulumi config set --secret ciKubeconfig <value>` to encrypt it, and rotate it",
    ],
  },
  {
    name: "a top-level key misspelt and a cluster key misspelt",
    config: { platfrom: "existing", clustr: { name: "kubeflow" } },
    problems: [
      'kubeflow-platform:platfrom: unknown key. Did you mean "kubeflow-platform:platform"? Allowed keys: platform, cluster, services, kubeflow, profiles, allowSetOnceChanges (and config keys named by "...Secret" fields). Remove it with `pulumi config rm kubeflow-platform:platfrom`',
      'kubeflow-platform:clustr: unknown key. Did you mean "kubeflow-platform:cluster"? Allowed keys: platform, cluster, services, kubeflow, profiles, allowSetOnceChanges (and config keys named by "...Secret" fields). Remove it with `pulumi config rm kubeflow-platform:clustr`',
    ],
  },
  {
    name: "malformed JSON in a structured key",
    config: { platform: "existing", cluster: '{"name": "kubeflow",' },
    problems: [
      "kubeflow-platform:cluster: is not valid structured config (Expected double-quoted property name in JSON at position 20); give a YAML map or list",
    ],
  },
  {
    name: "a null cluster",
    config: { platform: "existing", cluster: null },
    problems: ["kubeflow-platform:cluster: expected a map, got null"],
  },
];
