import {
  namespacesWithData,
  resourceOptionsFor,
} from "../../../../components/kubeflow/transforms/protection";
import { K8sObject, objectKey } from "../../../../components/kubeflow/types";
import { TEST_RELEASES } from "../../../harness/upstream";
import { bundleObjects } from "./bundles";

function protectedKeys(release: string, mode: "protect" | "retain" | "none") {
  const objects = bundleObjects(release).map((b) => b.obj);
  const opts = { dataProtection: mode, dataNamespaces: namespacesWithData(objects) };
  const out = { protect: new Set<string>(), retain: new Set<string>() };
  for (const o of objects) {
    const r = resourceOptionsFor(o, opts);
    if (r.protect) out.protect.add(objectKey(o));
    if (r.retainOnDelete) out.retain.add(objectKey(o));
  }
  return out;
}

const nonCrd = (keys: Set<string>) =>
  [...keys].filter((k) => !k.includes("/CustomResourceDefinition/")).sort();

describe("data protection on the real bundles (default: protect)", () => {
  it.each([
    [
      "26.03",
      [
        "/Namespace//kubeflow",
        "/PersistentVolumeClaim//metadata-mysql",
        "/PersistentVolumeClaim//model-catalog-postgres",
        "/PersistentVolumeClaim/kubeflow/katib-mysql",
        "/PersistentVolumeClaim/kubeflow/mysql-pv-claim",
        "/PersistentVolumeClaim/kubeflow/seaweedfs-pvc",
        "kubeflow.org/Profile//kubeflow-user-example-com",
      ],
    ],
    [
      "v1.11.0",
      [
        "/Namespace//kubeflow",
        "/PersistentVolumeClaim/kubeflow/katib-mysql",
        "/PersistentVolumeClaim/kubeflow/mysql-pv-claim",
        "/PersistentVolumeClaim/kubeflow/seaweedfs-pvc",
        "kubeflow.org/Profile//kubeflow-user-example-com",
      ],
    ],
    [
      "v1.10.2",
      [
        "/Namespace//kubeflow",
        "/PersistentVolumeClaim/kubeflow/katib-mysql",
        "/PersistentVolumeClaim/kubeflow/minio-pvc",
        "/PersistentVolumeClaim/kubeflow/mysql-pv-claim",
        "kubeflow.org/Profile//kubeflow-user-example-com",
      ],
    ],
  ])(
    "release %s protects its volumes, the kubeflow namespace and the example profile",
    (release, expected) => {
      expect(nonCrd(protectedKeys(release, "protect").protect)).toEqual(expected);
    },
  );

  it.each(TEST_RELEASES)("release %s protects every CRD", (release) => {
    const crds = bundleObjects(release).filter((b) => b.obj.kind === "CustomResourceDefinition");
    const p = protectedKeys(release, "protect").protect;
    expect(crds.length).toBeGreaterThan(80);
    for (const c of crds) expect(p.has(objectKey(c.obj))).toBe(true);
  });

  it("retains the database workloads on delete without protecting them (upgrades may replace them)", () => {
    const { protect, retain } = protectedKeys("26.03", "protect");
    for (const db of [
      "apps/Deployment/kubeflow/mysql",
      "apps/Deployment/kubeflow/seaweedfs",
      "apps/Deployment/kubeflow/katib-mysql",
      "apps/Deployment//model-registry-db",
      "apps/StatefulSet//model-catalog-postgres",
    ]) {
      expect(retain.has(db)).toBe(true);
      expect(protect.has(db)).toBe(false);
    }
  });

  it('"retain" keeps objects on delete without blocking changes; "none" guards nothing', () => {
    const retain = protectedKeys("26.03", "retain");
    expect(retain.protect.size).toBe(0);
    expect(retain.retain.has("/PersistentVolumeClaim/kubeflow/mysql-pv-claim")).toBe(true);
    const none = protectedKeys("26.03", "none");
    expect(none.protect.size + none.retain.size).toBe(0);
  });

  it("protects nothing stateless: Services, ConfigMaps, RBAC and stateless Deployments", () => {
    const { retain } = protectedKeys("26.03", "protect");
    const kinds = new Set([...retain].map((k) => k.split("/")[1]));
    expect([...kinds].sort()).toEqual([
      "CustomResourceDefinition",
      "Deployment",
      "Namespace",
      "PersistentVolumeClaim",
      "Profile",
      "StatefulSet",
    ]);
    expect(retain.has("apps/Deployment/kubeflow/ml-pipeline")).toBe(false);
  });
});

describe("immutable fields", () => {
  const opts = { dataProtection: "protect" as const, dataNamespaces: new Set<string>() };
  const find = (kind: string, name: string): K8sObject =>
    bundleObjects("26.03").find((b) => b.obj.kind === kind && b.obj.metadata.name === name)!.obj;

  it("a Deployment's selector change is a delete-then-create replacement (JobSet's 26.03 → next hazard)", () => {
    const r = resourceOptionsFor(find("Deployment", "jobset-controller-manager"), opts);
    expect(r.replaceOnChanges).toEqual(["spec.selector"]);
    expect(r.deleteBeforeReplace).toBe(true);
    expect(r.protect).toBe(false);
  });

  it("a StatefulSet replaces on its selector, service name, claim templates and pod management policy", () => {
    const r = resourceOptionsFor(find("StatefulSet", "metacontroller"), opts);
    expect(r.replaceOnChanges).toEqual([
      "spec.selector",
      "spec.serviceName",
      "spec.volumeClaimTemplates",
      "spec.podManagementPolicy",
    ]);
  });

  it("a protected PVC lists its immutable fields, so changing its class fails at preview", () => {
    const r = resourceOptionsFor(find("PersistentVolumeClaim", "mysql-pv-claim"), opts);
    expect(r.protect).toBe(true);
    expect(r.replaceOnChanges).toContain("spec.storageClassName");
  });

  it("a ConfigMap has no replacement fields", () => {
    const r = resourceOptionsFor(find("ConfigMap", "pipeline-install-config"), opts);
    expect(r).toEqual({
      protect: false,
      retainOnDelete: false,
      replaceOnChanges: [],
      deleteBeforeReplace: false,
    });
  });
});
