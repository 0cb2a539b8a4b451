import { K8sObject } from "../../../../components/kubeflow/types";
import { certificatesResolve } from "../../../../tools/verify/rules/certificates-resolve";
import { bundleFileSet, setOf } from "./fixtures";

function certificate(ns: string, issuerRef: Record<string, string>): K8sObject {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "kserve-serving-cert", namespace: ns },
    spec: {
      secretName: "kserve-webhook-server-cert",
      dnsNames: ["kserve-webhook-server-service.kubeflow.svc"],
      issuerRef,
    },
  };
}
function issuer(kind: "Issuer" | "ClusterIssuer", name: string, ns?: string): K8sObject {
  return {
    apiVersion: "cert-manager.io/v1",
    kind,
    metadata: { name, ...(ns !== undefined ? { namespace: ns } : {}) },
    spec: { selfSigned: {} },
  };
}

describe("certificates-resolve", () => {
  it("accepts an Issuer of the Certificate's namespace (the default kind) and a ClusterIssuer", () => {
    const set = setOf(
      issuer("Issuer", "selfsigned-issuer", "kubeflow"),
      issuer("ClusterIssuer", "kubeflow-self-signing-issuer"),
      certificate("kubeflow", { name: "selfsigned-issuer" }),
      certificate("kubeflow", { kind: "ClusterIssuer", name: "kubeflow-self-signing-issuer" }),
    );
    expect(certificatesResolve.check(set)).toEqual([]);
  });

  it("reports an Issuer that exists only in another namespace", () => {
    const set = setOf(
      issuer("Issuer", "selfsigned-issuer", "cert-manager"),
      certificate("kubeflow", { kind: "Issuer", name: "selfsigned-issuer" }),
    );
    expect(certificatesResolve.check(set)).toEqual([
      {
        rule: "certificates-resolve",
        object: "Certificate kubeflow/kserve-serving-cert",
        message:
          "issuerRef names Issuer selfsigned-issuer, which namespace kubeflow does not hold (an Issuer serves " +
          "only its own namespace); Issuers in kubeflow: none; an Issuer selfsigned-issuer exists in cert-manager",
        fix: "add Issuer selfsigned-issuer to namespace kubeflow, or refer to a ClusterIssuer (issuerRef.kind: ClusterIssuer)",
      },
    ]);
  });

  it("reports a ClusterIssuer the set does not hold", () => {
    const set = setOf(
      issuer("ClusterIssuer", "kubeflow-self-signing-issuer"),
      certificate("istio-system", { kind: "ClusterIssuer", name: "letsencrypt" }),
    );
    expect(certificatesResolve.check(set).map((v) => v.message)).toEqual([
      "issuerRef names ClusterIssuer letsencrypt, which the set does not hold; ClusterIssuers: kubeflow-self-signing-issuer",
    ]);
  });

  it("skips issuers of external groups, which cert-manager resolves through their own controllers", () => {
    const set = setOf(
      certificate("kubeflow", {
        group: "awspca.cert-manager.io",
        kind: "AWSPCAClusterIssuer",
        name: "pca",
      }),
    );
    expect(certificatesResolve.check(set)).toEqual([]);
  });

  it("resolves the real KServe bundle's Certificates to its own Issuer", () => {
    const set = bundleFileSet("26.03", "applications__kserve__kserve.yaml");
    expect(set.objects.filter((o) => o.obj.kind === "Certificate")).toHaveLength(2);
    expect(certificatesResolve.check(set)).toEqual([]);
  });

  it("resolves both Certificates of the real Pipelines cert-manager bundle, each to its own Issuer", () => {
    const set = bundleFileSet(
      "26.03",
      "applications__pipeline__upstream__env__cert-manager__platform-agnostic-multi-user-k8s-native.yaml",
    );
    expect(set.objects.filter((o) => o.obj.kind === "Certificate")).toHaveLength(2);
    expect(certificatesResolve.check(set)).toEqual([]);
  });

  it("leaves Certificates of other API groups alone (Knative's networking Certificate is not cert-manager's)", () => {
    const knative: K8sObject = {
      ...certificate("knative-serving", { kind: "Issuer", name: "missing" }),
      apiVersion: "networking.internal.knative.dev/v1alpha1",
    };
    expect(certificatesResolve.check(setOf(knative))).toEqual([]);
    expect(
      certificatesResolve.check(
        setOf(certificate("knative-serving", { kind: "Issuer", name: "missing" })),
      ),
    ).toHaveLength(1);
  });
});
