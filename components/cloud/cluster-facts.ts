/**
 * The cloud components take the cluster's handle (or a Pick of it) and read its cloud facts; a handle without
 * the facts of their cloud (an existing cluster, the other cloud's) is refused on `cluster.cloud`.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsClusterFacts, ClusterHandle, GcpClusterFacts } from "../cluster/handle";

/** Pure: the cluster's AWS facts, or the input problem when the handle has none. */
export function awsClusterFacts(
  component: string,
  cluster: Pick<ClusterHandle, "cloud">,
): AwsClusterFacts {
  if (cluster.cloud?.kind === "aws") return cluster.cloud;
  throw new pulumi.InputPropertiesError({
    message: `${component}: 1 invalid argument: cluster.cloud: the cluster handle has no AWS facts`,
    errors: [
      {
        propertyPath: "cluster.cloud",
        reason:
          'the cluster handle has no AWS facts (cloud.kind "aws"); pass the handle of an EksCluster, ' +
          "or one with the EKS cluster's facts",
      },
    ],
  });
}

/** Pure: the cluster's GCP facts, or the input problem when the handle has none. */
export function gcpClusterFacts(
  component: string,
  cluster: Pick<ClusterHandle, "cloud">,
): GcpClusterFacts {
  if (cluster.cloud?.kind === "gcp") return cluster.cloud;
  const reason =
    'the cluster handle has no GCP facts (cloud.kind "gcp"); pass the handle of a GkeCluster, or one ' +
    "with the GKE cluster's facts";
  throw new pulumi.InputPropertiesError({
    message: `${component}: 1 invalid argument: cluster.cloud: ${reason}`,
    errors: [{ propertyPath: "cluster.cloud", reason }],
  });
}
