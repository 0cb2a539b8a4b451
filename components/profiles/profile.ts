/**
 * `kubeflow:profiles:Profile` (one user or team) and `kubeflow:profiles:Profiles` (all of them). Thin shells
 * over `planProfile`: every decision is in the pure functions beside them.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AcceleratorPool } from "../cluster/handle";
import { K8sObject } from "../shared/k8s-object";
import { spawnerAcceleratorConfig, SpawnerAcceleratorConfig } from "./accelerators";
import { DEFAULT_KFAM_SETTINGS, KfamSettings, Subject } from "./kfam";
import { PROFILE_NAMESPACE_LABELS } from "./namespace";
import { Contributor, planProfile, ProfilePlan, profileProblems } from "./plan";
import { inputError, InputProblem } from "../shared/input-error";
import { ProfileQuota } from "./quota";
import {
  ARTIFACT_KEYS_SECRET,
  pipelinesNamespaceObjects,
  ProfileArtifactStore,
} from "./pipelines-storage";

/**
 * Pipelines' objects of a profile when its artifacts live outside the cluster (KFP's own profile controller
 * is dropped then; see pipelines-storage.ts).
 */
export interface ProfilePipelinesStorage {
  store: ProfileArtifactStore;
  /** The static keys, when `store.credentials` is `keys`; held as a Secret in the namespace. */
  keys?: { accessKey: pulumi.Input<string>; secretKey: pulumi.Input<string> };
  /**
   * Annotations the namespace's workload ServiceAccount (`default-editor`, which runs pipeline pods and
   * notebooks) needs for the store's identity, e.g. `eks.amazonaws.com/role-arn`. @default {}
   */
  serviceAccountAnnotations?: Record<string, pulumi.Input<string>>;
}

/** The ServiceAccount the profile controller creates for a namespace's workloads (pipelines, notebooks). */
export const WORKLOAD_SERVICE_ACCOUNT = "default-editor";

/** One profile: what a user or team gets. */
export interface ProfileSpec {
  /** Owner of the profile: a user (email) or a group. */
  owner: Subject;
  /**
   * Users or groups who may work in the profile, with role edit or view.
   * @default PROFILE_DEFAULTS.contributors ([])
   */
  contributors?: Contributor[];
  /** ResourceQuota of the profile's namespace. @default - no quota */
  quota?: ProfileQuota;
  /**
   * Names of the cluster's accelerator pools offered to the profile; [] offers none.
   * @default - every pool of the cluster
   */
  accelerators?: string[];
  /**
   * Whether removing the profile may delete its namespace and everything in it (PersistentVolumeClaims
   * included). While false, the Namespace and the Profile are protected and `pulumi preview` fails if they
   * would be deleted or replaced: to remove a profile, set it, run `pulumi up`, then remove the profile.
   * @default PROFILE_DEFAULTS.allowDeletion (false)
   */
  allowDeletion?: boolean;
  /** Pipelines' per-namespace objects on an external bucket. @default - none (in-cluster store) */
  pipelines?: ProfilePipelinesStorage;
}

/** What every profile of a release shares: how KFAM names access and how namespaces are labelled. */
export interface ProfilesOptions {
  /** KFAM's identity header, prefix and principals. @default PROFILES_DEFAULTS.kfam (Kubeflow 26.03's) */
  kfam?: KfamSettings;
  /** Labels of the namespace. @default PROFILES_DEFAULTS.namespaceLabels (Kubeflow 26.03's) */
  namespaceLabels?: Readonly<Record<string, string>>;
}

/**
 * Settings of one profile: its spec and the release-wide settings. Every default is in `PROFILE_DEFAULTS` and
 * `PROFILES_DEFAULTS`; the stack schema (`profiles[]`) takes its defaults from there.
 */
export interface ProfileOptions extends ProfileSpec, ProfilesOptions {}

/** The defaults of `ProfileSpec`, written once. */
export const PROFILE_DEFAULTS = {
  contributors: [],
  allowDeletion: false,
} as const satisfies Required<Pick<ProfileSpec, "contributors" | "allowDeletion">>;

/** The defaults of `ProfilesOptions`, written once. */
export const PROFILES_DEFAULTS = {
  kfam: DEFAULT_KFAM_SETTINGS,
  namespaceLabels: PROFILE_NAMESPACE_LABELS,
} as const satisfies Required<ProfilesOptions>;

/** Something other resources wait for: a `KubeflowRelease`, an `Istio.handle`, a `ServicesHandle.istio`. */
export interface ReadyHandle {
  ready: readonly pulumi.Resource[];
}

/** What a profile waits for: Kubeflow (Profile and PodDefault CRDs, profile controller) and Istio. */
export interface ProfileWiring {
  /** The cluster's accelerator pools (from `ClusterHandle.accelerators`). @default [] */
  clusterPools?: readonly AcceleratorPool[];
  /**
   * Kubeflow (`KubeflowRelease`, or the stack's KubeflowHandle): the Profile and PodDefault CRDs, the profile
   * controller. @default - nothing waited for
   */
  kubeflow?: ReadyHandle;
  /** Istio (`Istio.handle`): the AuthorizationPolicies need its CRDs. @default - nothing waited for */
  istio?: ReadyHandle;
  /** Further resources the profile's objects wait for. @default [] */
  dependsOn?: readonly pulumi.Resource[];
}

/** Pure: every resource a profile waits for, Kubeflow's first. */
function waitedFor(w: ProfileWiring): pulumi.Resource[] {
  return [...(w.kubeflow?.ready ?? []), ...(w.istio?.ready ?? []), ...(w.dependsOn ?? [])];
}

/** A profile's settings and its wiring. */
export interface ProfileArgs extends ProfileOptions, ProfileWiring {
  /** Name of the profile and its namespace (a DNS label). @default - the component's name */
  profileName?: string;
}

/**
 * A Kubeflow profile: its namespace (protected), the Profile custom resource, contributor access exactly as
 * KFAM writes it, a LimitRange when the quota needs one, and one PodDefault per accelerator pool offered.
 * The Kubernetes provider comes from the parent chain (`providers` of this component or an ancestor).
 */
export class Profile extends pulumi.ComponentResource {
  /** Name of the profile's namespace. */
  public readonly namespace: string;
  /** Names of the accelerator pools offered. */
  public readonly accelerators: string[];

  constructor(name: string, args: ProfileArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:profiles:Profile", name, {}, opts);

    const allowDeletion = args.allowDeletion ?? PROFILE_DEFAULTS.allowDeletion;
    const plan = planProfile({
      name: args.profileName ?? name,
      owner: args.owner,
      contributors: args.contributors ?? PROFILE_DEFAULTS.contributors,
      ...(args.quota !== undefined ? { quota: args.quota } : {}),
      ...(args.accelerators !== undefined ? { accelerators: args.accelerators } : {}),
      clusterPools: args.clusterPools ?? [],
      kfam: args.kfam ?? PROFILES_DEFAULTS.kfam,
      namespaceLabels: args.namespaceLabels ?? PROFILES_DEFAULTS.namespaceLabels,
    });
    const ready = waitedFor(args);
    // Data lives in the namespace: deleting or replacing it must be an explicit decision.
    const keep = { protect: !allowDeletion };

    const ns = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      plan.namespace as k8s.core.v1.NamespaceArgs,
      { parent: this, ...keep },
    );
    const inNamespace = [ns, ...ready];

    new k8s.apiextensions.CustomResource(`${name}-profile`, asCustom(plan.profile), {
      parent: this,
      dependsOn: inNamespace,
      ...keep,
    });

    for (const { key, object } of plan.access) {
      if (object.kind === "RoleBinding") {
        new k8s.rbac.v1.RoleBinding(
          `${name}-${key}`,
          object as unknown as k8s.rbac.v1.RoleBindingArgs,
          {
            parent: this,
            dependsOn: inNamespace,
          },
        );
      } else {
        new k8s.apiextensions.CustomResource(`${name}-${key}`, asCustom(object), {
          parent: this,
          dependsOn: inNamespace,
        });
      }
    }

    if (plan.limitRange !== undefined) {
      new k8s.core.v1.LimitRange(
        `${name}-limitrange`,
        plan.limitRange as k8s.core.v1.LimitRangeArgs,
        { parent: this, dependsOn: inNamespace },
      );
    }

    for (const { key, object } of plan.podDefaults) {
      new k8s.apiextensions.CustomResource(`${name}-poddefault-${key}`, asCustom(object), {
        parent: this,
        dependsOn: inNamespace,
      });
    }

    if (args.pipelines !== undefined) {
      const nsName = plan.namespace.metadata.name;
      const { store, keys, serviceAccountAnnotations = {} } = args.pipelines;
      if (store.credentials === "keys" && keys === undefined)
        throw inputError(`Profile ${name}`, [
          {
            path: ["pipelines", "keys"],
            message: "the store takes static keys and none are given",
          },
        ]);
      for (const object of pipelinesNamespaceObjects(nsName, store)) {
        new k8s.core.v1.ConfigMap(
          `${name}-pipelines-${object.metadata.name}`,
          object as unknown as k8s.core.v1.ConfigMapArgs,
          { parent: this, dependsOn: inNamespace },
        );
      }
      if (store.credentials === "keys" && keys !== undefined) {
        new k8s.core.v1.Secret(
          `${name}-pipelines-keys`,
          {
            metadata: { name: ARTIFACT_KEYS_SECRET.name, namespace: nsName },
            stringData: {
              [ARTIFACT_KEYS_SECRET.accessKey]: pulumi.secret(keys.accessKey),
              [ARTIFACT_KEYS_SECRET.secretKey]: pulumi.secret(keys.secretKey),
            },
          },
          { parent: this, dependsOn: inNamespace },
        );
      }
      if (Object.keys(serviceAccountAnnotations).length > 0) {
        // The profile controller creates the account and never rewrites its annotations; server-side
        // apply adds these under this program's field manager (and creates the account if it is first).
        new k8s.core.v1.ServiceAccountPatch(
          `${name}-pipelines-identity`,
          {
            metadata: {
              name: WORKLOAD_SERVICE_ACCOUNT,
              namespace: nsName,
              annotations: serviceAccountAnnotations,
            },
          },
          { parent: this, dependsOn: inNamespace },
        );
      }
    }

    this.namespace = plan.namespace.metadata.name;
    this.accelerators = plan.offered.map((p) => p.name);
    this.registerOutputs({ namespace: this.namespace, accelerators: this.accelerators });
  }
}

function asCustom(obj: K8sObject): k8s.apiextensions.CustomResourceArgs {
  return obj as unknown as k8s.apiextensions.CustomResourceArgs;
}

/** Every profile's settings and the wiring they share. */
export interface ProfilesArgs extends ProfilesOptions, ProfileWiring {
  /** Profiles by name (the namespace name and stable key). */
  profiles: ReadonlyArray<ProfileSpec & { name: string }>;
}

/** Every profile of the platform, under one parent. */
export class Profiles extends pulumi.ComponentResource {
  /** Each profile by name. */
  public readonly profiles: Readonly<Record<string, Profile>>;
  /** What the notebook spawner should offer for the cluster's pools (wired into the Jupyter web app config). */
  public readonly spawner: SpawnerAcceleratorConfig;

  constructor(name: string, args: ProfilesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:profiles:Profiles", name, {}, opts);

    const seen = new Set<string>();
    const problems: InputProblem[] = [];
    args.profiles.forEach((p, i) => {
      if (seen.has(p.name)) {
        problems.push({
          path: ["profiles", i, "name"],
          message: `duplicate profile name "${p.name}"; names must be unique`,
        });
      }
      seen.add(p.name);
      // Each profile's own checks (as Profile runs them), on its path here and before any child.
      for (const problem of profileProblems({
        name: p.name,
        owner: p.owner,
        ...(p.contributors !== undefined ? { contributors: p.contributors } : {}),
        ...(p.quota !== undefined ? { quota: p.quota } : {}),
        ...(p.accelerators !== undefined ? { accelerators: p.accelerators } : {}),
        clusterPools: args.clusterPools ?? [],
      })) {
        problems.push({ path: ["profiles", i, ...problem.path], message: problem.message });
      }
    });
    if (problems.length > 0) throw inputError(`Profiles ${name}`, problems);

    const profiles: Record<string, Profile> = {};
    for (const p of args.profiles) {
      const { name: profileName, ...spec } = p;
      profiles[profileName] = new Profile(
        `${name}-${profileName}`,
        {
          ...spec,
          profileName,
          clusterPools: args.clusterPools ?? [],
          kfam: args.kfam ?? PROFILES_DEFAULTS.kfam,
          namespaceLabels: args.namespaceLabels ?? PROFILES_DEFAULTS.namespaceLabels,
          dependsOn: waitedFor(args),
        },
        { parent: this },
      );
    }
    this.profiles = profiles;
    this.spawner = spawnerAcceleratorConfig(args.clusterPools ?? []);
    this.registerOutputs({ namespaces: Object.keys(profiles) });
  }
}

export type { ProfilePlan };
