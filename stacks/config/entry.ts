/**
 * Cross-checks of a cloud entry (`cluster.entry`, on whichever cloud's cluster schema has one) against the
 * Istio gateway, written without branching on the cloud. Model: the cloud's load balancer terminates TLS and
 * is the only way in, so the gateway Service stays ClusterIP (annotated for the load balancer), serves plain
 * HTTP behind it, and no cert-manager certificate is made for it.
 */
import { hostnameInZone } from "./entry-gcp";

interface EntryView {
  dnsZone?: string;
  dnsZoneDomain?: string;
}

type Problem = { path: PropertyKey[]; message: string };

/** Pure: the entry of a config's cluster, when its platform has one and it is set. */
export function cloudEntryOf(cfg: { cluster: unknown }): EntryView | undefined {
  const entry = (cfg.cluster as { entry?: unknown } | undefined)?.entry;
  return entry !== null && typeof entry === "object" ? (entry as EntryView) : undefined;
}

/** Pure: problems of `cluster.entry` against `services.istio`; empty without an entry. */
export function entryProblems(cfg: {
  cluster: unknown;
  services: {
    istio: {
      mode: string;
      hostname?: string | undefined;
      exposure: string;
      tls?: string | undefined;
    };
  };
}): Problem[] {
  const entry = cloudEntryOf(cfg);
  if (entry === undefined) return [];
  const istio = cfg.services.istio;
  const out: Problem[] = [];
  if (istio.hostname === undefined) {
    out.push({
      path: ["services", "istio", "hostname"],
      message:
        "is required by cluster.entry: the load balancer's certificate and DNS record are for it; " +
        "set a hostname inside the zone of cluster.entry.dnsZone, or remove cluster.entry",
    });
  } else if (
    entry.dnsZoneDomain !== undefined &&
    !hostnameInZone(istio.hostname, entry.dnsZoneDomain)
  ) {
    out.push({
      path: ["services", "istio", "hostname"],
      message:
        `"${istio.hostname}" is outside the zone of cluster.entry.dnsZone "${entry.dnsZone ?? ""}" ` +
        `(${entry.dnsZoneDomain}); use a name ending in .${entry.dnsZoneDomain.replace(/\.$/, "")} ` +
        "or name the zone that holds it",
    });
  }
  if (istio.mode === "existing") {
    out.push({
      path: ["services", "istio", "mode"],
      message:
        '"existing" cannot be used with cluster.entry: the program must annotate the gateway Service ' +
        'for the load balancer; use mode "install" or remove cluster.entry',
    });
  }
  if (istio.exposure !== "ClusterIP") {
    out.push({
      path: ["services", "istio", "exposure"],
      message:
        `"${istio.exposure}" contradicts cluster.entry: the cloud load balancer is the only way in and ` +
        'the gateway Service stays ClusterIP behind it; remove exposure or set "ClusterIP"',
    });
  }
  if (istio.tls !== undefined && istio.tls !== "none") {
    out.push({
      path: ["services", "istio", "tls"],
      message:
        `"${istio.tls}" contradicts cluster.entry: TLS ends at the cloud load balancer with a certificate ` +
        'the cloud manages; remove tls (or set "none")',
    });
  }
  return out;
}
