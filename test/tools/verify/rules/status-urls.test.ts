/**
 * Rule `status-urls-routed` on the real platform set of the example stacks, and on broken variants: a
 * missing route, a route to a port the Service lacks, a Service that selects no pods.
 */
import { ApplicationKey } from "../../../../components/catalog";
import { APPLICATION_STATUS_FACTS } from "../../../../components/kubeflow/app-status";
import {
  applicationOf,
  applicationsIn,
  entryOf,
  entryOfUrl,
  statusUrlsRouted,
  webPathProblems,
} from "../../../../tools/verify/rules/status-urls";
import { PlatformSet } from "../../../../tools/verify/types";
import { editing, without } from "../mutate";
import { eksNlbOverride } from "../../../harness/eks-nlb";
import { platformSet } from "../sets";

let dev: PlatformSet;
let eks: PlatformSet;
beforeAll(async () => {
  dev = await platformSet("dev");
  // eks-example on an NLB gateway with its own TLS (the example's ALB entry has its own journeys).
  eks = await platformSet("eks-example", undefined, eksNlbOverride());
});

const messages = (set: PlatformSet) => statusUrlsRouted.check(set).map((v) => v.message);

describe("status-urls-routed", () => {
  it("finds each application of the set by its resource names", () => {
    expect(applicationOf("kubeflow-pipelines-kubeflow.ml-pipeline-ui")).toBe("pipelines");
    expect(applicationOf("kubeflow-cert-manager")).toBeUndefined();
    expect(applicationsIn(dev)).toEqual(
      expect.arrayContaining(["centralDashboard", "notebooks", "pipelines", "katib", "kserve"]),
    );
    expect(applicationsIn(dev)).not.toContain("spark");
  });

  it("enters as the status does: a port-forward for dev, HTTPS on the hostname for eks-example", () => {
    expect(entryOf(dev)).toEqual({ host: "localhost", port: 80, tls: false });
    expect(entryOf(eks)).toEqual({ host: "kubeflow.acme.example.com", port: 443, tls: true });
    expect(entryOfUrl("http://localhost:8080/katib/")).toEqual({
      host: "localhost",
      port: 80,
      tls: false,
      path: "/katib/",
    });
  });

  it("holds on the real sets", () => {
    expect(messages(dev)).toEqual([]);
    expect(messages(eks)).toEqual([]);
  });

  it("reports an application whose route is gone (its path falls through to the dashboard)", () => {
    const broken = without(dev, "VirtualService", "kubeflow", "katib-ui");
    expect(messages(broken)).toEqual([
      expect.stringMatching(
        /^status URL of katib \(\/katib\/\): \/katib\/ is routed by VirtualService kubeflow\/centraldashboard to Service kubeflow\/centraldashboard, which belongs to centralDashboard, not to katib$/,
      ),
    ]);
  });

  it("reports a route to a port its Service lacks", () => {
    const broken = editing(
      dev,
      "VirtualService",
      "kubeflow",
      "jupyter-web-app-jupyter-web-app",
      (vs) => {
        const spec = vs.spec as {
          http: Array<{ route: Array<{ destination: { port: { number: number } } }> }>;
        };
        spec.http[0]!.route[0]!.destination.port.number = 8080;
        return vs;
      },
    );
    expect(messages(broken)).toEqual([
      expect.stringContaining(
        "routes /jupyter/ to port 8080 of Service kubeflow/jupyter-web-app-service, which has ports 80",
      ),
    ]);
  });

  it("reports a Service that selects no pods", () => {
    const broken = editing(dev, "Service", "kubeflow", "katib-ui", (svc) => {
      (svc.spec as { selector: Record<string, string> }).selector = { app: "nothing" };
      return svc;
    });
    expect(messages(broken)).toEqual([
      "status URL of katib (/katib/): Service kubeflow/katib-ui selects no pods",
    ]);
  });

  it("reports a path that is not routed at all", () => {
    const noDashboard = without(dev, "VirtualService", "kubeflow", "centraldashboard");
    expect(webPathProblems(noDashboard, "kserve", "/models/", entryOf(dev))).toEqual([
      "no VirtualService route of the Gateway matches /models/",
    ]);
  });

  it("holds for the applications no example stack enables (Model Registry, Training Operator)", async () => {
    const set = await platformSet("dev", undefined, {
      kubeflow: {
        version: "26.03",
        applications: {
          modelRegistry: { enabled: true },
          trainer: { enabled: false },
          trainingOperator: { enabled: true },
        },
      },
    });
    expect(applicationsIn(set)).toEqual(
      expect.arrayContaining(["modelRegistry", "trainingOperator"]),
    );
    expect(messages(set)).toEqual([]);
  });

  it("knows a web path for every application that binds a UI to Kubeflow's gateway", () => {
    // Paths that are APIs, not pages: the access-management API and Pipelines' metadata gRPC-web.
    const apis = new Set(["/kfam/", "/ml_metadata", "/api/model_registry/"]);
    const apps = new Set<string>();
    for (const o of dev.objects) {
      if (o.obj.kind !== "VirtualService" || o.source.via !== "program") continue;
      const spec = o.obj.spec as {
        gateways?: string[];
        http?: Array<{ match?: Array<{ uri?: { prefix?: string } }> }>;
      };
      if (!(spec.gateways ?? []).some((g) => g.endsWith("kubeflow-gateway"))) continue;
      const prefix = spec.http?.[0]?.match?.[0]?.uri?.prefix ?? "";
      if (apis.has(prefix) || /^\/(dex|oauth2)\//.test(prefix)) continue;
      apps.add(applicationOf(o.source.resource) ?? o.source.resource);
    }
    expect(apps.size).toBeGreaterThanOrEqual(7);
    for (const app of apps) {
      expect({ app, webPath: APPLICATION_STATUS_FACTS[app as ApplicationKey]?.webPath }).toEqual({
        app,
        webPath: expect.stringMatching(/^\//),
      });
    }
  });
});
