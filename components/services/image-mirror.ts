/**
 * The image registry mirror for the platform services' charts: with `kubeflow.imageRegistry` set, every image
 * a chart renders is pulled from the mirror, through the chart's own image values (never by post-rendering,
 * so a Release's values say where its images come from). Images map exactly as the Kubeflow layer maps bundle
 * images (components/kubeflow/transforms/image-ref.ts): `quay.io/jetstack/cert-manager-controller:v1.19.6`
 * becomes `<prefix>/quay.io/jetstack/cert-manager-controller:v1.19.6`, so one mirroring job serves both.
 *
 * Each chart's image values and their defaults are facts from its values.yaml at the pinned version; the
 * tests render every chart with helm and check that each image it renders goes to the mirror.
 */
import { ChartPins } from "../catalog";
import { formatImageRef, MirrorSpec, mirrorImageRef, parseImageRef } from "../shared/image-ref";
import { ISTIO_HUB } from "./charts";
import { HelmValues, mergeValues } from "./common";

/** A pinned chart, by its key in the catalog's chart pins. */
export type ServiceChart = keyof ChartPins;

/**
 * One image value of a chart.
 * - `repository`: a value holding a repository without tag (or Istio's `hub`, a repository prefix the chart
 *   appends image names to); the mirrored repository replaces it.
 * - `registry`: a value holding only the registry part, which the chart joins as `<registry>/<repository>`;
 *   the mirror's equivalent of `registry` replaces it and the repository value stays.
 */
export type ImageValue =
  | { kind: "repository"; path: readonly string[]; repository: string }
  | { kind: "registry"; path: readonly string[]; registry: string; repository: string };

const repo = (path: string, repository: string): ImageValue => ({
  kind: "repository",
  path: path.split("."),
  repository,
});

const NVCR = "nvcr.io/nvidia";
const NVCR_CLOUD_NATIVE = "nvcr.io/nvidia/cloud-native";
const NFD = "registry.k8s.io/nfd/node-feature-discovery";

/** Every image value of each pinned chart, with the default the chart ships. */
export const CHART_IMAGES: Readonly<Record<ServiceChart, readonly ImageValue[]>> = {
  // cert-manager v1.19.6: one image per component; the controller passes the ACME solver's image to the
  // challenge pods it creates (`--acme-http01-solver-image`).
  certManager: [
    repo("image.repository", "quay.io/jetstack/cert-manager-controller"),
    repo("webhook.image.repository", "quay.io/jetstack/cert-manager-webhook"),
    repo("cainjector.image.repository", "quay.io/jetstack/cert-manager-cainjector"),
    repo("acmesolver.image.repository", "quay.io/jetstack/cert-manager-acmesolver"),
    repo("startupapicheck.image.repository", "quay.io/jetstack/cert-manager-startupapicheck"),
  ],
  // base renders CRDs, roles and webhook configurations only.
  istioBase: [],
  // istiod's own image, and the proxy image it injects into sidecars and gateways, are `<hub>/<name>:<tag>`.
  istiod: [repo("global.hub", ISTIO_HUB)],
  istioCni: [repo("global.hub", ISTIO_HUB)],
  // The gateway chart renders `image: auto`: istiod's injection webhook replaces it with the proxy image
  // from istiod's hub (gateway chart templates/deployment.yaml, `inject.istio.io/templates: gateway`).
  istioGateway: [],
  dex: [repo("image.repository", "ghcr.io/dexidp/dex")],
  oauth2Proxy: [
    // The chart joins `image.registry` (default quay.io) and `image.repository`.
    {
      kind: "registry",
      path: ["image", "registry"],
      registry: "quay.io",
      repository: "oauth2-proxy/oauth2-proxy",
    },
    // Only with a Redis session store: the init container waiting for Redis, and the redis-ha subchart.
    repo("initContainers.waitForRedis.image.repository", "alpine"),
    repo("redis-ha.image.repository", "public.ecr.aws/docker/library/redis"),
    repo("redis-ha.haproxy.image.repository", "public.ecr.aws/docker/library/haproxy"),
    {
      kind: "registry",
      path: ["redis-ha", "sysctlImage", "registry"],
      registry: "public.ecr.aws/docker/library",
      repository: "busybox",
    },
    repo("redis-ha.exporter.image", "quay.io/oliver006/redis_exporter"),
    repo("redis-ha.configmapTest.image.repository", "koalaman/shellcheck"),
  ],
  nvidiaDevicePlugin: [
    repo("image.repository", "nvcr.io/nvidia/k8s-device-plugin"),
    // The node-feature-discovery subchart (alias nfd), rendered when gfd or nfd is enabled.
    repo("nfd.image.repository", NFD),
  ],
  // The operator's own pods, and the ClusterPolicy it reconciles into operand DaemonSets: each operand is
  // `<repository>/<image>:<version>`. vgpuManager and kataManager ship no default image (the vGPU driver is
  // licensed; the user names its registry), so they are left to the user's values.
  gpuOperator: [
    repo("operator.repository", NVCR),
    repo("validator.repository", NVCR),
    repo("driver.repository", NVCR),
    repo("driver.manager.repository", NVCR_CLOUD_NATIVE),
    repo("toolkit.repository", "nvcr.io/nvidia/k8s"),
    repo("devicePlugin.repository", NVCR),
    repo("dcgm.repository", NVCR_CLOUD_NATIVE),
    repo("dcgmExporter.repository", "nvcr.io/nvidia/k8s"),
    repo("gfd.repository", NVCR),
    repo("migManager.repository", NVCR_CLOUD_NATIVE),
    repo("nodeStatusExporter.repository", NVCR),
    repo("gds.repository", NVCR_CLOUD_NATIVE),
    repo("gdrcopy.repository", NVCR_CLOUD_NATIVE),
    repo("vgpuManager.driverManager.repository", NVCR_CLOUD_NATIVE),
    repo("vgpuDeviceManager.repository", NVCR_CLOUD_NATIVE),
    repo("vfioManager.repository", NVCR_CLOUD_NATIVE),
    repo("vfioManager.driverManager.repository", NVCR_CLOUD_NATIVE),
    repo("sandboxDevicePlugin.repository", NVCR),
    repo("kataSandboxDevicePlugin.repository", NVCR_CLOUD_NATIVE),
    repo("ccManager.repository", NVCR_CLOUD_NATIVE),
    repo("draDriver.repository", NVCR),
    repo("node-feature-discovery.image.repository", NFD),
  ],
};

/**
 * Pure: a repository (no tag) as the mirror serves it, or unchanged when the mirror has no target for its
 * registry. Implied Docker Hub names (`alpine`) are qualified first (`docker.io/library/alpine`), as the
 * Kubeflow layer does.
 */
export function mirrorRepository(repository: string, spec: MirrorSpec): string {
  const ref = parseImageRef(repository);
  if (ref === undefined || ref.tag !== undefined || ref.digest !== undefined) return repository;
  const mirrored = mirrorImageRef(ref, spec);
  return mirrored !== undefined ? formatImageRef(mirrored) : repository;
}

/** Pure: the new value of one image value under the mirror, or undefined when it stays as the chart has it. */
function mirroredValue(v: ImageValue, spec: MirrorSpec): string | undefined {
  if (v.kind === "repository") {
    const out = mirrorRepository(v.repository, spec);
    return out !== v.repository ? out : undefined;
  }
  const full = `${v.registry}/${v.repository}`;
  const out = mirrorRepository(full, spec);
  if (out === full) return undefined;
  // The mirror only replaces the registry part and keeps the repository path, so the suffix is intact.
  const suffix = `/${v.repository}`;
  if (!out.endsWith(suffix))
    throw new Error(`mirror of ${full} (${out}) does not end with ${suffix}`);
  return out.slice(0, -suffix.length);
}

function setAt(target: HelmValues, path: readonly string[], value: string): void {
  let cur = target;
  for (const key of path.slice(0, -1)) {
    const next = (cur[key] as HelmValues | undefined) ?? {};
    cur[key] = next;
    cur = next;
  }
  cur[path[path.length - 1]!] = value;
}

/**
 * Pure: the chart values that point every image a pinned chart renders at the mirror; `{}` without a mirror
 * (or when the mirror maps none of the chart's registries), so the chart's defaults stay untouched.
 */
export function mirroredImageValues(chart: ServiceChart, spec: MirrorSpec | undefined): HelmValues {
  const out: HelmValues = {};
  if (spec === undefined) return out;
  for (const v of CHART_IMAGES[chart]) {
    const value = mirroredValue(v, spec);
    if (value !== undefined) setAt(out, v.path, value);
  }
  return out;
}

/**
 * Pure: the extra values a component merges over its own: the mirror's image values, then the user's escape
 * hatch (which wins). Undefined when there are neither.
 */
export function withImageMirror(
  chart: ServiceChart,
  spec: MirrorSpec | undefined,
  values: HelmValues | undefined,
): HelmValues | undefined {
  const mirror = mirroredImageValues(chart, spec);
  if (Object.keys(mirror).length === 0) return values;
  return mergeValues(mirror, values);
}
