/**
 * Types of the release catalog: what this program knows about each supported Kubeflow release. The catalog
 * is data; the loader, the config checks and the upgrade checks read it, never the other way round.
 */

/** Keys of the Kubeflow applications the program can install, one ComponentResource each. */
export const APPLICATION_KEYS = [
  "core",
  "centralDashboard",
  "profiles",
  "podDefaults",
  "notebooks",
  "volumes",
  "tensorboards",
  "pvcViewer",
  "pipelines",
  "katib",
  "trainer",
  "trainingOperator",
  "knative",
  "kserve",
  "spark",
  "modelRegistry",
] as const;
export type ApplicationKey = (typeof APPLICATION_KEYS)[number];

/** One way of installing an application: the kustomize paths rendered into the bundle. */
export interface ApplicationVariant {
  /** Kustomize paths relative to the manifests repository root, in upstream's order. */
  paths: readonly string[];
  /** Why a user would pick this variant. */
  description: string;
}

/** An application as a release ships it. */
export interface CatalogApplication {
  /** Variants by mode name; the application has at least the one named by `defaultMode`. */
  modes: Readonly<Record<string, ApplicationVariant>>;
  defaultMode: string;
  /** Whether upstream's `example/kustomization.yaml` installs it (the program's default). */
  enabledByDefault: boolean;
  /**
   * Namespace for objects of these paths that were rendered without one (upstream applies them with
   * `kubectl apply -n <namespace>`).
   */
  placeIn?: string;
}

/** Platform services installed from Helm charts instead of the bundle's paths. */
export type ServiceKey = "certManager" | "istio" | "dex" | "oauth2Proxy";

/** A bundle path the program never installs, and why. */
export interface ReplacedPath {
  path: string;
  /** The platform service (or other layer) that provides the same thing. */
  by: ServiceKey | "profiles-layer" | "not-offered";
  /** A variant name when upstream offers several overlays of the same thing (e.g. `eks`, `kind`). */
  variant?: string;
}

/** A pinned Helm chart of a platform service. */
export interface ChartPin {
  repo: string;
  chart: string;
  version: string;
  /** Application version the chart ships, or the image tag the program sets when it differs. */
  appVersion: string;
  /** Image tag the program sets instead of the chart's appVersion, when it has a reason to. */
  imageTag?: string;
  /**
   * Why the chart is not in the offline chart set the verification renders (`../shared/upstream/charts`),
   * when it is not: its release is then listed as not rendered, never silently skipped. @default - it is
   */
  notOffline?: string;
}

export interface ChartPins {
  certManager: ChartPin;
  istioBase: ChartPin;
  istiod: ChartPin;
  istioCni: ChartPin;
  istioGateway: ChartPin;
  dex: ChartPin;
  oauth2Proxy: ChartPin;
  nvidiaDevicePlugin: ChartPin;
  gpuOperator: ChartPin;
}

/**
 * A known hazard of upgrading from `Release.previous` to this release, which a plain `pulumi up` cannot
 * handle alone. The upgrade check refuses the version change until the user acknowledges it.
 */
export interface UpgradeHazard {
  /** Stable identifier, e.g. `minio-to-seaweedfs`. */
  id: string;
  /** Which release change it applies to, e.g. `v1.10 -> v1.11`. */
  from: string;
  description: string;
  /**
   * What the user must do by hand, and when (before or after `pulumi up`). `{release}` and
   * `{upgradeAcknowledgements}` stand for the settings' names: read it through `manualStep(hazard, keys)`.
   */
  manualStep: string;
  /** Key the user sets in the stack config to say the manual step is done. */
  acknowledgementKey: string;
  /**
   * Whether the step moves, converts or releases data held in volumes (databases, artifacts): the upgrade
   * guard then tells the user to snapshot the data volumes first (`npm run snapshot`).
   */
  touchesData: boolean;
  /**
   * Objects holding data that the new release no longer has (`Kind namespace/name`). A run of the previous
   * release with the acknowledgement lifts their protection (they stay retained on delete), so the version
   * change's preview does not stop at them; the guard refuses the change while the deployed stack still
   * protects them.
   */
  releasesData?: readonly string[];
  /** Where upstream documents it. */
  see?: string;
}

export interface KubernetesSupport {
  /** Oldest Kubernetes minor version upstream supports, e.g. `1.34`. */
  min: string;
  /** Newest minor version upstream tested, when it states one. */
  maxTested?: string;
  /** Upstream's own words. */
  statement: string;
}

/** Everything the program knows about one Kubeflow release. */
export interface Release {
  /** Tag of the manifests repository, e.g. `26.03`. */
  tag: string;
  commit: string;
  commitDate: string;
  source: string;
  /** The release this one upgrades from (the hazards are about that step); undefined for the oldest. */
  previous?: string;
  kubernetes: KubernetesSupport;
  applications: Readonly<Partial<Record<ApplicationKey, CatalogApplication>>>;
  /** Paths of the bundle the program never installs from it (platform services, example profile, ...). */
  replaced: readonly ReplacedPath[];
  charts: ChartPins;
  /** Hazards of upgrading from `previous` to this release. */
  hazards: readonly UpgradeHazard[];
  /**
   * Hazards already known about leaving this release for the next one, before that one is catalogued;
   * the next release's entry takes them over as its `hazards`.
   */
  nextHazards?: readonly UpgradeHazard[];
}
