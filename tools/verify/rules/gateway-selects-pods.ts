/**
 * Rule `gateway-selects-pods`: every Istio Gateway is programmed into some gateway proxy, and each of its
 * server ports is reachable through a Service of that proxy. A Gateway whose selector matches no proxy is
 * silently ignored by istiod; a server port no Service leads to is a listener nobody can connect to.
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { describe, ofKind, PodTemplate, podTemplates, selects } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import {
  field,
  fmtLabels,
  fmtList,
  list,
  owners,
  resolveTargetPort,
  servicePods,
  servicePorts,
  services,
  str,
  violation,
} from "./common";
import { nearestPods } from "./service-selects-pods";

const NAME = "gateway-selects-pods";

/**
 * Label on a Service that opts it out of Istio's gateway port translation (Knative's local gateway uses
 * it): a Gateway port equal to that Service's `port` is then not moved to its `targetPort`.
 * @see https://github.com/istio/istio/blob/master/pilot/pkg/model/gateway.go (DisableGatewayPortTranslationLabel)
 */
export const DISABLE_PORT_TRANSLATION = "experimental.istio.io/disable-gateway-port-translation";

/**
 * Whether a pod template runs an Istio gateway proxy: injected with the `gateway` template (the
 * `gateway` Helm chart's pods, image `auto`), or running the `proxyv2` image itself (Kubeflow's
 * rendered gateways), or rendered by the `gateway` chart.
 * @see https://istio.io/latest/docs/setup/additional-setup/gateway/#deploying-a-gateway
 */
export function isGatewayProxy(pod: PodTemplate, fromGatewayChart: boolean): boolean {
  if (fromGatewayChart) return true;
  const templates = (pod.annotations["inject.istio.io/templates"] ?? "").split(",");
  if (templates.map((t) => t.trim()).includes("gateway")) return true;
  const images = list(pod.spec, "containers").map((c) => str(c, "image") ?? "");
  // Repository name `proxyv2`, whatever the registry and tag (gcr.io/istio-release/proxyv2:1.28.0).
  return images.some((i) => /(^|\/)proxyv2([:@]|$)/.test(i));
}

/** A Service port with the pod port it resolves to on `pod`. */
interface Mapping {
  svc: K8sObject;
  port: number;
  target: number | undefined;
}

function mappings(set: PlatformSet, pod: PodTemplate): Mapping[] {
  return services(set)
    .filter((s) => servicePods(set, s).some((p) => p.owner === pod.owner))
    .flatMap((svc) =>
      servicePorts(svc).map((sp) => ({ svc, port: sp.port, target: resolveTargetPort(sp, pod) })),
    );
}

/**
 * The pod port the proxy listens on for a Gateway server port: istiod translates a Gateway port equal
 * to the `port` of a Service of the proxy (one not opted out) to that Service's targetPort; with no such
 * Service it listens on the number itself (legacy label-selected Gateways, `resolvePorts`).
 * @see https://github.com/istio/istio/blob/master/pilot/pkg/model/gateway.go
 */
export function listenPort(number: number, maps: readonly Mapping[]): number {
  const translated = maps.find(
    (m) => m.port === number && m.svc.metadata.labels?.[DISABLE_PORT_TRANSLATION] === undefined,
  );
  return translated?.target ?? number;
}

function fmtMappings(maps: readonly Mapping[]): string {
  return fmtList(
    maps.map(
      (m) =>
        `${m.svc.metadata.namespace ?? "default"}/${m.svc.metadata.name} ${m.port}->${m.target ?? "?"}`,
    ),
  );
}

function checkGateway(
  set: PlatformSet,
  gw: K8sObject,
  all: readonly PodTemplate[],
  chartOwners: ReadonlySet<K8sObject>,
): Violation[] {
  const selector = field(gw.spec, "selector") as Record<string, string>;
  // Istio applies a Gateway without a selector to every workload; there is no pod to find.
  if (Object.keys(selector).length === 0) return [];
  // Istio searches every namespace unless istiod runs with PILOT_SCOPE_GATEWAY_TO_NAMESPACE=true.
  // https://istio.io/latest/docs/reference/config/networking/gateway/#Gateway
  const selected = all.filter((p) => selects(selector, p.labels));
  if (selected.length === 0) {
    const near = nearestPods(all, selector);
    return [
      violation(
        NAME,
        gw,
        `selector ${fmtLabels(selector)} matches no pod in any namespace of the set` +
          (near.length > 0
            ? `; nearest pods: ${near.map((p) => `${describe(p.owner)} ${fmtLabels(p.labels)}`).join("; ")}`
            : ""),
        `set spec.selector to the pod labels of the ingress gateway Deployment (for the gateway chart: ` +
          `its \`labels\` value), or install the gateway it targets`,
      ),
    ];
  }
  const proxies = selected.filter((p) => isGatewayProxy(p, chartOwners.has(p.owner)));
  if (proxies.length === 0) {
    return [
      violation(
        NAME,
        gw,
        `selector ${fmtLabels(selector)} matches only pods that are not Istio gateway proxies: ` +
          `${fmtList(owners(selected))}`,
        `make the selector specific to the gateway Deployment's labels (e.g. \`istio: ingressgateway\`)`,
      ),
    ];
  }
  const out: Violation[] = [];
  for (const server of list(gw.spec, "servers")) {
    const number = field(server, "port").number;
    if (typeof number !== "number") continue;
    const reachable = proxies.some((pod) => {
      const maps = mappings(set, pod);
      const listen = listenPort(number, maps);
      return maps.some((m) => m.target === listen);
    });
    if (reachable) continue;
    const maps = proxies.flatMap((p) => mappings(set, p));
    out.push(
      violation(
        NAME,
        gw,
        maps.length === 0
          ? `server port ${number} is unreachable: no Service selects the gateway pods ` +
              `(${fmtList(owners(proxies))})`
          : `server port ${number} is unreachable: it is neither a port nor a targetPort of the ` +
              `Services of the gateway pods (${fmtMappings(maps)}), so the proxy listens on ${number} ` +
              `and no Service sends traffic there`,
        maps.length === 0
          ? `add a Service selecting the gateway pods with a port whose targetPort is ${number}`
          : `use one of the Service ports (${fmtList([...new Set(maps.map((m) => String(m.port)))])}) as ` +
              `the server port, or add a port with targetPort ${number} to the gateway Service`,
      ),
    );
  }
  return out;
}

function check(set: PlatformSet): Violation[] {
  const all = podTemplates(set);
  const chartOwners = new Set(
    set.objects
      .filter((o) => o.source.via === "helm" && (o.source.chart ?? "").startsWith("gateway@"))
      .map((o) => o.obj),
  );
  return ofKind(set, "Gateway", "networking.istio.io").flatMap((gw) =>
    checkGateway(set, gw, all, chartOwners),
  );
}

/** Every Istio Gateway selects a gateway proxy, and each of its server ports is reachable. */
export const gatewaySelectsPods: Rule = {
  name: NAME,
  description:
    "Every Istio Gateway's selector matches an Istio gateway proxy of the set, and each server port is " +
    "a port the proxy listens on behind one of its Services.",
  check,
};
