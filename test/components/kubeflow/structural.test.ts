import {
  clearClusterScopedNamespace,
  dropServiceNamespaces,
  placeInNamespace,
} from "../../../components/kubeflow/structural";
import { K8sObject, TransformContext } from "../../../components/kubeflow/types";

const ctx = (path: string): TransformContext => ({
  release: "26.03",
  application: "modelRegistry",
  origin: { release: "26.03", path, index: 0 },
  secrets: {},
});
const o = (apiVersion: string, kind: string, name: string, namespace?: string, rest = {}) =>
  ({
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    ...rest,
  }) as K8sObject;

describe("structural transforms", () => {
  it("drop the Namespaces the platform services own and keep the others", () => {
    for (const n of ["cert-manager", "istio-system", "auth", "oauth2-proxy"]) {
      expect(dropServiceNamespaces(o("v1", "Namespace", n), ctx("p"))).toBeUndefined();
    }
    const kf = o("v1", "Namespace", "kubeflow");
    expect(dropServiceNamespaces(kf, ctx("p"))).toBe(kf);
  });

  it("place namespaced objects of the given paths only, with their ServiceAccount subjects, without mutating", () => {
    const place = placeInNamespace(["mr/db"], "kubeflow");
    const svc = o("v1", "Service", "db");
    expect(place(svc, ctx("mr/db"))!.metadata.namespace).toBe("kubeflow");
    expect(svc.metadata.namespace).toBeUndefined();
    expect(place(svc, ctx("other"))).toBe(svc);
    const role = o("rbac.authorization.k8s.io/v1", "ClusterRole", "r");
    expect(place(role, ctx("mr/db"))!.metadata.namespace).toBeUndefined();
    const binding = o("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "b", undefined, {
      subjects: [
        { kind: "ServiceAccount", name: "sa" },
        { kind: "User", name: "u" },
      ],
    });
    expect(place(binding, ctx("mr/db"))!.subjects).toEqual([
      { kind: "ServiceAccount", name: "sa", namespace: "kubeflow" },
      { kind: "User", name: "u" },
    ]);
  });

  it("clear the namespace kustomize set on cluster-scoped objects, using the bundle's CRD scopes", () => {
    const clear = clearClusterScopedNamespace(
      new Map([
        ["serving.kserve.io/ClusterServingRuntime", { key: "", plural: "", namespaced: false }],
      ]),
    );
    const cr = o("rbac.authorization.k8s.io/v1", "ClusterRole", "spark", "kubeflow");
    expect(clear(cr, ctx("p"))!.metadata).toEqual({ name: "spark" });
    expect(cr.metadata.namespace).toBe("kubeflow");
    const csr = o("serving.kserve.io/v1alpha1", "ClusterServingRuntime", "x", "kubeflow");
    expect(clear(csr, ctx("p"))!.metadata.namespace).toBeUndefined();
    const role = o("rbac.authorization.k8s.io/v1", "Role", "r", "kubeflow");
    expect(clear(role, ctx("p"))).toBe(role);
  });
});
