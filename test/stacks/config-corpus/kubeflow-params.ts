/**
 * Invalid values of the Kubeflow parameters (kubeflow-params.ts), each with the exact problems loadConfig
 * reports. The lead's corpus runner merges the kubeflow section's own required keys if it has any.
 */
export const cases: Array<{
  name: string;
  config: Record<string, unknown>;
  secrets?: Record<string, string>;
  problems: string[];
}> = [
  {
    name: "an image registry with a scheme",
    config: {
      platform: "existing",
      kubeflow: {
        imageRegistry: {
          prefix: "https://registry.example.com/kf",
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.imageRegistry.prefix: must be a registry host and optional path without a scheme; remove "https://" (got "https://registry.example.com/kf")',
    ],
  },
  {
    name: "an image registry with a tag",
    config: {
      platform: "existing",
      kubeflow: {
        imageRegistry: {
          prefix: "registry.example.com/kf:v1",
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.imageRegistry.prefix: must be a registry host (with a dot or a port, or localhost) and an optional lowercase path, without tag or trailing slash, e.g. registry.example.com/kubeflow (got "registry.example.com/kf:v1")',
    ],
  },
  {
    name: "an image registry without a host",
    config: {
      platform: "existing",
      kubeflow: {
        imageRegistry: {
          prefix: "kubeflow",
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.imageRegistry.prefix: must be a registry host (with a dot or a port, or localhost) and an optional lowercase path, without tag or trailing slash, e.g. registry.example.com/kubeflow (got "kubeflow")',
    ],
  },
  {
    name: "a mirror mapping keyed by a non-registry",
    config: {
      platform: "existing",
      kubeflow: {
        imageRegistry: {
          mapping: {
            dockerhub: "registry.example.com/dh",
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.imageRegistry.mapping.dockerhub: "dockerhub" is not a registry host; use a host such as docker.io, ghcr.io, quay.io or localhost:5000 (got "registry.example.com/dh")',
    ],
  },
  {
    name: "a misspelt imageRegistry key",
    config: {
      platform: "existing",
      kubeflow: {
        imageRegistry: {
          prefx: "registry.example.com",
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.imageRegistry: unknown key "prefx". Did you mean "prefix"? Allowed keys: prefix, includeSourceRegistry, mapping',
    ],
  },
  {
    name: "an external object store without credentials",
    config: {
      platform: "existing",
      kubeflow: {
        pipelines: {
          objectStore: {
            type: "s3",
            endpoint: "s3.eu-west-1.amazonaws.com",
            bucket: "kfp-artifacts",
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.pipelines.objectStore.accessKeySecret: is required (a string)",
      "kubeflow-platform:kubeflow.pipelines.objectStore.secretKeySecret: is required (a string)",
    ],
  },
  {
    name: "an object store endpoint with a scheme",
    config: {
      platform: "existing",
      kubeflow: {
        pipelines: {
          objectStore: {
            type: "s3",
            endpoint: "https://s3.amazonaws.com",
            bucket: "kfp-artifacts",
            accessKeySecret: "s3Access",
            secretKeySecret: "s3Secret",
          },
        },
      },
    },
    secrets: {
      s3Access: "AKIA",
      s3Secret: "x",
    },
    problems: [
      'kubeflow-platform:kubeflow.pipelines.objectStore.endpoint: must be host[:port] without a scheme; set secure: true for TLS (got "https://s3.amazonaws.com")',
    ],
  },
  {
    name: "an object store access key in plain text",
    config: {
      platform: "existing",
      kubeflow: {
        pipelines: {
          objectStore: {
            type: "s3",
            endpoint: "s3.amazonaws.com",
            bucket: "kfp-artifacts",
            accessKey: "AKIA",
            secretKeySecret: "s3Secret",
          },
        },
      },
    },
    secrets: {
      s3Secret: "x",
    },
    problems: [
      "kubeflow-platform:kubeflow.pipelines.objectStore.accessKeySecret: is required (a string)",
      'kubeflow-platform:kubeflow.pipelines.objectStore: "accessKey" would hold a secret in plain text, which is refused. Store it with `pulumi config set --secret <configKey> <value>` and reference it as "accessKeySecret: <configKey>"',
    ],
  },
  {
    name: "an unknown object store type",
    config: {
      platform: "existing",
      kubeflow: {
        pipelines: {
          objectStore: {
            type: "gcs",
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.pipelines.objectStore.type: got "gcs"; allowed types: "in-cluster", "s3", "managed"',
    ],
  },
  {
    name: "an external database without host",
    config: {
      platform: "existing",
      kubeflow: {
        pipelines: {
          database: {
            type: "external",
            passwordSecret: "dbPassword",
          },
        },
      },
    },
    secrets: {
      dbPassword: "x",
    },
    problems: ["kubeflow-platform:kubeflow.pipelines.database.host: is required (a string)"],
  },
  {
    name: "a PVC size that isn't a quantity",
    config: {
      platform: "existing",
      kubeflow: {
        storage: {
          sizes: {
            "mysql-pv-claim": "20 GB",
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.storage.sizes.mysql-pv-claim: must be a Kubernetes quantity: a number with an optional suffix (binary Ki, Mi, Gi, Ti, Pi, Ei; decimal m, k, M, G, T, P, E; or an exponent such as 1e3), e.g. 512Mi, 16Gi (got "20 GB")',
    ],
  },
  {
    name: "a StorageClass name with uppercase",
    config: {
      platform: "existing",
      kubeflow: {
        storage: {
          storageClassName: "Premium_RWO",
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.storage.storageClassName: must be a StorageClass name (lowercase RFC 1123 subdomain) (got "Premium_RWO")',
    ],
  },
  {
    name: "an unknown KServe deployment mode",
    config: {
      platform: "existing",
      kubeflow: {
        kserve: {
          deploymentMode: "Raw",
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.kserve.deploymentMode: got "Raw"; allowed: "Serverless", "RawDeployment"',
    ],
  },
  {
    name: "a KServe ingress domain with a scheme",
    config: {
      platform: "existing",
      kubeflow: {
        kserve: {
          ingressDomain: "https://models.example.com",
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.kserve.ingressDomain: must be a lowercase DNS domain without scheme, e.g. models.example.com (got "https://models.example.com")',
    ],
  },
  {
    name: "a default notebook image not offered",
    config: {
      platform: "existing",
      kubeflow: {
        notebooks: {
          images: ["ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0"],
          defaultImage: "python:3.11",
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.notebooks.defaultImage: must be one of notebooks.images (ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0) (got "python:3.11")',
    ],
  },
  {
    name: "a GPU vendor listed twice",
    config: {
      platform: "existing",
      kubeflow: {
        notebooks: {
          gpuVendors: [
            {
              limitsKey: "nvidia.com/gpu",
              uiName: "NVIDIA",
            },
            {
              limitsKey: "nvidia.com/gpu",
              uiName: "GPU",
            },
          ],
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.notebooks.gpuVendors: lists limitsKey "nvidia.com/gpu" twice; each vendor once (got [{"limitsKey":"nvidia.com/gpu","uiName":"NVIDIA"},{"limitsKey":"nvidia.com/gp...)',
    ],
  },
  {
    name: "a GPU vendor limitsKey that is not a resource name",
    config: {
      platform: "existing",
      kubeflow: {
        notebooks: {
          gpuVendors: [
            {
              limitsKey: "nvidia",
              uiName: "NVIDIA",
            },
          ],
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.notebooks.gpuVendors[0].limitsKey: must be an extended resource name such as nvidia.com/gpu (got "nvidia")',
    ],
  },
  {
    name: "a culling idle time too short",
    config: {
      platform: "existing",
      kubeflow: {
        notebooks: {
          culling: {
            idleMinutes: 1,
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.notebooks.culling.idleMinutes: must be at least 10 minutes (upstream's default is 1440, one day) (got 1)",
    ],
  },
  {
    name: "an unknown application key",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          pipeline: {
            replicas: 2,
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications: unknown key "pipeline". Did you mean "pipelines"? Allowed keys: core, centralDashboard, profiles, podDefaults, notebooks, volumes, tensorboards, pvcViewer, pipelines, katib, trainer, trainingOperator, knative, kserve, spark, modelRegistry',
    ],
  },
  {
    name: "negative replicas",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          katib: {
            replicas: -1,
          },
        },
      },
    },
    problems: [
      "kubeflow-platform:kubeflow.applications.katib.replicas: must be a whole number of replicas from 0 to 20 (got -1)",
    ],
  },
  {
    name: "a resource request that isn't a quantity",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          pipelines: {
            resources: {
              requests: {
                memory: "1 gig",
              },
            },
          },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications.pipelines.resources.requests.memory: must be a Kubernetes quantity: a number with an optional suffix (binary Ki, Mi, Gi, Ti, Pi, Ei; decimal m, k, M, G, T, P, E; or an exponent such as 1e3), e.g. 512Mi, 16Gi (got "1 gig")',
    ],
  },
  {
    name: "a toleration with an unknown effect",
    config: {
      platform: "existing",
      kubeflow: {
        scheduling: {
          tolerations: [
            {
              key: "dedicated",
              operator: "Equal",
              value: "system",
              effect: "NoScheduling",
            },
          ],
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.scheduling.tolerations[0].effect: got "NoScheduling"; allowed: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
  },
  {
    name: "confinement given as a string",
    config: {
      platform: "existing",
      kubeflow: {
        confineToProfiles: "yes",
      },
    },
    problems: ['kubeflow-platform:kubeflow.confineToProfiles: expected true or false, got "yes"'],
  },
  {
    name: "an unknown data protection mode",
    config: {
      platform: "existing",
      kubeflow: {
        dataProtection: "yes",
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.dataProtection: got "yes"; allowed: "protect", "retain", "none"',
    ],
  },
  // Values checked where mistakes cost most (issue 12): quantities, names of the release, contradictions.
  {
    name: "a PVC size without a unit",
    config: {
      platform: "existing",
      kubeflow: { storage: { sizes: { "mysql-pv-claim": "10", "katib-mysql": 20 } } },
    },
    problems: [
      'kubeflow-platform:kubeflow.storage.sizes.mysql-pv-claim: is 10 bytes, surely a missing or wrong unit: give at least 1M with a unit, e.g. 512Mi, 16Gi. Did you mean 10Mi or 10Gi? (got "10")',
      "kubeflow-platform:kubeflow.storage.sizes.katib-mysql: is 20 bytes, surely a missing or wrong unit: give at least 1M with a unit, e.g. 512Mi, 16Gi. Did you mean 20Mi or 20Gi? (got 20)",
    ],
  },
  {
    name: "a PVC size of zero and one beyond 64Ti",
    config: {
      platform: "existing",
      kubeflow: { storage: { sizes: { "mysql-pv-claim": "0", "katib-mysql": "100Ti" } } },
    },
    problems: [
      'kubeflow-platform:kubeflow.storage.sizes.mysql-pv-claim: must be greater than zero (a zero size is refused); give a positive quantity or remove the key (got "0")',
      'kubeflow-platform:kubeflow.storage.sizes.katib-mysql: must be at most 64Ti (the largest volume GCE Persistent Disk and EBS provision) (got "100Ti")',
    ],
  },
  {
    name: "a PVC size in millibytes",
    config: { platform: "existing", kubeflow: { storage: { sizes: { "mysql-pv-claim": "50m" } } } },
    problems: [
      'kubeflow-platform:kubeflow.storage.sizes.mysql-pv-claim: is 0.05 bytes, surely a missing or wrong unit: give at least 1M with a unit, e.g. 512Mi, 16Gi. Did you mean 50Mi? (got "50m")',
    ],
  },
  {
    name: "a size for a PVC the release does not have",
    config: {
      platform: "existing",
      kubeflow: { storage: { sizes: { "mysql-pvc": "50Gi", "minio-pvc": "100Gi" } } },
    },
    problems: [
      'kubeflow-platform:kubeflow.storage.sizes.mysql-pvc: "mysql-pvc" is not a PersistentVolumeClaim of the selected applications of Kubeflow 26.03, so it would be ignored. Known: katib-mysql, mysql-pv-claim, seaweedfs-pvc. Rename or remove the key',
      'kubeflow-platform:kubeflow.storage.sizes.minio-pvc: "minio-pvc" is not a PersistentVolumeClaim of the selected applications of Kubeflow 26.03, so it would be ignored. Known: katib-mysql, mysql-pv-claim, seaweedfs-pvc. Rename or remove the key',
    ],
  },
  {
    name: "a workload override for a Deployment the application does not have",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          pipelines: { workloads: { "ml-pipelines": { replicas: 2 } } },
          core: { workloads: { gateway: { replicas: 2 } } },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications.core.workloads.gateway: "gateway" is not a Deployment or StatefulSet of core of Kubeflow 26.03, so it would be ignored. It has none. Rename or remove the key',
      'kubeflow-platform:kubeflow.applications.pipelines.workloads.ml-pipelines: "ml-pipelines" is not a Deployment or StatefulSet of pipelines of Kubeflow 26.03, so it would be ignored. Did you mean "ml-pipeline"? Known: cache-server, kubeflow-pipelines-profile-controller, metacontroller, metadata-envoy-deployment, metadata-grpc-deployment, metadata-writer, ml-pipeline, ml-pipeline-persistenceagent, ml-pipeline-scheduledworkflow, ml-pipeline-ui, ml-pipeline-viewer-crd, ml-pipeline-visualizationserver, mysql, seaweedfs, workflow-controller. Rename or remove the key',
    ],
  },
  {
    name: "a memory request without a unit and a negative CPU limit",
    config: {
      platform: "existing",
      kubeflow: {
        applications: {
          katib: { resources: { requests: { memory: "512" }, limits: { cpu: "-1" } } },
        },
      },
    },
    problems: [
      'kubeflow-platform:kubeflow.applications.katib.resources.requests.memory: is 512 bytes, surely a missing or wrong unit: give at least 1M with a unit, e.g. 512Mi, 16Gi. Did you mean 512Mi or 512Gi? (got "512")',
      'kubeflow-platform:kubeflow.applications.katib.resources.limits.cpu: must not be negative; give a positive quantity such as 500m, 2 (got "-1")',
    ],
  },
  {
    name: "a StorageClass GKE does not declare",
    config: {
      platform: "gcp",
      cluster: {
        project: "acme-ml",
        region: "europe-west4",
        accelerators: [{ name: "l4", type: "nvidia-l4", machineType: "g2-standard-16" }],
      },
      kubeflow: { storage: { storageClassName: "premium" } },
    },
    problems: [
      'kubeflow-platform:kubeflow.storage.storageClassName: "premium" is not a StorageClass a GKE cluster declares, so every PVC would stay Pending. Allowed: "standard-rwo", "premium-rwo", "standard"; or remove the key for the cluster\'s default (got "premium")',
    ],
  },
  {
    name: "a StorageClass EKS does not declare",
    config: {
      platform: "aws",
      cluster: { region: "eu-west-1" },
      kubeflow: { storage: { storageClassName: "io2" } },
    },
    problems: [
      'kubeflow-platform:kubeflow.storage.storageClassName: "io2" is not a StorageClass the EKS cluster the platform creates declares, so every PVC would stay Pending. Did you mean "gp2"? Allowed: "gp3", "gp2"; or remove the key for the cluster\'s default (got "io2")',
    ],
  },
];
