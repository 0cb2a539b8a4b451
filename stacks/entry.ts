/**
 * The cloud's public entry of a stack, cloud-neutrally: the factory is picked by `platform` from
 * `ENTRY_FACTORIES` (a second cloud adds its own line); everything above reads the contracts.
 */
import { ClusterHandle } from "../components/cluster/handle";
import { GatewayBackend, PublicEntry } from "../components/shared/cloud-entry";
import { CloudEntryFactory, CloudPlatform, GatewayTarget } from "./cloud-factories";
import { PlatformConfig } from "./config";
import { awsEntry, awsLbController, awsLbControllerNeeded } from "./entry-aws";
import { gcpEntry } from "./entry-gcp";

export const ENTRY_FACTORIES: { [P in CloudPlatform]?: CloudEntryFactory<P> } = {
  gcp: gcpEntry,
  aws: awsEntry,
};

function factoryOf(cfg: PlatformConfig): CloudEntryFactory<CloudPlatform> | undefined {
  if (cfg.platform === "existing") return undefined;
  return ENTRY_FACTORIES[cfg.platform] as CloudEntryFactory<CloudPlatform> | undefined;
}

/** The gateway Service's facts for the cloud's load balancer; undefined without a cloud entry. */
export function entryBackend(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
): GatewayBackend | undefined {
  return factoryOf(cfg)?.backend(cfg as never, cluster);
}

/** The entry's resources, after the gateway; undefined without a cloud entry. */
export function createEntry(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
  gateway: GatewayTarget,
): PublicEntry | undefined {
  const f = factoryOf(cfg);
  if (f === undefined || f.backend(cfg as never, cluster) === undefined) return undefined;
  return f.create(cfg as never, cluster, gateway);
}

/**
 * Without a cloud entry (which installs its own), an EKS gateway Service annotated for an NLB only the AWS Load
 * Balancer Controller serves (`aws-load-balancer-type: external`) gets the controller: the in-tree provider
 * ignores such a Service, which would stay pending forever.
 */
export function createGatewayLbController(cfg: PlatformConfig, cluster: ClusterHandle): void {
  if (cfg.platform !== "aws" || cfg.cluster.entry !== undefined) return;
  if (awsLbControllerNeeded(cfg)) awsLbController(cfg, cluster);
}
