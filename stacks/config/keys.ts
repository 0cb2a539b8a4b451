/** Config keys that are near misses of this project's: a misspelt namespace, a flat key meant as a path. */
import { editDistance } from "./nearest";

/** Namespaces of Pulumi and the providers this program uses: never taken for a misspelt project name. */
const OTHER_NAMESPACES = new Set(["pulumi", "gcp", "aws", "kubernetes", "random", "eks", "awsx"]);

const squash = (s: string) => s.replace(/[-_.\s]/g, "").toLowerCase();

/**
 * Whether a config namespace looks like a misspelling of the project's: within two edits of it, or the same
 * letters with other (or no) dashes and case. Short names are compared by letters only.
 */
export function isNearMissNamespace(namespace: string, project: string): boolean {
  if (namespace === project || OTHER_NAMESPACES.has(namespace)) return false;
  if (squash(namespace) === squash(project)) return true;
  return project.length >= 8 && editDistance(namespace, project) <= 2;
}

/**
 * Whether a key of this project's namespace is a path set as one flat key (`pulumi config set
 * services.istio.hostname x` without `--path`): it starts with a top-level key followed by `.` or `[`.
 */
export function isFlatPathKey(key: string, topLevelKeys: readonly string[]): boolean {
  const m = /^([A-Za-z][A-Za-z0-9_-]*)[.[]./.exec(key);
  return m !== null && topLevelKeys.includes(m[1]!);
}
