/** The AWS managed stores factory: `cluster.stores` of an EKS stack and the Kubeflow layer's request. */
import { AwsManagedStores } from "../components/cloud/aws-stores";
import type { ClusterHandle } from "../components/cluster/handle";
import type { CloudConfig, CloudStoresFactory, StoresRequest } from "./cloud-factories";
import { configRefusal } from "./cloud-factories";

function refuse(key: string, message: string): never {
  throw configRefusal([{ key, message }]);
}

export const awsStores: CloudStoresFactory<"aws"> = {
  create(cfg: CloudConfig<"aws">, cluster: ClusterHandle, request: StoresRequest) {
    const facts = cluster.cloud;
    if (facts?.kind !== "aws")
      refuse("cluster.stores", "the AWS managed stores need an EKS cluster this program created");
    const s = cfg.cluster.stores;
    const wantsDb = Object.keys(request.databases).length > 0;
    if (request.objectStore && !s?.bucket)
      refuse(
        "cluster.stores.bucket",
        "Pipelines asks for a managed bucket but none is configured; set cluster.stores.bucket.name",
      );
    if (wantsDb && !s?.database)
      refuse(
        "cluster.stores.database",
        `${Object.keys(request.databases).join(", ")} ask for a managed database but none is configured; set cluster.stores.database: {}`,
      );
    const kmsKeyArn = s?.bucket?.kmsKeyArn;
    return new AwsManagedStores(
      `${cfg.cluster.name}-stores`,
      {
        prefix: cfg.cluster.name,
        cluster: { cloud: facts },
        bucket:
          request.objectStore && s?.bucket
            ? { name: s.bucket.name, kmsKeyArn, principals: request.bucketPrincipals }
            : undefined,
        database:
          wantsDb && s?.database
            ? { ...s.database, kmsKeyArn, databases: request.databases }
            : undefined,
        protect: cfg.cluster.protect,
      },
      {},
    ).stores;
  },
};
