/**
 * The public HTTPS entry of a GKE platform: a global external Application Load Balancer owned end to end by
 * this program (so IAP's JWT audience is exact), over the standalone zonal NEGs of the Istio ingress gateway.
 *
 * Certificate: a classic Google-managed `compute.ManagedSslCertificate` rather than Certificate Manager: one
 * hostname, attached directly to the target HTTPS proxy, no certificatemanager API nor DNS authorization to
 * prepare; it provisions once the A record points at the address.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../cluster/handle";
import { PublicEntry } from "../shared/cloud-entry";
import {
  GATEWAY_HEALTH,
  GATEWAY_POD_PORTS,
  gcpGatewayBackend,
  GFE_RANGES,
  iapAudience,
  iapIdentity,
  iapMembers,
  negIds,
  negName,
} from "./gcp-entry-plan";
import { gcpClusterFacts } from "./cluster-facts";

export { gcpClusterFacts } from "./cluster-facts";

/**
 * A custom OAuth client of IAP, created in the console.
 * @optionDocs
 */
export interface GcpIapOAuthClient {
  /** OAuth client id (created in the console). */
  clientId: string;
  /** The OAuth client's secret. @remarks May be an Output (a Pulumi secret). */
  clientSecret: pulumi.Input<string>;
}

/**
 * Who passes Identity-Aware Proxy, and with which OAuth client.
 * @optionDocs
 */
export interface GcpPublicEntryIap {
  /** Users (e-mails) granted roles/iap.httpsResourceAccessor: the profiles' owners and contributors. */
  users: readonly string[];
  /**
   * IAM members (groups, domains, service accounts) granted roles/iap.httpsResourceAccessor besides the
   * users (the profiles' owners and contributors).
   * @default []
   */
  members?: readonly string[];
  /**
   * A custom OAuth client for IAP (users outside the organization, custom branding).
   * @default - the Google-managed OAuth client (users of the project's organization only)
   */
  oauthClient?: GcpIapOAuthClient;
}

/** Settings of the entry: everything but the wiring. */
export interface GcpPublicEntryOptions {
  /**
   * Public hostname, in the zone `dnsZone`.
   * @remarks May be an Output (a name the same program computes).
   */
  hostname: pulumi.Input<string>;
  /**
   * Cloud DNS managed zone (its name) that gets the hostname's A record.
   * @remarks May be an Output of a zone the caller creates.
   */
  dnsZone: pulumi.Input<string>;
  /**
   * Zones of the nodes that run the gateway pods (the NEGs exist there).
   * @default - the handle's `cloud.zones`, else the region's zones that are UP
   */
  zones?: pulumi.Input<string[]>;
  /**
   * Identity-Aware Proxy on the load balancer's backend service: Google authenticates users before the
   * gateway (instead of Dex and oauth2-proxy).
   * @default - none
   */
  iap?: GcpPublicEntryIap;
}

/** The entry's settings and its wiring: the cluster's handle and the gateway's. */
export interface GcpPublicEntryArgs extends GcpPublicEntryOptions {
  /** The GKE cluster: its name (the NEG's stable prefix) and its GCP facts (`cloud.kind` "gcp"). */
  cluster: Pick<ClusterHandle, "name" | "cloud">;
  /** The gateway: the resources after which its Service (and so its NEGs) exists. */
  gateway: { readonly ready: readonly pulumi.Resource[] };
}

export class GcpPublicEntry extends pulumi.ComponentResource {
  public readonly entry: PublicEntry;

  constructor(name: string, args: GcpPublicEntryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cloud:GcpPublicEntry", name, {}, opts);
    const cloud = gcpClusterFacts(`GcpPublicEntry ${name}`, args.cluster);
    const clusterName = args.cluster.name;
    const project = cloud.project;
    const o = { parent: this, ...(cloud.provider ? { provider: cloud.provider } : {}) };
    const backend = gcpGatewayBackend(clusterName);
    if (args.iap !== undefined && iapMembers(args.iap.users, args.iap.members ?? []).length === 0) {
      throw new pulumi.InputPropertiesError({
        message: `GcpPublicEntry ${name}: IAP with nobody allowed`,
        errors: [{ propertyPath: "iap.users", reason: "name at least one user or member" }],
      });
    }

    const address = new gcp.compute.GlobalAddress(
      `${name}-address`,
      { project, addressType: "EXTERNAL", ipVersion: "IPV4" },
      { ...o, protect: true },
    );
    const record = new gcp.dns.RecordSet(
      `${name}-record`,
      {
        project,
        managedZone: args.dnsZone,
        name: pulumi.interpolate`${args.hostname}.`,
        type: "A",
        ttl: 300,
        rrdatas: [address.address],
      },
      o,
    );
    const certificate = new gcp.compute.ManagedSslCertificate(
      `${name}-certificate`,
      { project, managed: { domains: [pulumi.interpolate`${args.hostname}.`] } },
      o,
    );
    new gcp.compute.Firewall(
      `${name}-gfe`,
      {
        project,
        network: cloud.network,
        direction: "INGRESS",
        sourceRanges: [...GFE_RANGES],
        allows: [{ protocol: "tcp", ports: GATEWAY_POD_PORTS.map(String) }],
        description:
          "Google Front Ends to the Istio ingress gateway pods (load balancer and health checks)",
      },
      o,
    );
    const health = new gcp.compute.HealthCheck(
      `${name}-health`,
      {
        project,
        httpHealthCheck: { port: GATEWAY_HEALTH.port, requestPath: GATEWAY_HEALTH.path },
      },
      o,
    );
    const iap = args.iap;
    const zones =
      args.zones ??
      cloud.zones ??
      gcp.compute.getZonesOutput({ project, region: cloud.region, status: "UP" }, o).names;
    const service = new gcp.compute.BackendService(
      `${name}-backend`,
      {
        project,
        loadBalancingScheme: "EXTERNAL_MANAGED",
        protocol: "HTTP",
        portName: "http",
        timeoutSec: 3600,
        healthChecks: health.id,
        // The NEGs exist once the gateway Service is applied (dependsOn below), one per zone of its nodes.
        backends: pulumi.output(zones).apply((zones) =>
          negIds(project, zones, negName(clusterName)).map((group) => ({
            group,
            balancingMode: "RATE",
            maxRatePerEndpoint: 1000,
          })),
        ),
        ...(iap !== undefined
          ? {
              iap: {
                enabled: true,
                ...(iap.oauthClient !== undefined
                  ? {
                      oauth2ClientId: iap.oauthClient.clientId,
                      oauth2ClientSecret: pulumi.secret(iap.oauthClient.clientSecret),
                    }
                  : {}),
              },
            }
          : {}),
      },
      { ...o, dependsOn: [...args.gateway.ready] },
    );
    if (iap !== undefined) {
      for (const member of iapMembers(iap.users, iap.members ?? [])) {
        new gcp.iap.WebBackendServiceIamMember(
          `${name}-iap-${member.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`,
          {
            project,
            webBackendService: service.name,
            role: "roles/iap.httpsResourceAccessor",
            member,
          },
          o,
        );
      }
    }
    const urlMap = new gcp.compute.URLMap(
      `${name}-urls`,
      { project, defaultService: service.id },
      o,
    );
    const proxy = new gcp.compute.TargetHttpsProxy(
      `${name}-https`,
      { project, urlMap: urlMap.id, sslCertificates: [certificate.id] },
      o,
    );
    const https = new gcp.compute.GlobalForwardingRule(
      `${name}-https`,
      {
        project,
        loadBalancingScheme: "EXTERNAL_MANAGED",
        ipAddress: address.address,
        portRange: "443",
        target: proxy.id,
      },
      o,
    );
    const redirect = new gcp.compute.URLMap(
      `${name}-redirect`,
      {
        project,
        defaultUrlRedirect: {
          httpsRedirect: true,
          stripQuery: false,
          redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT",
        },
      },
      o,
    );
    const httpProxy = new gcp.compute.TargetHttpProxy(
      `${name}-http`,
      { project, urlMap: redirect.id },
      o,
    );
    new gcp.compute.GlobalForwardingRule(
      `${name}-http`,
      {
        project,
        loadBalancingScheme: "EXTERNAL_MANAGED",
        ipAddress: address.address,
        portRange: "80",
        target: httpProxy.id,
      },
      o,
    );

    const projectNumber = gcp.organizations
      .getProjectOutput({ projectId: project }, o)
      .apply((p) => p.number ?? "");
    this.entry = {
      url: pulumi.interpolate`https://${args.hostname}`,
      hostname: pulumi.output(args.hostname),
      address: address.address,
      backend,
      ...(iap !== undefined
        ? {
            identity: iapIdentity(
              pulumi
                .all([projectNumber, service.generatedId])
                .apply(([n, id]) => iapAudience(n, id)),
            ),
          }
        : {}),
      ready: [record, https, proxy, certificate],
    };
    this.registerOutputs({ url: this.entry.url, address: address.address });
  }
}
