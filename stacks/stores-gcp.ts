/**
 * The GCP managed stores factory: maps `cluster.stores` and the Kubeflow layer's request onto
 * GcpManagedStores beside the GKE cluster. The stack picks it for platform "gcp" (stacks/stores.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { GcpManagedStores } from "../components/cloud/gcp-stores";
import { ClusterHandle, GcpClusterFacts } from "../components/cluster/handle";
import { ManagedStores } from "../components/shared/managed-stores";
import { CloudConfig, CloudStoresFactory, configRefusal, StoresRequest } from "./cloud-factories";
import { ConfigError } from "./config";

/** Pure: the problems of the request against `cluster.stores`, with config keys; empty when it fits. */
export function gcpStoresRequestProblems(
  cfg: CloudConfig<"gcp">,
  request: StoresRequest,
): string[] {
  const out: string[] = [];
  if (request.objectStore && cfg.cluster.stores?.bucket === undefined) {
    out.push(
      "cluster.stores.bucket: Kubeflow asks for a managed bucket but none is configured; set " +
        "cluster.stores.bucket.name to a globally unique GCS bucket name",
    );
  }
  return out;
}

function gcpFacts(cluster: ClusterHandle): GcpClusterFacts {
  const c = cluster.cloud;
  if (c?.kind !== "gcp") {
    throw configRefusal([
      {
        key: "cluster.stores",
        message: `managed stores on GCP need a GKE cluster this program created (cloud kind "gcp"); got ${c?.kind ?? "none"}`,
      },
    ]);
  }
  return c;
}

export const gcpStores: CloudStoresFactory<"gcp"> = {
  create(cfg, cluster, request): ManagedStores {
    const problems = gcpStoresRequestProblems(cfg, request);
    // The same problems the stack refuses before any resource (stacks/platform.ts), as its ConfigError.
    if (problems.length > 0) throw new ConfigError(problems, pulumi.getProject());
    const stores = cfg.cluster.stores;
    const wantsDatabase = Object.keys(request.databases).length > 0;
    const component = new GcpManagedStores(`${cluster.name}-stores`, {
      cluster: { cloud: gcpFacts(cluster) },
      ...(request.objectStore && stores?.bucket ? { bucket: stores.bucket } : {}),
      ...(wantsDatabase ? { database: stores?.database ?? {} } : {}),
      bucketPrincipals: request.objectStore ? request.bucketPrincipals : [],
      databases: request.databases,
    });
    return component.stores;
  },
};
