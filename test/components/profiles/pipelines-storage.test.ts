import { parse } from "yaml";
import {
  launcherProviders,
  namespaceArtifactRepository,
  pipelinesNamespaceObjects,
  ProfileArtifactStore,
} from "../../../components/profiles/pipelines-storage";
import { databaseServiceObjects } from "../../../components/kubeflow/managed-stores-link";
import { applyPatches, mergePatch } from "../../../tools/verify/object-set";
import { K8sObject } from "../../../components/kubeflow/types";

const s3Keys: ProfileArtifactStore = {
  scheme: "s3",
  bucket: "kfp",
  endpoint: "minio.example.com:9000",
  region: "us-east-1",
  secure: false,
  credentials: "keys",
};
const s3Irsa: ProfileArtifactStore = {
  scheme: "s3",
  bucket: "kfp",
  endpoint: "s3.eu-west-1.amazonaws.com",
  region: "eu-west-1",
  credentials: "workload-identity",
};
const gcs: ProfileArtifactStore = {
  scheme: "gs",
  bucket: "kfp",
  endpoint: "storage.googleapis.com",
  region: "europe-west4",
  credentials: "workload-identity",
};

describe("pipelinesNamespaceObjects", () => {
  it("roots the namespace's artifacts under its own prefix, as KFP's sync.py does", () => {
    const [launcher] = pipelinesNamespaceObjects("team-a", gcs);
    expect(launcher!.metadata).toEqual({ name: "kfp-launcher", namespace: "team-a" });
    expect((launcher!.data as Record<string, string>).defaultPipelineRoot).toBe(
      "gs://kfp/private-artifacts/team-a/v2/artifacts",
    );
  });

  it("reads static keys from the namespace's Secret, or the pod's identity (fromEnv) without one", () => {
    expect(launcherProviders(s3Keys)).toEqual({
      s3: {
        default: {
          endpoint: "minio.example.com:9000",
          region: "us-east-1",
          disableSSL: true,
          credentials: {
            fromEnv: false,
            secretRef: {
              secretName: "mlpipeline-minio-artifact",
              accessKeyKey: "accesskey",
              secretKeyKey: "secretkey",
            },
          },
        },
      },
    });
    expect(launcherProviders(s3Irsa)).toMatchObject({
      s3: { default: { disableSSL: false, credentials: { fromEnv: true } } },
    });
    expect(launcherProviders(gcs)).toEqual({ gs: { default: { credentials: { fromEnv: true } } } });
    expect(() => launcherProviders({ ...gcs, credentials: "keys" })).toThrow(
      /store.credentials: a gs:\/\/ store takes "workload-identity"/,
    );
    const providers = pipelinesNamespaceObjects("team-a", s3Irsa)[0]!.data as Record<
      string,
      string
    >;
    expect(parse(providers.providers!)).toEqual(launcherProviders(s3Irsa));
  });

  it("makes Argo's namespace repository the default, with the SDK's credentials or the key Secret", () => {
    const repo = pipelinesNamespaceObjects("team-a", s3Irsa)[2]!;
    expect(repo.metadata.annotations).toEqual({
      "workflows.argoproj.io/default-artifact-repository": "default-namespaced",
    });
    expect(JSON.parse((repo.data as Record<string, string>)["default-namespaced"]!)).toEqual(
      namespaceArtifactRepository("team-a", s3Irsa),
    );
    expect(namespaceArtifactRepository("team-a", s3Irsa).s3).toMatchObject({
      useSDKCreds: true,
      insecure: false,
    });
    expect(namespaceArtifactRepository("team-a", s3Keys).s3).toMatchObject({
      insecure: true,
      accessKeySecret: { name: "mlpipeline-minio-artifact", key: "accesskey" },
    });
    expect(namespaceArtifactRepository("team-a", gcs)).toEqual({
      archiveLogs: true,
      gcs: {
        bucket: "kfp",
        keyFormat: expect.stringMatching(/^private-artifacts\/team-a\//) as string,
      },
    });
  });
});

describe("databaseServiceObjects", () => {
  it("puts an IP address behind a selector-less Service and its EndpointSlice", () => {
    const [svc, slice] = databaseServiceObjects({
      service: "mysql",
      namespace: "kubeflow",
      host: "10.3.0.5",
      addressType: "IPv4",
      port: 3306,
    });
    expect(svc!.spec).toEqual({
      ports: [{ name: "tcp-mysql", port: 3306, targetPort: 3306, protocol: "TCP" }],
    });
    expect(slice).toMatchObject({
      kind: "EndpointSlice",
      metadata: { namespace: "kubeflow", labels: { "kubernetes.io/service-name": "mysql" } },
      addressType: "IPv4",
      ports: [{ name: "tcp-mysql", port: 3306 }],
      endpoints: [{ addresses: ["10.3.0.5"] }],
    });
  });

  it("puts a DNS name behind an ExternalName Service", () => {
    const objs = databaseServiceObjects({
      service: "mysql",
      namespace: "kubeflow",
      host: "db.abc.eu-west-1.rds.amazonaws.com",
      addressType: "FQDN",
      port: 3306,
    });
    expect(objs).toHaveLength(1);
    expect(objs[0]!.spec).toMatchObject({
      type: "ExternalName",
      externalName: "db.abc.eu-west-1.rds.amazonaws.com",
    });
  });
});

describe("applyPatches (verify's object set)", () => {
  const sa = (annotations?: Record<string, string>): K8sObject => ({
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: "ml-pipeline",
      namespace: "kubeflow",
      ...(annotations ? { annotations } : {}),
    },
  });
  const src = { via: "program" as const, resource: "x" };

  it("merges a patch into the object it names, keeping the object's other fields", () => {
    const base = { ...sa({ a: "1" }), automountServiceAccountToken: false };
    const [merged] = applyPatches(
      [{ obj: base, source: src }],
      [{ obj: sa({ b: "2" }), source: src }],
    );
    expect(merged!.obj).toEqual({
      ...base,
      metadata: { ...base.metadata, annotations: { a: "1", b: "2" } },
    });
  });

  it("keeps a patch of an object the set does not hold as that object", () => {
    expect(applyPatches([], [{ obj: sa({ b: "2" }), source: src }])).toHaveLength(1);
  });

  it("replaces lists and scalars, as server-side apply does for atomic fields", () => {
    expect(mergePatch({ a: [1, 2], b: { c: 1 } }, { a: [3], b: { d: 2 } })).toEqual({
      a: [3],
      b: { c: 1, d: 2 },
    });
  });
});
