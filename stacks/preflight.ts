/**
 * What only the cloud can tell about the stack config — which zones offer a GPU pool's instance or machine
 * type, which zones an existing VPC's subnets are in — asked with data sources (invokes, which register no
 * resource and run at preview) before the first resource, and refused as config problems naming the key.
 * The decisions are the cluster components' own pure functions; the components ask again for library callers.
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { eksVpcZones, zonesForPool } from "../components/cluster/eks-plan";
import { listedZonesProblem, poolZonesOffering } from "../components/cluster/gke-plan";
import { hostnameOutsideZone } from "../components/cloud/aws-entry-plan";
import { ArgProblem } from "../components/cluster/problems";
import { zoneProblems } from "../components/cloud/gcp-entry-plan";
import { formatPath, PlatformConfig } from "./config";

type Listing = { zone: string; machineTypes: Array<{ name: string }> };

/** Pure: one problem of the `cluster` key in the corpus's style: key path, what is wrong, the value given. */
export function clusterProblemText(prefix: string, cluster: unknown, problem: ArgProblem): string {
  let value: unknown = cluster;
  for (const p of problem.path) value = (value as Record<string | number, unknown>)?.[p];
  return (
    `${formatPath(prefix, ["cluster", ...problem.path])}: ${problem.message}` +
    (value === undefined ? "" : ` (got ${JSON.stringify(value)})`)
  );
}

/**
 * The cluster's problems only the cloud reveals, by config key; empty when there is none. The data sources go
 * through the default provider (an explicit one would be a registered resource), with the region and project
 * passed on each call. Should that provider be unable to answer (no ambient region or credentials), nothing
 * is refused here: the cluster components ask again through their own provider and fail the preview with
 * the same message, naming the same key.
 */
export async function cloudProblems(cfg: PlatformConfig, namespace: string): Promise<string[]> {
  let found: ArgProblem[];
  try {
    found = await (cfg.platform === "aws"
      ? Promise.all([eksCloudProblems(cfg.cluster), awsEntryZoneProblems(cfg)]).then((r) =>
          r.flat(),
        )
      : cfg.platform === "gcp"
        ? gkeCloudProblems(cfg.cluster)
        : Promise.resolve([]));
  } catch {
    return [];
  }
  return found.map((p) => clusterProblemText(`${namespace}:`, cfg.cluster, p));
}

async function eksCloudProblems(
  c: Extract<PlatformConfig, { platform: "aws" }>["cluster"],
): Promise<ArgProblem[]> {
  if (c.accelerators.length === 0) return [];
  const ids = c.network.privateSubnetIds;
  const zones =
    ids === undefined
      ? eksVpcZones(c.region, c.network.availabilityZones)
      : await Promise.all(
          ids.map(
            async (id) => (await aws.ec2.getSubnet({ id, region: c.region })).availabilityZone,
          ),
        );
  const out: ArgProblem[] = [];
  for (const [i, p] of c.accelerators.entries()) {
    const offered = await aws.ec2.getInstanceTypeOfferings({
      region: c.region,
      locationType: "availability-zone",
      filters: [{ name: "instance-type", values: [p.instanceType] }],
    });
    const chosen = zonesForPool(p, i, zones, offered.locations);
    if ("problem" in chosen) out.push(chosen.problem);
  }
  return out;
}

/**
 * The hosted zone of `cluster.entry.dnsZone` must hold `services.istio.hostname` (the certificate's
 * validation record and the alias go there), and be public (ACM and the internet resolve it).
 */
async function awsEntryZoneProblems(
  cfg: Extract<PlatformConfig, { platform: "aws" }>,
): Promise<ArgProblem[]> {
  const entry = cfg.cluster.entry;
  const hostname = cfg.services.istio.hostname;
  if (entry === undefined || hostname === undefined) return [];
  // Unanswerable here (no ambient credentials): the records fail at `up` naming the zone instead; the
  // accelerator checks beside this one still report.
  const zone = await aws.route53.getZone({ zoneId: entry.dnsZone }).catch(() => undefined);
  if (zone === undefined) return [];
  const outside = hostnameOutsideZone(hostname, zone.name);
  const out: ArgProblem[] = [];
  if (outside !== undefined) {
    out.push({
      path: ["entry", "dnsZone"],
      message: `holds ${zone.name.replace(/\.$/, "")}, not services.istio.hostname: ${outside}`,
    });
  }
  if (zone.privateZone === true) {
    out.push({
      path: ["entry", "dnsZone"],
      message:
        "is a private hosted zone; the public entry needs a public zone (ACM validates the certificate through it)",
    });
  }
  return out;
}

async function gkeCloudProblems(
  c: Extract<PlatformConfig, { platform: "gcp" }>["cluster"],
): Promise<ArgProblem[]> {
  return [...(await gkeEntryProblems(c)), ...(await gkePoolProblems(c))];
}

/**
 * Pure: whether a data source failed because the object does not exist (Google's `Error 404 ... notFound`),
 * as opposed to missing credentials or an API not enabled, which are not the config's fault.
 */
export function isNotFound(e: unknown): boolean {
  return /\b(404|notFound|does not exist)\b/i.test(String(e));
}

/** The entry's Cloud DNS zone: it must exist, be public and serve the declared domain. */
async function gkeEntryProblems(
  c: Extract<PlatformConfig, { platform: "gcp" }>["cluster"],
): Promise<ArgProblem[]> {
  if (c.entry === undefined) return [];
  let zone: { dnsName?: string; visibility?: string };
  try {
    zone = await gcp.dns.getManagedZone({ name: c.entry.dnsZone, project: c.project });
  } catch (e) {
    // Only "not found" is the config's fault; any other failure (no credentials) is left to the apply.
    if (!isNotFound(e)) throw e;
    return [
      {
        path: ["entry", "dnsZone"],
        message: `no Cloud DNS managed zone "${c.entry.dnsZone}" in project ${c.project}; create it (gcloud dns managed-zones create) or name an existing one`,
      },
    ];
  }
  return zoneProblems(zone, c.entry);
}

async function gkePoolProblems(
  c: Extract<PlatformConfig, { platform: "gcp" }>["cluster"],
): Promise<ArgProblem[]> {
  if (c.accelerators.length === 0) return [];
  const listing = async (zone: string, machineType: string): Promise<Listing> => {
    const r = await gcp.compute.getMachineTypes({
      project: c.project,
      zone,
      filter: `name = "${machineType}"`,
    });
    return { zone, machineTypes: r.machineTypes };
  };
  let regionZones: string[] | undefined;
  const out: ArgProblem[] = [];
  for (const [i, p] of c.accelerators.entries()) {
    if (p.zones !== undefined) {
      const listings = await Promise.all(p.zones.map((z) => listing(z, p.machineType)));
      const problem = listedZonesProblem({ ...p, zones: p.zones }, i, listings);
      if (problem !== undefined) out.push(problem);
      continue;
    }
    regionZones ??= (
      await gcp.compute.getZones({ project: c.project, region: c.region, status: "UP" })
    ).names;
    const listings = await Promise.all(regionZones.map((z) => listing(z, p.machineType)));
    const chosen = poolZonesOffering(p, i, listings);
    if ("problem" in chosen) out.push(chosen.problem);
  }
  return out;
}
