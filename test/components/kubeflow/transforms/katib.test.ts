import {
  createDatabaseContainer,
  KATIB_MYSQL_IMAGE,
  katibStorage,
} from "../../../../components/kubeflow/transforms/katib";
import { K8sObject } from "../../../../components/kubeflow/types";
import { applicationOf, bundleObjects, contextFor, deepFreeze } from "./bundles";

type Container = { name: string; image: string; env?: Array<{ name: string; value?: string }> };
const podSpec = (o: K8sObject) =>
  (o.spec as { template: { spec: { containers: Container[]; initContainers?: Container[] } } })
    .template.spec;

describe("Katib on the managed database (26.03)", () => {
  const katib = bundleObjects("26.03").filter((b) => applicationOf(b.path) === "katib");
  const run = (type: "in-cluster" | "managed") => {
    const t = katibStorage(
      { database: { type } },
      type === "managed" ? { user: "kubeflow" } : undefined,
    );
    return katib
      .map((b) => t(deepFreeze(b.obj), contextFor("26.03", b)))
      .filter((o): o is K8sObject => o !== undefined);
  };
  const names = (objs: K8sObject[]) => new Set(objs.map((o) => `${o.kind}/${o.metadata.name}`));

  it("keeps the release's katib-mysql in-cluster", () => {
    const n = names(run("in-cluster"));
    for (const kept of [
      "Deployment/katib-mysql",
      "PersistentVolumeClaim/katib-mysql",
      "Service/katib-mysql",
    ])
      expect([kept, n.has(kept)]).toEqual([kept, true]);
  });

  it("drops katib-mysql's workload, claim and Service, keeping the Secret its clients read", () => {
    const n = names(run("managed"));
    for (const gone of [
      "Deployment/katib-mysql",
      "PersistentVolumeClaim/katib-mysql",
      "Service/katib-mysql",
    ])
      expect([gone, n.has(gone)]).toEqual([gone, false]);
    expect(n.has("Secret/katib-mysql-secrets")).toBe(true);
  });

  it("gives the DB manager the server's user and an init container that creates the katib database", () => {
    const manager = run("managed").find(
      (o) => o.kind === "Deployment" && o.metadata.name === "katib-db-manager",
    )!;
    const spec = podSpec(manager);
    expect(spec.containers[0]!.env).toContainEqual({ name: "DB_USER", value: "kubeflow" });
    expect(spec.initContainers).toEqual([createDatabaseContainer("kubeflow")]);
    expect(createDatabaseContainer("kubeflow").command).toContain(
      "--execute=CREATE DATABASE IF NOT EXISTS `katib`",
    );
  });

  it("runs the init container on the MySQL image the release runs katib-mysql with", () => {
    const mysql = katib.find(
      (b) => b.obj.kind === "Deployment" && b.obj.metadata.name === "katib-mysql",
    )!;
    expect(podSpec(mysql.obj).containers[0]!.image).toBe(KATIB_MYSQL_IMAGE);
  });

  it("refuses a managed database the caller did not hand over", () => {
    expect(() => katibStorage({ database: { type: "managed" } }, undefined)).toThrow(
      'katib.database.type is "managed" and no managed database was given',
    );
  });
});
