/**
 * The image mirror reaches every image the platform services' charts render: each pinned chart is rendered
 * with the real helm and the program's values (with options that turn on optional parts: a Redis session
 * store, GPU feature discovery, the DRA-based GPUCluster), once as the program sets it and once per mirror.
 * No mocks: the values are pure functions.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { AcceleratorPool } from "../../../components/cluster/handle";
import {
  formatImageRef,
  looksLikeImage,
  MirrorSpec,
  parseImageRef,
  rewriteHub,
  rewriteImage,
} from "../../../components/kubeflow/transforms/image-ref";
import { certManagerValues } from "../../../components/services/cert-manager";
import { CHARTS } from "../../../components/services/charts";
import { HelmValues } from "../../../components/services/common";
import { dexValues } from "../../../components/services/dex-config";
import { devicePluginValues, gpuOperatorValues } from "../../../components/services/gpu";
import {
  CHART_IMAGES,
  mirroredImageValues,
  ServiceChart,
  withImageMirror,
} from "../../../components/services/image-mirror";
import {
  gatewayValues,
  istioBaseValues,
  istioCniValues,
  istiodValues,
} from "../../../components/services/istio-values";
import { oauth2ProxyValues } from "../../../components/services/oauth2-proxy-values";
import { layerHelmDir } from "../../fixtures/kustomize/tools";
import { chartDir } from "../../harness/upstream";

const HELM = path.join(layerHelmDir(), "helm");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "image-mirror-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const pools: AcceleratorPool[] = [
  {
    name: "l4",
    vendor: "nvidia",
    resourceName: "nvidia.com/gpu",
    nodeSelector: { "kubeflow-platform.io/accelerator-pool": "l4" },
    taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }],
  },
];

type Obj = Record<string, unknown>;
let renders = 0;

/** `helm template` of a pinned chart with the given values; hooks and test pods included. */
function render(chart: ServiceChart, namespace: string, values: HelmValues, args: string[] = []) {
  const ref = CHARTS[chart];
  const file = path.join(work, `values-${renders++}.json`);
  fs.writeFileSync(file, JSON.stringify(values));
  const out = execFileSync(
    HELM,
    [
      "template",
      chart.toLowerCase(),
      path.join(chartDir(ref.chart), ref.version),
      "--namespace",
      namespace,
      "--kube-version",
      "1.34",
      "-f",
      file,
      ...args,
    ],
    { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

/** An image reference found in rendered objects: a whole image, or a repository prefix (Istio's `hub`). */
interface Ref {
  kind: "image" | "hub";
  ref: string;
}

const LITERAL_IMAGE_LINE = /^\s*(?:-\s*)?image:\s*["']?([^\s"'{}]+)["']?\s*$/gm;
const IMAGE_FLAG = /^--[\w-]*image=(\S+)$/;

/**
 * Every image reference in the objects: `image` fields (joined to a sibling `repository` and `version`, as
 * the NVIDIA operator's custom resources spell operands), `*_IMAGE` env values, `--*-image=` flags, Istio's
 * `hub` in the injector's values, and literal `image:` lines inside ConfigMap templates. A bare name such as
 * `proxyv2` or `auto` is a name the chart or istiod joins to a hub, which is checked itself.
 */
function references(objects: readonly Obj[]): Ref[] {
  const out: Ref[] = [];
  const add = (kind: Ref["kind"], ref: string) => {
    if (kind === "hub" || looksLikeImage(ref)) out.push({ kind, ref });
  };
  const visit = (v: unknown, inConfigMap: boolean): void => {
    if (typeof v === "string") {
      const m = IMAGE_FLAG.exec(v);
      if (m) add("image", m[1]!);
      if (!inConfigMap) return;
      if (v.trimStart().startsWith("{")) {
        try {
          visit(JSON.parse(v) as unknown, false);
        } catch {
          // Not JSON: scanned as text below.
        }
      }
      for (const line of v.matchAll(LITERAL_IMAGE_LINE)) add("image", line[1]!);
    } else if (Array.isArray(v)) {
      v.forEach((x) => visit(x, inConfigMap));
    } else if (v !== null && typeof v === "object") {
      const o = v as Obj;
      if (typeof o.image === "string") {
        const repo = typeof o.repository === "string" ? o.repository : "";
        const version = typeof o.version === "string" ? `:${o.version}` : "";
        add("image", repo !== "" ? `${repo}/${o.image}${version}` : o.image);
      }
      if (typeof o.name === "string" && /IMAGE$/.test(o.name) && typeof o.value === "string") {
        add("image", o.value);
      }
      if (typeof o.hub === "string" && o.hub !== "") add("hub", o.hub);
      for (const [k, x] of Object.entries(o)) {
        if (k === "image" || k === "hub") continue;
        visit(x, inConfigMap);
      }
    }
  };
  for (const obj of objects) {
    // CRD schemas describe images in prose; nothing is pulled from them.
    if (obj.kind === "CustomResourceDefinition") continue;
    visit(obj, obj.kind === "ConfigMap");
  }
  return out;
}

const show = (refs: readonly Ref[]) => refs.map((r) => `${r.kind} ${r.ref}`).sort();

interface Variant {
  name: string;
  /** The Release values the component would register, with the mirror's values (none: undefined). */
  values: (mirror: MirrorSpec | undefined) => HelmValues;
  args?: string[];
}

interface Case {
  chart: ServiceChart;
  namespace: string;
  variants: Variant[];
  /**
   * References the chart fixes in templates, not values (each only for an opt-in feature), left as the chart
   * has them.
   */
  fixed?: string[];
}

const redis = {
  sessionStorage: { type: "redis" },
  "redis-ha": {
    enabled: true,
    exporter: { enabled: true },
    sysctlImage: { enabled: true },
    haproxy: { enabled: true },
  },
};

const cases: Case[] = [
  {
    chart: "certManager",
    namespace: "cert-manager",
    variants: [
      {
        name: "the program's values",
        values: (m) => certManagerValues({ values: withImageMirror("certManager", m, undefined) }),
      },
    ],
  },
  {
    chart: "istioBase",
    namespace: "istio-system",
    variants: [
      {
        name: "the program's values",
        values: (m) =>
          istioBaseValues({ revision: "1-29", values: withImageMirror("istioBase", m, undefined) }),
      },
    ],
  },
  {
    chart: "istiod",
    namespace: "istio-system",
    variants: [
      {
        name: "the program's values",
        values: (m) =>
          istiodValues({
            revision: "1-29",
            defaultRevision: true,
            values: withImageMirror("istiod", m, undefined),
          }),
      },
    ],
    // files/grpc-simple.yaml: the init container of proxyless gRPC pods that opt in with
    // `inject.istio.io/templates: grpc-simple`; the chart has no value for it.
    fixed: ["busybox:1.28"],
  },
  {
    chart: "istioCni",
    namespace: "kube-system",
    variants: [
      {
        name: "the program's values",
        values: (m) =>
          istioCniValues({
            cniBinDir: "/opt/cni/bin",
            values: withImageMirror("istioCni", m, undefined),
          }),
      },
    ],
  },
  {
    chart: "istioGateway",
    namespace: "istio-system",
    variants: [
      {
        name: "the program's values",
        values: (m) =>
          gatewayValues({
            revision: "1-29",
            exposure: "ClusterIP",
            values: withImageMirror("istioGateway", m, undefined),
          }),
      },
    ],
  },
  {
    chart: "dex",
    namespace: "auth",
    variants: [
      {
        name: "the program's values",
        values: (m) =>
          dexValues({ configChecksum: "abc", values: withImageMirror("dex", m, undefined) }),
      },
    ],
  },
  {
    chart: "oauth2Proxy",
    namespace: "oauth2-proxy",
    variants: [
      {
        name: "the program's values",
        values: (m) =>
          oauth2ProxyValues({
            secureCookies: true,
            values: withImageMirror("oauth2Proxy", m, undefined),
          }),
      },
      {
        name: "a Redis session store from the redis-ha subchart",
        values: (m) =>
          oauth2ProxyValues({
            secureCookies: true,
            values: withImageMirror("oauth2Proxy", m, redis),
          }),
      },
    ],
  },
  {
    chart: "nvidiaDevicePlugin",
    namespace: "gpu",
    variants: [
      {
        name: "the program's values",
        values: (m) =>
          devicePluginValues(pools, withImageMirror("nvidiaDevicePlugin", m, undefined)),
      },
      {
        name: "GPU feature discovery with its node-feature-discovery subchart",
        values: (m) =>
          devicePluginValues(
            pools,
            withImageMirror("nvidiaDevicePlugin", m, { gfd: { enabled: true } }),
          ),
      },
    ],
  },
  {
    chart: "gpuOperator",
    namespace: "gpu",
    variants: [
      {
        name: "the program's values with the DCGM exporter",
        values: (m) => gpuOperatorValues(pools, true, withImageMirror("gpuOperator", m, undefined)),
      },
      {
        name: "the DRA driver's GPUCluster instead of the ClusterPolicy",
        values: (m) =>
          gpuOperatorValues(
            pools,
            false,
            withImageMirror("gpuOperator", m, {
              clusterPolicy: { deployCR: false },
              gpuCluster: { deployCR: true },
            }),
          ),
        args: ["--api-versions", "resource.k8s.io/v1/DeviceClass"],
      },
    ],
  },
];

const MIRRORS: Array<[string, MirrorSpec, string | undefined]> = [
  [
    "a prefix keeping the source registry",
    { prefix: "mirror.example.com/air", includeSourceRegistry: true, mapping: {} },
    "mirror.example.com/air/",
  ],
  [
    "a prefix without the source registry, and per-registry targets",
    {
      prefix: "harbor.corp/all",
      includeSourceRegistry: false,
      mapping: { "docker.io": "harbor.corp/dockerhub", "nvcr.io": "harbor.corp/nvcr" },
    },
    "harbor.corp/",
  ],
  // Registries without a target keep their images.
  [
    "only quay.io mapped",
    { includeSourceRegistry: true, mapping: { "quay.io": "q.corp/quay" } },
    undefined,
  ],
];

/** A reference with its registry written (`alpine` → `docker.io/library/alpine`). */
const qualify = (ref: string) => {
  const parsed = parseImageRef(ref);
  return parsed !== undefined ? formatImageRef(parsed) : ref;
};

/** The chart defaults the facts name, each as a whole, qualified repository. */
const factRepositories = (chart: ServiceChart) =>
  CHART_IMAGES[chart].map((v) =>
    qualify(v.kind === "repository" ? v.repository : `${v.registry}/${v.repository}`),
  );

describe.each(cases)("the $chart chart", (c) => {
  describe.each(c.variants)("with $name", (v) => {
    const defaults = references(render(c.chart, c.namespace, v.values(undefined), v.args));

    it("renders the chart's own images without a mirror, each one a default the facts name", () => {
      expect(mirroredImageValues(c.chart, undefined)).toEqual({});
      const facts = factRepositories(c.chart);
      const unnamed = defaults.filter((r) => {
        if ((c.fixed ?? []).includes(r.ref)) return false;
        const full = qualify(r.ref);
        return !facts.some(
          (f) => full === f || (/^[/:@]/.test(full.slice(f.length)) && full.startsWith(f)),
        );
      });
      expect(show(unnamed)).toEqual([]);
    });

    it.each(MIRRORS)("points every image at the mirror: %s", (_n, spec, target) => {
      const mirrored = references(render(c.chart, c.namespace, v.values(spec), v.args));
      const expected = defaults.map((r) => ({
        kind: r.kind,
        ref: (c.fixed ?? []).includes(r.ref)
          ? r.ref
          : r.kind === "hub"
            ? rewriteHub(r.ref, spec)
            : rewriteImage(r.ref, spec),
      }));
      expect(show(mirrored)).toEqual(show(expected));
      if (target !== undefined) {
        const outside = mirrored.filter(
          (r) => !r.ref.startsWith(target) && !(c.fixed ?? []).includes(r.ref),
        );
        expect(show(outside)).toEqual([]);
      }
    });
  });
});

describe("the charts' image references", () => {
  it("are found in every chart that runs pods (a render with none would prove nothing)", () => {
    const counts = Object.fromEntries(
      cases.map((c) => [
        c.chart,
        references(
          render(c.chart, c.namespace, c.variants[0]!.values(undefined), c.variants[0]!.args),
        ).length > 0,
      ]),
    );
    expect(counts).toEqual({
      certManager: true,
      istioBase: false,
      istiod: true,
      istioCni: true,
      istioGateway: false,
      dex: true,
      oauth2Proxy: true,
      nvidiaDevicePlugin: true,
      gpuOperator: true,
    });
  });

  it("leave the ingress gateway's image to istiod's injection, which takes istiod's hub", () => {
    const objects = render(
      "istioGateway",
      "istio-system",
      gatewayValues({ revision: "1-29", exposure: "ClusterIP" }),
    );
    const deployment = objects.find((o) => o.kind === "Deployment") as {
      spec: {
        template: {
          metadata: { annotations: Record<string, string> };
          spec: { containers: Array<{ image: string }> };
        };
      };
    };
    expect(deployment.spec.template.spec.containers.map((x) => x.image)).toEqual(["auto"]);
    expect(deployment.spec.template.metadata.annotations["inject.istio.io/templates"]).toBe(
      "gateway",
    );
  });
});
