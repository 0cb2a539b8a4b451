/**
 * Every Helm value key the program sets exists in the pinned chart (a typo would be silently ignored by
 * Helm), and validates against the chart's schema where it has one. No mocks: values are pure functions.
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { AcceleratorPool } from "../../../components/cluster/handle";
import {
  certManagerValues,
  splitCertManagerValues,
} from "../../../components/services/cert-manager";
import { CHARTS, ChartRef } from "../../../components/services/charts";
import { HelmValues } from "../../../components/services/common";
import { dexValues } from "../../../components/services/dex-config";
import { devicePluginValues, gpuOperatorValues } from "../../../components/services/gpu";
import {
  gatewayValues,
  istioBaseValues,
  istioCniValues,
  istiodValues,
} from "../../../components/services/istio-values";
import { oauth2ProxyValues } from "../../../components/services/oauth2-proxy-values";
import { chartDir, upstreamDir } from "../../harness/upstream";
import {
  chartDefaults,
  chartSchema,
  commentedKeyDocumented,
  defaultAt,
  unknownKeys,
} from "./chart-data";

const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "1Gi" } };
const pools: AcceleratorPool[] = [
  {
    name: "l4",
    vendor: "nvidia",
    resourceName: "nvidia.com/gpu",
    nodeSelector: { "kubeflow-platform.io/accelerator-pool": "l4" },
    taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }],
  },
];

interface Case {
  chart: ChartRef;
  /** Values the program produces, with every option set and with none. */
  variants: HelmValues[];
  /** Maps whose keys are the user's, passed through by the chart (each must exist in values.yaml). */
  freeForm: string[];
  /** Keys the chart documents only in comments of values.yaml. */
  commented?: string[];
}

/** ajv 8 does not know the Istio schema's `$schema` URI; compile the schema without it. */
function compileSchema(schema: object) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  const copy = { ...(schema as Record<string, unknown>) };
  delete copy.$schema;
  return ajv.compile(copy);
}

const cases: Case[] = [
  {
    chart: CHARTS.certManager,
    variants: [certManagerValues({}), certManagerValues({ replicas: 3, resources })],
    freeForm: ["resources"],
  },
  {
    chart: CHARTS.istioBase,
    variants: [istioBaseValues({ revision: "1-29" })],
    freeForm: [],
  },
  {
    chart: CHARTS.istiod,
    variants: [
      istiodValues({ revision: "1-29", defaultRevision: true }),
      istiodValues({ revision: "1-30", defaultRevision: false, replicas: 2, resources }),
    ],
    // The mesh config is Istio's MeshConfig API, not chart keys (checked against the bundle elsewhere).
    freeForm: ["meshConfig", "resources", "global.proxy.seccompProfile", "seccompProfile"],
  },
  {
    chart: CHARTS.istioCni,
    variants: [istioCniValues({ cniBinDir: "/home/kubernetes/bin" })],
    freeForm: [],
  },
  {
    chart: CHARTS.istioGateway,
    variants: [
      gatewayValues({ revision: "1-29", exposure: "ClusterIP" }),
      gatewayValues({
        revision: "1-29",
        exposure: "LoadBalancer",
        replicas: 3,
        resources,
        serviceAnnotations: { "cloud.google.com/l4-rbs": "enabled" },
      }),
    ],
    freeForm: ["labels", "resources", "service.annotations", "securityContext"],
  },
  {
    chart: CHARTS.dex,
    variants: [dexValues({}), dexValues({ replicas: 2, resources, configChecksum: "abc" })],
    freeForm: ["podAnnotations", "podSecurityContext", "securityContext", "resources"],
  },
  {
    chart: CHARTS.oauth2Proxy,
    variants: [
      oauth2ProxyValues({ secureCookies: false }),
      oauth2ProxyValues({ secureCookies: true, replicas: 3, resources }),
    ],
    freeForm: ["resources"],
    commented: ["config.existingSecret"],
  },
  {
    chart: CHARTS.nvidiaDevicePlugin,
    variants: [devicePluginValues(pools), devicePluginValues([{ ...pools[0]!, nodeSelector: {} }])],
    freeForm: ["affinity"],
  },
  {
    chart: CHARTS.gpuOperator,
    variants: [gpuOperatorValues(pools, false), gpuOperatorValues(pools, true)],
    freeForm: [],
  },
];

describe.each(cases)("the $chart.chart $chart.version chart", (c) => {
  const defaults = chartDefaults(c.chart);

  it("has every value key the program sets", () => {
    for (const v of c.variants) {
      expect(unknownKeys(v, defaults, c.freeForm, c.commented)).toEqual([]);
    }
  });

  it("has each free-form map the exceptions name, and documents each commented key", () => {
    for (const p of c.freeForm)
      expect([p, defaultAt(defaults, p) !== undefined]).toEqual([p, true]);
    for (const p of c.commented ?? []) {
      expect([p, commentedKeyDocumented(c.chart, p)]).toEqual([p, true]);
    }
  });

  const schema = chartSchema(c.chart);
  if (schema !== undefined) {
    it("validates the program's values against values.schema.json", () => {
      const validate = compileSchema(schema);
      for (const v of c.variants) {
        validate(v);
        expect(validate.errors ?? []).toEqual([]);
      }
    });
  }
});

describe("the key walk", () => {
  it("reports a misspelt nested key with its path", () => {
    const defaults = chartDefaults(CHARTS.istiod);
    expect(unknownKeys({ global: { hubb: "x" }, revison: "1" }, defaults, [])).toEqual([
      "global.hubb",
      "revison",
    ]);
  });

  it("rejects a misspelt key against the cert-manager schema", () => {
    expect(compileSchema(chartSchema(CHARTS.certManager)!)({ crd: { enabled: true } })).toBe(false);
  });
});

describe("chart pins", () => {
  const index = fs.readFileSync(path.join(upstreamDir(), "charts", "INDEX.md"), "utf8");
  const rows = index
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.includes("previous"))
    .map((l) => l.split("|").map((x) => x.trim()));

  it.each(Object.entries(CHARTS))(
    "pins %s to a chart version the index lists, from its repo",
    (_k, ref) => {
      const row = rows.find((r) => r[1]!.split("/").includes(ref.chart) && r[3] === ref.version);
      expect(row).toBeDefined();
      const repo =
        row![2] === "same" ? "https://istio-release.storage.googleapis.com/charts" : row![2];
      expect(repo).toBe(ref.repo);
      expect(fs.existsSync(path.join(chartDir(ref.chart), ref.version, "values.yaml"))).toBe(true);
    },
  );

  it("sends cert-manager's CRD switches through helmOptions and typed keys through typed args", () => {
    const { typed, helm } = splitCertManagerValues(certManagerValues({ replicas: 2 }));
    expect(helm.crds).toEqual({ enabled: true, keep: true });
    expect(typed.replicaCount).toBe(2);
    expect(Object.keys(typed).filter((k) => k in helm)).toEqual([]);
    expect("installCRDs" in typed || "installCRDs" in helm).toBe(false);
  });

  it("runs oauth2-proxy 7.15.3 and the chart's appVersion agrees", () => {
    const chartYaml = fs.readFileSync(
      path.join(chartDir("oauth2-proxy"), CHARTS.oauth2Proxy.version, "Chart.yaml"),
      "utf8",
    );
    expect(chartYaml).toMatch(/^appVersion: 7\.15\.3$/m);
    expect((oauth2ProxyValues({ secureCookies: true }).image as { tag: string }).tag).toBe(
      "v7.15.3",
    );
  });
});
