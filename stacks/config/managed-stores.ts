/**
 * Cross-checks of the managed stores (issue 13), run by the root schema before any resource: a "managed"
 * object store or database of Pipelines is created beside the cluster by the cloud's stores factory
 * (stacks/stores.ts), so it needs platform gcp or aws and the matching `cluster.stores` key.
 */
import type { KubeflowConfig } from "./kubeflow";

interface Problem {
  path: (string | number)[];
  message: string;
}

/**
 * Whether the Kubeflow layer consumes managed stores (points Pipelines at the bucket and the managed MySQL,
 * drops the in-cluster SeaweedFS and MySQL): it does (transforms/pipelines.ts, profiles/pipelines-storage.ts,
 * kubeflow/managed-stores-link.ts). Kept as a switch so that the refusal and its test stay for a layer that
 * does not.
 */
export const KUBEFLOW_CONSUMES_MANAGED_STORES = true;

/** Pure: the problems of "managed" stores against the platform and `cluster.stores`; empty when they fit. */
export function managedStoresProblems(
  cfg: { platform: string; kubeflow: KubeflowConfig; cluster?: unknown },
  consumes: boolean = KUBEFLOW_CONSUMES_MANAGED_STORES,
): Problem[] {
  const pipelines = cfg.kubeflow.pipelines;
  const parts = (
    [
      [
        ["pipelines", "objectStore"],
        pipelines.objectStore.type === "managed",
        "bucket",
        '"s3" (an external bucket)',
      ],
      [
        ["pipelines", "database"],
        pipelines.database.type === "managed",
        "database",
        '"external" (an external MySQL)',
      ],
      [
        ["katib", "database"],
        cfg.kubeflow.katib.database.type === "managed",
        "database",
        "nothing else (Katib has no external-database mode here)",
      ],
      [
        ["modelRegistry", "database"],
        cfg.kubeflow.modelRegistry.database.type === "managed",
        "database",
        "nothing else (Model Registry has no external-database mode here)",
      ],
    ] as const
  ).filter(([, on]) => on);
  // Read through a narrow cast: `cluster.stores` is declared by the cloud schemas (GCP today, AWS next).
  const stores = (cfg.cluster as { stores?: { bucket?: unknown; database?: unknown } } | undefined)
    ?.stores;
  const out: Problem[] = [];
  for (const [part, , store, alternative] of parts) {
    const path = ["kubeflow", ...part, "type"];
    const key = `kubeflow.${part.join(".")}.type`;
    if (cfg.platform !== "gcp" && cfg.platform !== "aws") {
      out.push({
        path,
        message:
          `"managed" is created beside a GKE or EKS cluster, and platform is "${cfg.platform}". ` +
          `Use "in-cluster" or ${alternative} for a store created elsewhere`,
      });
    } else if (!consumes) {
      out.push({
        path,
        message:
          `"managed" is not consumed by the Kubeflow layer yet (Pipelines would keep its in-cluster ` +
          `store). Use "in-cluster" or ${alternative}`,
      });
    } else if (store === "bucket" && stores?.bucket === undefined) {
      out.push({
        path: ["cluster", "stores", "bucket"],
        message:
          `${key} is "managed" and no bucket is configured; set ` +
          "cluster.stores.bucket.name to a globally unique bucket name",
      });
    } else if (store === "database" && stores?.database === undefined) {
      out.push({
        path: ["cluster", "stores", "database"],
        message:
          `${key} is "managed" and no database server is configured; set ` +
          "cluster.stores.database (its tier on GCP, its instance class on AWS)",
      });
    }
  }
  return out;
}
