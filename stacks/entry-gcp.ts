/** The GKE public entry, from `cluster.entry` (platform "gcp"), as a `CloudEntryFactory`. */
import { ClusterHandle } from "../components/cluster/handle";
import { GcpPublicEntry } from "../components/cloud/gcp-entry";
import { gcpGatewayBackend } from "../components/cloud/gcp-entry-plan";
import { CloudConfig, CloudEntryFactory, configRefusal } from "./cloud-factories";

/** Pure: the profiles' owners and contributors that are users (IAP grants them access). */
export function profileUsers(cfg: Pick<CloudConfig<"gcp">, "profiles">): string[] {
  return cfg.profiles.flatMap((p) =>
    [p.owner.user, ...p.contributors.map((c) => c.user)].filter(
      (u): u is string => u !== undefined,
    ),
  );
}

export const gcpEntry: CloudEntryFactory<"gcp"> = {
  backend(cfg, cluster) {
    if (cfg.cluster.entry === undefined) return undefined;
    const backend = gcpGatewayBackend(cluster.name);
    return cfg.cluster.entry.identity !== undefined
      ? { ...backend, identityProvider: "iap" }
      : backend;
  },
  create(cfg, cluster: ClusterHandle, gateway) {
    const entry = cfg.cluster.entry;
    const hostname = cfg.services.istio.hostname;
    const cloud = cluster.cloud;
    if (entry === undefined || hostname === undefined || cloud?.kind !== "gcp") {
      throw configRefusal([
        ...(entry === undefined
          ? [{ key: "cluster.entry", message: "is not set; the GCP entry needs it" }]
          : []),
        ...(hostname === undefined
          ? [
              {
                key: "services.istio.hostname",
                message: "is not set; the GCP entry needs the public hostname",
              },
            ]
          : []),
        ...(cloud?.kind !== "gcp"
          ? [
              {
                key: "platform",
                message: `the GCP entry needs a GKE cluster this program created; the cluster handle "${cluster.name}" has no GCP facts`,
              },
            ]
          : []),
      ]);
    }
    const id = entry.identity;
    return new GcpPublicEntry(`${cluster.name}-entry`, {
      cluster,
      gateway,
      hostname,
      dnsZone: entry.dnsZone,
      ...(id !== undefined
        ? {
            iap: {
              users: profileUsers(cfg),
              members: id.members,
              ...(id.oauthClient !== undefined
                ? {
                    oauthClient: {
                      clientId: id.oauthClient.clientId,
                      clientSecret: id.oauthClient.clientSecretSecret.value(),
                    },
                  }
                : {}),
            },
          }
        : {}),
    }).entry;
  },
};
