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
import { Contributor, planProfile, ProfilePlan } from "./plan";
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
  /** Users or groups who may work in the profile. @default [] */
  contributors?: Contributor[];
  /** Quota of the namespace. @default - no quota */
  quota?: ProfileQuota;
  /** Names of the accelerator pools offered. @default - every pool of the cluster */
  accelerators?: string[];
  /**
   * Whether removing the profile may delete its namespace and everything in it (PersistentVolumeClaims
   * included). While false, the Namespace and the Profile are protected and `pulumi preview` fails if they
   * would be deleted or replaced. @default false
   */
  allowDeletion?: boolean;
  /** Pipelines' per-namespace objects on an external bucket. @default - none (in-cluster store) */
  pipelines?: ProfilePipelinesStorage;
}

export interface ProfileArgs extends ProfileSpec {
  /** Name of the profile and its namespace (a DNS label). @default - the component's name */
  profileName?: string;
  /** The cluster's accelerator pools (from `ClusterHandle.accelerators`). @default [] */
  clusterPools?: readonly AcceleratorPool[];
  /** KFAM's identity header, prefix and principals. @default DEFAULT_KFAM_SETTINGS (Kubeflow 26.03) */
  kfam?: KfamSettings;
  /** Labels of the namespace. @default PROFILE_NAMESPACE_LABELS (Kubeflow 26.03) */
  namespaceLabels?: Readonly<Record<string, string>>;
  /**
   * Resources the profile's objects wait for: the Profile and PodDefault CRDs, the profile controller,
   * Istio's CRDs (`KubeflowHandle.ready`, `ServicesHandle.istio.ready`). @default []
   */
  dependsOn?: readonly pulumi.Resource[];
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

    const allowDeletion = args.allowDeletion ?? false;
    const plan = planProfile({
      name: args.profileName ?? name,
      owner: args.owner,
      contributors: args.contributors ?? [],
      ...(args.quota !== undefined ? { quota: args.quota } : {}),
      ...(args.accelerators !== undefined ? { accelerators: args.accelerators } : {}),
      clusterPools: args.clusterPools ?? [],
      kfam: args.kfam ?? DEFAULT_KFAM_SETTINGS,
      namespaceLabels: args.namespaceLabels ?? PROFILE_NAMESPACE_LABELS,
    });
    const ready = [...(args.dependsOn ?? [])];
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

export interface ProfilesArgs {
  /** Profiles by name (the namespace name and stable key). @default {} */
  profiles: ReadonlyArray<ProfileSpec & { name: string }>;
  /** The cluster's accelerator pools. @default [] */
  clusterPools?: readonly AcceleratorPool[];
  /** KFAM settings of the installed release. @default DEFAULT_KFAM_SETTINGS */
  kfam?: KfamSettings;
  /** Labels of profile namespaces. @default PROFILE_NAMESPACE_LABELS */
  namespaceLabels?: Readonly<Record<string, string>>;
  /** Resources every profile waits for (Kubeflow's CRDs and controllers, Istio). @default [] */
  dependsOn?: readonly pulumi.Resource[];
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
          kfam: args.kfam ?? DEFAULT_KFAM_SETTINGS,
          namespaceLabels: args.namespaceLabels ?? PROFILE_NAMESPACE_LABELS,
          dependsOn: args.dependsOn ?? [],
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
