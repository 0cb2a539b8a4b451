/**
 * `kubeflow:stores:ManagedStoresLink`: the Kubeflow side of the cloud's managed stores. Two things the
 * release's own objects cannot carry, because their values are known only once the cloud resources exist:
 * - the database's address, behind the in-cluster Service name the release's clients already use (`mysql`
 *   in `kubeflow`): a selector-less Service with an EndpointSlice for an IP address (Cloud SQL's private IP),
 *   an `ExternalName` Service for a DNS name (an RDS endpoint). The clients' configuration stays literal.
 * - the identity annotations of the workloads' ServiceAccounts (IRSA's `eks.amazonaws.com/role-arn`), added
 *   by server-side apply to the accounts the release creates.
 * The pure `databaseServiceObjects` decides the objects; the class registers them.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ManagedDatabase, PrincipalIdentity } from "../shared/managed-stores";

/** The label an EndpointSlice names its Service by. */
const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

export interface DatabaseEndpoint<H> {
  /** Service name the clients dial, e.g. `mysql`. */
  service: string;
  namespace: string;
  host: H;
  addressType: ManagedDatabase["addressType"];
  port: number;
}

/**
 * Pure: the Service (and, for an IP, its EndpointSlice) that makes `service.namespace:port` reach the
 * managed server. The port is named `tcp-mysql` so that Istio treats it as opaque TCP (MySQL's server speaks
 * first, which protocol sniffing would delay).
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export function databaseServiceObjects<H>(e: DatabaseEndpoint<H>): Array<{
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  [k: string]: unknown;
}> {
  const port = { name: "tcp-mysql", port: e.port, targetPort: e.port, protocol: "TCP" };
  const metadata = { name: e.service, namespace: e.namespace };
  if (e.addressType === "FQDN") {
    return [
      {
        apiVersion: "v1",
        kind: "Service",
        metadata,
        spec: { type: "ExternalName", externalName: e.host, ports: [port] },
      },
    ];
  }
  return [
    { apiVersion: "v1", kind: "Service", metadata, spec: { ports: [port] } },
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: `${e.service}-managed`,
        namespace: e.namespace,
        labels: {
          [SERVICE_NAME_LABEL]: e.service,
          "endpointslice.kubernetes.io/managed-by": "kubeflow-platform",
        },
      },
      addressType: "IPv4",
      ports: [{ name: port.name, port: e.port, protocol: "TCP" }],
      endpoints: [{ addresses: [e.host] }],
    },
  ];
}

export interface ManagedStoresLinkArgs {
  /** The managed database and the Service names its clients dial (`mysql`, `katib-mysql`). @default - none */
  database?: { services: readonly string[]; namespace: string; server: ManagedDatabase };
  /**
   * The release's ServiceAccounts that act as the bucket's identity, with the annotations each needs (none
   * where the binding is direct, as on GKE: then nothing is patched). @default []
   */
  identities?: readonly PrincipalIdentity[];
  /** What the objects wait for: the release's namespace and ServiceAccounts. @default [] */
  dependsOn?: readonly pulumi.Resource[];
}

export class ManagedStoresLink extends pulumi.ComponentResource {
  constructor(name: string, args: ManagedStoresLinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:stores:ManagedStoresLink", name, {}, opts);
    const o = { parent: this, dependsOn: [...(args.dependsOn ?? [])] };
    if (args.database !== undefined) {
      const { services, namespace, server } = args.database;
      for (const service of services) {
        // The first name keeps the resource names it was registered with (`<name>-db`).
        const suffix = service === services[0] ? "" : `-${service}`;
        for (const obj of databaseServiceObjects({
          service,
          namespace,
          host: server.host,
          addressType: server.addressType,
          port: server.port,
        })) {
          if (obj.kind === "Service")
            new k8s.core.v1.Service(`${name}-db${suffix}`, obj as k8s.core.v1.ServiceArgs, o);
          else
            new k8s.discovery.v1.EndpointSlice(
              `${name}-db-endpoints${suffix}`,
              obj as unknown as k8s.discovery.v1.EndpointSliceArgs,
              o,
            );
        }
      }
    }
    for (const { principal: p, annotations } of args.identities ?? []) {
      if (Object.keys(annotations).length === 0) continue;
      new k8s.core.v1.ServiceAccountPatch(
        `${name}-identity-${p.namespace}.${p.serviceAccount}`,
        { metadata: { name: p.serviceAccount, namespace: p.namespace, annotations } },
        o,
      );
    }
    this.registerOutputs({});
  }
}
