/**
 * The per-namespace objects Kubeflow Pipelines needs in a profile when its artifacts live in a bucket outside
 * the cluster. In-cluster, KFP's own profile controller (metacontroller + `sync.py`, Kubeflow 26.03 / KFP
 * 2.16) writes them, pointed at SeaweedFS with per-namespace keys it mints through SeaweedFS's IAM API; with
 * an external or managed bucket that controller is dropped (it would fail on every namespace) and a profile
 * gets these instead, written by this program:
 * - `kfp-launcher`: the namespace's pipeline root (`<scheme>://<bucket>/private-artifacts/<ns>/v2/artifacts`,
 *   the prefix `sync.py` uses) and how the v2 driver/launcher reach the bucket (`providers`: static keys from
 *   the namespace's Secret, or `fromEnv: true` — the AWS SDK's default chain or Google ADC, i.e. the pod's
 *   workload identity);
 * - `artifact-repositories`: Argo's default repository of the namespace (step logs and v1 artifacts), with
 *   `useSDKCreds` on S3 and no key secret on GCS (Workload Identity);
 * - `metadata-grpc-configmap`: where MLMD's gRPC server is, as `sync.py` writes it.
 * @see https://github.com/kubeflow/pipelines/blob/2.16.0/backend/src/v2/config/env.go
 * @see https://argo-workflows.readthedocs.io/en/latest/configure-artifact-repository/
 */
import { stringify } from "yaml";
import { K8sObject } from "../shared/k8s-object";
import { inputError } from "../shared/input-error";

/** The bucket Pipelines keeps a profile's artifacts in, and how the profile's pods reach it. */
export interface ProfileArtifactStore {
  /** `s3` (S3 API) or `gs` (GCS). */
  scheme: "s3" | "gs";
  bucket: string;
  /** Host[:port] of the bucket's API, e.g. `s3.eu-west-1.amazonaws.com`. */
  endpoint: string;
  region: string;
  /** TLS to the endpoint. @default true */
  secure?: boolean;
  /**
   * `keys`: static keys from the namespace's Secret `mlpipeline-minio-artifact` (`accesskey`, `secretkey`);
   * `workload-identity`: the pod's own cloud identity (IRSA, Workload Identity Federation), no Secret.
   */
  credentials: "keys" | "workload-identity";
}

/** The Secret holding the static keys (the name and keys `sync.py` and KFP's manifests use). */
export const ARTIFACT_KEYS_SECRET = {
  name: "mlpipeline-minio-artifact",
  accessKey: "accesskey",
  secretKey: "secretkey",
} as const;

/** Where MLMD's gRPC server is (Kubeflow 26.03: Service metadata-grpc-service in kubeflow, port 8080). */
export const METADATA_GRPC = { host: "metadata-grpc-service.kubeflow", port: "8080" } as const;

/** Pure: the prefix of a namespace's artifacts in the bucket, as `sync.py` lays them out. */
export function artifactPrefix(namespace: string): string {
  return `private-artifacts/${namespace}`;
}

/** Pure: the `providers` document of `kfp-launcher` for one store. */
export function launcherProviders(store: ProfileArtifactStore): Record<string, unknown> {
  if (store.scheme === "gs") {
    if (store.credentials === "keys")
      throw inputError("launcherProviders", [
        {
          path: ["store", "credentials"],
          message:
            'a gs:// store takes "workload-identity" (GCS has no S3-style keys here), not "keys"',
        },
      ]);
    return { gs: { default: { credentials: { fromEnv: true } } } };
  }
  const credentials =
    store.credentials === "keys"
      ? {
          fromEnv: false,
          secretRef: {
            secretName: ARTIFACT_KEYS_SECRET.name,
            accessKeyKey: ARTIFACT_KEYS_SECRET.accessKey,
            secretKeyKey: ARTIFACT_KEYS_SECRET.secretKey,
          },
        }
      : { fromEnv: true };
  return {
    s3: {
      default: {
        endpoint: store.endpoint,
        region: store.region,
        disableSSL: !(store.secure ?? true),
        credentials,
      },
    },
  };
}

/** Pure: Argo's default artifact repository of a namespace, for `artifact-repositories`. */
export function namespaceArtifactRepository(
  namespace: string,
  store: ProfileArtifactStore,
): Record<string, unknown> {
  const keyFormat =
    `${artifactPrefix(namespace)}/{{workflow.name}}/{{workflow.creationTimestamp.Y}}/` +
    "{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}";
  if (store.scheme === "gs") return { archiveLogs: true, gcs: { bucket: store.bucket, keyFormat } };
  const creds =
    store.credentials === "keys"
      ? {
          accessKeySecret: { name: ARTIFACT_KEYS_SECRET.name, key: ARTIFACT_KEYS_SECRET.accessKey },
          secretKeySecret: { name: ARTIFACT_KEYS_SECRET.name, key: ARTIFACT_KEYS_SECRET.secretKey },
        }
      : { useSDKCreds: true };
  return {
    archiveLogs: true,
    s3: {
      endpoint: store.endpoint,
      bucket: store.bucket,
      region: store.region,
      insecure: !(store.secure ?? true),
      keyFormat,
      ...creds,
    },
  };
}

/** Pure: the ConfigMaps a profile namespace needs for Pipelines on this store. */
export function pipelinesNamespaceObjects(
  namespace: string,
  store: ProfileArtifactStore,
): K8sObject[] {
  const cm = (
    name: string,
    data: Record<string, string>,
    annotations?: Record<string, string>,
  ): K8sObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace, ...(annotations !== undefined ? { annotations } : {}) },
    data,
  });
  return [
    cm("kfp-launcher", {
      defaultPipelineRoot: `${store.scheme}://${store.bucket}/${artifactPrefix(namespace)}/v2/artifacts`,
      providers: stringify(launcherProviders(store)),
      clusterDomain: ".svc.cluster.local",
    }),
    cm("metadata-grpc-configmap", {
      METADATA_GRPC_SERVICE_HOST: METADATA_GRPC.host,
      METADATA_GRPC_SERVICE_PORT: METADATA_GRPC.port,
    }),
    cm(
      "artifact-repositories",
      { "default-namespaced": JSON.stringify(namespaceArtifactRepository(namespace, store)) },
      { "workflows.argoproj.io/default-artifact-repository": "default-namespaced" },
    ),
  ];
}
