/**
 * How messages name the settings of a release. A component speaks of its own args (`release`,
 * `applications.pipelines.enabled`, `bundleDir`); the stack layer passes its config keys instead, so the same
 * check reads `kubeflow.version` in a stack's error. One check, two audiences, no config key inside the library.
 */
export interface ReleaseKeys {
  /** The release tag (`KubeflowRelease`'s `release`). */
  release: string;
  /** The application choices (`applications`); an application's key follows it (`applications.katib`). */
  applications: string;
  /** The bundle directory (`bundleDir`). */
  bundleDir: string;
  /** The data protection mode (`dataProtection`). */
  dataProtection: string;
  /** The acknowledged manual upgrade steps (the `acknowledged` argument of the upgrade checks). */
  upgradeAcknowledgements: string;
}

/** The names of `KubeflowRelease`'s args: what the library's own messages say. */
export const RELEASE_ARG_KEYS: Readonly<ReleaseKeys> = {
  release: "release",
  applications: "applications",
  bundleDir: "bundleDir",
  dataProtection: "dataProtection",
  upgradeAcknowledgements: "upgradeAcknowledgements",
};
