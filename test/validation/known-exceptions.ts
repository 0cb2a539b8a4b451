/**
 * Upstream objects that fail strict validation as rendered, each investigated. The conformance test fails
 * on a failure missing from this table and on an entry that no longer fails, so the table stays true.
 *
 * Investigated and empty (26.03, v1.11.0, v1.10.2): every one of the 2933 rendered objects validates —
 * built-in kinds against the Kubernetes 1.34 models, every custom resource (cert-manager, Istio, Knative,
 * KServe, Metacontroller, Profile, Trainer) against a CRD of the same release, which the bundles always
 * contain (common/cert-manager, common/istio/istio-crds, the applications' own CRDs). No kind is
 * schemaless. The YAML streams also parse identically under YAML 1.1 (the API server's decoder) and 1.2.
 */

/** One known failure: which object (`group/kind/namespace/name`), where, what, and why it is accepted. */
export interface KnownException {
  release: string;
  key: string;
  path: string;
  /** The validator's message, exactly. */
  message: string;
  /** What upstream ships and why it is tolerated, with a link to the source of the fact. */
  reason: string;
}

export const KNOWN_EXCEPTIONS: readonly KnownException[] = [];

/**
 * Custom resource kinds whose CRD accepts any field under `spec` (x-kubernetes-preserve-unknown-fields),
 * so strict validation cannot catch a typo there. None in the three releases: every CR kind they ship
 * closes its spec.
 */
export const OPEN_CR_KINDS: readonly { release: string; kind: string; reason: string }[] = [];

/** A failure the validator reported for an upstream object. */
export interface Failure {
  release: string;
  key: string;
  path: string;
  message: string;
}

function id(f: Failure): string {
  return JSON.stringify([f.release, f.key, f.path, f.message]);
}

/**
 * Failures not in the table (`unexpected`: a regression or a new upstream problem to investigate) and table
 * entries of the releases checked that no longer fail (`stale`: delete them).
 */
export function reconcile(
  failures: readonly Failure[],
  known: readonly KnownException[],
  releases: readonly string[],
): { unexpected: Failure[]; stale: KnownException[] } {
  const listed = new Set(known.map(id));
  const seen = new Set(failures.map(id));
  return {
    unexpected: failures.filter((f) => !listed.has(id(f))),
    stale: known.filter((k) => releases.includes(k.release) && !seen.has(id(k))),
  };
}
