/**
 * The AWS public entry, composed for a stack: the AWS Load Balancer Controller and `AwsPublicEntry` from
 * `cluster.entry` and `services.istio.hostname`. The lead wires it into stacks/entry.ts by platform.
 */
import { AwsClusterFacts, ClusterHandle } from "../components/cluster/handle";
import { albGatewayBackend, albName } from "../components/cloud/aws-entry-plan";
import { AwsEntryIdentity, AwsPublicEntry } from "../components/cloud/aws-entry";
import { AwsLoadBalancerController } from "../components/cloud/aws-lb-controller";
import { CloudConfig, CloudEntryFactory, configRefusal } from "./cloud-factories";
import { AwsEntryIdentityConfig } from "./config/entry-aws";

/** Port of the Istio gateway Service that serves plain HTTP (the gateway chart's `http2` port). */
export const GATEWAY_HTTP_PORT = 80;

function awsFacts(cluster: ClusterHandle): AwsClusterFacts {
  if (cluster.cloud?.kind !== "aws") {
    throw configRefusal([
      {
        key: "cluster.entry",
        message: `needs an EKS cluster this program created; the cluster handle "${cluster.name}" has no AWS facts`,
      },
    ]);
  }
  return cluster.cloud;
}

/** The ALB's subnets' CIDRs: as configured, else the new VPC's CIDR (the schema requires them otherwise). */
function sourceRanges(cfg: CloudConfig<"aws">): readonly string[] {
  return cfg.cluster.entry?.sourceRanges ?? [cfg.cluster.network.vpcCidr];
}

function identityArgs(i: AwsEntryIdentityConfig): AwsEntryIdentity {
  if (i.type === "cognito") return i;
  const { clientSecretSecret, ...rest } = i;
  return { ...rest, clientSecret: clientSecretSecret.value() };
}

/**
 * Pure: whether the stack needs the AWS Load Balancer Controller: for the entry's ALB, or for a gateway
 * Service whose annotations ask for an NLB only the controller serves (`aws-load-balancer-type: external`
 * or the legacy `nlb-ip`); the in-tree cloud provider ignores those and leaves the Service pending.
 */
export function awsLbControllerNeeded(cfg: CloudConfig<"aws">): boolean {
  if (cfg.cluster.entry !== undefined) return true;
  const type =
    cfg.services.istio.serviceAnnotations["service.beta.kubernetes.io/aws-load-balancer-type"];
  return (
    cfg.services.istio.exposure === "LoadBalancer" && (type === "external" || type === "nlb-ip")
  );
}

/** The AWS Load Balancer Controller of the stack (one per cluster: the entry's ALB and any NLB gateway). */
export function awsLbController(
  cfg: CloudConfig<"aws">,
  cluster: ClusterHandle,
): AwsLoadBalancerController {
  awsFacts(cluster);
  return new AwsLoadBalancerController(`${cluster.name}-lb-controller`, {
    cluster,
    ...(cfg.kubeflow.imageRegistry !== undefined
      ? { imageMirror: cfg.kubeflow.imageRegistry }
      : {}),
  });
}

export const awsEntry: CloudEntryFactory<"aws"> = {
  backend(cfg) {
    if (cfg.cluster.entry === undefined) return undefined;
    // With the ALB's authentication, oauth2-proxy's ext-authz leaves the request path (stacks/services.ts).
    return albGatewayBackend(
      GATEWAY_HTTP_PORT,
      sourceRanges(cfg),
      cfg.cluster.entry.identity?.type,
    );
  },

  create(cfg, cluster, gateway) {
    const entry = cfg.cluster.entry;
    const hostname = cfg.services.istio.hostname;
    if (entry === undefined || hostname === undefined) {
      // The config root refuses an entry without a hostname; a library caller gets this instead.
      throw configRefusal([
        ...(entry === undefined
          ? [{ key: "cluster.entry", message: "is not set; the AWS entry needs it" }]
          : []),
        ...(hostname === undefined
          ? [
              {
                key: "services.istio.hostname",
                message: "is not set; the AWS entry needs the public hostname",
              },
            ]
          : []),
      ]);
    }
    const cloud = awsFacts(cluster);
    const name = `${cluster.name}-entry`;
    const controller = awsLbController(cfg, cluster);
    return new AwsPublicEntry(name, {
      cluster: { provider: cluster.provider, cloud },
      hostname,
      dnsZoneId: entry.dnsZone,
      loadBalancerName: albName(cfg.cluster.name, entry.loadBalancerName),
      gateway,
      sourceRanges: sourceRanges(cfg),
      sslPolicy: entry.sslPolicy,
      inboundCidrs: entry.inboundCidrs,
      ...(entry.publicSubnetIds !== undefined ? { publicSubnetIds: entry.publicSubnetIds } : {}),
      ...(entry.identity !== undefined ? { identity: identityArgs(entry.identity) } : {}),
      controller,
    });
  },
};
