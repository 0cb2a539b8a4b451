/**
 * The release catalog: every Kubeflow release this program installs. Changing `kubeflow.version` in a stack
 * is the upgrade; only the releases listed here are allowed.
 */
import { inputError } from "../shared/input-error";
import { RELEASE_26_03 } from "./r26_03";
import { RELEASE_ARG_KEYS, ReleaseKeys } from "./keys";
import { Release, UpgradeHazard } from "./types";
import { RELEASE_V1_10_2 } from "./v1_10_2";
import { RELEASE_V1_11_0 } from "./v1_11_0";

export * from "./types";
export { RELEASE_ARG_KEYS } from "./keys";
export type { ReleaseKeys } from "./keys";

/** A hazard's manual step, naming the settings by `keys` (the args by default; a stack passes its config keys). */
export function manualStep(
  hazard: Pick<UpgradeHazard, "manualStep">,
  keys: Pick<ReleaseKeys, "release" | "upgradeAcknowledgements"> = RELEASE_ARG_KEYS,
): string {
  return hazard.manualStep
    .replaceAll("{release}", keys.release)
    .replaceAll("{upgradeAcknowledgements}", keys.upgradeAcknowledgements);
}

/** Catalogued releases by tag, newest first. */
export const CATALOG: Readonly<Record<string, Release>> = {
  "26.03": RELEASE_26_03,
  "v1.11.0": RELEASE_V1_11_0,
  "v1.10.2": RELEASE_V1_10_2,
};

export const RELEASE_TAGS = Object.keys(CATALOG) as readonly string[];

/** The release a stack installs unless `kubeflow.version` says otherwise. */
export const DEFAULT_RELEASE = "26.03";

/** The catalog entry of a release; throws naming the catalogued releases when it is unknown. */
export function getRelease(tag: string): Release {
  const release = Object.prototype.hasOwnProperty.call(CATALOG, tag) ? CATALOG[tag] : undefined;
  if (release === undefined) {
    throw inputError("getRelease", [
      {
        path: ["release"],
        message: `Kubeflow release "${tag}" is not in the catalog; catalogued releases: ${RELEASE_TAGS.join(", ")}`,
      },
    ]);
  }
  return release;
}

/** `1.34` -> [1, 34]. */
export function parseMinor(version: string): [number, number] {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`"${version}" is not a Kubernetes minor version such as 1.34`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * Problem with running `release` on a cluster of Kubernetes minor `version`, or undefined when upstream
 * supports it. Newer clusters than upstream tested are allowed (Kubernetes keeps the APIs these use). `keys`
 * names the settings in the message.
 */
export function kubernetesVersionProblem(
  release: Release,
  version: string,
  keys: Pick<ReleaseKeys, "release"> = RELEASE_ARG_KEYS,
): string | undefined {
  const [maj, min] = parseMinor(version);
  const [rmaj, rmin] = parseMinor(release.kubernetes.min);
  if (maj < rmaj || (maj === rmaj && min < rmin)) {
    return (
      `Kubernetes ${version} is older than Kubeflow ${release.tag} supports ` +
      `(upstream: "${release.kubernetes.statement}"); upgrade the cluster to ${release.kubernetes.min} or ` +
      `newer, or pick an older ${keys.release}`
    );
  }
  return undefined;
}
