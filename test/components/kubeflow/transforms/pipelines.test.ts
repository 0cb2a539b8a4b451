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
