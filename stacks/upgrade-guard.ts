/**
 * The step from what a stack deployed to what its config asks for: the release change and its hazards, the
 * applications kept, added and removed, and every problem the guards find. `runStack` refuses the run when
 * there is a problem and otherwise composes the platform from the step's config; `npm run upgrade-plan --
 * --stack <name>` prints the same step. Pure.
 */
import {
  APPLICATION_KEYS,
  ApplicationKey,
  CATALOG,
  getRelease,
  manualStep,
  UpgradeHazard,
} from "../components/catalog";
import { selectApplications } from "../components/kubeflow/applications";
import {
  ApplicationStep,
  InstalledApplications,
  stepApplications,
} from "../components/kubeflow/installed";
import { hazardsOf, upgradeProblems } from "../components/kubeflow/upgrade";
import { PlatformConfig } from "./config";
import { GuardOutputs, setOnceChanges, setOnceValues } from "./guards";
import { KUBEFLOW_CONFIG_KEYS, kubeflowStorageClass } from "./config/kubeflow";

export interface StackStep {
  /** The release the stack runs now, when it was deployed. */
  from?: string;
  to: string;
  /** The hazards of the release change, and whether the config acknowledges each. */
  hazards: Array<{ hazard: UpgradeHazard; acknowledged: boolean }>;
  applications: ApplicationStep;
  /** Every problem of the step; the run is refused when there is one. */
  problems: string[];
  /** The config the run composes the platform from: the stack's, with the kept applications enabled. */
  config: PlatformConfig;
  /** The StorageClass the run names on Kubeflow's claims (`claimClassOf`); undefined for the default. */
  claimClass: string | undefined;
}

/**
 * Pure: the StorageClass to name on Kubeflow's claims. A claim's class cannot change in place, so a deployed
 * stack keeps the class its claims were created with: the one its last run recorded, or, for a stack deployed
 * by a program that named only `kubeflow.storage.storageClassName` on them (before `cluster.storageClass`
 * applied to Kubeflow's claims), that key alone. A new stack, or a reviewed change of either key through
 * `allowSetOnceChanges`, gets the class the config resolves to.
 */
export function claimClassOf(config: PlatformConfig, deployed: GuardOutputs): string | undefined {
  const wanted = kubeflowStorageClass(config);
  const reviewed = ["cluster.storageClass", "kubeflow.storage.storageClassName"].some((k) =>
    config.allowSetOnceChanges.includes(k),
  );
  if (reviewed) return wanted;
  if (deployed.kubeflowClaimClass !== undefined) return deployed.kubeflowClaimClass || undefined;
  if (deployed.kubeflowRelease !== undefined) return config.kubeflow.storage.storageClassName;
  return wanted;
}

/**
 * The applications the deployed run installed, as recorded in its outputs. A stack deployed by a program
 * that did not record them gets the deployed release's selection for the current choices, with nothing
 * known to be protected: what it installed if the choices did not change.
 */
export function deployedApplications(
  deployed: GuardOutputs,
  config: PlatformConfig,
): InstalledApplications | undefined {
  const recorded = deployed.kubeflowApplications;
  if (recorded !== undefined) {
    const known: InstalledApplications = {};
    for (const key of APPLICATION_KEYS) if (recorded[key]) known[key] = recorded[key];
    return known;
  }
  const tag = deployed.kubeflowRelease;
  if (tag === undefined || CATALOG[tag] === undefined) return undefined;
  const selection = selectApplications(
    getRelease(tag),
    config.kubeflow.applications,
    KUBEFLOW_CONFIG_KEYS,
  );
  return Object.fromEntries(
    selection.applications.map((a) => [a.key, { mode: a.mode, protected: [] }]),
  );
}

/** Pure: the step a run of `config` takes from the `deployed` outputs. */
/** `stack` names the stack in advice the messages give (the snapshot command). */
export function stackStep(
  config: PlatformConfig,
  deployed: GuardOutputs,
  stack = "<stack>",
): StackStep {
  const to = config.kubeflow.version;
  const from = deployed.kubeflowRelease;
  const acknowledged = config.kubeflow.upgradeAcknowledgements;
  const installed = deployedApplications(deployed, config);
  const apps = stepApplications(
    installed,
    getRelease(to),
    config.kubeflow.applications,
    KUBEFLOW_CONFIG_KEYS,
  );
  const kept = Object.fromEntries(
    apps.kept.map((k: ApplicationKey) => [
      k,
      { ...config.kubeflow.applications[k], enabled: true },
    ]),
  );
  const protectedObjects = Object.values(installed ?? {}).flatMap((a) => a.protected);
  return {
    ...(from !== undefined ? { from } : {}),
    to,
    hazards: (from !== undefined && from !== to ? hazardsOf(from, to) : []).map((hazard) => ({
      hazard,
      acknowledged: acknowledged.includes(hazard.acknowledgementKey),
    })),
    applications: apps,
    problems: [
      ...upgradeProblems(from, to, acknowledged, protectedObjects, stack, KUBEFLOW_CONFIG_KEYS),
      ...apps.problems,
      ...setOnceChanges(deployed.setOnce ?? {}, setOnceValues(config), config.allowSetOnceChanges),
    ],
    claimClass: claimClassOf(config, deployed),
    config: {
      ...config,
      kubeflow: {
        ...config.kubeflow,
        applications: { ...config.kubeflow.applications, ...kept },
      },
    },
  };
}

/** What the program would register differently, by URN: from an offline run of each side. */
export interface ResourceChange {
  added: number;
  removed: string[];
  /** Removed resources registered with `protect`: Pulumi would stop at each. */
  removedProtected: string[];
  unchanged: number;
}

const list = (keys: readonly string[]) => (keys.length > 0 ? keys.join(", ") : "none");

/** The text `npm run upgrade-plan -- --stack <name>` prints for a step. */
export function formatStackStep(stack: string, step: StackStep, change?: ResourceChange): string {
  const lines = [
    step.from === undefined
      ? `Stack ${stack}: first deployment of Kubeflow ${step.to}`
      : step.from === step.to
        ? `Stack ${stack}: Kubeflow ${step.to}, no release change`
        : `Stack ${stack}: Kubeflow ${step.from} -> ${step.to}`,
  ];
  lines.push(step.hazards.length > 0 ? "  Hazards:" : "  Hazards: none catalogued for this step");
  for (const { hazard, acknowledged } of step.hazards) {
    lines.push(
      `    - ${hazard.id}: ${acknowledged ? "acknowledged" : "NOT acknowledged"} ` +
        `(${KUBEFLOW_CONFIG_KEYS.upgradeAcknowledgements}: ${hazard.acknowledgementKey})`,
      `      ${hazard.description}`,
      `      Manual step: ${manualStep(hazard, KUBEFLOW_CONFIG_KEYS)}`,
    );
  }
  const apps = step.applications;
  lines.push(
    "  Applications:",
    `    kept (installed by the deployed run, no longer a default): ${list(apps.kept)}`,
    `    added: ${list(apps.added)}`,
    `    removed: ${list(apps.removed)}`,
    `    unchanged: ${list(apps.unchanged)}`,
  );
  if (step.problems.length > 0) {
    lines.push(`  The guard refuses the run (${step.problems.length}), before any resource:`);
    for (const p of step.problems) lines.push(`    - ${p}`);
  } else {
    lines.push("  The guard lets the run through.");
  }
  if (change !== undefined) {
    lines.push(
      `  Resources: ${change.added} added, ${change.removed.length} removed, ${change.unchanged} kept ` +
        "(by URN, aliases followed)",
    );
    for (const urn of change.removed) {
      const protectedOne = change.removedProtected.includes(urn);
      lines.push(`    - removed: ${urn}${protectedOne ? " (PROTECTED: Pulumi stops here)" : ""}`);
    }
  }
  return lines.join("\n");
}
