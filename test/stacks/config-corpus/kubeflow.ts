/** Invalid `kubeflow` sections (and the cluster version check against the release), with the exact problems. */
export const cases: Array<{
  name: string;
  config: Record<string, unknown>;
  secrets?: Record<string, string>;
  problems: string[];
}> = [
  {
    name: "an uncatalogued release",
    config: {
      platform: "existing",
      kubeflow: {
        version: "v1.9.0",
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.version: got "v1.9.0"; allowed: "26.03", "v1.11.0", "v1.10.2"',
    ],
  },
  {
    name: "a misspelt kubeflow key",
    config: {
      platform: "existing",
      kubeflow: {
        versoin: "26.03",
      },
    },
    problems: [
      'kubeflow-platform:kubeflow: unknown key "versoin". Did you mean "version"? Allowed keys: version, bundleDir, applications, upgradeAcknowledgements, imageRegistry, scheduling, notebooks, pipelines, katib, modelRegistry, kserve, storage, confineToProfiles, dataProtection',
    ],
  },
  {
    name: "a misspelt application",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          pipeline: {
            enabled: true,
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications: unknown key "pipeline". Did you mean "pipelines"? Allowed keys: core, centralDashboard, profiles, podDefaults, notebooks, volumes, tensorboards, pvcViewer, pipelines, katib, trainer, trainingOperator, knative, kserve, spark, modelRegistry',
    ],
  },
  {
    name: "an enable flag that is not a boolean",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          pipelines: {
            enabled: "yes",
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications.pipelines.enabled: expected true or false, got "yes"',
    ],
  },
  {
    name: "an application given as a bare boolean",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          pipelines: true,
        },
      },
    },
    problems: ["kubeflow-platform:kubeflow.applications.pipelines: expected a map, got true"],
  },
  {
    name: "an unknown Pipelines mode",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          pipelines: {
            mode: "kfp",
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications.pipelines.mode: not a mode of Kubeflow Pipelines in Kubeflow 26.03; allowed: "argo", "k8s-native" (got "kfp")',
    ],
  },
  {
    name: "Pipelines k8s-native mode in v1.10.2, which lacks it",
    config: {
      platform: "existing",
      kubeflow: {
        version: "v1.10.2",
        applications: {
          pipelines: {
            mode: "k8s-native",
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications.pipelines.mode: not a mode of Kubeflow Pipelines in Kubeflow v1.10.2; allowed: "argo" (got "k8s-native")',
    ],
  },
  {
    name: "Model Registry in v1.10.2",
    config: {
      platform: "existing",
      kubeflow: {
        version: "v1.10.2",
        applications: {
          modelRegistry: {
            enabled: true,
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.applications.modelRegistry.enabled: Model Registry is not part of Kubeflow v1.10.2; remove kubeflow.applications.modelRegistry, or pick a kubeflow.version that has it (26.03) (got true)",
    ],
  },
  {
    name: "Trainer v2 in v1.10.2",
    config: {
      platform: "existing",
      kubeflow: {
        version: "v1.10.2",
        applications: {
          trainer: {
            enabled: true,
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.applications.trainer.enabled: Kubeflow Trainer v2 is not part of Kubeflow v1.10.2; remove kubeflow.applications.trainer, or pick a kubeflow.version that has it (26.03, v1.11.0) (got true)",
    ],
  },
  {
    name: "KServe serverless without Knative",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          knative: {
            enabled: false,
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications.knative.enabled: KServe and the models web app in mode "serverless" needs Knative Serving and the cluster-local gateway (serverless InferenceServices run on Knative Serving); set kubeflow.applications.knative.enabled: true, or kubeflow.applications.kserve.enabled: false, or choose another kubeflow.applications.kserve.mode (got false)',
    ],
  },
  {
    name: "the dashboard without profiles",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          profiles: {
            enabled: false,
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.applications.profiles.enabled: Central Dashboard needs Profile controller and KFAM (the dashboard lists namespaces through KFAM); set kubeflow.applications.profiles.enabled: true, or kubeflow.applications.centralDashboard.enabled: false (got false)",
    ],
  },
  {
    name: "notebooks without the PodDefault webhook",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          podDefaults: {
            enabled: false,
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.applications.podDefaults.enabled: Notebook controller and Jupyter web app needs PodDefault admission webhook (the Jupyter web app lists PodDefaults for its configurations); set kubeflow.applications.podDefaults.enabled: true, or kubeflow.applications.notebooks.enabled: false (got false)",
    ],
  },
  {
    name: "core disabled",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          core: {
            enabled: false,
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.applications.core.enabled: false is not allowed; every application needs the kubeflow namespace, roles and gateway. Remove the key (got false)",
    ],
  },
  {
    name: "a misspelt application option",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          kserve: {
            enabled: true,
            moed: "raw",
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications.kserve: unknown key "moed". Did you mean "mode"? Allowed keys: enabled, mode, allowDeletion, replicas, resources, nodeSelector, tolerations, workloads',
    ],
  },
  {
    name: "a cluster older than 26.03 supports",
    config: {
      platform: "existing",
      cluster: {
        kubernetesVersion: "1.33",
      },
    },
    problems: [
      'kubeflow-platform:cluster.kubernetesVersion: Kubernetes 1.33 is older than Kubeflow 26.03 supports (upstream: "Kubernetes 1.34+"); upgrade the cluster to 1.34 or newer, or pick an older kubeflow.version (got "1.33")',
    ],
  },
  {
    name: "a cluster older than v1.10.2 supports",
    config: {
      platform: "existing",
      cluster: {
        kubernetesVersion: "1.30",
      },
      kubeflow: {
        version: "v1.10.2",
      },
    },
    problems: [
      'kubeflow-platform:cluster.kubernetesVersion: Kubernetes 1.30 is older than Kubeflow v1.10.2 supports (upstream: "Kubernetes 1.31-1.33+"); upgrade the cluster to 1.31 or newer, or pick an older kubeflow.version (got "1.30")',
    ],
  },
  {
    name: "an empty bundle directory",
    config: {
      platform: "existing",
      kubeflow: {
        bundleDir: "",
      },
    },
    problems: ["kubeflow-platform:kubeflow.bundleDir: must not be empty"],
  },
  {
    name: "several problems at once",
    config: {
      platform: "existing",
      kubeflow: {
        version: "v1.11.0",
        applications: {
          modelRegistry: {
            enabled: true,
          },
          knative: {
            enabled: false,
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.applications.modelRegistry.enabled: Model Registry is not part of Kubeflow v1.11.0; remove kubeflow.applications.modelRegistry, or pick a kubeflow.version that has it (26.03) (got true)",
      'kubeflow-platform:kubeflow.applications.knative.enabled: KServe and the models web app in mode "serverless" needs Knative Serving and the cluster-local gateway (serverless InferenceServices run on Knative Serving); set kubeflow.applications.knative.enabled: true, or kubeflow.applications.kserve.enabled: false, or choose another kubeflow.applications.kserve.mode (got false)',
    ],
  },
  // Values checked where mistakes cost most (issue 12): quantities, names of the release, contradictions.
  {
    name: "two keys that set different StorageClasses",
    config: {
      platform: "existing",
      cluster: { storageClass: "standard-rwo" },
      kubeflow: { storage: { storageClassName: "fast" } },
    },
    problems: [
      'kubeflow-platform:kubeflow.storage.storageClassName: "fast" contradicts cluster.storageClass "standard-rwo": both set the StorageClass of Kubeflow\'s PVCs. Keep one: remove kubeflow.storage.storageClassName (cluster.storageClass applies), or set both to the same class (got "fast")',
    ],
  },
  {
    name: "a StorageClass an existing cluster's config does not declare",
    config: { platform: "existing", kubeflow: { storage: { storageClassName: "fast" } } },
    problems: [
      'kubeflow-platform:kubeflow.storage.storageClassName: "fast" is not a StorageClass this config declares; on an existing cluster the class is declared by cluster.storageClass (used for every PVC the platform creates). Set cluster.storageClass to "fast" and remove kubeflow.storage.storageClassName (got "fast")',
    ],
  },
  {
    name: "KServe Serverless with Knative disabled",
    config: {
      platform: "existing",
      kubeflow: {
        applications: { knative: { enabled: false }, kserve: { mode: "raw" } },
        kserve: { deploymentMode: "Serverless" },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.kserve.deploymentMode: "Serverless" needs Knative, but kubeflow.applications.knative.enabled is false (kubeflow.applications.kserve.mode is "raw"). Set kubeflow.kserve.deploymentMode to "RawDeployment" (or remove it), or enable knative (got "Serverless")',
    ],
  },
  {
    name: "parameters of an application that is not installed",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          katib: { enabled: false, replicas: 2, workloads: { "katib-ui": { replicas: 2 } } },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.applications.katib.replicas: applies only when katib is installed, and it is not, so it would be ignored. Remove kubeflow.applications.katib.replicas, or set kubeflow.applications.katib.enabled: true (got 2)",
      'kubeflow-platform:kubeflow.applications.katib.workloads: applies only when katib is installed, and it is not, so it would be ignored. Remove kubeflow.applications.katib.workloads, or set kubeflow.applications.katib.enabled: true (got {"katib-ui":{"replicas":2}})',
    ],
  },
  {
    name: "an external object store while Pipelines is disabled",
    config: {
      platform: "existing",
      kubeflow: {
        applications: { pipelines: { enabled: false } },
        pipelines: {
          objectStore: {
            type: "s3",
            endpoint: "s3.eu-west-1.amazonaws.com",
            bucket: "kfp-artifacts",
            accessKeySecret: "s3Access",
            secretKeySecret: "s3Secret",
          },
        },
      },
    },
    secrets: { s3Access: "AKIAEXAMPLE", s3Secret: "secret-value-1" },
    problems: [
      'kubeflow-platform:kubeflow.pipelines.objectStore.type: applies only when pipelines is installed, and it is not, so it would be ignored. Remove kubeflow.pipelines.objectStore, or enable kubeflow.applications.pipelines (got "s3")',
    ],
  },
  {
    name: "a size and a workload override for the MySQL an external database replaces",
    config: {
      platform: "existing",
      kubeflow: {
        storage: { sizes: { "mysql-pv-claim": "50Gi" } },
        applications: { pipelines: { workloads: { mysql: { replicas: 1 } } } },
        pipelines: {
          database: { type: "external", host: "mysql.example.com", passwordSecret: "dbPassword" },
        },
      },
    },
    secrets: { dbPassword: "db-password-1" },
    problems: [
      'kubeflow-platform:kubeflow.storage.sizes.mysql-pv-claim: "mysql-pv-claim" is not installed: kubeflow.pipelines.database.type is "external", which replaces it, so the setting would be ignored. Remove it (got "50Gi")',
      'kubeflow-platform:kubeflow.applications.pipelines.workloads.mysql: "mysql" is not installed: kubeflow.pipelines.database.type is "external", which replaces it, so the setting would be ignored. Remove it (got {"replicas":1})',
    ],
  },
];
