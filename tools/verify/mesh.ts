/**
 * How the mesh carries a request, from the platform object set: Service names to Services and their pods,
 * which pods run a sidecar, the mTLS mode a port accepts, and how an Istio gateway routes a request through
 * its Gateways and VirtualServices. Pure functions of the set.
 */
import { K8sObject } from "../../components/kubeflow/types";
import { matchesLabelSelector, ofKind, PodTemplate, selects } from "./objects";
import { servicePods, servicePorts, ServicePort } from "./rules/common";
import { PlatformSet } from "./types";

/** The mesh's root namespace (meshConfig.rootNamespace default). */
export const ROOT_NAMESPACE = "istio-system";

/** A Service of the set, resolved: its ports and the pod templates it selects. */
export interface ResolvedService {
  service: K8sObject;
  ports: ServicePort[];
  pods: PodTemplate[];
}

/**
 * Pure: the Service a host names, seen from `fromNamespace`: `name` (that namespace), `name.ns`,
 * `name.ns.svc`, `name.ns.svc.cluster.local`.
 */
export function findService(
  set: PlatformSet,
  host: string,
  fromNamespace: string,
): K8sObject | undefined {
  const parts = host.toLowerCase().replace(/\.$/, "").split(".");
  let name: string;
  let ns: string;
  if (parts.length === 1) [name, ns] = [parts[0]!, fromNamespace];
  else if (
    parts.length === 2 ||
    (parts.length === 3 && parts[2] === "svc") ||
    (parts.length === 5 && parts.slice(2).join(".") === "svc.cluster.local")
  )
    [name, ns] = [parts[0]!, parts[1]!];
  else return undefined;
  return ofKind(set, "Service", "").find(
    (s) => s.metadata.name === name && (s.metadata.namespace ?? "default") === ns,
  );
}

/** Pure: a Service with its ports and the pod templates its selector picks in its namespace. */
export function resolveService(set: PlatformSet, service: K8sObject): ResolvedService {
  return { service, ports: servicePorts(service), pods: servicePods(set, service) };
}

function containersOf(pod: PodTemplate): Array<Record<string, unknown>> {
  return (pod.spec.containers as Array<Record<string, unknown>> | undefined) ?? [];
}

/** Labels of a namespace of the set, with the label Kubernetes always sets (`kubernetes.io/metadata.name`). */
export function namespaceLabels(set: PlatformSet, namespace: string): Record<string, string> {
  const ns = ofKind(set, "Namespace", "").find((n) => n.metadata.name === namespace);
  return { ...(ns?.metadata.labels ?? {}), "kubernetes.io/metadata.name": namespace };
}

/**
 * Pure: whether pods of this template get an Istio proxy: the pod's `sidecar.istio.io/inject` label or
 * annotation decides when set; otherwise the namespace's `istio-injection: enabled` or `istio.io/rev` label.
 * Gateway pods (injected with the `gateway` template) count as in the mesh.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function inMesh(set: PlatformSet, pod: PodTemplate): boolean {
  const ns = namespaceLabels(set, pod.namespace);
  const podSays =
    pod.labels["sidecar.istio.io/inject"] ?? pod.annotations["sidecar.istio.io/inject"];
  if (ns["istio-injection"] === "disabled") return podSays === "true" && isGatewayPod(pod);
  if (podSays !== undefined) return podSays === "true";
  return ns["istio-injection"] === "enabled" || ns["istio.io/rev"] !== undefined;
}

/** Pure: whether a pod template is an Istio gateway (the gateway injection template, or a proxyv2 image). */
export function isGatewayPod(pod: PodTemplate): boolean {
  if (pod.annotations["inject.istio.io/templates"] === "gateway") return true;
  return containersOf(pod).some((c) => String(c.image ?? "").includes("/proxyv2"));
}

type MtlsMode = "STRICT" | "PERMISSIVE" | "DISABLE";

/**
 * Pure: the mTLS mode a workload's sidecar enforces on a container port: the workload's
 * PeerAuthentication (selector; port-level first), else its namespace's (no selector), else the mesh's
 * (root namespace, no selector), else PERMISSIVE. `UNSET` inherits from the next level.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export function mtlsModeFor(set: PlatformSet, pod: PodTemplate, port: number): MtlsMode {
  const pas = ofKind(set, "PeerAuthentication", "security.istio.io");
  const mode = (pa: K8sObject | undefined, atPort: boolean): MtlsMode | undefined => {
    if (pa === undefined) return undefined;
    const spec = (pa.spec ?? {}) as {
      mtls?: { mode?: string };
      portLevelMtls?: Record<string, { mode?: string }>;
    };
    const m = atPort ? spec.portLevelMtls?.[String(port)]?.mode : spec.mtls?.mode;
    return m === undefined || m === "UNSET" ? undefined : (m as MtlsMode);
  };
  const workload = pas.filter(
    (p) =>
      p.metadata.namespace === pod.namespace &&
      (p.spec as { selector?: unknown } | undefined)?.selector !== undefined &&
      matchesLabelSelector(
        (p.spec as { selector: { matchLabels?: Record<string, string> } }).selector,
        pod.labels,
      ),
  );
  const noSelector = (ns: string) =>
    pas.find(
      (p) =>
        p.metadata.namespace === ns &&
        (p.spec as { selector?: unknown } | undefined)?.selector === undefined,
    );
  for (const w of workload) {
    const m = mode(w, true);
    if (m !== undefined) return m;
  }
  for (const w of workload) {
    const m = mode(w, false);
    if (m !== undefined) return m;
  }
  return (
    mode(noSelector(pod.namespace), false) ??
    mode(noSelector(ROOT_NAMESPACE), false) ??
    "PERMISSIVE"
  );
}

/** What a gateway does with a request: the route it takes, or why none. */
export type GatewayRoute =
  | {
      ok: true;
      gateway: K8sObject;
      virtualService: K8sObject;
      /** Destination host and port as the route names them. */
      host: string;
      port?: number;
      /** Path after the route's rewrite. */
      path: string;
      /** Headers the route adds to the request. */
      addHeaders: Record<string, string>;
    }
  | { ok: true; redirect: { scheme?: string; status: number }; gateway: K8sObject }
  | { ok: false; reason: string };

interface HttpMatch {
  uri?: { prefix?: string; exact?: string; regex?: string };
  port?: number;
}
interface HttpRoute {
  match?: HttpMatch[];
  route?: Array<{ destination: { host: string; port?: { number?: number } } }>;
  redirect?: { scheme?: string; redirectCode?: number };
  rewrite?: { uri?: string };
  headers?: { request?: { add?: Record<string, string>; set?: Record<string, string> } };
}

function uriMatches(m: HttpMatch, path: string, port: number): boolean {
  if (m.port !== undefined && m.port !== port) return false;
  const u = m.uri;
  if (u === undefined) return true;
  if (u.exact !== undefined) return path === u.exact;
  if (u.prefix !== undefined) return path.startsWith(u.prefix);
  if (u.regex !== undefined) return new RegExp(`^(?:${u.regex})$`).test(path);
  return true;
}

/** A route with no match, or only a `/` prefix: Istio moves these to the end of a merged virtual host. */
function isCatchAll(r: HttpRoute): boolean {
  return (
    r.match === undefined ||
    r.match.length === 0 ||
    r.match.some((m) => m.uri === undefined || m.uri.prefix === "/")
  );
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase().replace(/:\d+$/, "");
  if (p === "*") return true;
  if (p.startsWith("*.")) return h.endsWith(p.slice(1));
  return p === h;
}

/**
 * Pure: how the Istio gateway pods `gatewayPod` route an HTTP request arriving on Service port `port`:
 * the Gateways selecting those pods with a server on that port and host (a Gateway's port number is the
 * gateway Service's port), then the VirtualServices bound to them, their HTTP routes merged with the
 * catch-all routes last, first match wins.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/
 * @see https://github.com/istio/istio/blob/master/pilot/pkg/networking/core/route/route.go (sortVHostRoutes)
 */
export function routeAtGateway(
  set: PlatformSet,
  gatewayPod: PodTemplate,
  request: { host: string; port: number; path: string; tls: boolean },
): GatewayRoute {
  const gateways = ofKind(set, "Gateway", "networking.istio.io").filter((g) => {
    const sel = ((g.spec ?? {}) as { selector?: Record<string, string> }).selector ?? {};
    return selects(sel, gatewayPod.labels);
  });
  const servers = gateways.flatMap((g) =>
    (((g.spec ?? {}) as { servers?: Array<Record<string, unknown>> }).servers ?? []).map((s) => ({
      gateway: g,
      server: s,
    })),
  );
  const onPort = servers.filter(
    ({ server }) =>
      (server.port as { number?: number } | undefined)?.number === request.port &&
      ((server.hosts as string[] | undefined) ?? []).some((h) =>
        hostMatches(h.includes("/") ? h.split("/")[1]! : h, request.host),
      ),
  );
  if (onPort.length === 0) {
    return {
      ok: false,
      reason: `no Gateway selecting the pods of ${gatewayPod.owner.metadata.name} has a server on port ${request.port} for host ${request.host}`,
    };
  }
  const first = onPort[0]!;
  const serverTls = first.server.tls as { httpsRedirect?: boolean; mode?: string } | undefined;
  if (!request.tls && serverTls?.httpsRedirect === true) {
    return { ok: true, redirect: { scheme: "https", status: 301 }, gateway: first.gateway };
  }
  if (request.tls && serverTls?.mode === undefined) {
    return { ok: false, reason: `the server on port ${request.port} does not terminate TLS` };
  }
  const bound = new Set(
    onPort.map((s) => `${s.gateway.metadata.namespace ?? "default"}/${s.gateway.metadata.name}`),
  );
  const routes: Array<{ vs: K8sObject; route: HttpRoute }> = [];
  for (const vs of ofKind(set, "VirtualService", "networking.istio.io")) {
    const spec = (vs.spec ?? {}) as { gateways?: string[]; hosts?: string[]; http?: HttpRoute[] };
    const vsNs = vs.metadata.namespace ?? "default";
    const names = (spec.gateways ?? []).map((g) => (g.includes("/") ? g : `${vsNs}/${g}`));
    if (!names.some((n) => bound.has(n))) continue;
    if (!(spec.hosts ?? []).some((h) => hostMatches(h, request.host))) continue;
    for (const route of spec.http ?? []) routes.push({ vs, route });
  }
  const ordered = [
    ...routes.filter((r) => !isCatchAll(r.route)),
    ...routes.filter((r) => isCatchAll(r.route)),
  ];
  for (const { vs, route } of ordered) {
    const matches = route.match ?? [{}];
    const m = matches.find((x) => uriMatches(x, request.path, request.port));
    if (m === undefined) continue;
    if (route.redirect !== undefined) {
      return {
        ok: true,
        redirect: {
          ...(route.redirect.scheme !== undefined ? { scheme: route.redirect.scheme } : {}),
          status: route.redirect.redirectCode ?? 301,
        },
        gateway: first.gateway,
      };
    }
    const dest = route.route?.[0]?.destination;
    if (dest === undefined) continue;
    let path = request.path;
    if (route.rewrite?.uri !== undefined && m.uri?.prefix !== undefined) {
      path = route.rewrite.uri + request.path.slice(m.uri.prefix.length);
    }
    return {
      ok: true,
      gateway: first.gateway,
      virtualService: vs,
      host: dest.host,
      ...(dest.port?.number !== undefined ? { port: dest.port.number } : {}),
      path,
      addHeaders: {
        ...(route.headers?.request?.add ?? {}),
        ...(route.headers?.request?.set ?? {}),
      },
    };
  }
  return { ok: false, reason: `no VirtualService route of the Gateway matches ${request.path}` };
}

/**
 * Pure: a pod's labels once admitted: Istio's injector adds the canonical service labels to every pod it
 * injects (name: the label itself, else `app.kubernetes.io/name`, else `app`, else the workload's name;
 * revision: the label, else `app.kubernetes.io/version`, else `version`, else `latest`), and
 * `security.istio.io/tlsMode` to sidecar-injected pods only: the `gateway` injection template (istiod chart,
 * files/gateway-injection-template.yaml) sets no TLS mode label. Upstream's NetworkPolicies select webhook
 * pods by `service.istio.io/canonical-name`.
 * @see https://github.com/istio/istio/blob/master/pkg/kube/labels/labels.go (CanonicalService)
 */
export function admittedLabels(set: PlatformSet, pod: PodTemplate): Record<string, string> {
  if (!inMesh(set, pod)) return pod.labels;
  const l = pod.labels;
  const gateway = pod.annotations["inject.istio.io/templates"] === "gateway";
  return {
    ...l,
    ...(gateway ? {} : { "security.istio.io/tlsMode": l["security.istio.io/tlsMode"] ?? "istio" }),
    "service.istio.io/canonical-name":
      l["service.istio.io/canonical-name"] ??
      l["app.kubernetes.io/name"] ??
      l.app ??
      pod.owner.metadata.name,
    "service.istio.io/canonical-revision":
      l["service.istio.io/canonical-revision"] ??
      l["app.kubernetes.io/version"] ??
      l.version ??
      "latest",
  };
}
