/**
 * Rule `routes-resolve`: every VirtualService route and DestinationRule of the set points at a Service
 * that exists, on a port it has, through Gateways that exist. Istio drops traffic to a destination that
 * is in no service registry and ignores a route bound to a missing Gateway, so a typo in a host name is
 * a 404 or 503 in the browser and nothing more.
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { ofKind } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import {
  field,
  findService,
  fmtCandidates,
  fmtList,
  knownNamespaces,
  list,
  servicePorts,
  str,
  violation,
} from "./common";

const NAME = "routes-resolve";

/** The cluster DNS domain Kubeflow assumes (`dex.auth.svc.cluster.local` in its manifests). */
export const CLUSTER_DOMAIN = "cluster.local";

/** Where a destination host points. */
export type HostTarget =
  /** A Kubernetes Service of the cluster. */
  | { kind: "service"; namespace: string; name: string }
  /** `name.ns` or `name.ns.svc` naming a namespace of the set: Istio does not expand these. */
  | { kind: "partial"; namespace: string; name: string }
  /** A wildcard, or a host outside what the set installs: not judged. */
  | { kind: "skip" };

/**
 * How Istio resolves a destination host written in a config of `namespace`: a name without a dot is
 * `<name>.<namespace>.svc.cluster.local`; any name with a dot is taken as written (ResolveShortnameToFQDN),
 * so only `<name>.<ns>.svc.cluster.local` reaches a Service of another namespace. `name.ns` and
 * `name.ns.svc`, which cluster DNS would resolve, are in no Istio registry: they are reported (`partial`)
 * when `ns` is a namespace of the set. Hosts in namespaces the set holds nothing in (users' namespaces,
 * external names such as `oauth2.googleapis.com`) are skipped: the set cannot judge them.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 * @see https://github.com/istio/istio/blob/master/pkg/config/model.go (ResolveShortnameToFQDN)
 */
export function resolveHost(
  host: string,
  namespace: string,
  namespaces: ReadonlySet<string>,
): HostTarget {
  if (host.includes("*")) return { kind: "skip" };
  if (!host.includes(".")) return { kind: "service", namespace, name: host };
  const parts = host.split(".");
  // <name>.<ns>.svc.<domain>: exactly two labels before `.svc.<domain>`.
  if (
    host.endsWith(`.svc.${CLUSTER_DOMAIN}`) &&
    parts.length === 3 + CLUSTER_DOMAIN.split(".").length
  ) {
    const [name, ns] = parts as [string, string];
    return namespaces.has(ns) ? { kind: "service", namespace: ns, name } : { kind: "skip" };
  }
  if (parts.length === 2 || (parts.length === 3 && parts[2] === "svc")) {
    const [name, ns] = parts as [string, string];
    if (namespaces.has(ns)) return { kind: "partial", namespace: ns, name };
  }
  return { kind: "skip" };
}

/** One destination of a route, and where it sits in the VirtualService. */
interface Destination {
  host: string;
  port?: number;
  path: string;
}

function destinationsOf(vs: K8sObject): Destination[] {
  const out: Destination[] = [];
  const add = (d: Record<string, unknown>, path: string): void => {
    const host = str(d, "host");
    if (host === undefined) return;
    const number = field(d, "port").number;
    out.push({ host, path, ...(typeof number === "number" ? { port: number } : {}) });
  };
  for (const proto of ["http", "tcp", "tls"]) {
    list(vs.spec, proto).forEach((route, i) => {
      list(route, "route").forEach((r, j) =>
        add(field(r, "destination"), `${proto}[${i}].route[${j}].destination`),
      );
      if (proto !== "http") return;
      const mirror = field(route, "mirror");
      if (Object.keys(mirror).length > 0) add(mirror, `http[${i}].mirror`);
      list(route, "mirrors").forEach((m, j) =>
        add(field(m, "destination"), `http[${i}].mirrors[${j}].destination`),
      );
    });
  }
  return out;
}

/** Hosts and ports ServiceEntries of the set add to Istio's registry. */
function serviceEntryHosts(set: PlatformSet): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const se of ofKind(set, "ServiceEntry", "networking.istio.io")) {
    const ports = list(se.spec, "ports")
      .map((p) => p.number)
      .filter((n): n is number => typeof n === "number");
    const hosts = Array.isArray(field(se, "spec").hosts)
      ? (field(se, "spec").hosts as string[])
      : [];
    for (const h of hosts) out.set(h, [...(out.get(h) ?? []), ...ports]);
  }
  return out;
}

interface Context {
  set: PlatformSet;
  namespaces: ReadonlySet<string>;
  entries: Map<string, number[]>;
}

/** Problems with one host (and port) used in `obj`, or none. */
function hostProblems(
  ctx: Context,
  obj: K8sObject,
  host: string,
  where: string,
  port: number | undefined,
  checkPort: boolean,
): Violation[] {
  const ns = obj.metadata.namespace ?? "default";
  // `http[0].route[0].destination host x`, or `spec.host x` for a DestinationRule.
  const hostAt = where.endsWith(".host") ? where : `${where} host`;
  const entryPorts = ctx.entries.get(host);
  if (entryPorts !== undefined) {
    if (!checkPort || port === undefined || entryPorts.includes(port)) return [];
    return [
      violation(
        NAME,
        obj,
        `${where} port ${port} is not a port of ServiceEntry host ${host} (ports ${fmtList(entryPorts.map(String))})`,
        `use one of the ServiceEntry's ports, or add ${port} to it`,
      ),
    ];
  }
  const target = resolveHost(host, ns, ctx.namespaces);
  if (target.kind === "skip") return [];
  const fqdn = `${target.name}.${target.namespace}.svc.${CLUSTER_DOMAIN}`;
  if (target.kind === "partial") {
    return [
      violation(
        NAME,
        obj,
        `${hostAt} ${host} is not in Istio's registry: Istio expands only names without a dot, and ` +
          `Kubernetes Services are registered as ${fqdn}`,
        `write the host as ${fqdn}`,
      ),
    ];
  }
  const svc = findService(ctx.set, target.namespace, target.name);
  if (svc === undefined) {
    const others = ofKind(ctx.set, "Service", "")
      .filter((s) => s.metadata.namespace === target.namespace)
      .map((s) => s.metadata.name);
    return [
      violation(
        NAME,
        obj,
        `${hostAt} ${host} resolves to Service ${target.namespace}/${target.name}, which the set does ` +
          `not hold; Services in ${target.namespace}: ${fmtCandidates(target.name, others)}`,
        `point the host at an existing Service (${target.namespace}/<name> as <name>.${target.namespace}.svc.${CLUSTER_DOMAIN}), ` +
          `or install the application that provides ${target.name}`,
      ),
    ];
  }
  if (!checkPort) return [];
  const ports = servicePorts(svc).map((p) => p.port);
  if (port !== undefined) {
    if (ports.includes(port)) return [];
    return [
      violation(
        NAME,
        obj,
        `${where} port ${port} is not a port of Service ${target.namespace}/${target.name} (ports ${fmtList(ports.map(String))})`,
        `set destination.port.number to one of the Service's ports (${fmtList(ports.map(String))})`,
      ),
    ];
  }
  // Istio: "If a service exposes only a single port it is not required to explicitly select the port."
  // https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
  if (ports.length === 1) return [];
  return [
    violation(
      NAME,
      obj,
      `${where} to ${host} names no port, and Service ${target.namespace}/${target.name} has ` +
        `${ports.length} ports (${fmtList(ports.map(String))})`,
      `set destination.port.number to the Service port the route is meant for`,
    ),
  ];
}

/** Gateway references of a VirtualService: `spec.gateways` and `http[].match[].gateways`. */
function gatewayRefs(vs: K8sObject): Array<{ ref: string; path: string }> {
  const out: Array<{ ref: string; path: string }> = [];
  const top = field(vs, "spec").gateways;
  if (Array.isArray(top))
    top
      .filter((g): g is string => typeof g === "string")
      .forEach((g, i) => out.push({ ref: g, path: `spec.gateways[${i}]` }));
  list(vs.spec, "http").forEach((route, i) =>
    list(route, "match").forEach((m, j) => {
      const gws = m.gateways;
      if (Array.isArray(gws))
        gws
          .filter((g): g is string => typeof g === "string")
          .forEach((g) => out.push({ ref: g, path: `http[${i}].match[${j}].gateways` }));
    }),
  );
  return out;
}

function gatewayProblems(ctx: Context, vs: K8sObject): Violation[] {
  const out: Violation[] = [];
  const vsNs = vs.metadata.namespace ?? "default";
  for (const { ref, path } of gatewayRefs(vs)) {
    // `mesh` is the reserved name for every sidecar.
    if (ref === "mesh") continue;
    const [ns, name] = ref.includes("/") ? (ref.split("/", 2) as [string, string]) : [vsNs, ref];
    if (!ctx.namespaces.has(ns)) continue;
    const gateways = ofKind(ctx.set, "Gateway", "networking.istio.io");
    if (gateways.some((g) => g.metadata.namespace === ns && g.metadata.name === name)) continue;
    const existing = gateways.map((g) => `${g.metadata.namespace ?? "default"}/${g.metadata.name}`);
    out.push(
      violation(
        NAME,
        vs,
        `${path} names Gateway ${ns}/${name}, which the set does not hold; Gateways: ${fmtCandidates(`${ns}/${name}`, existing)}`,
        `name an existing Gateway as <namespace>/<name> (a bare name means the VirtualService's namespace ${vsNs})`,
      ),
    );
  }
  return out;
}

function check(set: PlatformSet): Violation[] {
  const ctx: Context = { set, namespaces: knownNamespaces(set), entries: serviceEntryHosts(set) };
  const out: Violation[] = [];
  for (const vs of ofKind(set, "VirtualService", "networking.istio.io")) {
    for (const d of destinationsOf(vs))
      out.push(...hostProblems(ctx, vs, d.host, d.path, d.port, true));
    out.push(...gatewayProblems(ctx, vs));
  }
  for (const dr of ofKind(set, "DestinationRule", "networking.istio.io")) {
    const host = str(dr.spec, "host");
    if (host !== undefined) out.push(...hostProblems(ctx, dr, host, "spec.host", undefined, false));
  }
  return out;
}

/** VirtualService destinations and gateways, and DestinationRule hosts, resolve within the set. */
export const routesResolve: Rule = {
  name: NAME,
  description:
    "Every VirtualService destination is a Service of the set on one of its ports, every Gateway it binds " +
    "to exists, and every DestinationRule host is a Service of the set.",
  check,
};
