import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ChartPin, ChartPins } from "../catalog";
import { CHARTS_2026 } from "../catalog/charts";
import { inputError } from "../shared/input-error";

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
    throw inputError("oauth2-proxy chart", [
      {
        path: ["appVersion"],
        message:
          `oauth2-proxy ${appVersion} is refused: versions before ${OAUTH2_PROXY_MIN_SAFE} have ` +
          `authentication-bypass advisories; pin chart 10.7.0 (app 7.15.3) or later`,
      },
    ]);
  }
}

/**
 * Where the pinned charts are pulled from. Every source serves the same chart at the same version, so changing
 * the source changes only the Release's `chart` reference (an in-place update, never a replacement).
 * - `repository`: the chart's public Helm repository (the catalog's `repo`).
 * - `directory`: a local folder holding each chart unpacked as `<directory>/<chart>/<version>/` (the folder with
 *   its `Chart.yaml`), for air-gapped installs; see `chartFetchCommand` for how to fill it.
 * - `oci`: an OCI registry the charts were pushed to, pulled as `oci://<registry>/<chart>:<version>`.
 */
export type ChartSource =
  | { source: "repository" }
  | {
      source: "directory";
      /** Absolute path of the folder (a relative one is resolved against the working directory). */
      directory: string;
    }
  | {
      source: "oci";
      /** Registry host and path without a scheme, e.g. `harbor.corp/helm`. */
      registry: string;
    };

/** The default chart source: each chart's public Helm repository. */
export const PUBLIC_REPOSITORIES: ChartSource = { source: "repository" };

/** The chart fields of a `helm.v3.Release` (or of a Helm component's `helmOptions`). */
export interface ChartReference {
  chart: string;
  version: string;
  repositoryOpts?: { repo: string };
}

/**
 * Pure: a pinned chart's reference for a source. For a local chart the provider resolves the path before any
 * version lookup and installs what the folder holds (pulumi-kubernetes provider/pkg/provider/helm_release.go,
 * `locateChart`: a local path is returned as found, the version only drives downloads), so `version` is
 * harmless there; it is kept so every Release names its pinned version, and the stack checks beforehand that
 * each folder's Chart.yaml is that version. An `oci://` chart takes no repository (`resolveChartName`).
 */
export function chartReference(
  ref: ChartRef,
  source: ChartSource = PUBLIC_REPOSITORIES,
): ChartReference {
  switch (source.source) {
    case "repository":
      return { chart: ref.chart, version: ref.version, repositoryOpts: { repo: ref.repo } };
    case "directory":
      // Absolute: the provider takes a relative path that does not start with "." for a repository name.
      return {
        chart: path.resolve(source.directory, ref.chart, ref.version),
        version: ref.version,
      };
    case "oci":
      return { chart: `oci://${source.registry}/${ref.chart}`, version: ref.version };
  }
}

/**
 * Pure: the commands that put a pinned chart where a `directory` source expects it. `helm pull --untar
 * --untardir <dir>/<chart>` unpacks into `<dir>/<chart>/<chart>/`; the folder is then renamed to the version,
 * so several versions of a chart can sit side by side (the layout of ../shared/upstream/charts).
 */
export function chartFetchCommand(ref: ChartRef, directory: string): string {
  const parent = path.join(directory, ref.chart);
  return (
    `helm pull ${ref.chart} --repo ${ref.repo} --version ${ref.version} --untar --untardir ${parent} && ` +
    `mv ${path.join(parent, ref.chart)} ${path.join(parent, ref.version)}`
  );
}

/**
 * The problems of a `directory` chart source (empty when fine): the folder must exist and hold every pinned
 * chart at `<directory>/<chart>/<version>/Chart.yaml`, with that name and version. Reads the file system, so
 * the stack runs it before any resource is registered; each message says how to fetch what is missing.
 */
export function chartDirectoryProblems(directory: string, pins: ChartPins = CHARTS): string[] {
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    return [
      `${directory} is not a directory; create it holding the pinned charts as <directory>/<chart>/<version>/ ` +
        "(the README's air-gapped installs lists the commands), or fix the path",
    ];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const ref of Object.values(pins)) {
    const key = `${ref.chart}/${ref.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const file = path.join(directory, ref.chart, ref.version, "Chart.yaml");
    if (!fs.existsSync(file)) {
      problems.push(
        `${directory} has no chart ${key} (expected ${file}); fetch it with \`${chartFetchCommand(ref, directory)}\``,
      );
      continue;
    }
    let meta: { name?: unknown; version?: unknown } = {};
    try {
      meta = (parse(fs.readFileSync(file, "utf8")) as typeof meta | null) ?? {};
    } catch {
      // Reported below as a chart that is not the pinned one.
    }
    if (meta.name !== ref.chart || String(meta.version) !== ref.version) {
      problems.push(
        `${file} is chart ${String(meta.name)} ${String(meta.version)}, not the pinned ${ref.chart} ` +
          `${ref.version}; remove ${path.dirname(file)} and fetch the pinned chart: \`${chartFetchCommand(ref, directory)}\``,
      );
    }
  }
  return problems;
}

/** The common arguments of a pinned Release, from the chart source (default: the public repositories). */
export function releaseArgs(
  ref: ChartRef,
  name: string,
  namespace: string,
  charts: ChartSource = PUBLIC_REPOSITORIES,
) {
  return {
    name,
    namespace,
    ...chartReference(ref, charts),
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
