/**
 * A precise recogniser and rewriter for container image references, following the grammar of
 * distribution/reference (https://github.com/distribution/reference/blob/main/reference.go):
 * `[domain/]path[:tag][@digest]`, where the first component is a registry domain only if it contains a dot
 * or a port or is `localhost`; otherwise the reference is implied to be on Docker Hub (`docker.io`, with
 * `library/` for single-component names).
 */

/** A parsed image reference. `registry` is always explicit (`docker.io` for implied Docker Hub refs). */
export interface ImageRef {
  /** Registry host (with port), e.g. `ghcr.io`, `localhost:5000`, `docker.io`. */
  registry: string;
  /** Repository path inside the registry, e.g. `kubeflow/katib/katib-controller`, `library/python`. */
  path: string;
  tag?: string;
  digest?: string;
  /** Whether the registry was written in the reference (false for `python:3.11`, `kubeflow/x:tag`). */
  explicitRegistry: boolean;
}

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?)`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

const REFERENCE = new RegExp(
  `^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);

/** Registries whose images need no tag to be recognised outside an image field. */
export const KNOWN_REGISTRIES: readonly RegExp[] = [
  /^docker\.io$/,
  /^index\.docker\.io$/,
  /^registry-1\.docker\.io$/,
  /^([a-z0-9-]+\.)?gcr\.io$/,
  /^ghcr\.io$/,
  /^quay\.io$/,
  /^registry\.k8s\.io$/,
  /^k8s\.gcr\.io$/,
  /^[a-z0-9-]+-docker\.pkg\.dev$/,
  /^public\.ecr\.aws$/,
  /^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/,
  /^nvcr\.io$/,
  /^mcr\.microsoft\.com$/,
  /^registry\.access\.redhat\.com$/,
  /^registry\.redhat\.io$/,
  /^cgr\.dev$/,
];

export function isKnownRegistry(host: string): boolean {
  return KNOWN_REGISTRIES.some((re) => re.test(host));
}

/** True if the first component of a name is a registry domain (dot, port, `localhost`, or uppercase). */
function isDomain(component: string): boolean {
  return (
    component.includes(".") ||
    component.includes(":") ||
    component === "localhost" ||
    component !== component.toLowerCase()
  );
}

/** Parse an image reference; `undefined` if the string is not one. */
export function parseImageRef(s: string): ImageRef | undefined {
  if (s.length === 0 || s.length > 512) return undefined;
  const m = REFERENCE.exec(s);
  if (!m) return undefined;
  const [, domain, rest, tag, digest] = m;
  let registry: string;
  let path: string;
  let explicitRegistry: boolean;
  if (domain !== undefined && isDomain(domain)) {
    registry = domain;
    path = rest!;
    explicitRegistry = true;
  } else {
    // `kubeflow/xyz` or `python`: the first component is part of the path on Docker Hub.
    if (domain !== undefined && domain !== domain.toLowerCase()) return undefined;
    const full = domain !== undefined ? `${domain}/${rest}` : rest!;
    if (!new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`).test(full)) return undefined;
    registry = "docker.io";
    path = full.includes("/") ? full : `library/${full}`;
    explicitRegistry = false;
  }
  if (`${registry}/${path}`.length > 255) return undefined;
  return {
    registry,
    path,
    explicitRegistry,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** The reference as text, fully qualified (registry always written). */
export function formatImageRef(ref: ImageRef): string {
  return (
    `${ref.registry}/${ref.path}` +
    (ref.tag !== undefined ? `:${ref.tag}` : "") +
    (ref.digest !== undefined ? `@${ref.digest}` : "")
  );
}

/**
 * Where image references go: a prefix for every registry, and optional per-registry targets.
 * @optionDocs
 */
export interface MirrorSpec {
  /**
   * Registry (and optional path) every image is pulled from instead of its public registry, e.g.
   * `registry.example.com/kubeflow`.
   */
  prefix?: string;
  /**
   * Keep the source registry host as the first path component under `prefix`
   * (`ghcr.io/kubeflow/x` → `<prefix>/ghcr.io/kubeflow/x`), so images of different registries never collide.
   */
  includeSourceRegistry: boolean;
  /**
   * Target per source registry (e.g. docker.io: harbor.corp/dockerhub, which also covers implied Docker Hub
   * references); wins over `prefix`.
   */
  mapping: Readonly<Record<string, string>>;
}

function targets(spec: MirrorSpec): string[] {
  return [...(spec.prefix !== undefined ? [spec.prefix] : []), ...Object.values(spec.mapping)];
}

/** True if a reference already points into the mirror (so rewriting is idempotent). */
function inMirror(ref: ImageRef, spec: MirrorSpec): boolean {
  const name = `${ref.registry}/${ref.path}`;
  return targets(spec).some((t) => name === t || name.startsWith(`${t}/`));
}

/**
 * A registry host as one repository path component: lowercase, and a port joined with `-`
 * (`localhost:5000` → `localhost-5000`), since `:` may not appear in a repository path.
 */
export function registryAsPathComponent(host: string): string {
  return host.toLowerCase().replace(":", "-");
}

/** The mirrored reference, or `undefined` when the reference is already in the mirror or unmapped. */
export function mirrorImageRef(ref: ImageRef, spec: MirrorSpec): ImageRef | undefined {
  if (inMirror(ref, spec)) return undefined;
  const source = ref.registry === "index.docker.io" ? "docker.io" : ref.registry;
  const mapped = spec.mapping[source];
  let name: string;
  if (mapped !== undefined) name = `${mapped}/${ref.path}`;
  else if (spec.prefix !== undefined)
    name = spec.includeSourceRegistry
      ? `${spec.prefix}/${registryAsPathComponent(source)}/${ref.path}`
      : `${spec.prefix}/${ref.path}`;
  else return undefined;
  const slash = name.indexOf("/");
  return {
    ...ref,
    registry: name.slice(0, slash),
    path: name.slice(slash + 1),
    explicitRegistry: true,
  };
}

/** Rewrite one whole reference string; any other string is returned unchanged. */
export function rewriteImage(s: string, spec: MirrorSpec): string {
  const ref = parseImageRef(s);
  if (!ref) return s;
  const mirrored = mirrorImageRef(ref, spec);
  return mirrored ? formatImageRef(mirrored) : s;
}

/**
 * Rewrite a repository prefix without tag (Istio's `hub: gcr.io/istio-release`), which is a registry path
 * the chart appends image names to.
 */
export function rewriteHub(s: string, spec: MirrorSpec): string {
  const ref = parseImageRef(s);
  if (!ref || !ref.explicitRegistry || ref.tag !== undefined || ref.digest !== undefined) return s;
  return rewriteImage(s, spec);
}

/**
 * A token recognised as an image reference in free text (scripts, templates, embedded config): it names
 * its registry explicitly, and either that registry is a well-known public one or the token has a tag or
 * digest. `cluster.local/ns/kubeflow/sa/x` (a SPIFFE path) and `serving.kserve.io/storage` (an annotation
 * key) are therefore left alone.
 */
export function isQualifiedImageToken(token: string): boolean {
  const ref = parseImageRef(token);
  if (!ref || !ref.explicitRegistry) return false;
  // An uppercase first component is a domain by the grammar, but in prose it is just a capitalised word.
  if (!/[.:]/.test(ref.registry) && ref.registry !== "localhost") return false;
  return isKnownRegistry(ref.registry) || ref.tag !== undefined || ref.digest !== undefined;
}

// A candidate token is not preceded by a character that would make it part of a URL or a longer word.
const TOKEN = /(?<![\w.\-/:@])[A-Za-z0-9][A-Za-z0-9._\-/:@]*[A-Za-z0-9](?![\w\-/]|:\/\/)/g;
// `image: x`, `"image" : "x"`, `defaultJobImage: x`, `--image=x`, `FOO_IMAGE=x` (keys ending in image).
const KEYED = /((?:^|[^\w-])[\w-]*image["']?\s*[:=]\s*["']?)([^\s"',}\]]+)/gi;
// Istio's `"hub": "gcr.io/istio-release"` and `hub: ...`.
const HUB = /((?:^|[^\w-])hub["']?\s*[:=]\s*["']?)([^\s"',}\]]+)/g;

/**
 * Rewrite every image reference inside a text (a script, a template, embedded YAML or JSON) and leave
 * every other byte as it was, so comments and formatting survive.
 */
export function rewriteImagesInText(
  text: string,
  spec: MirrorSpec,
  alsoImages: ReadonlySet<string> = new Set(),
): string {
  // Tokens after an image key may be implied Docker Hub refs (`image: busybox:1.28`). The later passes
  // leave the result alone, because a reference already in the mirror is never rewritten again.
  let out = text.replace(KEYED, (all, key: string, value: string) => {
    if (!looksLikeImage(value)) return all;
    const rewritten = rewriteImage(value, spec);
    return rewritten === value ? all : `${key}${rewritten}`;
  });
  out = out.replace(HUB, (all, key: string, value: string) => {
    const rewritten = rewriteHub(value, spec);
    return rewritten === value ? all : `${key}${rewritten}`;
  });
  return out.replace(TOKEN, (token) => {
    if (alsoImages.has(token)) return rewriteImage(token, spec);
    // A qualified reference names its registry before a '/'; most words of a text have none.
    if (!token.includes("/")) return token;
    return isQualifiedImageToken(token) ? rewriteImage(token, spec) : token;
  });
}

/**
 * A value under an image-like key is taken for an image only if it has a tag, digest or path: keys such
 * as `allowCustomImage: true` or `imagePullPolicy: IfNotPresent` hold words, not images.
 */
export function looksLikeImage(value: string): boolean {
  return /[:/@]/.test(value) && parseImageRef(value) !== undefined;
}
