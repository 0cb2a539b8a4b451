/**
 * The `status` output of every example stack, as `npm run status -- <stack> --offline` prints it, checked
 * against the stack's whole platform object set (the program's objects and every chart's render): each
 * application the stack installs is listed and nothing else, its version is what its pods run, and each URL
 * is routed by the gateway to that application's own Service.
 */
import * as fs from "fs";
import * as path from "path";
import { APPLICATION_KEYS, ApplicationKey } from "../../components/catalog";
import { APPLICATIONS } from "../../components/kubeflow/applications";
import { RecordedResource } from "../../tools/offline/run";
import { formatStatus, offlineSource } from "../../tools/status-table";
import { findService } from "../../tools/verify/mesh";
import { ofKind } from "../../tools/verify/objects";
import { applicationsIn, entryOfUrl, webPathProblems } from "../../tools/verify/rules/status-urls";
import { PlatformSet } from "../../tools/verify/types";
import { PlatformStatus } from "../../stacks/status";
import { readStackFile } from "../harness/stackfile";
import { bundleDir } from "../harness/upstream";
import { EXAMPLE_STACKS, stackRun } from "./verify/sets";

interface Run {
  status: PlatformStatus;
  set: PlatformSet;
  resources: RecordedResource[];
}
const runs = new Map<string, Run>();

beforeAll(async () => {
  // One program run per stack gives its outputs and its object set (built as `npm run verify` does), shared
  // with the other files of the jest run.
  for (const stack of EXAMPLE_STACKS) {
    const { set, resources, status } = await stackRun(stack, { bundleDir: bundleDir("26.03") });
    runs.set(stack, { status, set, resources });
  }
});
const run = (stack: string) => runs.get(stack)!;
/** Whether the stack's config puts a cloud entry (TLS at the cloud's load balancer) in front of the gateway. */
const hasCloudEntry = (stack: string) =>
  (readStackFile(stack).cluster as { entry?: unknown } | undefined)?.entry !== undefined;

/** The applications whose component (`kubeflow:apps:<Component>`) the program registered. */
function registeredApplications(resources: readonly RecordedResource[]): ApplicationKey[] {
  const types = new Set(resources.map((r) => r.type));
  return APPLICATION_KEYS.filter((k) => types.has(`kubeflow:apps:${APPLICATIONS[k].component}`));
}

/** The tag of the first container image of a Deployment of the set. */
function deploymentImageTag(set: PlatformSet, ns: string, name: string): string | undefined {
  const d = ofKind(set, "Deployment", "apps").find(
    (o) => o.metadata.namespace === ns && o.metadata.name === name,
  );
  const containers = (
    d?.spec as { template?: { spec?: { containers?: Array<{ image?: string }> } } }
  )?.template?.spec?.containers;
  return containers?.[0]?.image?.split(":").pop();
}

describe.each(EXAMPLE_STACKS)("the status of %s", (stack) => {
  it("lists every application the stack installs, and nothing it disables", () => {
    const { status, set, resources } = run(stack);
    const listed = status.applications.map((a) => a.key);
    expect(listed.length).toBeGreaterThan(5);
    expect(listed).toEqual(registeredApplications(resources));
    expect(listed).toEqual(applicationsIn(set));
  });

  it("gives each application the upstream version its pods run", () => {
    const { status, set } = run(stack);
    for (const a of status.applications) {
      if (a.key === "core") expect(a.version).toBeUndefined();
      else expect(a.version).toMatch(/^v?\d+[.-]/);
    }
    const version = (key: ApplicationKey) =>
      status.applications.find((a) => a.key === key)?.version;
    expect(version("pipelines")).toBe(deploymentImageTag(set, "kubeflow", "ml-pipeline-ui"));
    expect(version("katib")).toBe(deploymentImageTag(set, "kubeflow", "katib-controller"));
    expect(version("notebooks")).toBe(
      deploymentImageTag(set, "kubeflow", "jupyter-web-app-deployment"),
    );
  });

  it("routes every application URL at the gateway to that application's Service, port and pods", () => {
    const { status, set } = run(stack);
    const withUrl = status.applications.filter((a) => a.url !== undefined);
    expect(withUrl.map((a) => a.key)).toEqual(
      expect.arrayContaining(["centralDashboard", "notebooks", "pipelines", "katib", "kserve"]),
    );
    for (const a of withUrl) {
      expect(a.url!.startsWith(`${status.gateway.url}/`)).toBe(true);
      const { path: p, ...entry } = entryOfUrl(a.url!, hasCloudEntry(stack));
      expect({ app: a.key, problems: webPathProblems(set, a.key, p, entry) }).toEqual({
        app: a.key,
        problems: [],
      });
    }
  });

  it("names a gateway Service the platform has", () => {
    const { status, set } = run(stack);
    const [ns, name] = status.gateway.service.split("/") as [string, string];
    const svc = findService(set, `${name}.${ns}`, ns);
    expect(svc).toBeDefined();
    const spec = svc!.spec as { type?: string; ports?: Array<{ port: number }> };
    expect((spec.ports ?? []).map((p) => p.port)).toContain(
      status.gateway.url.startsWith("https:") ? 443 : 80,
    );
    if (status.gateway.exposure !== undefined) {
      expect(spec.type ?? "ClusterIP").toBe(status.gateway.exposure);
    }
  });

  it("reports for each installed service the chart version the platform renders", () => {
    const { status, set } = run(stack);
    const charts = new Set(set.objects.map((o) => o.source.chart).filter((c) => c !== undefined));
    for (const [key, s] of Object.entries(status.services)) {
      if (s.state !== "installed") continue;
      expect({ key, rendered: charts.has(`${s.chart}@${s.version}`) }).toEqual({
        key,
        rendered: true,
      });
    }
  });

  it("holds no secret", () => {
    const text = JSON.stringify(run(stack).status);
    expect(text).not.toMatch(/mock-password|offline-stand-in|password|secret/i);
  });
});

describe("the status of the example stacks differs where their configs do", () => {
  it("leaves out what a stack disables: dev has no Spark, gke-example has it", () => {
    const keys = (stack: string) => run(stack).status.applications.map((a) => a.key);
    expect(keys("dev")).not.toContain("spark");
    expect(keys("gke-example")).toContain("spark");
  });

  it("sends dev to a port-forward and the cloud stacks to their public hostname behind a load balancer", () => {
    const dev = run("dev").status.gateway;
    expect(dev).toMatchObject({ url: "http://localhost:8080", access: "port-forward" });
    expect(dev.portForward).toBe(
      "kubectl -n istio-system port-forward svc/istio-ingressgateway 8080:80",
    );
    expect(dev.loadBalancerAddress).toBeUndefined();
    // eks-example is behind its ALB entry: the gateway Service stays ClusterIP, the URL is the entry's.
    const eks = run("eks-example").status.gateway;
    expect(eks).toMatchObject({
      url: "https://kubeflow.acme.example.com",
      access: "hostname",
      exposure: "ClusterIP",
    });
    expect(eks.loadBalancerAddress).toBeUndefined();
    expect(run("gke-example").status.gateway.url).toBe("https://kubeflow.acme-ml.example.com");
  });

  it("shows who installs GPU support: the device plugin on EKS, GKE itself, nothing without pools", () => {
    expect(run("eks-example").status.services.gpu).toMatchObject({
      state: "installed",
      chart: "nvidia-device-plugin",
    });
    expect(run("gke-example").status.services.gpu).toEqual({
      state: "not installed",
      detail: "the platform installs the GPU driver and device plugin",
    });
    expect(run("dev").status.services.gpu).toEqual({
      state: "not installed",
      detail: "no accelerator pools",
    });
  });

  it("fails the fit check when a status URL is wrong", () => {
    const { status, set } = run("dev");
    const kserve = status.applications.find((a) => a.key === "kserve")!;
    const { path: p, ...entry } = entryOfUrl(kserve.url!.replace("/kserve-endpoints/", "/models/"));
    // `/models/` falls through to the dashboard's catch-all route: reachable, but not KServe's UI.
    expect(webPathProblems(set, "kserve", p, entry)).toEqual([
      expect.stringContaining("which belongs to centralDashboard, not to kserve"),
    ]);
  });
});

describe("the README's status example", () => {
  it("is what `npm run status -- dev --offline` prints", () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
    const block =
      /<!-- status-example:start[^\n]*\n```text\n([\s\S]*?)\n```\n<!-- status-example:end -->/.exec(
        readme,
      );
    expect(block).not.toBeNull();
    expect(block![1]).toBe(formatStatus(run("dev").status, offlineSource("--offline")).join("\n"));
  });
});
