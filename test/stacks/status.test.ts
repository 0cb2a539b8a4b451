/**
 * The pure parts of the `status` output: the gateway address, each application's mode and the services'
 * state, from a validated config and the facts of the layers (the example stacks are covered end to end in
 * test/tools/status.test.ts).
 */
import { loadConfig, PlatformConfig } from "../../stacks/config";
import {
  applicationMode,
  gatewayStatus,
  platformStatus,
  servicesStatus,
  StatusInputs,
} from "../../stacks/status";
import { CHARTS } from "../../components/services/charts";
import { StackConfig } from "../../tools/offline/run";
import { setupMocks } from "../harness";

function config(raw: StackConfig, secrets: Record<string, string> = {}): PlatformConfig {
  setupMocks(raw, { secrets });
  return loadConfig();
}

const GATEWAY = { ingressGateway: { namespace: "istio-system", service: "istio-ingressgateway" } };
const NO_GPU: StatusInputs["cluster"] = {
  name: "kubeflow",
  platform: "existing",
  gpuDriver: "none",
  accelerators: [],
};
const POOL = {
  name: "l4",
  vendor: "nvidia" as const,
  resourceName: "nvidia.com/gpu",
  nodeSelector: {},
  taints: [],
};

describe("gatewayStatus", () => {
  it("without a hostname, gives the port-forward and its local URL", () => {
    expect(gatewayStatus(config({}), GATEWAY)).toEqual({
      url: "http://localhost:8080",
      access: "port-forward",
      service: "istio-system/istio-ingressgateway",
      exposure: "ClusterIP",
      portForward: "kubectl -n istio-system port-forward svc/istio-ingressgateway 8080:80",
    });
  });

  it("with a hostname, gives https (self-signed by default), or http when tls is none", () => {
    const https = config({ services: { istio: { hostname: "kf.example.com" } } });
    expect(gatewayStatus(https, GATEWAY)).toMatchObject({
      url: "https://kf.example.com",
      access: "hostname",
    });
    expect(gatewayStatus(https, GATEWAY).portForward).toBeUndefined();
    const plain = config({ services: { istio: { hostname: "kf.example.com", tls: "none" } } });
    expect(gatewayStatus(plain, GATEWAY).url).toBe("http://kf.example.com");
  });

  it("with an existing Istio, names the cluster's gateway and no exposure of its own", () => {
    const cfg = config({
      services: { istio: { mode: "existing", existing: { namespace: "mesh", service: "edge" } } },
    });
    const g = gatewayStatus(cfg, { ingressGateway: { namespace: "mesh", service: "edge" } });
    expect(g).toEqual({
      url: "http://localhost:8080",
      access: "port-forward",
      service: "mesh/edge",
      portForward: "kubectl -n mesh port-forward svc/edge 8080:80",
    });
  });
});

describe("applicationMode", () => {
  it("says where Pipelines keeps artifacts and metadata", () => {
    expect(applicationMode(config({}), "pipelines", "argo")).toBe(
      "argo, object store in-cluster, database in-cluster",
    );
    const external = config(
      {
        kubeflow: {
          pipelines: {
            objectStore: {
              type: "s3",
              endpoint: "s3.eu-west-1.amazonaws.com",
              bucket: "kfp-artifacts",
              accessKeySecret: "s3Access",
              secretKeySecret: "s3Secret",
            },
            database: { type: "external", host: "mysql.corp", passwordSecret: "dbPassword" },
          },
        },
      },
      { s3Access: "AKIA-stand-in", s3Secret: "s3-stand-in", dbPassword: "db-stand-in" },
    );
    const mode = applicationMode(external, "pipelines", "argo");
    expect(mode).toBe("argo, object store s3://kfp-artifacts, database external mysql.corp:3306");
    expect(mode).not.toMatch(/stand-in/);
  });

  it("gives KServe's default InferenceService deployment mode", () => {
    const raw = config({ kubeflow: { kserve: { deploymentMode: "RawDeployment" } } });
    expect(applicationMode(raw, "kserve", "serverless")).toBe(
      "serverless, InferenceServices RawDeployment",
    );
  });

  it("gives the mode KServe takes when none is configured: Serverless with Knative, else RawDeployment", () => {
    expect(applicationMode(config({}), "kserve", "serverless", ["kserve", "knative"])).toBe(
      "serverless, InferenceServices Serverless",
    );
    expect(applicationMode(config({}), "kserve", "serverless", ["kserve"])).toBe(
      "serverless, InferenceServices RawDeployment",
    );
  });

  it("has no mode for an application installed its one way", () => {
    expect(applicationMode(config({}), "katib", "default")).toBeUndefined();
  });
});

describe("servicesStatus", () => {
  it("reports the pinned chart of each installed service", () => {
    const s = servicesStatus(config({}), NO_GPU, { ...GATEWAY, revision: "1-29" });
    expect(s.certManager).toEqual({
      state: "installed",
      chart: "cert-manager",
      version: CHARTS.certManager.version,
    });
    expect(s.istio).toEqual({
      state: "installed",
      chart: "istiod",
      version: CHARTS.istiod.version,
      detail: "revision 1-29",
    });
    expect(s.oauth2Proxy).toMatchObject({ state: "installed", chart: "oauth2-proxy" });
  });

  it("reports existing services as existing, with what the stack uses of them", () => {
    const cfg = config(
      {
        services: {
          certManager: { mode: "existing", clusterIssuer: "corp-ca" },
          istio: { mode: "existing" },
          dex: { mode: "existing", existing: { oauth2ProxyClientSecretSecret: "clientSecret" } },
          oauth2Proxy: { mode: "existing" },
          gpu: { mode: "existing" },
        },
      },
      { clientSecret: "stand-in" },
    );
    const s = servicesStatus(
      cfg,
      { ...NO_GPU, gpuDriver: "driver-on-node", accelerators: [POOL] },
      { ingressGateway: { namespace: "mesh", service: "edge" } },
    );
    expect(s).toEqual({
      certManager: { state: "existing", detail: "ClusterIssuer corp-ca" },
      istio: { state: "existing", detail: "gateway mesh/edge" },
      dex: { state: "existing" },
      oauth2Proxy: { state: "existing" },
      gpu: { state: "existing" },
    });
  });

  it("reports the GPU operator when the stack asks for it on nodes with drivers", () => {
    const cfg = config({ services: { gpu: { kind: "operator" } } });
    const s = servicesStatus(
      cfg,
      { ...NO_GPU, gpuDriver: "driver-on-node", accelerators: [POOL] },
      GATEWAY,
    );
    expect(s.gpu).toEqual({
      state: "installed",
      chart: "gpu-operator",
      version: CHARTS.gpuOperator.version,
    });
  });
});

describe("platformStatus", () => {
  it("lists the installed applications with their URLs under the gateway's base URL", () => {
    const cfg = config({ services: { istio: { hostname: "kf.example.com" } } });
    const status = platformStatus({
      config: cfg,
      cluster: NO_GPU,
      services: { istio: { ...GATEWAY, revision: "1-29" } },
      kubeflow: {
        release: "26.03",
        applications: [
          { key: "core", mode: "default" },
          { key: "centralDashboard", mode: "default", version: "v1.10.0" },
          { key: "pipelines", mode: "argo", version: "2.16.0" },
          { key: "trainer", mode: "default", version: "v2.1.0" },
        ],
      },
    });
    expect(status.release).toBe("26.03");
    expect(status.applications).toEqual([
      { key: "core", name: "Core" },
      {
        key: "centralDashboard",
        name: "Central Dashboard",
        version: "v1.10.0",
        url: "https://kf.example.com/",
      },
      {
        key: "pipelines",
        name: "Pipelines",
        version: "2.16.0",
        mode: "argo, object store in-cluster, database in-cluster",
        url: "https://kf.example.com/pipeline/",
      },
      { key: "trainer", name: "Trainer", version: "v2.1.0" },
    ]);
  });
});
