import * as pulumi from "@pulumi/pulumi";
import { K8sObject } from "../shared/k8s-object";

/**
 * What the platform services give the layers above them. Kubeflow's bundle objects depend on these
 * (`dependsOn`) instead of on each other's internals: an Issuer waits for cert-manager, an Istio resource for
 * Istio, the dashboard for Dex and oauth2-proxy.
 */
export interface ServicesHandle {
  certManager: {
    /** Resources that must be ready before any Issuer or Certificate is applied (controller, webhook, CRDs). */
    ready: readonly pulumi.Resource[];
    /** ClusterIssuer Kubeflow's Certificates reference (`kubeflow-self-signing-issuer`). */
    clusterIssuer: string;
  };
  istio: {
    /** Resources that must be ready before any Istio resource or injected namespace (CRDs, istiod, CNI). */
    ready: readonly pulumi.Resource[];
    /** The ingress gateway Service's namespace and name. */
    ingressGateway: { namespace: string; service: string };
    /** The gateway's own resources (its Service exists after them), when this program installs it. */
    gatewayReady?: readonly pulumi.Resource[];
    /** Revision label of the control plane (`istio.io/rev`), when this program installs Istio. */
    revision?: string;
    /**
     * The public gateway's TLS, when on: `kubeflow/kubeflow-gateway` serves HTTPS on 443 with this
     * `credentialName` (a Secret in istio-system) and host, and port 80 redirects to it when `httpsRedirect`.
     */
    tls?: { credentialName: string; hostname: string; httpsRedirect: boolean };
    /**
     * PeerAuthentications keeping webhook ports PERMISSIVE under STRICT mTLS, in Kubeflow's namespaces: the
     * Kubeflow layer applies them after creating those namespaces (the API server, outside the mesh, calls
     * the webhooks with plain TLS).
     */
    mtlsExceptions?: readonly K8sObject[];
    /** The gateway Service's load balancer address, when this program installs a LoadBalancer gateway. */
    loadBalancerAddress?: pulumi.Output<string>;
  };
  auth: {
    /** Dex and oauth2-proxy: the dashboard is reachable only after these. */
    ready: readonly pulumi.Resource[];
    /** Dex's issuer URL. */
    issuer?: string;
    /** A user created with a generated password when no user or connector is configured (stack output). */
    initialUser?: { email: string; password: pulumi.Output<string> };
  };
  gpu: {
    /** Device plugin or GPU operator, when installed. */
    ready: readonly pulumi.Resource[];
  };
}
