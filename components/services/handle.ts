import * as pulumi from "@pulumi/pulumi";
import { K8sObject } from "../shared/k8s-object";

/** What cert-manager gives the components after it: `CertManager.handle`, or a literal for the cluster's own. */
export interface CertManagerHandle {
  /** Resources that must be ready before any Issuer or Certificate is applied (controller, webhook, CRDs). */
  ready: readonly pulumi.Resource[];
  /**
   * ClusterIssuer Kubeflow's Certificates reference (`kubeflow-self-signing-issuer`, or the cluster's own in
   * `existing` mode); also the issuer of a `self-signed` gateway certificate.
   */
  clusterIssuer: string;
  /** The ACME ClusterIssuer (`kubeflow-acme`), when one exists. */
  acmeIssuer?: string;
}

/** What Istio gives the components after it: `Istio.handle`, or a literal for the cluster's own mesh. */
export interface IstioHandle {
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
  tls?: { credentialName: string; hostname: pulumi.Input<string>; httpsRedirect: boolean };
  /**
   * PeerAuthentications keeping webhook ports PERMISSIVE under STRICT mTLS, in Kubeflow's namespaces: the
   * Kubeflow layer applies them after creating those namespaces (the API server, outside the mesh, calls
   * the webhooks with plain TLS).
   */
  mtlsExceptions?: readonly K8sObject[];
  /** The gateway Service's load balancer address, when this program installs a LoadBalancer gateway. */
  loadBalancerAddress?: pulumi.Output<string>;
}

/**
 * What the platform services give the layers above them. Kubeflow's bundle objects depend on these
 * (`dependsOn`) instead of on each other's internals: an Issuer waits for cert-manager, an Istio resource for
 * Istio, the dashboard for Dex and oauth2-proxy.
 */
export interface ServicesHandle {
  certManager: CertManagerHandle;
  istio: IstioHandle;
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
