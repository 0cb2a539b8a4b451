/**
 * The profiles layer of a stack: every configured profile under one `kubeflow:profiles:Profiles`, on the
 * cluster's provider, after Kubeflow (Profile and PodDefault CRDs, profile controller) and Istio are ready.
 */
import { ClusterHandle } from "../components/cluster/handle";
import { Contributor } from "../components/profiles/plan";
import { ProfilePipelinesStorage, Profiles, ProfileSpec } from "../components/profiles/profile";
import { ManagedStores } from "../components/shared/managed-stores";
import { PROFILE_WORKLOAD_SERVICE_ACCOUNT } from "./stores";
import { ServicesHandle } from "../components/services/handle";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, PlatformConfig, SecretRef } from "./config";
import { ConfigKeyOf, configKeys, withConfigKeys } from "./config/component-errors";
import { ProfileConfig } from "./config/profiles";
import { KubeflowHandle } from "./kubeflow";

/** Pure: the component spec of one configured profile. */
export function profileSpec(p: ProfileConfig): ProfileSpec & { name: string } {
  const contributors: Contributor[] = p.contributors.map((c) =>
    c.user !== undefined
      ? { kind: "User", name: c.user, role: c.role }
      : { kind: "Group", name: c.group!, role: c.role },
  );
  return {
    name: p.name,
    owner:
      p.owner.user !== undefined
        ? { kind: "User", name: p.owner.user }
        : { kind: "Group", name: p.owner.group! },
    contributors,
    ...(p.quota !== undefined ? { quota: p.quota } : {}),
    ...(p.accelerators !== undefined ? { accelerators: p.accelerators } : {}),
    allowDeletion: p.allowDeletion,
  };
}

/** A Dex static user declared with the profiles. */
export interface StaticUser {
  email: string;
  passwordSecret: SecretRef;
}

/**
 * Pure: the Dex static users the profiles declare (owners and contributors with `passwordSecret`), once each,
 * in config order. Users without a password come from the upstream identity provider. The services layer
 * passes these to Dex.
 */
export function profileStaticUsers(cfg: Pick<PlatformConfig, "profiles">): StaticUser[] {
  const users = new Map<string, StaticUser>();
  const add = (email: string | undefined, ref: SecretRef | undefined): void => {
    if (email !== undefined && ref !== undefined && !users.has(email)) {
      users.set(email, { email, passwordSecret: ref });
    }
  };
  for (const p of cfg.profiles) {
    add(p.owner.user, p.owner.passwordSecret);
    for (const c of p.contributors) add(c.user, c.passwordSecret);
  }
  return [...users.values()];
}

/**
 * Pipelines' per-namespace objects of every profile when the artifacts live outside the cluster: an "s3"
 * bucket with the config's static keys, or the managed bucket through the workloads' identity; undefined
 * when the store is in-cluster (KFP's own profile controller serves it) or Pipelines is not installed.
 */
export function profilePipelinesStorage(
  cfg: Pick<PlatformConfig, "kubeflow">,
  profile: string,
  pipelinesInstalled: boolean,
  stores: ManagedStores | undefined,
): ProfilePipelinesStorage | undefined {
  if (!pipelinesInstalled) return undefined;
  const o = cfg.kubeflow.pipelines.objectStore;
  if (o.type === "s3") {
    return {
      store: {
        scheme: "s3",
        bucket: o.bucket,
        endpoint: o.endpoint,
        region: o.region,
        secure: o.secure,
        credentials: "keys",
      },
      keys: { accessKey: o.accessKeySecret.value(), secretKey: o.secretKeySecret.value() },
    };
  }
  if (o.type === "managed") {
    const bucket = stores?.objectStore;
    if (bucket === undefined)
      throw new ConfigError(
        [
          `${pulumi.getProject()}:kubeflow.pipelines.objectStore.type: is "managed" and the stack created ` +
            "no bucket; set cluster.stores.bucket (or use objectStore.type s3 or in-cluster)",
        ],
        pulumi.getProject(),
      );
    const identity = bucket.identities.find(
      (i) =>
        i.principal.namespace === profile &&
        i.principal.serviceAccount === PROFILE_WORKLOAD_SERVICE_ACCOUNT,
    );
    if (identity === undefined)
      throw new Error(
        `profile ${profile}: the managed bucket grants no identity to ${profile}/${PROFILE_WORKLOAD_SERVICE_ACCOUNT} ` +
          "(the stores request is computed from the same profiles; this is a bug)",
      );
    return {
      store: {
        scheme: bucket.kind === "gcs" ? "gs" : "s3",
        bucket: bucket.bucketName,
        endpoint: bucket.endpoint,
        region: bucket.region,
        credentials: "workload-identity",
      },
      serviceAccountAnnotations: identity.annotations,
    };
  }
  return undefined;
}

/**
 * Where a Profiles property comes from in the stack config, for componentConfigError: each profile is the
 * entry `profiles[i]` (its name, contributors, quota and accelerators under the same keys), the cluster's
 * pools are `cluster.accelerators`. The rest (owner subjects, pipelines storage) the stack composes: reported
 * as the program's. The config check refuses the same problems first (checkProfilesAgainstCluster).
 */
export const profilesConfigKey: ConfigKeyOf = (path) =>
  configKeys({ clusterPools: "cluster.accelerators" })(path) ??
  (/^profiles\[\d+\]\.(name|contributors|quota|accelerators|allowDeletion)(?=$|[.[])/.test(path)
    ? path
    : undefined);

export function createProfiles(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
  services: ServicesHandle,
  kubeflow: KubeflowHandle,
  stores?: ManagedStores,
): Profiles | undefined {
  if (cfg.profiles.length === 0) return undefined;
  const installed = kubeflow.applications.some((a) => a.key === "pipelines");
  const profiles = cfg.profiles.map((p) => {
    const pipelines = profilePipelinesStorage(cfg, p.name, installed, stores);
    return { ...profileSpec(p), ...(pipelines !== undefined ? { pipelines } : {}) };
  });
  return withConfigKeys(
    () =>
      new Profiles(
        `${cluster.name}-profiles`,
        { profiles, clusterPools: cluster.accelerators, kubeflow, istio: services.istio },
        { providers: { kubernetes: cluster.provider } },
      ),
    profilesConfigKey,
    pulumi.getProject(),
  );
}
