import {
  APP_DATABASES,
  appDatabases,
  createDatabaseContainer,
} from "../../../../components/kubeflow/transforms/app-databases";
import { K8sObject } from "../../../../components/kubeflow/types";
import { applicationOf, bundleObjects, contextFor, deepFreeze } from "./bundles";

type Container = {
  name: string;
  image: string;
  args?: string[];
  env?: Array<{ name: string; value?: string }>;
};
const podSpec = (o: K8sObject) =>
  (o.spec as { template: { spec: { containers: Container[]; initContainers?: Container[] } } })
    .template.spec;
const inCluster = { database: { type: "in-cluster" as const } };
const managed = { database: { type: "managed" as const } };

describe.each(APP_DATABASES)("$application on the managed database (26.03)", (app) => {
  const objects = bundleObjects("26.03").filter((b) => applicationOf(b.path) === app.application);
  const params = (type: "in-cluster" | "managed") => ({
    katib: app.application === "katib" && type === "managed" ? managed : inCluster,
    modelRegistry: app.application === "modelRegistry" && type === "managed" ? managed : inCluster,
  });
  const run = (type: "in-cluster" | "managed") => {
    const t = appDatabases(params(type), { [app.application]: { user: "kubeflow" } });
    return objects
      .map((b) => t(deepFreeze(b.obj), contextFor("26.03", b)))
      .filter((o): o is K8sObject => o !== undefined);
  };
  const names = (objs: K8sObject[]) => new Set(objs.map((o) => `${o.kind}/${o.metadata.name}`));
  const get = (objs: K8sObject[], kind: string, name: string) =>
    objs.find((o) => o.kind === kind && o.metadata.name === name);

  it("names objects the release has: the dropped ones, the client, the Secret, the database's image", () => {
    const n = names(run("in-cluster"));
    for (const o of [...app.dropped, `Deployment/${app.client}`, `Secret/${app.secret.name}`])
      expect([o, n.has(o)]).toEqual([o, true]);
    const db = objects.find(
      (b) => `${b.obj.kind}/${b.obj.metadata.name}` === `Deployment/${app.service}`,
    )!;
    expect(podSpec(db.obj).containers[0]!.image).toBe(app.image);
    // The client dials the Service name the stack keeps (Katib by its default host, Model Registry in its DSN).
    const client = get(run("in-cluster"), "Deployment", app.client)!;
    const dsn = JSON.stringify(podSpec(client).containers[0]);
    if (app.application === "modelRegistry") expect(dsn).toContain(`tcp(${app.service}:`);
  });

  it("drops the in-cluster database's workload, claim and Service, keeping the Secret", () => {
    const n = names(run("managed"));
    for (const gone of app.dropped) expect([gone, n.has(gone)]).toEqual([gone, false]);
    expect(n.has(`Secret/${app.secret.name}`)).toBe(true);
  });

  it("gives the client the server's user and an init container creating its database", () => {
    const objs = run("managed");
    const spec = podSpec(get(objs, "Deployment", app.client)!);
    expect(spec.initContainers).toContainEqual(createDatabaseContainer(app, "kubeflow"));
    expect(createDatabaseContainer(app, "kubeflow").command).toContain(
      `--execute=CREATE DATABASE IF NOT EXISTS \`${app.database}\``,
    );
    if (app.userEnv !== undefined)
      expect(spec.containers[0]!.env).toContainEqual({ name: app.userEnv, value: "kubeflow" });
    if (app.secret.userKey !== undefined) {
      const secret = get(objs, "Secret", app.secret.name)!;
      expect((secret.stringData as Record<string, string>)[app.secret.userKey]).toBe("kubeflow");
      expect(((secret.data ?? {}) as Record<string, string>)[app.secret.userKey]).toBeUndefined();
    }
    if (app.databaseParameter !== undefined) {
      const cm = get(objs, "ConfigMap", app.databaseParameter.configMap)!;
      expect((cm.data as Record<string, string>)[app.databaseParameter.key]).toBe(app.database);
    }
  });

  it("refuses a managed database the caller did not hand over", () => {
    expect(() => appDatabases(params("managed"), {})).toThrow(
      `${app.application}.database.type is "managed" and no managed database was given`,
    );
  });
});

describe("APP_DATABASES", () => {
  it("gives each application its own database name on the shared server, none of Pipelines'", () => {
    const dbs = APP_DATABASES.map((a) => a.database);
    expect(new Set(dbs).size).toBe(dbs.length);
    for (const pipelines of ["mlpipeline", "metadb", "cachedb"])
      expect(dbs).not.toContain(pipelines);
  });
});
