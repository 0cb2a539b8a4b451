import fc from "fast-check";
import {
  formatImageRef,
  isQualifiedImageToken,
  MirrorSpec,
  parseImageRef,
  rewriteImage,
  rewriteImagesInText,
} from "../../../components/shared/image-ref";

const DIGEST = `sha256:${"a1".repeat(32)}`;
const spec: MirrorSpec = {
  prefix: "mirror.example.com/kf",
  includeSourceRegistry: true,
  mapping: {},
};

describe("parseImageRef", () => {
  it.each([
    ["python:3.11", "docker.io", "library/python", "3.11", undefined, false],
    ["kubeflow/xyz:v1", "docker.io", "kubeflow/xyz", "v1", undefined, false],
    ["mysql", "docker.io", "library/mysql", undefined, undefined, false],
    [
      "ghcr.io/kubeflow/katib/katib-controller:v0.19.0",
      "ghcr.io",
      "kubeflow/katib/katib-controller",
      "v0.19.0",
      undefined,
      true,
    ],
    ["localhost:5000/team/app:dev", "localhost:5000", "team/app", "dev", undefined, true],
    ["localhost/app", "localhost", "app", undefined, undefined, true],
    [
      "us-central1-docker.pkg.dev/p/r/img:1",
      "us-central1-docker.pkg.dev",
      "p/r/img",
      "1",
      undefined,
      true,
    ],
    [
      `gcr.io/istio-release/proxyv2@${DIGEST}`,
      "gcr.io",
      "istio-release/proxyv2",
      undefined,
      DIGEST,
      true,
    ],
    [`quay.io/a/b:1.2@${DIGEST}`, "quay.io", "a/b", "1.2", DIGEST, true],
    ["registry:5000/x", "registry:5000", "x", undefined, undefined, true],
    // Docker's rule: an uppercase first component is a domain, not a Docker Hub namespace.
    ["Registry/xyz:1", "Registry", "xyz", "1", undefined, true],
  ])("parses %s", (s, registry, path, tag, digest, explicitRegistry) => {
    const ref = parseImageRef(s);
    expect(ref).toEqual({
      registry,
      path,
      explicitRegistry,
      ...(tag !== undefined ? { tag } : {}),
      ...(digest !== undefined ? { digest } : {}),
    });
  });

  it.each([
    "",
    "https://ghcr.io/kubeflow/x:1",
    "kubeflow/Xyz:1",
    "ghcr.io/Kubeflow/x:1",
    "a b",
    "ghcr.io/x:-bad",
    "ghcr.io/x@sha256:short",
    "/leading/slash",
    "trailing/slash/",
    "a//b",
  ])("rejects %j", (s) => {
    expect(parseImageRef(s)).toBeUndefined();
  });
});

describe("isQualifiedImageToken (free text)", () => {
  it.each([
    ["ghcr.io/kubeflow/kfp-frontend", true],
    ["gcr.io/istio-release", true],
    ["domain.local/apiserver:local", true],
    ["cluster.local/ns/kubeflow/sa/ml-pipeline", false],
    ["serving.kserve.io/storageSecretName", false],
    ["kubeflow/kubeflow-gateway", false],
    ["system:authenticated", false],
    ["python:3.11", false],
    ["Note/see:this", false],
  ])("%s → %s", (token, expected) => {
    expect(isQualifiedImageToken(token)).toBe(expected);
  });
});

describe("rewriteImage", () => {
  it.each([
    ["python:3.11", "mirror.example.com/kf/docker.io/library/python:3.11"],
    ["kubeflow/xyz:v1", "mirror.example.com/kf/docker.io/kubeflow/xyz:v1"],
    ["ghcr.io/kubeflow/x:1", "mirror.example.com/kf/ghcr.io/kubeflow/x:1"],
    [`gcr.io/a/b@${DIGEST}`, `mirror.example.com/kf/gcr.io/a/b@${DIGEST}`],
    ["mirror.example.com/kf/ghcr.io/kubeflow/x:1", "mirror.example.com/kf/ghcr.io/kubeflow/x:1"],
  ])("with a prefix and the source registry kept: %s", (from, to) => {
    expect(rewriteImage(from, spec)).toBe(to);
  });

  it("turns a source registry with a port into one path component", () => {
    expect(rewriteImage("localhost:5000/team/app:dev", spec)).toBe(
      "mirror.example.com/kf/localhost-5000/team/app:dev",
    );
  });

  it("drops the source registry when includeSourceRegistry is false", () => {
    const flat = { ...spec, includeSourceRegistry: false };
    expect(rewriteImage("ghcr.io/kubeflow/x:1", flat)).toBe("mirror.example.com/kf/kubeflow/x:1");
  });

  it("uses the per-registry mapping before the prefix, and leaves unmapped registries without one", () => {
    const mapped: MirrorSpec = {
      includeSourceRegistry: true,
      mapping: { "docker.io": "hub.corp:8443/dockerhub", "ghcr.io": "ghcr.corp/proxy" },
    };
    expect(rewriteImage("python:3.11", mapped)).toBe("hub.corp:8443/dockerhub/library/python:3.11");
    expect(rewriteImage("ghcr.io/kubeflow/x:1", mapped)).toBe("ghcr.corp/proxy/kubeflow/x:1");
    expect(rewriteImage("quay.io/jetstack/cert-manager:1", mapped)).toBe(
      "quay.io/jetstack/cert-manager:1",
    );
  });
});

describe("rewriteImagesInText", () => {
  it("rewrites images in embedded YAML, JSON and scripts and keeps every other byte", () => {
    const text = [
      "# see https://github.com/kserve/kserve/issues/1 and ghcr.io docs",
      '"image" : "kserve/agent:v0.16.0",',
      "  image: busybox:1.28",
      '  "hub": "gcr.io/istio-release",',
      '  os.environ.get("FRONTEND_IMAGE", "ghcr.io/kubeflow/kfp-frontend")',
      '  "principals": ["cluster.local/ns/kubeflow/sa/ml-pipeline"]',
      '  "ingressGateway": "kubeflow/kubeflow-gateway",',
      "  - ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0",
    ].join("\n");
    expect(rewriteImagesInText(text, spec)).toBe(
      [
        "# see https://github.com/kserve/kserve/issues/1 and ghcr.io docs",
        '"image" : "mirror.example.com/kf/docker.io/kserve/agent:v0.16.0",',
        "  image: mirror.example.com/kf/docker.io/library/busybox:1.28",
        '  "hub": "mirror.example.com/kf/gcr.io/istio-release",',
        '  os.environ.get("FRONTEND_IMAGE", "mirror.example.com/kf/ghcr.io/kubeflow/kfp-frontend")',
        '  "principals": ["cluster.local/ns/kubeflow/sa/ml-pipeline"]',
        '  "ingressGateway": "kubeflow/kubeflow-gateway",',
        "  - mirror.example.com/kf/ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0",
      ].join("\n"),
    );
  });
});

// Generators of valid references, per the distribution grammar.
const lower = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const pathComponent = fc
  .tuple(lower, fc.option(fc.tuple(fc.constantFrom(".", "_", "__", "-", "--"), lower)))
  .map(([a, rest]) => (rest ? `${a}${rest[0]}${rest[1]}` : a));
const host = fc.oneof(
  fc.constantFrom("ghcr.io", "gcr.io", "quay.io", "registry.k8s.io", "nvcr.io", "public.ecr.aws"),
  fc.tuple(lower, lower).map(([a, b]) => `${a}.${b}.example`),
  fc.integer({ min: 1, max: 65535 }).map((p) => `localhost:${p}`),
);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);
const digest = fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `sha256:${h}`);
const imageRef = fc
  .tuple(
    fc.option(host),
    fc.array(pathComponent, { minLength: 1, maxLength: 4 }),
    fc.option(tag),
    fc.option(digest),
  )
  .map(
    ([h, path, t, d]) =>
      (h !== null ? `${h}/` : "") +
      path.join("/") +
      (t !== null ? `:${t}` : "") +
      (d !== null ? `@${d}` : ""),
  );
const mirrorSpec = fc.record({
  prefix: fc.constantFrom("mirror.example.com", "registry.corp:5000/kubeflow", "localhost/m"),
  includeSourceRegistry: fc.boolean(),
  mapping: fc.constantFrom<Record<string, string>>(
    {},
    { "docker.io": "hub.corp/dh" },
    { "ghcr.io": "ghcr.corp/p" },
  ),
});

describe("properties", () => {
  it("every generated reference parses and formats back to its fully qualified form", () => {
    fc.assert(
      fc.property(imageRef, (s) => {
        const ref = parseImageRef(s);
        expect(ref).toBeDefined();
        expect(parseImageRef(formatImageRef(ref!))).toEqual({ ...ref, explicitRegistry: true });
      }),
    );
  });

  it("rewriting is idempotent", () => {
    fc.assert(
      fc.property(imageRef, mirrorSpec, (s, m) => {
        const once = rewriteImage(s, m);
        expect(rewriteImage(once, m)).toBe(once);
        expect(rewriteImagesInText(`image: ${once}`, m)).toBe(`image: ${once}`);
      }),
    );
  });

  it("rewriting preserves the repository path, tag and digest", () => {
    fc.assert(
      fc.property(imageRef, mirrorSpec, (s, m) => {
        const before = parseImageRef(s)!;
        const after = parseImageRef(rewriteImage(s, m))!;
        expect(after.tag).toBe(before.tag);
        expect(after.digest).toBe(before.digest);
        expect(after.path.endsWith(before.path)).toBe(true);
      }),
    );
  });

  it("never changes text that holds no image reference", () => {
    // Words, sentences, URLs, label selectors, host:port pairs and gateway names, with no registry host.
    const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
    const nonImage = fc.oneof(
      fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(" ")),
      fc.tuple(word, word).map(([a, b]) => `https://${a}.io/${b}:1`),
      fc.tuple(word, word).map(([a, b]) => `${a}/${b}`),
      fc.tuple(word, fc.nat(65535)).map(([a, p]) => `${a}.svc:${p}`),
      fc.tuple(word, word).map(([a, b]) => `system:${a}:${b}`),
      fc.tuple(word, word).map(([a, b]) => `${a}.example.com/${b}`),
      fc.string(),
    );
    fc.assert(
      fc.property(nonImage, mirrorSpec, (s, m) => {
        expect(rewriteImagesInText(s, m)).toBe(s);
      }),
    );
  });
});
