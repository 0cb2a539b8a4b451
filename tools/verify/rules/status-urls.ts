/**
 * Rule `status-urls-routed`: every URL the stack's `status` output gives for an application (the gateway's
 * base URL + the application's web path, `components/kubeflow/app-status.ts`) is routed by the ingress
 * gateway to a Service of that same application, on a port the Service has, selecting pods. A path that
 * only falls through to the dashboard's catch-all route, or a route to a Service that does not exist,
 * would send users to the wrong page or to a 503.
 */
import { APPLICATION_KEYS, ApplicationKey } from "../../../components/catalog";
import { APPLICATION_STATUS_FACTS } from "../../../components/kubeflow/app-status";
import { K8sObject } from "../../../components/kubeflow/types";
import { INGRESS_GATEWAY_SELECTOR } from "../../../components/shared/constants";
import { findService, isGatewayPod, resolveService, routeAtGateway } from "../mesh";
import { describe, ofKind, podTemplates, selects } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";

const NAME = "status-urls-routed";

/** How a browser reaches the gateway: the host it names, the gateway Service port, and whether TLS. */
export interface Entry {
  host: string;
  port: number;
  tls: boolean;
}

/**
 * The application a program object belongs to, from its Pulumi resource name: the Kubeflow layer names each
 * object `kubeflow-<application>-<namespace>.<name>` (`resourceName`, components/kubeflow/release.ts).
 */
export function applicationOf(resource: string): ApplicationKey | undefined {
  const m = /^kubeflow-([A-Za-z]+)-/.exec(resource);
  const key = m?.[1];
  return (APPLICATION_KEYS as readonly string[]).includes(key ?? "")
    ? (key as ApplicationKey)
    : undefined;
}

/** Pure: the applications whose objects are in the set. */
export function applicationsIn(set: PlatformSet): ApplicationKey[] {
  const found = new Set<ApplicationKey>();
  for (const o of set.objects) {
    const app = o.source.via === "program" ? applicationOf(o.source.resource) : undefined;
    if (app !== undefined) found.add(app);
  }
  return APPLICATION_KEYS.filter((k) => found.has(k));
}

/**
 * Pure: the entry of a set as the status computes it: HTTPS on 443 when the ingress gateway serves TLS, for
 * the host of the server (or of the Certificate issuing its credential when the server takes any host),
 * else plain HTTP on 80 through a port-forward (`localhost`).
 */
export function entryOf(set: PlatformSet): Entry {
  const gw = podTemplates(set).find(
    (p) => selects(INGRESS_GATEWAY_SELECTOR, p.labels) && isGatewayPod(p),
  );
  for (const g of ofKind(set, "Gateway", "networking.istio.io")) {
    const spec = (g.spec ?? {}) as {
      selector?: Record<string, string>;
      servers?: Array<{
        port?: { number?: number };
        tls?: { mode?: string; credentialName?: string };
        hosts?: string[];
      }>;
    };
    if (gw === undefined || !selects(spec.selector ?? {}, gw.labels)) continue;
    const https = (spec.servers ?? []).find((s) => s.port?.number === 443 && s.tls?.mode);
    if (https === undefined) continue;
    const cert = ofKind(set, "Certificate", "cert-manager.io").find(
      (c) => (c.spec as { secretName?: string }).secretName === https.tls?.credentialName,
    );
    const host =
      https.hosts?.map((h) => (h.includes("/") ? h.split("/")[1]! : h)).find((h) => h !== "*") ??
      (cert?.spec as { dnsNames?: string[] } | undefined)?.dnsNames?.[0];
    return { host: host ?? "localhost", port: 443, tls: true };
  }
  return { host: "localhost", port: 80, tls: false };
}

/**
 * Pure: the entry of a status URL (`https://host/...` or `http://localhost:8080/...`) at the ingress gateway.
 * Behind a cloud entry (`cluster.entry`) TLS ends at the cloud's load balancer, which sends the request on
 * as plain HTTP to the gateway Service's port 80 with the same host.
 */
export function entryOfUrl(url: string, cloudEntry = false): Entry & { path: string } {
  const u = new URL(url);
  const tls = u.protocol === "https:" && !cloudEntry;
  // A port-forward's local port maps to the gateway Service's port 80.
  return { host: u.hostname, port: tls ? 443 : 80, tls, path: u.pathname };
}

const objectOf = (set: PlatformSet, obj: K8sObject) => set.objects.find((o) => o.obj === obj);

/**
 * Pure: why a request for `path` through `entry` does not reach application `app`'s own Service and pods,
 * or nothing when it does.
 */
export function webPathProblems(
  set: PlatformSet,
  app: ApplicationKey,
  path: string,
  entry: Entry,
): string[] {
  const gw = podTemplates(set).find(
    (p) => selects(INGRESS_GATEWAY_SELECTOR, p.labels) && isGatewayPod(p),
  );
  if (gw === undefined) return ["no ingress gateway pods (istio: ingressgateway) in the set"];
  const route = routeAtGateway(set, gw, { ...entry, path });
  if (!route.ok) return [route.reason];
  if ("redirect" in route) {
    return [`${path} on port ${entry.port} is redirected (${route.redirect.status}), not served`];
  }
  const vsNs = route.virtualService.metadata.namespace ?? "default";
  const svc = findService(set, route.host, vsNs);
  if (svc === undefined) {
    return [`${describe(route.virtualService)} routes ${path} to ${route.host}: no such Service`];
  }
  const problems: string[] = [];
  const owner = objectOf(set, svc);
  const ownerApp =
    owner?.source.via === "program" ? applicationOf(owner.source.resource) : undefined;
  if (ownerApp !== app) {
    problems.push(
      `${path} is routed by ${describe(route.virtualService)} to ${describe(svc)}, which belongs to ` +
        `${ownerApp ?? owner?.source.resource ?? "nothing installed"}, not to ${app}`,
    );
  }
  const resolved = resolveService(set, svc);
  const ports = resolved.ports.map((p) => p.port);
  if (route.port !== undefined ? !ports.includes(route.port) : ports.length !== 1) {
    problems.push(
      `${describe(route.virtualService)} routes ${path} to port ${route.port ?? "(none)"} of ` +
        `${describe(svc)}, which has ports ${ports.join(", ") || "none"}`,
    );
  }
  if (resolved.pods.length === 0) problems.push(`${describe(svc)} selects no pods`);
  return problems;
}

export const statusUrlsRouted: Rule = {
  name: NAME,
  description:
    "Each installed application's URL in the stack status is routed by the ingress gateway to that application's own Service, on a port it has, with pods behind it.",
  check(set) {
    const entry = entryOf(set);
    const gateway = ofKind(set, "Gateway", "networking.istio.io").find(
      (g) => g.metadata.name === "kubeflow-gateway",
    );
    const out: Violation[] = [];
    for (const app of applicationsIn(set)) {
      const path = APPLICATION_STATUS_FACTS[app].webPath;
      if (path === undefined) continue;
      for (const message of webPathProblems(set, app, path, entry)) {
        out.push({
          rule: NAME,
          object: gateway !== undefined ? describe(gateway) : "Gateway kubeflow/kubeflow-gateway",
          message: `status URL of ${app} (${path}): ${message}`,
          fix: `route ${path} to ${app}'s web app, or correct its webPath in components/kubeflow/app-status.ts`,
        });
      }
    }
    return out;
  },
};
