import * as pulumi from "@pulumi/pulumi";
import { typeToken } from "../../components/kubeflow/release";
import { loadConfig } from "../../stacks/config";
import { userSecretOutputs } from "../../stacks/kubeflow";
import { composePlatform, Platform } from "../../stacks/platform";
import { runProgram, setupMocks, valueOf } from "../harness";
import { readStackFile } from "../harness/stackfile";

describe("the Kubeflow layer of the dev stack", () => {
  it("applies Istio's mTLS exceptions for Kubeflow's webhooks (PeerAuthentication, AuthorizationPolicy, NetworkPolicy) after their namespaces, under Core", async () => {
    let platform!: Platform;
    const inv = await runProgram(readStackFile("dev"), {}, () => {
      platform = composePlatform(loadConfig());
    });
    const expected = platform.services.istio.mtlsExceptions ?? [];
    expect(expected.length).toBeGreaterThan(0);
    const core = inv.get("kubeflow:apps:Core", "kubeflow-core");
    for (const pa of expected) {
      const ns = pa.metadata.namespace!;
      const r = inv.get(typeToken(pa), `kubeflow-core-${ns}.${pa.metadata.name}`);
      expect(r.parent).toBe(core.urn);
      expect(r.inputs.spec).toEqual(pa.spec);
      const namespace = inv
        .k8s("Namespace")
        .find((n) => n.inputs.metadata && (n.inputs.metadata as { name: string }).name === ns)!;
      expect(r.dependsOn).toContain(namespace.urn);
    }
  });

  it("installs the dev stack's applications (the example install without Spark) and hands profiles what to wait for", async () => {
    let platform!: Platform;
    const inv = await runProgram(readStackFile("dev"), {}, () => {
      platform = composePlatform(loadConfig());
    });
    expect(platform.kubeflow.release).toBe("26.03");
    const release = inv.get("kubeflow:apps:KubeflowRelease", "kubeflow");
    const apps = inv
      .children(release)
      .filter((r) => r.type.startsWith("kubeflow:apps:"))
      .map((r) => r.type.replace("kubeflow:apps:", ""));
    expect(apps.sort()).toEqual(
      [
        "Core",
        "CentralDashboard",
        "Profiles",
        "PodDefaults",
        "Notebooks",
        "Volumes",
        "Tensorboards",
        "PvcViewer",
        "Pipelines",
        "Katib",
        "Trainer",
        "KnativeServing",
        "KServe",
      ].sort(),
    );
    const readyUrns = await Promise.all(
      platform.kubeflow.ready.map(
        (r) => new Promise<string>((resolve) => r.urn.apply((u) => resolve(u))),
      ),
    );
    const ready = readyUrns.map((u) => inv.byUrn(u)!);
    const shown = ready.map((r) =>
      r.type === "kubernetes:yaml/v2:ConfigGroup"
        ? `${r.type} ${r.name}`
        : `${r.inputs.kind} ${r.name}`,
    );
    expect(shown.sort()).toEqual(
      [
        "kubernetes:yaml/v2:ConfigGroup kubeflow-profiles-crds",
        "kubernetes:yaml/v2:ConfigGroup kubeflow-podDefaults-crds",
        "Deployment kubeflow-profiles-kubeflow.profiles-deployment",
        "Service kubeflow-profiles-kubeflow.profiles-kfam",
        "Deployment kubeflow-podDefaults-kubeflow.admission-webhook-deployment",
        "Service kubeflow-podDefaults-kubeflow.admission-webhook-service",
        "MutatingWebhookConfiguration kubeflow-podDefaults-admission-webhook-mutating-webhook-configuration",
      ].sort(),
    );
  });
});

describe("userSecretOutputs", () => {
  const dev = readStackFile("dev");
  const withPipelines = (pipelines: unknown) => ({
    ...dev,
    kubeflow: { ...(dev.kubeflow as Record<string, unknown>), pipelines },
  });

  it("reads the external store's and database's credentials from the secret config keys the stack names, as secrets", async () => {
    setupMocks(
      withPipelines({
        objectStore: {
          type: "s3",
          endpoint: "s3.eu-west-1.amazonaws.com",
          bucket: "kfp-artifacts",
          accessKeySecret: "s3Access",
          secretKeySecret: "s3Secret",
        },
        database: { type: "external", host: "mysql.corp", passwordSecret: "dbPassword" },
      }),
      {
        secrets: { s3Access: "AKIA-stand-in", s3Secret: "s3-stand-in", dbPassword: "db-stand-in" },
      },
    );
    const outputs = userSecretOutputs(loadConfig().kubeflow);
    expect(Object.keys(outputs).sort()).toEqual([
      "pipelines-mysql-password",
      "pipelines-object-store-access-key",
      "pipelines-object-store-secret-key",
    ]);
    expect(await valueOf(outputs["pipelines-object-store-access-key"]!)).toBe("AKIA-stand-in");
    expect(await valueOf(outputs["pipelines-object-store-secret-key"]!)).toBe("s3-stand-in");
    expect(await valueOf(outputs["pipelines-mysql-password"]!)).toBe("db-stand-in");
    for (const o of Object.values(outputs)) expect(await pulumi.isSecret(o)).toBe(true);
  });

  it("brings no credentials when Pipelines keeps its in-cluster store and database", () => {
    setupMocks(
      withPipelines({ objectStore: { type: "in-cluster" }, database: { type: "in-cluster" } }),
    );
    expect(userSecretOutputs(loadConfig().kubeflow)).toEqual({});
  });
});
