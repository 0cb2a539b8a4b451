/**
 * Rule `status-urls-routed` on the real platform set of the example stacks, and on broken variants: a
 * missing route, a route to a port the Service lacks, a Service that selects no pods.
 */
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
import { platformSet } from "../sets";

let dev: PlatformSet;
let eks: PlatformSet;
beforeAll(async () => {
  dev = await platformSet("dev");
  eks = await platformSet("eks-example");
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
});
