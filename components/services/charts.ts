import { ChartPin, ChartPins } from "../catalog";
import { CHARTS_2026 } from "../catalog/charts";

/**
 * The Helm charts of the platform services, pinned. Versions are not stack config: a version is a tested
 * combination (chart values, Kubeflow contracts, upgrade notes), so it changes only with the catalog.
 *
 * Why `k8s.helm.v3.Release` and not `k8s.helm.v4.Chart`:
 * - Hooks and CRDs: cert-manager (startupapicheck), the GPU operator (CRD upgrade hook) and Istio's base chart
 *   rely on Helm's lifecycle; v4.Chart renders templates and drops hooks' semantics, and treats `crds/`
 *   as plain objects. A Release runs them as their authors test them, and `crds.keep` keeps CRDs on uninstall.
 * - Upgrades in place: `helm upgrade` three-way-merges each object; operators can see and roll back with
 *   `helm history` / `helm rollback`, and a canary Istio revision is one more Release beside the old one.
 * - `@pulumi/kubernetes-cert-manager` (the required component) is itself a Release, so one mechanism.
 * - Secrets in state: a Release stores its values in the state. We keep every credential OUT of values: the
 *   program creates the Kubernetes Secrets itself (from Pulumi secrets) and the charts reference them
 *   (`configSecret.name`, `config.existingSecret`). With v4.Chart, secrets rendered by templates would be
 *   objects in state too — no gain.
 * - Preview fidelity: v4.Chart shows a per-object diff, a Release only its values. We compensate by building
 *   every value in pure, tested functions (`*Values()`), and checking each key against the pinned chart.
 * - Under Pulumi mocks neither renders (a Release is one resource, a v4.Chart a remote component), so the
 *   tests assert the values either way.
 */

/** A pinned chart (the catalog's type). */
export type ChartRef = ChartPin;

/**
 * The charts of the platform services, from the catalog (components/catalog/charts.ts), where each Kubeflow
 * release names the service versions it is tested with. Every catalogued release uses the same set today.
 */
export const CHARTS: ChartPins = CHARTS_2026;

/** Istio's published images (release-builder rewrites the charts' dev defaults to these on publish). */
export const ISTIO_HUB = "docker.io/istio";

/**
 * oauth2-proxy releases before 7.15.2 have 2026 authentication-bypass advisories: refuse them, whatever the
 * chart. Throws with the version found and the minimum.
 */
export const OAUTH2_PROXY_MIN_SAFE = "7.15.2";

export function assertSafeOauth2ProxyVersion(appVersion: string): void {
  const parse = (v: string) => v.replace(/^v/, "").split(".").map(Number);
  const [a, b, c] = parse(appVersion);
  const [x, y, z] = parse(OAUTH2_PROXY_MIN_SAFE);
  const ok =
    [a, b, c].every((n) => Number.isInteger(n)) &&
    (a! > x! || (a === x && (b! > y! || (b === y && c! >= z!))));
  if (!ok) {
    throw new Error(
      `oauth2-proxy ${appVersion} is refused: versions before ${OAUTH2_PROXY_MIN_SAFE} have ` +
        `authentication-bypass advisories; pin chart 10.7.0 (app 7.15.3) or later`,
    );
  }
}

/** The common arguments of a pinned Release. */
export function releaseArgs(ref: ChartRef, name: string, namespace: string) {
  return {
    name,
    namespace,
    chart: ref.chart,
    version: ref.version,
    repositoryOpts: { repo: ref.repo },
    // Namespaces are created by the components with the labels upstream uses, never by Helm.
    createNamespace: false,
    // Roll back a failed upgrade instead of leaving a half-applied release.
    atomic: true,
    cleanupOnFail: true,
    waitForJobs: true,
    timeout: 600,
    maxHistory: 10,
  };
}
