import { K8sObject } from "../../../../components/kubeflow/types";
import {
  addressRefs,
  hostsResolve,
  parseServiceAddress,
} from "../../../../tools/verify/rules/hosts-resolve";
import { PlatformSet } from "../../../../tools/verify/types";
import { bundleFileSet, deployment, namespace, service, setOf } from "./fixtures";

const PIPELINES =
  "applications__pipeline__upstream__env__cert-manager__platform-agnostic-multi-user-k8s-native.yaml";

const withEnv = (env: Record<string, string>): K8sObject =>
  deployment(
    "kubeflow",
    "ml-pipeline",
    { app: "ml-pipeline" },
    {
      containers: [
        {
          name: "api",
          image: "ghcr.io/kubeflow/kfp-api-server:2.16.0",
          env: Object.entries(env).map(([name, value]) => ({ name, value })),
        },
      ],
    },
  );

const seaweedfs = service("kubeflow", "seaweedfs", { app: "seaweedfs" }, [
  { name: "s3", port: 8333 },
  { name: "iam", port: 8111 },
  { name: "minio", port: 9000 },
]);

describe("parseServiceAddress", () => {
  const ns = new Set(["kubeflow", "istio-system"]);
  it.each([
    ["seaweedfs.kubeflow", { service: "seaweedfs", namespace: "kubeflow" }],
    ["seaweedfs.kubeflow:9000", { service: "seaweedfs", namespace: "kubeflow", port: 9000 }],
    ["http://seaweedfs.kubeflow:8333", { service: "seaweedfs", namespace: "kubeflow", port: 8333 }],
    [
      "https://istiod.istio-system.svc",
      { service: "istiod", namespace: "istio-system", port: 443 },
    ],
    [
      "http://ml-pipeline.kubeflow.svc.cluster.local/apis/v2",
      { service: "ml-pipeline", namespace: "kubeflow", port: 80 },
    ],
  ])("reads %s as an in-cluster Service address", (value, expected) => {
    expect(parseServiceAddress(value, ns)).toEqual(expected);
  });

  it.each([
    "s3.eu-west-1.amazonaws.com",
    "storage.googleapis.com:443",
    "example.com",
    "seaweedfs",
    "a sentence naming seaweedfs.kubeflow",
    "gs://bucket.kubeflow/x",
    "minio://mlpipeline.kubeflow/v2/artifacts",
  ])("does not read %s as an in-cluster address", (value) => {
    expect(parseServiceAddress(value, ns)).toBeUndefined();
  });
});

describe("hosts-resolve", () => {
  it("reports an env value naming a Service the set does not hold", () => {
    const set = setOf(
      namespace("kubeflow"),
      withEnv({ OBJECTSTORECONFIG_HOST: "minio-service.kubeflow" }),
      seaweedfs,
    );
    expect(hostsResolve.check(set)).toEqual([
      {
        rule: "hosts-resolve",
        object: "Deployment kubeflow/ml-pipeline",
        message:
          'container api env OBJECTSTORECONFIG_HOST is "minio-service.kubeflow", Service kubeflow/minio-service, ' +
          "which the set does not hold (the name does not resolve); Services in kubeflow: seaweedfs",
        fix:
          "point container api env OBJECTSTORECONFIG_HOST at a Service the platform installs, or keep the " +
          "workload that serves minio-service.kubeflow",
      },
    ]);
  });

  it("reports a port the Service does not have, and accepts the ones it has", () => {
    const set = setOf(
      namespace("kubeflow"),
      withEnv({ A: "http://seaweedfs.kubeflow:8333", B: "seaweedfs.kubeflow:8334" }),
      seaweedfs,
    );
    const violations = hostsResolve.check(set);
    expect(violations.map((v) => v.message)).toEqual([
      'container api env B is "seaweedfs.kubeflow:8334": Service kubeflow/seaweedfs has no port 8334 (ports: 8333, 8111, 9000)',
    ]);
  });

  it("reads the endpoint line of Argo's artifact repository inside a ConfigMap", () => {
    const cm: K8sObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "workflow-controller-configmap", namespace: "kubeflow" },
      data: {
        artifactRepository: 'archiveLogs: true\ns3:\n  endpoint: "seaweedfs.kubeflow:9001"\n',
      },
    };
    const [v] = hostsResolve.check(setOf(namespace("kubeflow"), cm, seaweedfs));
    expect(v?.message).toBe(
      'data.artifactRepository endpoint is "seaweedfs.kubeflow:9001": Service kubeflow/seaweedfs has no port 9001 (ports: 8333, 8111, 9000)',
    );
  });

  describe("on the real Pipelines bundle of 26.03", () => {
    const full = bundleFileSet("26.03", PIPELINES);
    const without = (set: PlatformSet, name: string): PlatformSet => ({
      ...set,
      objects: set.objects.filter(
        (o) => !(o.obj.kind === "Service" && o.obj.metadata.name === name),
      ),
    });

    it("finds the addresses Pipelines' clients are configured with, and all resolve as shipped", () => {
      const values = addressRefs(full).map((r) => `${r.from.metadata.name} ${r.via}`);
      expect(values).toEqual(
        expect.arrayContaining([
          "kubeflow-pipelines-profile-controller container profile-controller env AWS_ENDPOINT_URL",
          "ml-pipeline container ml-pipeline-api-server env OBJECTSTORECONFIG_HOST",
          "workflow-controller-configmap data.artifactRepository endpoint",
        ]),
      );
      expect(hostsResolve.check(full)).toEqual([]);
    });

    it("reports every client still pointed at SeaweedFS once its Service is gone", () => {
      const names = hostsResolve
        .check(without(full, "seaweedfs"))
        .map((v) => `${v.object} ${v.message.split(" is ")[0]}`);
      expect(names).toEqual([
        "Deployment kubeflow/kubeflow-pipelines-profile-controller container profile-controller env AWS_ENDPOINT_URL",
        "Deployment kubeflow/kubeflow-pipelines-profile-controller container profile-controller env S3_ENDPOINT_URL",
        "Deployment kubeflow/ml-pipeline container ml-pipeline-api-server env OBJECTSTORECONFIG_HOST",
        "ConfigMap kubeflow/workflow-controller-configmap data.artifactRepository endpoint",
      ]);
    });
  });
});
