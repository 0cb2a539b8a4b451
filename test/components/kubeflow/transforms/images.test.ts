import {
  embeddedImages,
  imageMirror,
  mirrorString,
} from "../../../../components/kubeflow/transforms/images";
import { MirrorSpec } from "../../../../components/kubeflow/transforms/image-ref";
import { K8sObject } from "../../../../components/kubeflow/types";
import { TEST_RELEASES } from "../../../harness/upstream";
import { bundleObjects, contextFor, deepFreeze, strings } from "./bundles";

const spec: MirrorSpec = {
  prefix: "mirror.example.com/kf",
  includeSourceRegistry: true,
  mapping: {},
};
const mirror = imageMirror(spec);

// Independent of the recogniser: a public registry host at a token start, or a Docker Hub repository of
// an organisation whose images the releases use, or an official image with a tag.
const PUBLIC_REGISTRY =
  /(?<![\w.\-/])(docker\.io|index\.docker\.io|(?:[a-z0-9-]+\.)?gcr\.io|ghcr\.io|quay\.io|registry\.k8s\.io|[a-z0-9-]+-docker\.pkg\.dev|public\.ecr\.aws|nvcr\.io|mcr\.microsoft\.com)\/[a-z0-9]/;
const DOCKER_HUB =
  /(?<![\w.\-/:@])((kserve|kubeflow|kubeflownotebookswg|chrislusf|pytorch|tensorflow|filebrowser|seldonio|bitnami|bitnamisecure|library|alpine)\/[a-z0-9][\w.-]*|(mysql|postgres|python|busybox|alpine|ubuntu|nginx|redis|minio)(?=:\w))/;

/** Strings the scan matches that are not image references, each with the reason it stays. */
const NOT_IMAGES: Array<{ match: RegExp; reason: string }> = [
  {
    match: /^(kubeflow\/kubeflow-gateway|kserve\/kserve-ingress-gateway)$/,
    reason: "an Istio Gateway named namespace/name (VirtualService gateways, ISTIO_GATEWAY)",
  },
  {
    match:
      /"(kserveIngressGateway|ingressGateway)": "(kserve\/kserve-ingress-gateway|kubeflow\/kubeflow-gateway)"/,
    reason: "KServe's ingress config names Istio Gateways as namespace/name",
  },
  {
    match: /^kubeflow\/[a-z0-9-]+-cert$/,
    reason: "cert-manager's inject-ca-from annotation names a Certificate as namespace/name",
  },
  { match: /^# From awscli installed in alpine\/k8s image$/, reason: "a comment in sync.py" },
];

function residues(objs: K8sObject[]): string[] {
  const out = new Set<string>();
  for (const obj of objs) {
    for (const { at, value } of strings(obj)) {
      for (const line of value.split("\n")) {
        const trimmed = line.trim().replace(/,$/, "");
        if (!PUBLIC_REGISTRY.test(line) && !DOCKER_HUB.test(line)) continue;
        if (NOT_IMAGES.some((n) => n.match.test(trimmed))) continue;
        out.add(`${obj.kind}/${obj.metadata.name} ${at}: ${trimmed}`);
      }
    }
  }
  return [...out];
}

describe.each(TEST_RELEASES)("the image mirror on release %s", (release) => {
  const objects = bundleObjects(release);
  const mirrored = objects.map((b) => mirror(b.obj, contextFor(release, b))!);

  it("leaves no reference to a public registry in any string of any object", () => {
    expect(residues(objects.map((b) => b.obj)).length).toBeGreaterThan(100);
    expect(residues(mirrored)).toEqual([]);
  });

  it("rewrites every container and initContainer image to the mirror", () => {
    const images = mirrored.flatMap((o) =>
      strings(o)
        .filter((s) => /containers\[\d+\]\.image$/.test(s.at))
        .map((s) => s.value),
    );
    expect(images.length).toBeGreaterThan(50);
    expect(images.filter((i) => !i.startsWith("mirror.example.com/kf/"))).toEqual([]);
  });

  it("keeps every tag and digest", () => {
    const tagOf = (s: string) => s.replace(/^.*\//, "");
    objects.forEach((b, i) => {
      const before = strings(b.obj).filter((s) => /containers\[\d+\]\.image$/.test(s.at));
      const after = new Map(strings(mirrored[i]).map((s) => [s.at, s.value]));
      for (const s of before) expect(tagOf(after.get(s.at)!)).toBe(tagOf(s.value));
    });
  });

  it("changes nothing else: objects without images come back as the same object", () => {
    const kinds = new Set(objects.filter((b, i) => mirrored[i] !== b.obj).map((b) => b.obj.kind));
    for (const k of ["Service", "Role", "ClusterRole", "CustomResourceDefinition", "Secret"]) {
      expect(kinds.has(k)).toBe(false);
    }
  });
});

describe("the image mirror on the 26.03 objects users rely on", () => {
  const objects = bundleObjects("26.03");
  const find = (kind: string, name: RegExp) => {
    const b = objects.find((o) => o.obj.kind === kind && name.test(o.obj.metadata.name));
    if (!b) throw new Error(`no ${kind} ${name}`);
    return mirror(deepFreeze(b.obj), contextFor("26.03", b))!;
  };
  const text = (o: K8sObject) => JSON.stringify(o);

  it.each([
    [
      "ConfigMap",
      /^katib-config$/,
      "mirror.example.com/kf/ghcr.io/kubeflow/katib/suggestion-hyperopt:",
    ],
    [
      "ConfigMap",
      /^katib-config$/,
      "mirror.example.com/kf/ghcr.io/kubeflow/katib/file-metrics-collector:",
    ],
    ["Deployment", /^ml-pipeline$/, "mirror.example.com/kf/ghcr.io/kubeflow/kfp-launcher:2.16.0"],
    ["Deployment", /^ml-pipeline$/, "mirror.example.com/kf/ghcr.io/kubeflow/kfp-driver:2.16.0"],
    ["ConfigMap", /^pipeline-install-config$/, "mirror.example.com/kf/ghcr.io/containerd/busybox"],
    [
      "ConfigMap",
      /^jupyter-web-app-config/,
      "- mirror.example.com/kf/ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:",
    ],
    [
      "ConfigMap",
      /^inferenceservice-config$/,
      "mirror.example.com/kf/docker.io/kserve/storage-initializer:",
    ],
    [
      "ClusterServingRuntime",
      /^kserve-tensorflow-serving$/,
      "mirror.example.com/kf/docker.io/tensorflow/serving:",
    ],
    [
      "ClusterTrainingRuntime",
      /^torch-distributed$/,
      "mirror.example.com/kf/docker.io/pytorch/pytorch:",
    ],
    [
      "Deployment",
      /^spark-operator-controller$/,
      "mirror.example.com/kf/ghcr.io/kubeflow/spark-operator/controller:2.5.0",
    ],
    ["Deployment", /^seaweedfs$/, "mirror.example.com/kf/docker.io/chrislusf/seaweedfs:"],
    ["Deployment", /^mysql$/, "mirror.example.com/kf/docker.io/library/mysql:8.4"],
    [
      "Deployment",
      /^pvcviewer-controller-manager$|^volumes-web-app-deployment$/,
      "mirror.example.com/kf/",
    ],
  ])("%s %s holds %s", (kind, name, expected) => {
    expect(text(find(kind, name))).toContain(expected);
  });

  it("does not mutate its input (deep-frozen objects go through)", () => {
    for (const b of objects.slice(0, 200)) {
      expect(() =>
        mirror(deepFreeze(structuredClone(b.obj)), contextFor("26.03", b)),
      ).not.toThrow();
    }
  });
});

describe("image sites", () => {
  it("reads implied Docker Hub images from embedded YAML by structure, and leaves flags alone", () => {
    const text = [
      "spawnerFormDefaults:",
      "  allowCustomImage: true",
      "  imagePullPolicy:",
      "    value: IfNotPresent",
      "  image:",
      "    value: python:3.12",
      "    options:",
      "      - python:3.12",
      "      - kubeflow/scipy:v1",
    ].join("\n");
    expect([...embeddedImages(text)].sort()).toEqual(["kubeflow/scipy:v1", "python:3.12"]);
    expect(mirrorString(text, { keys: ["data", "spawner_ui_config.yaml"] }, spec)).toBe(
      [
        "spawnerFormDefaults:",
        "  allowCustomImage: true",
        "  imagePullPolicy:",
        "    value: IfNotPresent",
        "  image:",
        "    value: mirror.example.com/kf/docker.io/library/python:3.12",
        "    options:",
        "      - mirror.example.com/kf/docker.io/library/python:3.12",
        "      - mirror.example.com/kf/docker.io/kubeflow/scipy:v1",
      ].join("\n"),
    );
  });

  it.each([
    [
      ["spec", "containers", "image"],
      undefined,
      "busybox",
      "mirror.example.com/kf/docker.io/library/busybox",
    ],
    [
      ["data", "TENSORBOARD_IMAGE"],
      undefined,
      "tensorflow/tensorflow:2.5.1",
      "mirror.example.com/kf/docker.io/tensorflow/tensorflow:2.5.1",
    ],
    [
      ["env", "value"],
      "VOLUME_VIEWER_IMAGE",
      "filebrowser/filebrowser:v2.25.0",
      "mirror.example.com/kf/docker.io/filebrowser/filebrowser:v2.25.0",
    ],
    [["spec", "imagePullPolicy"], undefined, "IfNotPresent", "IfNotPresent"],
    [["data", "allowCustomImage"], undefined, "true", "true"],
    [
      ["data", "ISTIO_GATEWAY"],
      undefined,
      "kubeflow/kubeflow-gateway",
      "kubeflow/kubeflow-gateway",
    ],
    [
      ["values", "hub"],
      undefined,
      "gcr.io/istio-release",
      "mirror.example.com/kf/gcr.io/istio-release",
    ],
  ])("at %j (env %s), %s becomes %s", (keys, envName, from, to) => {
    const site = envName !== undefined ? { keys, envName } : { keys };
    expect(mirrorString(from, site, spec)).toBe(to);
  });
});
