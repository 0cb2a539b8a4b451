/**
 * What the program knows about each application regardless of release: its component, what it needs from
 * other applications (facts of how upstream wires them) and from the platform services. Pure functions turn
 * a stack's choices into the applications and kustomize paths to install, with every problem at once.
 */
import {
  APPLICATION_KEYS,
  ApplicationKey,
  CATALOG,
  Release,
  RELEASE_ARG_KEYS,
  ReleaseKeys,
} from "../catalog";

/** Platform services bundle objects wait for. */
export type ServiceDependency = "certManager" | "istio" | "auth";

export interface ApplicationDefinition {
  /** ComponentResource type name: `kubeflow:apps:<component>`. */
  component: string;
  title: string;
  /** Applications that must be enabled with it, with the reason shown to the user. */
  requires?: ReadonlyArray<{ app: ApplicationKey; why: string; modes?: readonly string[] }>;
  /** Services every object of the application waits for (on top of what the object rules derive). */
  services?: readonly ServiceDependency[];
}

export const APPLICATIONS: Readonly<Record<ApplicationKey, ApplicationDefinition>> = {
  core: { component: "Core", title: "Kubeflow namespaces, roles, gateway and network policies" },
  centralDashboard: {
    component: "CentralDashboard",
    title: "Central Dashboard",
    requires: [{ app: "profiles", why: "the dashboard lists namespaces through KFAM" }],
    // The dashboard is reachable only through Dex and oauth2-proxy.
    services: ["auth"],
  },
  profiles: { component: "Profiles", title: "Profile controller and KFAM" },
  podDefaults: { component: "PodDefaults", title: "PodDefault admission webhook" },
  notebooks: {
    component: "Notebooks",
    title: "Notebook controller and Jupyter web app",
    requires: [
      { app: "podDefaults", why: "the Jupyter web app lists PodDefaults for its configurations" },
    ],
  },
  volumes: { component: "Volumes", title: "Volumes web app" },
  tensorboards: { component: "Tensorboards", title: "Tensorboard controller and web app" },
  pvcViewer: { component: "PvcViewer", title: "PVC viewer controller" },
  pipelines: { component: "Pipelines", title: "Kubeflow Pipelines" },
  katib: { component: "Katib", title: "Katib" },
  trainer: { component: "Trainer", title: "Kubeflow Trainer v2" },
  trainingOperator: { component: "TrainingOperator", title: "Training Operator v1" },
  knative: {
    component: "KnativeServing",
    title: "Knative Serving and the cluster-local gateway",
    services: ["istio"],
  },
  kserve: {
    component: "KServe",
    title: "KServe and the models web app",
    requires: [
      {
        app: "knative",
        why: "serverless InferenceServices run on Knative Serving",
        modes: ["serverless"],
      },
    ],
    services: ["istio"],
  },
  spark: { component: "Spark", title: "Spark operator" },
  modelRegistry: { component: "ModelRegistry", title: "Model Registry" },
};

/** A stack's choice for one application; undefined fields take the release's default. */
/**
 * Whether an application is installed, and how.
 * @optionDocs
 */
export interface ApplicationChoice {
  /** Whether to install the application. @default - as the release's example install */
  enabled?: boolean;
  /**
   * How to install the application: one of the modes its catalog entry lists for the release.
   * @default - the release's default mode
   */
  mode?: string;
}

export type ApplicationChoices = Partial<Record<ApplicationKey, ApplicationChoice>>;

/** An application the stack installs, with the paths of its chosen mode. */
export interface SelectedApplication {
  key: ApplicationKey;
  mode: string;
  paths: readonly string[];
  placeIn?: string;
}

/** A problem with the choices: the path under the application choices and what to do. */
export interface SelectionProblem {
  path: string[];
  message: string;
}

export interface Selection {
  applications: SelectedApplication[];
  problems: SelectionProblem[];
}

/** One line per problem: `<applications key>.<path>: <message>`. */
export function formatSelectionProblems(
  problems: readonly SelectionProblem[],
  keys: Pick<ReleaseKeys, "applications"> = RELEASE_ARG_KEYS,
): string[] {
  return problems.map((p) => `${[keys.applications, ...p.path].join(".")}: ${p.message}`);
}

/**
 * Pure: resolve a stack's application choices against a release: defaults, modes, applications missing from
 * the release, and dependencies between applications. `keys` names the settings in messages (the args by
 * default; the stack passes its config keys).
 */
export function selectApplications(
  release: Release,
  choices: ApplicationChoices = {},
  keys: Pick<ReleaseKeys, "applications" | "release"> = RELEASE_ARG_KEYS,
): Selection {
  const prefix = keys.applications;
  const problems: SelectionProblem[] = [];
  const chosen = new Map<ApplicationKey, SelectedApplication>();
  for (const key of APPLICATION_KEYS) {
    const choice = choices[key] ?? {};
    const entry = release.applications[key];
    if (entry === undefined) {
      if (choice.enabled === true || choice.mode !== undefined) {
        problems.push({
          path: [key, choice.enabled === true ? "enabled" : "mode"],
          message:
            `${APPLICATIONS[key].title} is not part of Kubeflow ${release.tag}; ` +
            `remove ${prefix}.${key}, or pick a ${keys.release} that has it (${releasesWith(key)})`,
        });
      }
      continue;
    }
    if (key === "core" && choice.enabled === false) {
      problems.push({
        path: ["core", "enabled"],
        message:
          "false is not allowed; every application needs the kubeflow namespace, roles and gateway. " +
          "Remove the key",
      });
    }
    const mode = choice.mode ?? entry.defaultMode;
    const variant = entry.modes[mode];
    if (variant === undefined) {
      const allowed = Object.keys(entry.modes)
        .map((m) => `"${m}"`)
        .join(", ");
      problems.push({
        path: [key, "mode"],
        message: `not a mode of ${APPLICATIONS[key].title} in Kubeflow ${release.tag}; allowed: ${allowed}`,
      });
      continue;
    }
    if (!(choice.enabled ?? entry.enabledByDefault) && key !== "core") continue;
    chosen.set(key, {
      key,
      mode,
      paths: variant.paths,
      ...(entry.placeIn !== undefined ? { placeIn: entry.placeIn } : {}),
    });
  }
  for (const app of chosen.values()) {
    for (const req of APPLICATIONS[app.key].requires ?? []) {
      if (req.modes !== undefined && !req.modes.includes(app.mode)) continue;
      if (chosen.has(req.app)) continue;
      const modeText = req.modes !== undefined ? ` in mode "${app.mode}"` : "";
      const other =
        release.applications[app.key] &&
        Object.keys(release.applications[app.key]!.modes).length > 1
          ? `, or choose another ${prefix}.${app.key}.mode`
          : "";
      // Point at the key the user set to false when there is one, so the message shows that value.
      const disabledByUser = choices[req.app]?.enabled === false;
      problems.push({
        path: disabledByUser ? [req.app, "enabled"] : [app.key, "enabled"],
        message:
          `${APPLICATIONS[app.key].title}${modeText} needs ${APPLICATIONS[req.app].title} ` +
          `(${req.why}); set ${prefix}.${req.app}.enabled: true, or ` +
          `${prefix}.${app.key}.enabled: false${other}`,
      });
    }
  }
  return { applications: [...chosen.values()], problems };
}

function releasesWith(key: ApplicationKey): string {
  const tags = Object.values(CATALOG)
    .filter((r) => r.applications[key] !== undefined)
    .map((r) => r.tag);
  return tags.length > 0 ? tags.join(", ") : "none yet";
}
