import { serviceSelectsPods } from "../../../../tools/verify/rules/service-selects-pods";
import { serviceSelector, services } from "../../../../tools/verify/rules/common";
import { bundleFileSet, deployment, service, setOf } from "./fixtures";

const ui = deployment(
  "kubeflow",
  "katib-ui",
  { app: "katib", component: "ui" },
  {
    containers: [
      {
        name: "katib-ui",
        image: "ghcr.io/kubeflow/katib/katib-ui:v0.19.0",
        ports: [{ name: "ui", containerPort: 8080 }],
      },
    ],
  },
);

describe("service-selects-pods", () => {
  it("reports a Service whose selector matches no pod of its namespace, naming the nearest pods", () => {
    const svc = service("kubeflow", "katib-ui", { app: "katib", component: "frontend" }, [
      { name: "ui", port: 80, targetPort: 8080 },
    ]);
    expect(serviceSelectsPods.check(setOf(ui, svc))).toEqual([
      {
        rule: "service-selects-pods",
        object: "Service kubeflow/katib-ui",
        message:
          "selector {app: katib, component: frontend} matches no pod in namespace kubeflow; nearest pods " +
          "there: Deployment kubeflow/katib-ui {app: katib, component: ui}",
        fix: expect.stringContaining(
          "make spec.selector equal to the pod template labels",
        ) as string,
      },
    ]);
  });

  it("does not match pods of another namespace", () => {
    const svc = service("kubeflow-user", "katib-ui", { app: "katib", component: "ui" }, [
      { port: 80, targetPort: 8080 },
    ]);
    const [v] = serviceSelectsPods.check(setOf(ui, svc));
    expect(v?.message).toBe(
      "selector {app: katib, component: ui} matches no pod in namespace kubeflow-user; the set has no " +
        "pod template in namespace kubeflow-user",
    );
  });

  it("reports a named targetPort that no selected pod declares, listing the ports they do declare", () => {
    const svc = service("kubeflow", "katib-ui", { app: "katib", component: "ui" }, [
      { name: "http", port: 80, targetPort: "http-ui" },
    ]);
    expect(serviceSelectsPods.check(setOf(ui, svc))).toEqual([
      expect.objectContaining({
        rule: "service-selects-pods",
        object: "Service kubeflow/katib-ui",
        message:
          'port http has targetPort "http-ui"/TCP, which no selected pod declares (Deployment ' +
          "kubeflow/katib-ui); their container ports: ui=8080/TCP",
      }),
    ]);
  });

  it("matches a named targetPort only with the same protocol", () => {
    const svc = service("kubeflow", "katib-ui", { app: "katib", component: "ui" }, [
      { name: "dns", port: 53, targetPort: "ui", protocol: "UDP" },
    ]);
    expect(serviceSelectsPods.check(setOf(ui, svc)).map((v) => v.message)).toEqual([
      expect.stringContaining('targetPort "ui"/UDP, which no selected pod declares'),
    ]);
  });

  it("accepts a Service that selects pods, with a declared named port and an undeclared numeric one", () => {
    const svc = service("kubeflow", "katib-ui", { app: "katib", component: "ui" }, [
      { name: "ui", port: 80, targetPort: "ui" },
      { name: "metrics", port: 9090, targetPort: 9090 },
    ]);
    expect(serviceSelectsPods.check(setOf(ui, svc))).toEqual([]);
  });

  it("finds a named port on a native sidecar (an init container with restartPolicy Always)", () => {
    const pod = deployment(
      "kubeflow",
      "app",
      { app: "app" },
      {
        containers: [{ name: "app", image: "example.com/app:1" }],
        initContainers: [
          {
            name: "proxy",
            image: "example.com/proxy:1",
            restartPolicy: "Always",
            ports: [{ name: "web", containerPort: 8443 }],
          },
        ],
      },
    );
    const svc = service("kubeflow", "app", { app: "app" }, [{ port: 443, targetPort: "web" }]);
    expect(serviceSelectsPods.check(setOf(pod, svc))).toEqual([]);
  });

  it("leaves a Service without a selector alone (its endpoints are managed elsewhere)", () => {
    const svc = service("kubeflow", "external-db", {}, [{ port: 3306 }]);
    expect(serviceSelectsPods.check(setOf(svc))).toEqual([]);
  });

  it("finds every Service of the real Katib bundle backed by a Katib pod", () => {
    const set = bundleFileSet(
      "26.03",
      "applications__katib__upstream__installs__katib-with-kubeflow.yaml",
    );
    expect(services(set).filter((s) => Object.keys(serviceSelector(s)).length > 0)).toHaveLength(4);
    expect(serviceSelectsPods.check(set)).toEqual([]);
  });

  it("reports only knative-local-gateway in the real Knative Serving bundle: its pods come from common/istio/cluster-local-gateway", () => {
    const set = bundleFileSet("26.03", "common__knative__knative-serving__overlays__gateways.yaml");
    expect(serviceSelectsPods.check(set).map((v) => v.object)).toEqual([
      "Service istio-system/knative-local-gateway",
    ]);
  });
});
