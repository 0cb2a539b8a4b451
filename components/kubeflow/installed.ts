/**
 * What a deployed stack installed, and what the next run does with it. A stack records, per application,
 * the objects it registered with `protect`; the next run keeps every application the deployed run
 * installed unless the config disables it, and refuses a removal Pulumi would stop at (a protected object)
 * with a message that names the key, the data and the way to accept. Pure functions: the program's guard
 * and `npm run upgrade-plan` call the same ones.
 */
import {
  APPLICATION_KEYS,
  ApplicationKey,
  Release,
  RELEASE_ARG_KEYS,
  ReleaseKeys,
} from "../catalog";
import {
  APPLICATIONS,
  ApplicationChoices,
  formatSelectionProblems,
  selectApplications,
} from "./applications";

/** One application as the deployed run installed it. */
export interface InstalledApplication {
  mode: string;
  /** Objects registered with `protect` (`Kind namespace/name`): Pulumi refuses to delete them. */
  protected: readonly string[];
}

/** The stack output `kubeflowApplications`: what the run installed, by application. */
export type InstalledApplications = Partial<Record<ApplicationKey, InstalledApplication>>;

/** What a run does with the applications, compared with the deployed run. */
export interface ApplicationStep {
  /** The choices the run installs with: the config's, plus `enabled: true` for each application kept. */
  choices: ApplicationChoices;
  /** Installed before and still installed because the config enables it or the release's default does. */
  unchanged: ApplicationKey[];
  /** Installed before and kept although the release's default no longer installs it. */
  kept: ApplicationKey[];
  /** Not installed before. */
  added: ApplicationKey[];
  /** Installed before, disabled by the config, nothing protected: the run deletes it. */
  removed: ApplicationKey[];
  /** Why the run cannot proceed, one message per key. */
  problems: string[];
}

/** The record of a run for the stack outputs: each selected application and its protected objects. */
export function installedApplications(
  selected: ReadonlyArray<{ key: ApplicationKey; mode: string }>,
  protectedData: ReadonlyMap<ApplicationKey, readonly string[]>,
): InstalledApplications {
  const out: InstalledApplications = {};
  for (const a of selected) {
    out[a.key] = { mode: a.mode, protected: [...(protectedData.get(a.key) ?? [])].sort() };
  }
  return out;
}

function summarize(objects: readonly string[]): string {
  const shown = objects.slice(0, 3).join(", ");
  return objects.length > 3 ? `${shown} and ${objects.length - 3} more` : shown;
}

/**
 * Pure: the applications a run of `release` installs given what the deployed run installed (undefined:
 * never deployed, or recorded by an older program) and the config's choices. An application the deployed
 * run installed that the config does not disable is kept where the release ships it; one the release no
 * longer ships, or one the config disables while the deployed run protects its data, is refused.
 */
export function stepApplications(
  deployed: InstalledApplications | undefined,
  release: Release,
  choices: ApplicationChoices,
  keys: ReleaseKeys = RELEASE_ARG_KEYS,
): ApplicationStep {
  const prefix = keys.applications;
  const before = selectApplications(release, choices, keys);
  if (deployed === undefined) {
    return {
      choices,
      unchanged: [],
      kept: [],
      added: before.applications.map((a) => a.key),
      removed: [],
      problems: [],
    };
  }
  const selected = new Set(before.applications.map((a) => a.key));
  const carried: ApplicationChoices = { ...choices };
  const step: ApplicationStep = {
    choices: carried,
    unchanged: [],
    kept: [],
    added: [],
    removed: [],
    problems: [],
  };
  for (const key of APPLICATION_KEYS) {
    const was = deployed[key];
    if (was === undefined) continue;
    if (selected.has(key)) {
      step.unchanged.push(key);
      continue;
    }
    const title = APPLICATIONS[key].title;
    const held = was.protected;
    const disabled = choices[key]?.enabled === false;
    if (!disabled && release.applications[key] !== undefined) {
      // The release ships it but no longer installs it by default: a default must not delete it.
      carried[key] = { ...choices[key], enabled: true };
      step.kept.push(key);
      continue;
    }
    if (!disabled) {
      step.problems.push(
        `${prefix}.${key}: the deployed stack installed ${title}, which Kubeflow ${release.tag} does not ` +
          `ship${held.length > 0 ? ` (its protected data: ${summarize(held)})` : ""}. Allowed: ` +
          `${prefix}.${key}.enabled: false, to remove it` +
          (held.length > 0
            ? ` (first, on the deployed release, set ${prefix}.${key}.allowDeletion: true and run ` +
              "`pulumi up`)"
            : "") +
          `; or keep ${keys.release} at the deployed release`,
      );
      continue;
    }
    if (held.length === 0) {
      step.removed.push(key);
      continue;
    }
    step.problems.push(
      `${prefix}.${key}.enabled: false removes ${title}, which the deployed stack installed with ` +
        `${held.length} protected object${held.length === 1 ? "" : "s"} (${summarize(held)}): Pulumi ` +
        "would stop at the first one. Allowed: true, to keep it (or remove the key); or, to delete it, " +
        `first set ${prefix}.${key}.allowDeletion: true with the application still enabled and run ` +
        `\`pulumi up\` (it lifts the protection; objects retained on delete by ${keys.dataProtection} stay ` +
        `in the cluster), then set ${prefix}.${key}.enabled: false`,
    );
  }
  const after = selectApplications(release, carried, keys);
  step.problems.push(...formatSelectionProblems(after.problems, keys));
  step.added = after.applications.map((a) => a.key).filter((k) => deployed[k] === undefined);
  return step;
}
