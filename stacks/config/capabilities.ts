/**
 * Checks of the services config against what the cluster can do, before any resource: the same facts the
 * cluster components publish on their handle (`ClusterHandle.loadBalancer`) and the same checks the Istio
 * component runs, so the config layer refuses what the components would otherwise throw after the cluster
 * and its node pools were registered.
 */
import { platformLoadBalancer, PlatformKind } from "../../components/cluster/handle";
import {
  acmeReachProblem,
  Exposure,
  loadBalancerProblem,
} from "../../components/services/istio-values";

/** What the checks read of a parsed config. */
export interface CapabilityView {
  platform: PlatformKind;
  /** What an existing cluster's config declares (`cluster.loadBalancer`); the clouds' clusters have them. */
  declaredLoadBalancer?: boolean;
  services: {
    istio: {
      mode: "install" | "existing";
      exposure: Exposure;
      tls?: "none" | "self-signed" | "acme";
      hostname?: string;
    };
  };
}

/** Pure: exposure and certificate choices the cluster cannot serve, by config key path. */
export function capabilityProblems(
  cfg: CapabilityView,
): Array<{ path: Array<string | number>; message: string }> {
  const istio = cfg.services.istio;
  // An existing Istio's gateway is not this program's: its exposure is whatever the cluster runs.
  if (istio.mode === "existing") return [];
  const tls = istio.tls ?? (istio.hostname !== undefined ? "self-signed" : "none");
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  const lb = loadBalancerProblem(
    istio.exposure,
    platformLoadBalancer(cfg.platform, cfg.declaredLoadBalancer),
  );
  if (lb !== undefined) out.push({ path: ["services", "istio", "exposure"], message: lb });
  const acme = acmeReachProblem(istio.exposure, tls);
  if (acme !== undefined) out.push({ path: ["services", "istio", "tls"], message: acme });
  return out;
}
