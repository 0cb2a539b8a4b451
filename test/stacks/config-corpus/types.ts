/** One invalid stack config and the exact problems loadConfig must report for it. */
export interface CorpusCase {
  name: string;
  /** Plain config by short key (`platform`, `cluster`, ...); a string is passed as the raw config text. */
  config: Record<string, unknown>;
  /** Secret config values by short key. */
  secrets?: Record<string, string>;
  /** Config under full keys of any namespace (`kubeflow-plattform:cluster`), passed as raw text. */
  extra?: Record<string, string>;
  /** The exact ConfigError.problems, in order. */
  problems: string[];
}
