/**
 * Pure planning of the GKE public entry: the gateway Service's NEG annotation, the backends' NEG ids, the IAP
 * members and the identity IAP asserts. Tested without mocks.
 */
import { inputError } from "../shared/input-error";
import { CloudIdentity, GatewayBackend } from "../shared/cloud-entry";
import { ArgProblem } from "../cluster/problems";

/** Google Front End ranges, the only sources of a global external Application Load Balancer's requests. */
export const GFE_RANGES = ["130.211.0.0/22", "35.191.0.0/16"] as const;
/** The gateway's plain-HTTP Service port (as the Istio gateway values map it: 80 -> 8080). */
export const GATEWAY_HTTP_PORT = 80;
/** The gateway pods' ports the load balancer reaches: HTTP (8080) and the status port (15021). */
export const GATEWAY_POD_PORTS = [8080, 15021] as const;
/** Istio's readiness endpoint on the gateway's status port. */
export const GATEWAY_HEALTH = { port: 15021, path: "/healthz/ready" } as const;

export const IAP_ISSUER = "https://cloud.google.com/iap";
export const IAP_JWKS = "https://www.gstatic.com/iap/verify/public_key-jwk";
export const IAP_HEADER = "x-goog-iap-jwt-assertion";

/** Pure: the stable name of the gateway's standalone NEGs (one per zone, same name). */
export function negName(clusterName: string): string {
  return `${clusterName}-istio-ingressgateway-http`;
}

/**
 * Pure: the gateway Service's facts for the load balancer. The annotation makes GKE's NEG controller create a
 * zonal NEG named `negName` in each zone of the cluster's nodes, with the gateway pods as endpoints.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/standalone-neg
 */
export function gcpGatewayBackend(clusterName: string): GatewayBackend {
  return {
    serviceType: "ClusterIP",
    serviceAnnotations: {
      "cloud.google.com/neg": JSON.stringify({
        exposed_ports: { [String(GATEWAY_HTTP_PORT)]: { name: negName(clusterName) } },
      }),
    },
    port: GATEWAY_HTTP_PORT,
    sourceRanges: [...GFE_RANGES],
  };
}

/** Pure: the ids of the NEGs in the given zones, as a backend service's `group` names them. */
export function negIds(project: string, zones: readonly string[], name: string): string[] {
  return [...new Set(zones)]
    .sort()
    .map((z) => `projects/${project}/zones/${z}/networkEndpointGroups/${name}`);
}

/**
 * Pure: who may pass IAP: the profiles' owners and contributors as `user:<email>`, plus the configured
 * members; sorted and unique. Refuses allUsers / allAuthenticatedUsers, which would make it public.
 */
export function iapMembers(users: readonly string[], members: readonly string[]): string[] {
  const all = [...users.map((u) => `user:${u.toLowerCase()}`), ...members];
  const broad = all.filter((m) => m === "allUsers" || m === "allAuthenticatedUsers");
  if (broad.length > 0) {
    throw inputError("GcpPublicEntry", [
      {
        path: ["iap", "members"],
        message: `${broad.join(", ")} would make the platform public; remove them`,
      },
    ]);
  }
  return [...new Set(all)].sort();
}

/** Pure: IAP's JWT audience for a backend service. */
export function iapAudience(projectNumber: string, backendServiceId: string | number): string {
  return `/projects/${projectNumber}/global/backendServices/${String(backendServiceId)}`;
}

/** Pure: the identity IAP asserts, as the mesh verifies it. */
export function iapIdentity(audience: CloudIdentity["audiences"][number]): CloudIdentity {
  return {
    provider: "iap",
    issuer: IAP_ISSUER,
    jwksUri: IAP_JWKS,
    audiences: [audience],
    fromHeader: IAP_HEADER,
    // The JWT's `email` claim has no `accounts.google.com:` prefix (the x-goog-authenticated-user-email
    // header does), so it maps to kubeflow-userid as Kubeflow expects it.
    emailClaim: "email",
  };
}

/**
 * Pure: what Cloud DNS says of the entry's zone against what the config declares. The A record can only be
 * served by a public zone whose DNS name is the declared domain (a private zone answers inside its networks
 * only; another zone's records would never be asked for the hostname).
 */
export function zoneProblems(
  zone: { dnsName?: string; visibility?: string },
  entry: { dnsZone: string; dnsZoneDomain: string },
): ArgProblem[] {
  const out: ArgProblem[] = [];
  const bare = (d: string) => d.toLowerCase().replace(/\.$/, "");
  if (zone.dnsName !== undefined && bare(zone.dnsName) !== bare(entry.dnsZoneDomain)) {
    out.push({
      path: ["entry", "dnsZoneDomain"],
      message:
        `Cloud DNS zone "${entry.dnsZone}" serves ${bare(zone.dnsName)}, not ${bare(entry.dnsZoneDomain)}; ` +
        `set dnsZoneDomain to ${bare(zone.dnsName)} (and the hostname inside it) or name the zone that serves it`,
    });
  }
  if (zone.visibility !== undefined && zone.visibility !== "public") {
    out.push({
      path: ["entry", "dnsZone"],
      message:
        `Cloud DNS zone "${entry.dnsZone}" is ${zone.visibility}: its records are not resolvable from the ` +
        `internet; name a public zone`,
    });
  }
  return out;
}
