/**
 * HTTPS on Kubeflow's public Gateway. Upstream's `kubeflow/kubeflow-gateway` has one plain HTTP server on
 * port 80; with a hostname and TLS the platform serves HTTPS on 443 with the certificate cert-manager issues
 * into the gateway pods' namespace, and port 80 answers with a redirect to it (Istio's `httpsRedirect`: a
 * 301 to the same URL with https). Every VirtualService bound to the Gateway (hosts `*`) then serves on 443.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 */
import type * as pulumi from "@pulumi/pulumi";
import { NAMESPACES } from "../../shared/constants";
import { K8sObject, ObjectTransform } from "../types";

/** Name of the Gateway every Kubeflow web app's VirtualService binds to. */
export const KUBEFLOW_GATEWAY = {
  namespace: NAMESPACES.kubeflow,
  name: "kubeflow-gateway",
} as const;

export interface GatewayTls {
  /** Secret holding the certificate, in the gateway pods' namespace (Istio reads it from there). */
  credentialName: string;
  /** The public hostname (the Gateway's servers take every host: `*`). */
  hostname: pulumi.Input<string>;
  /**
   * Whether port 80 redirects to HTTPS. Off for ACME HTTP-01: the challenge is answered on port 80 through
   * the cert-manager solver's Ingress, before any certificate exists to redirect to.
   */
  httpsRedirect: boolean;
}

/** Pure: the servers of `kubeflow-gateway` with TLS. */
export function gatewayServers(tls: GatewayTls): unknown[] {
  return [
    {
      port: { number: 80, name: "http", protocol: "HTTP" },
      hosts: ["*"],
      ...(tls.httpsRedirect ? { tls: { httpsRedirect: true } } : {}),
    },
    {
      port: { number: 443, name: "https", protocol: "HTTPS" },
      hosts: ["*"],
      tls: { mode: "SIMPLE", credentialName: tls.credentialName },
    },
  ];
}

/** The transform: only `kubeflow/kubeflow-gateway` changes, and only when TLS is on. */
export function gatewayTlsTransform(tls: GatewayTls | undefined): ObjectTransform {
  return (obj: K8sObject) => {
    if (
      tls === undefined ||
      obj.kind !== "Gateway" ||
      !obj.apiVersion.startsWith("networking.istio.io/") ||
      obj.metadata.namespace !== KUBEFLOW_GATEWAY.namespace ||
      obj.metadata.name !== KUBEFLOW_GATEWAY.name
    ) {
      return obj;
    }
    const spec = (obj.spec ?? {}) as Record<string, unknown>;
    return { ...obj, spec: { ...spec, servers: gatewayServers(tls) } };
  };
}
