import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import {
  editArtifactRepository,
  pipelinesStorage,
} from "../../../../components/kubeflow/transforms/pipelines";
import { K8sObject } from "../../../../components/kubeflow/types";
import { TEST_RELEASES } from "../../../harness/upstream";
import { applicationOf, bundleObjects, contextFor, deepFreeze } from "./bundles";
import { params } from "./params";

const external = params({
  pipelines: {
    objectStore: {
      type: "s3",
      endpoint: "s3.eu-west-1.amazonaws.com",
      bucket: "kfp-artifacts",
      region: "eu-west-1",
      accessKeySecret: "s3Access",
      secretKeySecret: "s3Secret",
    },
    database: {
      type: "external",
      host: "10.0.0.5",
      port: 3307,
      user: "kfp",
      passwordSecret: "dbPw",
    },
  },
}).pipelines;

type Env = Array<{ name: string; value?: string }>;
const envOf = (o: K8sObject) =>
  (o.spec as { template: { spec: { containers: Array<{ env?: Env }> } } }).template.spec
    .containers[0]!.env ?? [];
const envValue = (o: K8sObject, name: string) => envOf(o).find((e) => e.name === name)?.value;

describe.each(TEST_RELEASES)(
  "Pipelines with an external object store and database on %s",
  (release) => {
    const t = pipelinesStorage(external);
    const pipelinePaths = new Set(
      bundleObjects(release)
        .filter((b) => applicationOf(b.path) === "pipelines")
        .map((b) => b.path),
    );
    const path =
      [...pipelinePaths].find((p) => !p.includes("k8s-native")) ?? [...pipelinePaths][0]!;
    const objects = bundleObjects(release).filter((b) => b.path === path);
    const out = objects.map((b) => t(deepFreeze(b.obj), contextFor(release, b)));
    const kept = out.filter((o): o is K8sObject => o !== undefined);
    const get = (kind: string, name: string) =>
      kept.find((o) => o.kind === kind && o.metadata.name === name)!;

    it("drops the in-cluster object store and database with their volumes", () => {
      const names = new Set(kept.map((o) => `${o.kind}/${o.metadata.name}`));
      for (const gone of [
        "Deployment/mysql",
        "PersistentVolumeClaim/mysql-pv-claim",
        "Service/mysql",
        "Deployment/seaweedfs",
        "Deployment/minio",
        "PersistentVolumeClaim/seaweedfs-pvc",
        "PersistentVolumeClaim/minio-pvc",
      ]) {
        expect(names.has(gone)).toBe(false);
      }
      expect(names.has("Secret/mlpipeline-minio-artifact")).toBe(true);
      expect(names.has("Secret/mysql-secret")).toBe(true);
      expect(out.length - kept.length).toBeGreaterThanOrEqual(6);
    });

    it("points the API server at the bucket's endpoint with TLS", () => {
      const api = get("Deployment", "ml-pipeline");
      expect(envValue(api, "OBJECTSTORECONFIG_HOST")).toBe("s3.eu-west-1.amazonaws.com");
      expect(envValue(api, "OBJECTSTORECONFIG_PORT")).toBe("443");
      expect(envValue(api, "OBJECTSTORECONFIG_SECURE")).toBe("true");
      expect(envValue(api, "OBJECTSTORECONFIG_REGION")).toBe("eu-west-1");
    });

    it("points the UI at the bucket, with credentials from mlpipeline-minio-artifact", () => {
      const ui = get("Deployment", "ml-pipeline-ui");
      expect(envValue(ui, "MINIO_HOST")).toBe("s3.eu-west-1.amazonaws.com");
      expect(envOf(ui)).toContainEqual({
        name: "AWS_SECRET_ACCESS_KEY",
        valueFrom: { secretKeyRef: { name: "mlpipeline-minio-artifact", key: "secretkey" } },
      });
    });

    it("configures Argo's artifact repository and the bucket name", () => {
      const wf = get("ConfigMap", "workflow-controller-configmap").data as Record<string, string>;
      const repo = parse(wf.artifactRepository!) as { s3: Record<string, unknown> };
      expect(repo.s3).toMatchObject({
        endpoint: "s3.eu-west-1.amazonaws.com",
        bucket: "kfp-artifacts",
        insecure: false,
        region: "eu-west-1",
      });
      expect(get("ConfigMap", "pipeline-install-config").data).toMatchObject({
        bucketName: "kfp-artifacts",
        dbHost: "10.0.0.5",
        mysqlHost: "10.0.0.5",
        dbPort: "3307",
        mysqlPort: "3307",
      });
    });

    it("sets the database user; the password is left for the secure-defaults step", () => {
      const s = get("Secret", "mysql-secret");
      expect((s.stringData as Record<string, unknown>).username).toBe("kfp");
      expect(pulumi.Output.isInstance((s.stringData as Record<string, unknown>).password)).toBe(
        false,
      );
    });
  },
);

it("with in-cluster stores (the default), returns every object unchanged", () => {
  const t = pipelinesStorage(params().pipelines);
  for (const b of bundleObjects("26.03")) expect(t(b.obj, contextFor("26.03", b))).toBe(b.obj);
});

it("updates an existing region line instead of adding a second one", () => {
  const s3 = external.objectStore as Extract<typeof external.objectStore, { type: "s3" }>;
  const text =
    's3:\n  endpoint: "x:9000"\n  bucket: "b"\n  region: "us-east-1"\n  insecure: true\n';
  expect(editArtifactRepository(text, s3)).toBe(
    's3:\n  endpoint: "s3.eu-west-1.amazonaws.com"\n  bucket: "kfp-artifacts"\n  region: "eu-west-1"\n  insecure: false\n',
  );
});

describe("Pipelines on the cloud's managed stores (26.03, multi-user)", () => {
  const managed = params({
    pipelines: { objectStore: { type: "managed" }, database: { type: "managed" } },
  }).pipelines;
  const k8sNative = bundleObjects("26.03").filter(
    (b) => applicationOf(b.path) === "pipelines" && b.path.includes("k8s-native"),
  );
  const run = (store: "s3" | "gs") => {
    const t = pipelinesStorage(managed, {
      objectStore: {
        scheme: store,
        bucket: "acme-artifacts",
        endpoint: store === "s3" ? "s3.eu-west-1.amazonaws.com" : "storage.googleapis.com",
        region: "eu-west-1",
      },
      database: { user: "kubeflow" },
    });
    return k8sNative
      .map((b) => t(deepFreeze(b.obj), contextFor("26.03", b)))
      .filter((o): o is K8sObject => o !== undefined);
  };
  const get = (objs: K8sObject[], kind: string, name: string) =>
    objs.find((o) => o.kind === kind && o.metadata.name === name);

  it("refuses a managed store the caller did not hand over", () => {
    expect(() => pipelinesStorage(managed)).toThrow(
      'pipelines.objectStore.type is "managed" and no managed bucket was given',
    );
  });

  it("drops SeaweedFS, its keys, the MySQL workload and KFP's SeaweedFS-bound profile controller", () => {
    const names = new Set(run("s3").map((o) => `${o.kind}/${o.metadata.name}`));
    for (const gone of [
      "Deployment/seaweedfs",
      "Service/seaweedfs",
      "Secret/mlpipeline-minio-artifact",
      "Deployment/mysql",
      "Service/mysql",
      "PersistentVolumeClaim/mysql-pv-claim",
      "Deployment/kubeflow-pipelines-profile-controller",
      "Service/kubeflow-pipelines-profile-controller",
      "DecoratorController/kubeflow-pipelines-profile-controller",
    ])
      expect([gone, names.has(gone)]).toEqual([gone, false]);
    for (const kept of [
      "Secret/mysql-secret",
      "ConfigMap/pipeline-install-config",
      "Deployment/ml-pipeline",
    ])
      expect([kept, names.has(kept)]).toEqual([kept, true]);
    expect([...names].filter((n) => /profile-controller-(code|env)/.test(n))).toEqual([]);
  });

  it("points the API server at the bucket with empty keys, so the AWS SDK's default chain (IRSA) is used", () => {
    const api = get(run("s3"), "Deployment", "ml-pipeline")!;
    expect(envValue(api, "OBJECTSTORECONFIG_HOST")).toBe("s3.eu-west-1.amazonaws.com");
    expect(envValue(api, "OBJECTSTORECONFIG_SECURE")).toBe("true");
    expect(envValue(api, "OBJECTSTORECONFIG_ACCESSKEY")).toBe("");
    expect(envValue(api, "OBJECTSTORECONFIG_SECRETACCESSKEY")).toBe("");
    const names = envOf(api).map((e) => e.name);
    expect(names.filter((n) => n === "OBJECTSTORECONFIG_ACCESSKEY")).toHaveLength(1);
    const cfg = get(run("s3"), "ConfigMap", "pipeline-install-config")!;
    expect((cfg.data as Record<string, string>).bucketName).toBe("acme-artifacts");
  });

  it("gives the UI no keys: the endpoint and region on S3, nothing but ADC on GCS", () => {
    const s3 = envOf(get(run("s3"), "Deployment", "ml-pipeline-ui")!);
    expect(s3.filter((e) => /^(MINIO_|AWS_)/.test(e.name))).toEqual([
      { name: "AWS_S3_ENDPOINT", value: "s3.eu-west-1.amazonaws.com" },
      { name: "AWS_REGION", value: "eu-west-1" },
      { name: "AWS_SSL", value: "true" },
    ]);
    const gs = envOf(get(run("gs"), "Deployment", "ml-pipeline-ui")!);
    expect(gs.filter((e) => /^(MINIO_|AWS_)/.test(e.name))).toEqual([]);
  });

  it("writes Argo's repository for the cloud (useSDKCreds on S3, no key secret on GCS), keeping keyFormat", () => {
    const repo = (objs: K8sObject[]) =>
      parse(
        (get(objs, "ConfigMap", "workflow-controller-configmap")!.data as Record<string, string>)
          .artifactRepository!,
      ) as Record<string, Record<string, unknown>>;
    expect(repo(run("s3")).s3).toEqual({
      endpoint: "s3.eu-west-1.amazonaws.com",
      bucket: "acme-artifacts",
      region: "eu-west-1",
      keyFormat: expect.stringMatching(
        /^private-artifacts\/\{\{workflow.namespace\}\}\//,
      ) as string,
      useSDKCreds: true,
    });
    const gcs = repo(run("gs"));
    expect(gcs.s3).toBeUndefined();
    expect(Object.keys(gcs.gcs!).sort()).toEqual(["bucket", "keyFormat"]);
  });

  it("keeps the database's Secret for its clients with the managed server's user", () => {
    const secret = get(run("s3"), "Secret", "mysql-secret")!;
    expect((secret.stringData as Record<string, string>).username).toBe("kubeflow");
  });
});
