/**
 * `kubeflow:apps:KubeflowRelease`: every application of a pinned Kubeflow release, from its bundle, in one
 * `pulumi up`. A thin shell over `planRelease` (pure: bundle, transforms, graph) that registers one resource
 * per object, parented by one ComponentResource per application, with `dependsOn` from the graph.
 *
 * How objects become resources (measured on the 26.03 default install under mocks, see `npm run bench`):
 * - every object except CRDs: one resource per object with the object's own type token
 *   (`kubernetes:apps/v1:Deployment`) and its inputs as rendered, so previews and tests see each object.
 *   Typed SDK classes cost the same per object (~2.2 s CPU for 469 objects either way on a loaded 2-CPU
 *   box) and add nothing here; Secrets are wrapped as secrets below as the typed class would.
 * - CRDs: one `kubernetes:yaml/v2:ConfigGroup` per application holding its CRDs as one string. The SDK
 *   serializes a structured input property by property: the 52 CRDs of 26.03 (9 MB, eight over 256 KiB)
 *   cost ~6.9 s CPU as typed or generic resources and ~0.2 s as one string. The provider renders the group:
 *   the preview still lists each CRD as a child, and it applies them server-side (the provider sets
 *   `enableServerSideApply: true`), so no last-applied annotation is written and its 256 KiB limit does
 *   not apply. `dependsOn` a v2 ConfigGroup waits for all its children, because it is a remote component
 *   (https://github.com/pulumi/pulumi/pull/7541, https://github.com/pulumi/pulumi-kubernetes/issues/1833).
 * - Whole 26.03 default graph, warm parse cache: ~1.8 s CPU and wall until every registration settled,
 *   390 MB peak RSS, critical path 5 objects deep. Parsing the 10 MB of YAML is ~4 s CPU when the cache is
 *   cold (see `bundle.ts`).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ApplicationKey, DEFAULT_RELEASE } from "../catalog";
import { ServicesHandle } from "../services/handle";
import { APPLICATIONS, ApplicationChoices } from "./applications";
import { EXTERNAL } from "./graph";
import { groupOf, isCrd, versionOf } from "./kinds";
import { ClusterHandle } from "../cluster/handle";
import { ExtraObject, PlannedObject, planRelease, ReleasePlan, Secrets } from "./plan";
import { GeneratedSecrets } from "./secure-defaults/generated-secrets";
import { planGeneratedSecrets, secureDefaults } from "./secure-defaults/plan";
import { resourceOptionsForAll } from "./transforms";
import {
  DataProtection,
  DEFAULT_DATA_PROTECTION,
  ObjectResourceOptions,
} from "./transforms/protection";
import { K8sObject, ObjectTransform } from "./types";

/**
 * Settings of a release: what it installs and how it guards data. Every default is in
 * `KUBEFLOW_RELEASE_DEFAULTS`; the stack schema takes its `kubeflow.version` and `kubeflow.dataProtection`
 * defaults from there.
 */
export interface KubeflowReleaseOptions {
  /** Kubeflow release to install; changing it is the upgrade (catalogued releases only). @default KUBEFLOW_RELEASE_DEFAULTS.release ("26.03") */
  release?: string;
  /** Which applications to install and in which mode. @default - the release's example install */
  applications?: ApplicationChoices;
  /**
   * How stateful objects (PVCs, CRDs, Profiles, namespaces holding claims, database workloads) are guarded:
   * `protect` (Pulumi refuses to delete them, and leaves them in the cluster if removed from state),
   * `retain` (left in the cluster when deleted) or `none`. @default KUBEFLOW_RELEASE_DEFAULTS.dataProtection
   */
  dataProtection?: DataProtection;
  /** Parse cache for bundle files, or false. @default - a directory under the OS temp dir */
  bundleCacheDir?: string | false;
}

/** The defaults of `KubeflowReleaseOptions`, written once. */
export const KUBEFLOW_RELEASE_DEFAULTS = {
  release: DEFAULT_RELEASE,
  dataProtection: DEFAULT_DATA_PROTECTION,
} as const satisfies Required<Pick<KubeflowReleaseOptions, "release" | "dataProtection">>;

/**
 * A release's settings and its wiring. Secure on its own: every credential upstream ships as a literal is
 * replaced by a value generated as the release's child (`<name>-secrets`), unless `secrets` brings it, and
 * stateful objects are guarded per `dataProtection`.
 */
export interface KubeflowReleaseArgs extends KubeflowReleaseOptions {
  /** Directory holding the release's bundle (`npm run sync -- <release>` writes it). */
  bundleDir: string;
  /** What the platform services give: objects wait for their `ready` resources. */
  services: ServicesHandle;
  /**
   * The cluster: the first objects wait for its `ready` resources (node pools, add-ons), and its Kubernetes
   * minor version is checked against the release. @default - nothing waited for, version not checked
   */
  cluster?: Pick<ClusterHandle, "ready" | "kubernetesVersion">;
  /**
   * Parameter transformations applied to every object after the structural ones. The release's own secure
   * defaults (credentials out) run after them. @default []
   */
  transforms?: ObjectTransform[];
  /**
   * Credentials the caller brings, by the stable keys of `GENERATED_SECRETS` (e.g.
   * `pipelines-mysql-password` for an external database): these are not generated. @default {}
   */
  secrets?: Secrets;
  /**
   * Objects whose `protect` is lifted (they keep `retainOnDelete`): an application the caller allows to be
   * deleted, the data an acknowledged upgrade hazard releases. @default - none
   */
  unprotected?: (obj: K8sObject, app: ApplicationKey) => boolean;
  /** Objects the platform adds to applications (see PlanOptions.extraObjects). @default [] */
  extraObjects?: ReadonlyArray<ExtraObject>;
}

/**
 * Pure: the chain a release runs: the caller's transformations, then its own secure defaults (every
 * literal credential upstream ships replaced by a generated or caller-provided secret, see
 * secure-defaults/plan.ts), so that no chain a caller builds leaves one in place.
 */
export function releaseChain(transforms: readonly ObjectTransform[] = []): ObjectTransform[] {
  return [...transforms, secureDefaults()];
}

/**
 * Pure: the resource options of every object of a release: data guarded per `dataProtection`, immutable
 * fields replaced (see transforms/protection.ts), `unprotected` objects only retained.
 */
export function releaseResourceOptions(
  objects: readonly PlannedObject[],
  dataProtection: DataProtection,
  unprotected?: (obj: K8sObject, app: ApplicationKey) => boolean,
): Map<K8sObject, ObjectResourceOptions> {
  const appOf = new Map(objects.map((o) => [o.obj, o.app]));
  return resourceOptionsForAll(
    objects.map((o) => o.obj),
    { dataProtection },
    unprotected !== undefined ? (obj) => unprotected(obj, appOf.get(obj)!) : undefined,
  );
}

/** Pure: the Pulumi type token of an object (`apps/v1` Deployment -> `kubernetes:apps/v1:Deployment`). */
export function typeToken(obj: Pick<K8sObject, "apiVersion" | "kind">): string {
  const group = groupOf(obj.apiVersion) || "core";
  return `kubernetes:${group}/${versionOf(obj.apiVersion)}:${obj.kind}`;
}

/** Pure: the resource name of an object under its application (`<app>-<namespace>.<name>`). */
export function resourceName(appName: string, obj: K8sObject): string {
  const ns = obj.metadata.namespace;
  return `${appName}-${ns ? `${ns}.` : ""}${obj.metadata.name}`;
}

/** Pure: the YAML (JSON documents) of a set of CRDs for a ConfigGroup. */
export function crdGroupYaml(crds: readonly K8sObject[]): string {
  return crds.map((c) => JSON.stringify(c)).join("\n---\n");
}

/**
 * Kinds whose API version changed between catalogued releases: `group/Kind` -> the versions it had before.
 * The upgrade tests compare each pair of consecutive releases and fail when a move is missing here.
 */
export const MOVED_KINDS: ReadonlyMap<string, readonly string[]> = new Map([
  // v1.10.2 -> v1.11.0: Kubeflow's AuthorizationPolicies moved from v1beta1 to v1.
  ["security.istio.io/AuthorizationPolicy", ["v1beta1"]],
]);

/**
 * Pure: the type tokens the same object had under earlier API versions of its kind. The type is part of the
 * URN, so without these aliases an upgrade that moves a kind to a new version would create the "new"
 * resource and then delete the old one — which is the same Kubernetes object. Only kinds known to have
 * moved get aliases: eight aliases on every object tripled the time to register the graph (1.2 s -> 3.5 s).
 */
export function aliasTypesFor(obj: Pick<K8sObject, "apiVersion" | "kind">): string[] {
  const own = versionOf(obj.apiVersion);
  const group = groupOf(obj.apiVersion) || "core";
  const before = MOVED_KINDS.get(`${groupOf(obj.apiVersion)}/${obj.kind}`) ?? [];
  return before.filter((v) => v !== own).map((v) => `kubernetes:${group}/${v}:${obj.kind}`);
}

/** One Kubernetes object of the bundle, registered with its own type token. */
class BundleObject extends pulumi.CustomResource {
  constructor(name: string, obj: K8sObject, opts: pulumi.CustomResourceOptions) {
    const secret = obj.kind === "Secret" && obj.apiVersion === "v1";
    const inputs: pulumi.Inputs = { ...obj };
    if (secret) {
      if (obj.data !== undefined) inputs.data = pulumi.secret(obj.data);
      if (obj.stringData !== undefined) inputs.stringData = pulumi.secret(obj.stringData);
    }
    const aliases = aliasTypesFor(obj);
    super(typeToken(obj), name, inputs, {
      ...opts,
      ...(aliases.length > 0 ? { aliases: aliases.map((type) => ({ type })) } : {}),
      ...(secret ? { additionalSecretOutputs: ["data", "stringData"] } : {}),
    });
  }
}

/** One application of the release (`kubeflow:apps:Pipelines`, ...): the parent of its objects. */
export class KubeflowApplication extends pulumi.ComponentResource {
  /** Resources of this application's objects by object key; CRD keys map to the CRD group. */
  public readonly resources = new Map<string, pulumi.Resource>();
  /** The component's name, which prefixes its children's names. */
  public readonly appName: string;

  constructor(
    name: string,
    args: { app: ApplicationKey; mode: string },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`kubeflow:apps:${APPLICATIONS[args.app].component}`, name, {}, opts);
    this.appName = name;
    this.mode = args.mode;
  }

  /** The mode the application is installed in (`argo`, `serverless`, `default`, ...). */
  public readonly mode: string;

  /** Called by the release once every object is registered. */
  complete(): void {
    this.registerOutputs({ mode: this.mode });
  }
}

export class KubeflowRelease extends pulumi.ComponentResource {
  public readonly release: string;
  public readonly plan: ReleasePlan;
  public readonly applications: ReadonlyMap<ApplicationKey, KubeflowApplication>;
  /** Resource of every object by object key (CRDs: their application's CRD group). */
  public readonly resources: ReadonlyMap<string, pulumi.Resource>;
  /** What user profiles must wait for: the profile controller, Profile and PodDefault CRDs, the webhook. */
  public readonly ready: pulumi.Resource[];
  /**
   * The objects registered with `protect`, per application (`Kind namespace/name`): what Pulumi refuses to
   * delete, recorded in the stack outputs so the next run's upgrade guard can name them.
   */
  public readonly protectedData: ReadonlyMap<ApplicationKey, readonly string[]>;

  constructor(name: string, args: KubeflowReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:apps:KubeflowRelease", name, {}, opts);
    this.release = args.release ?? KUBEFLOW_RELEASE_DEFAULTS.release;
    const provided = args.secrets ?? {};
    const kubernetesVersion = args.cluster?.kubernetesVersion;
    this.plan = planRelease({
      release: this.release,
      bundleDir: args.bundleDir,
      ...(args.applications !== undefined ? { applications: args.applications } : {}),
      ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
      transforms: releaseChain(args.transforms),
      // Only the secrets the selected applications' objects need are generated, each under a stable key
      // (adding an application never regenerates another's password).
      secrets: (raw) => {
        const generated = new GeneratedSecrets(
          `${name}-secrets`,
          { secrets: planGeneratedSecrets(raw, new Set(Object.keys(provided))) },
          // Until 2026-12 the stack program (and the library's example) created it at the top level: the
          // alias keeps every generated password of a deployed stack (its children follow the parent).
          { parent: this, aliases: [{ parent: undefined }] },
        );
        return { ...generated.values, ...provided };
      },
      ...(args.bundleCacheDir !== undefined ? { bundleCacheDir: args.bundleCacheDir } : {}),
      ...(args.extraObjects !== undefined ? { extraObjects: args.extraObjects } : {}),
    });

    const apps = new Map<ApplicationKey, KubeflowApplication>();
    for (const a of this.plan.applications) {
      apps.set(
        a.key,
        new KubeflowApplication(`${name}-${a.key}`, { app: a.key, mode: a.mode }, { parent: this }),
      );
    }
    const external: Record<string, readonly pulumi.Resource[]> = {
      [EXTERNAL.certManager]: args.services.certManager.ready,
      [EXTERNAL.istio]: args.services.istio.ready,
      [EXTERNAL.auth]: args.services.auth.ready,
      [EXTERNAL.cluster]: args.cluster?.ready ?? [],
    };
    const { graph } = this.plan;
    const decided = releaseResourceOptions(
      this.plan.objects,
      args.dataProtection ?? KUBEFLOW_RELEASE_DEFAULTS.dataProtection,
      args.unprotected,
    );
    const optionsOf = (obj: K8sObject): pulumi.CustomResourceOptions => {
      const d = decided.get(obj);
      if (d === undefined) throw new Error(`internal: no resource options for ${objectLabel(obj)}`);
      return {
        ...(d.protect ? { protect: true } : {}),
        ...(d.retainOnDelete ? { retainOnDelete: true } : {}),
        ...(d.replaceOnChanges.length > 0 ? { replaceOnChanges: d.replaceOnChanges } : {}),
        ...(d.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
      };
    };
    const resources = new Map<string, pulumi.Resource>();
    const depsOf = (key: string): pulumi.Resource[] => {
      const out = new Set<pulumi.Resource>();
      for (const d of graph.dependsOn.get(key) ?? []) {
        if (d.startsWith("@")) for (const r of external[d] ?? []) out.add(r);
        else {
          const r = resources.get(d) ?? createCrdGroupFor(d);
          out.add(r);
        }
      }
      return [...out];
    };

    // CRDs: one ConfigGroup per application, created when the first dependent needs it (or at the end).
    const crdsByApp = new Map<ApplicationKey, PlannedObject[]>();
    for (const o of this.plan.objects) {
      if (isCrd(o.obj)) crdsByApp.set(o.app, [...(crdsByApp.get(o.app) ?? []), o]);
    }
    const appOfKey = new Map(this.plan.objects.map((o) => [o.key, o.app]));
    const createCrdGroupFor = (crdKey: string): pulumi.Resource => {
      const app = appOfKey.get(crdKey);
      const crds = app !== undefined ? crdsByApp.get(app) : undefined;
      if (app === undefined || crds === undefined) {
        throw new Error(`internal: ${crdKey} is needed before it is registered`);
      }
      const deps = new Set<pulumi.Resource>();
      for (const c of crds) for (const d of depsOf(c.key)) deps.add(d);
      const parent = apps.get(app)!;
      const group = new k8s.yaml.v2.ConfigGroup(
        `${parent.appName}-crds`,
        { yaml: crdGroupYaml(crds.map((c) => c.obj)) },
        {
          parent,
          dependsOn: [...deps],
          // CRDs own every user object of their kinds: deleting one deletes them all. The group is
          // protected (and retained) if any of its CRDs is.
          ...(crds.some((c) => optionsOf(c.obj).protect) ? { protect: true } : {}),
          ...(crds.some((c) => optionsOf(c.obj).retainOnDelete) ? { retainOnDelete: true } : {}),
        },
      );
      for (const c of crds) {
        resources.set(c.key, group);
        parent.resources.set(c.key, group);
      }
      crdsByApp.delete(app);
      return group;
    };

    // Dependencies first: an object's depth is greater than each of its dependencies'.
    const ordered = [...this.plan.objects].sort(
      (a, b) => graph.depthOf.get(a.key)! - graph.depthOf.get(b.key)!,
    );
    for (const o of ordered) {
      if (isCrd(o.obj) || resources.has(o.key)) continue;
      const parent = apps.get(o.app)!;
      const r = new BundleObject(resourceName(parent.appName, o.obj), o.obj, {
        parent,
        dependsOn: depsOf(o.key),
        ...optionsOf(o.obj),
      });
      resources.set(o.key, r);
      parent.resources.set(o.key, r);
    }
    for (const [app, crds] of [...crdsByApp]) {
      if (crdsByApp.has(app)) createCrdGroupFor(crds[0]!.key);
    }

    this.applications = apps;
    this.resources = resources;
    this.ready = readyResources(this.plan, resources);
    const protectedData = new Map<ApplicationKey, string[]>();
    for (const o of this.plan.objects) {
      if (!optionsOf(o.obj).protect) continue;
      protectedData.set(o.app, [...(protectedData.get(o.app) ?? []), objectLabel(o.obj)]);
    }
    this.protectedData = protectedData;
    for (const a of apps.values()) a.complete();
    this.registerOutputs({ release: this.release });
  }
}

/** How messages and records name an object: `Kind namespace/name`, or `Kind name` when cluster-scoped. */
export function objectLabel(obj: Pick<K8sObject, "kind" | "metadata">): string {
  const ns = obj.metadata.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ""}${obj.metadata.name}`;
}

/** Profile and PodDefault CRDs, the profile controller, the admission webhook and what serves it. */
function readyResources(
  plan: ReleasePlan,
  resources: ReadonlyMap<string, pulumi.Resource>,
): pulumi.Resource[] {
  const out = new Set<pulumi.Resource>();
  for (const o of plan.objects) {
    if (o.app !== "profiles" && o.app !== "podDefaults") continue;
    const k = o.obj.kind;
    if (
      isCrd(o.obj) ||
      k === "Deployment" ||
      k === "MutatingWebhookConfiguration" ||
      k === "Service"
    ) {
      out.add(resources.get(o.key)!);
    }
  }
  return [...out];
}
