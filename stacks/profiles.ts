/**
 * The profiles layer of a stack: every configured profile under one `kubeflow:profiles:Profiles`, on the
 * cluster's provider, after Kubeflow (Profile and PodDefault CRDs, profile controller) and Istio are ready.
 */
import { ClusterHandle } from "../components/cluster/handle";
import { Contributor } from "../components/profiles/plan";
import { Profiles, ProfileSpec } from "../components/profiles/profile";
import { ServicesHandle } from "../components/services/handle";
import { PlatformConfig, SecretRef } from "./config";
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

export function createProfiles(
  cfg: PlatformConfig,
  cluster: ClusterHandle,
  services: ServicesHandle,
  kubeflow: KubeflowHandle,
): Profiles | undefined {
  if (cfg.profiles.length === 0) return undefined;
  return new Profiles(
    `${cluster.name}-profiles`,
    {
      profiles: cfg.profiles.map(profileSpec),
      clusterPools: cluster.accelerators,
      dependsOn: [...kubeflow.ready, ...services.istio.ready],
    },
    { providers: { kubernetes: cluster.provider } },
  );
}
