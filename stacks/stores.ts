/**
 * Managed stores (issue 13): what the Kubeflow layer asks of the cloud (a bucket for Pipelines' artifacts,
 * MySQL databases) and the cloud factory that creates it, picked by `platform` as the cluster component is.
 * The layers above read only the cloud-neutral `ManagedStores` contract.
 */
import { ClusterHandle } from "../components/cluster/handle";
import { ManagedStores, WorkloadPrincipal } from "../components/shared/managed-stores";
import { CloudConfig, CloudStoresFactory, configRefusal, StoresRequest } from "./cloud-factories";
import { PlatformConfig } from "./config";
import { awsStores } from "./stores-aws";
import { APP_DATABASES } from "../components/kubeflow/transforms/app-databases";
import { gcpStores } from "./stores-gcp";

export interface CloudStoresFactories {
  gcp?: CloudStoresFactory<"gcp">;
  aws?: CloudStoresFactory<"aws">;
}

/** The factories this program ships (`aws` is added when the S3 + RDS factory lands). */
export const CLOUD_STORES: CloudStoresFactories = { gcp: gcpStores, aws: awsStores };

/** Namespace of the Pipelines control plane in every supported release. */
const KUBEFLOW_NAMESPACE = "kubeflow";
/**
 * ServiceAccounts of the Pipelines workloads that read and write the artifact bucket, as the 26.03 bundle
 * (applications/pipeline, multi-user k8s-native) runs them: the api-server (`ml-pipeline`) and the UI with its
 * artifact proxy (`ml-pipeline-ui`). Driver and launcher pods run in each profile's namespace as
 * `default-editor` (the profile controller's ServiceAccount for user workloads).
 */
export const PIPELINES_BUCKET_SERVICE_ACCOUNTS = ["ml-pipeline", "ml-pipeline-ui"] as const;
export const PROFILE_WORKLOAD_SERVICE_ACCOUNT = "default-editor";

/**
 * The key prefixes a profile's workloads may read and write: the ones KFP's profile controller grants each
 * namespace on SeaweedFS in-cluster (Kubeflow 26.03 sync.py `put_user_policy`): its own `private-artifacts/`
 * and `private/`, and the shared `artifacts/` and `shared/`.
 */
export function profileBucketPrefixes(namespace: string): string[] {
  return ["artifacts/", `private-artifacts/${namespace}/`, `private/${namespace}/`, "shared/"];
}

/** Database names per application key (`ManagedDatabase.databases`): Pipelines' and MLMD's. */
export const PIPELINES_DATABASES = { pipelines: "mlpipeline", "pipelines-metadata": "metadb" };

/** Pure: the stores the config asks for; nothing when every store is in-cluster or external. */
export function storesRequest(cfg: PlatformConfig): StoresRequest {
  const pipelines = cfg.kubeflow.pipelines;
  const objectStore = pipelines.objectStore.type === "managed";
  const bucketPrincipals: WorkloadPrincipal[] = objectStore
    ? [
        ...PIPELINES_BUCKET_SERVICE_ACCOUNTS.map((serviceAccount) => ({
          namespace: KUBEFLOW_NAMESPACE,
          serviceAccount,
        })),
        ...cfg.profiles.map((p) => ({
          namespace: p.name,
          serviceAccount: PROFILE_WORKLOAD_SERVICE_ACCOUNT,
          prefixes: profileBucketPrefixes(p.name),
        })),
      ]
    : [];
  const databases = {
    ...(pipelines.database.type === "managed" ? PIPELINES_DATABASES : {}),
    ...Object.fromEntries(
      APP_DATABASES.filter((a) => cfg.kubeflow[a.application].database.type === "managed").map(
        (a) => [a.application, a.database],
      ),
    ),
  };
  return { objectStore, bucketPrincipals, databases };
}

/** Pure: whether the request asks the cloud for anything. */
export function requestsStores(request: StoresRequest): boolean {
  return request.objectStore || Object.keys(request.databases).length > 0;
}

/**
 * The managed stores of the stack, or undefined when none is asked for. A platform without a factory (or
 * "existing") that asks for managed stores is refused (the config root refuses it first, with the key).
 */
export function createStores(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
  request: StoresRequest = storesRequest(cfg),
  factories: CloudStoresFactories = CLOUD_STORES,
): ManagedStores | undefined {
  if (!requestsStores(request)) return undefined;
  if (cfg.platform === "gcp" && factories.gcp !== undefined) {
    return factories.gcp.create(cfg as CloudConfig<"gcp">, cluster, request);
  }
  if (cfg.platform === "aws" && factories.aws !== undefined) {
    return factories.aws.create(cfg as CloudConfig<"aws">, cluster, request);
  }
  throw configRefusal([
    {
      key: "platform",
      message:
        `managed stores on platform "${cfg.platform}": no stores factory for this platform ` +
        `(available: ${Object.keys(factories).join(", ") || "none"}); set kubeflow.pipelines.objectStore.type ` +
        `and kubeflow.pipelines.database.type to "in-cluster", "s3" or "external"`,
    },
  ]);
}
