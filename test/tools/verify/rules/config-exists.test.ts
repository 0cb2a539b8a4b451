import { K8sObject } from "../../../../components/kubeflow/types";
import { podTemplates } from "../../../../tools/verify/objects";
import { configExists, requiredConfig } from "../../../../tools/verify/rules/config-exists";
import { bundleFileSet, deployment, setOf } from "./fixtures";

function configMap(ns: string, name: string): K8sObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns }, data: {} };
}
function secret(ns: string, name: string): K8sObject {
  return { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: ns }, type: "Opaque" };
}

/** A Katib-like controller: a webhook cert volume, a config volume, envFrom and a secretKeyRef. */
function controller(extra: Record<string, unknown> = {}): K8sObject {
  return deployment(
    "kubeflow",
    "katib-controller",
    { app: "katib-controller" },
    {
      containers: [
        {
          name: "katib-controller",
          image: "ghcr.io/kubeflow/katib/katib-controller:v0.19.0",
          envFrom: [{ configMapRef: { name: "katib-env" } }],
          env: [
            {
              name: "DB_PASSWORD",
              valueFrom: {
                secretKeyRef: { name: "katib-mysql-secrets", key: "MYSQL_ROOT_PASSWORD" },
              },
            },
            {
              name: "KATIB_CORE_NAMESPACE",
              valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } },
            },
          ],
        },
      ],
      volumes: [
        { name: "cert", secret: { secretName: "katib-webhook-cert" } },
        { name: "katib-config", configMap: { name: "katib-config" } },
        {
          name: "kube-api-access",
          projected: {
            sources: [
              { configMap: { name: "kube-root-ca.crt" } },
              { serviceAccountToken: { path: "token" } },
            ],
          },
        },
      ],
      ...extra,
    },
  );
}

const certificate: K8sObject = {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: { name: "katib-webhook-cert", namespace: "kubeflow" },
  spec: {
    secretName: "katib-webhook-cert",
    issuerRef: { kind: "Issuer", name: "katib-selfsigned-issuer" },
  },
};

describe("config-exists", () => {
  it("lists what a pod template requires: volumes, projected sources, envFrom and key references", () => {
    const [pod] = podTemplates(setOf(controller()));
    expect(requiredConfig(pod!)).toEqual([
      { kind: "Secret", name: "katib-webhook-cert", via: "volume cert" },
      { kind: "ConfigMap", name: "katib-config", via: "volume katib-config" },
      { kind: "ConfigMap", name: "kube-root-ca.crt", via: "volume kube-api-access" },
      { kind: "ConfigMap", name: "katib-env", via: "container katib-controller envFrom" },
      {
        kind: "Secret",
        name: "katib-mysql-secrets",
        via: "container katib-controller env DB_PASSWORD",
      },
    ]);
  });

  it("accepts a pod whose config exists, whose cert Secret a Certificate writes, and kube-root-ca.crt", () => {
    const set = setOf(
      controller(),
      certificate,
      configMap("kubeflow", "katib-config"),
      configMap("kubeflow", "katib-env"),
      secret("kubeflow", "katib-mysql-secrets"),
    );
    expect(configExists.check(set)).toEqual([]);
  });

  it("reports a missing ConfigMap and a missing Secret, each with what references it", () => {
    const set = setOf(
      controller(),
      certificate,
      configMap("kubeflow", "katib-env"),
      configMap("kubeflow", "katib-configs"),
    );
    expect(configExists.check(set)).toEqual([
      {
        rule: "config-exists",
        object: "Deployment kubeflow/katib-controller",
        message:
          "volume katib-config needs ConfigMap katib-config in namespace kubeflow, which neither the set, a " +
          "Certificate's secretName nor a known controller provides; ConfigMaps in kubeflow: katib-configs and katib-env",
        fix: expect.stringContaining("create ConfigMap kubeflow/katib-config") as string,
      },
      expect.objectContaining({
        message: expect.stringMatching(
          /^container katib-controller env DB_PASSWORD needs Secret katib-mysql-secrets in namespace kubeflow,/,
        ) as string,
      }),
    ]);
  });

  it("does not count a Secret of another namespace", () => {
    const set = setOf(
      controller(),
      certificate,
      configMap("kubeflow", "katib-config"),
      configMap("kubeflow", "katib-env"),
      secret("katib", "katib-mysql-secrets"),
    );
    expect(configExists.check(set).map((v) => v.message.split(",")[0])).toEqual([
      "container katib-controller env DB_PASSWORD needs Secret katib-mysql-secrets in namespace kubeflow",
    ]);
  });

  it("ignores references marked optional: true", () => {
    const pod = deployment(
      "istio-system",
      "istiod",
      { app: "istiod" },
      {
        containers: [
          {
            name: "discovery",
            image: "docker.io/istio/pilot:1.29.6",
            envFrom: [{ secretRef: { name: "istiod-env", optional: true } }],
          },
        ],
        volumes: [
          { name: "cacerts", secret: { secretName: "cacerts", optional: true } },
          {
            name: "extra",
            projected: { sources: [{ configMap: { name: "istio-extra", optional: true } }] },
          },
        ],
      },
    );
    expect(configExists.check(setOf(pod))).toEqual([]);
  });

  it("accepts istio-ca-root-cert only when the set installs istiod", () => {
    const gateway = deployment(
      "istio-system",
      "cluster-local-gateway",
      { app: "cluster-local-gateway" },
      {
        containers: [{ name: "istio-proxy", image: "gcr.io/istio-release/proxyv2:1.28.0" }],
        volumes: [{ name: "istiod-ca-cert", configMap: { name: "istio-ca-root-cert" } }],
      },
    );
    const istiod = deployment("istio-system", "istiod", {
      app: "istiod",
      "istio.io/rev": "default",
    });
    expect(configExists.check(setOf(gateway, istiod))).toEqual([]);
    expect(configExists.check(setOf(gateway)).map((v) => v.message.split(",")[0])).toEqual([
      "volume istiod-ca-cert needs ConfigMap istio-ca-root-cert in namespace istio-system",
    ]);
  });

  it("finds every Secret and ConfigMap the real Katib bundle's pods need", () => {
    const set = bundleFileSet(
      "26.03",
      "applications__katib__upstream__installs__katib-with-kubeflow.yaml",
    );
    expect(podTemplates(set).flatMap(requiredConfig).length).toBeGreaterThan(3);
    expect(configExists.check(set)).toEqual([]);
  });

  it("reports only istio-ca-root-cert in the real cluster-local gateway: istiod, which writes it, is in the Istio install", () => {
    const set = bundleFileSet("26.03", "common__istio__cluster-local-gateway__base.yaml");
    expect(configExists.check(set).map((v) => [v.object, v.message.split(",")[0]])).toEqual([
      [
        "Deployment istio-system/cluster-local-gateway",
        "volume istiod-ca-cert needs ConfigMap istio-ca-root-cert in namespace istio-system",
      ],
    ]);
  });
});
