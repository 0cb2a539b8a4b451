import * as pulumi from "@pulumi/pulumi";
import {
  applyTransforms,
  buildTransforms,
  planGeneratedSecrets,
  resourceOptionsForAll,
} from "../../../../components/kubeflow/transforms";
import { releaseChain } from "../../../../components/kubeflow/release";
import { bcryptKey } from "../../../../components/kubeflow/secure-defaults/plan";
import { K8sObject, TransformContext } from "../../../../components/kubeflow/types";
import { TEST_RELEASES } from "../../../harness/upstream";
import { bundleObjects, contextFor, deepFreeze, strings } from "./bundles";
import { params } from "./params";

const full = params({
  imageRegistry: { prefix: "registry.corp:5000/kubeflow" },
  scheduling: { nodeSelector: { pool: "system" } },
  notebooks: { images: ["python:3.12"] },
  kserve: { deploymentMode: "RawDeployment", ingressDomain: "models.corp" },
  storage: { storageClassName: "fast" },
  pipelines: {
    objectStore: {
      type: "s3",
      endpoint: "minio.storage.svc:9000",
      bucket: "kfp",
      secure: false,
      accessKeySecret: "s3Access",
      secretKeySecret: "s3Secret",
    },
  },
});

/** What the lead wires: user-provided keys are not generated, and both kinds land in ctx.secrets. */
function secretsFor(objects: K8sObject[]): TransformContext["secrets"] {
  const provided = new Set([
    "pipelines-object-store-access-key",
    "pipelines-object-store-secret-key",
  ]);
  const out: Record<string, pulumi.Output<string>> = {};
  for (const s of planGeneratedSecrets(objects, provided)) {
    out[s.key] = pulumi.secret(`generated-${s.key}`);
    if (s.bcrypt) out[bcryptKey(s.key)] = pulumi.secret(`generated-${s.key}-bcrypt`);
  }
  for (const k of provided) out[k] = pulumi.secret(`user-${k}`);
  return out;
}

describe.each(TEST_RELEASES)("the whole chain on release %s", (release) => {
  const bundle = bundleObjects(release);
  const secrets = secretsFor(bundle.map((b) => b.obj));
  // What KubeflowRelease runs: the stack's chain, then its own secure defaults.
  const chain = releaseChain(buildTransforms(full, release));
  const out = bundle.map((b) =>
    applyTransforms(chain, deepFreeze(b.obj), contextFor(release, b, secrets)),
  );
  const kept = out.filter((o): o is K8sObject => o !== undefined);

  it("runs over deep-frozen objects (no step mutates its input) and drops only the in-cluster store and dangling upstream bindings", () => {
    const dropped = bundle.filter((_, i) => out[i] === undefined).map((b) => b.obj.metadata.name);
    const candidates = [
      "minio",
      "minio-pvc",
      "minio-service",
      "ml-pipeline-minio",
      "seaweedfs",
      "seaweedfs-pvc",
      "seaweedfs-service",
      "ml-pipeline-seaweedfs",
      // DANGLING_UPSTREAM_OBJECTS: a RoleBinding to a ServiceAccount no release defines.
      "jupyter-web-app-jupyter-notebook-role-binding",
    ];
    expect(dropped.length).toBeGreaterThan(0);
    // KFP's profile controller, bound to the in-cluster store (the profiles layer writes its objects).
    const profileController = /^kubeflow-pipelines-profile-controller(-(code|env)-[a-z0-9]+)?$/;
    expect(dropped.filter((n) => !candidates.includes(n) && !profileController.test(n))).toEqual(
      [],
    );
  });

  it("mirrors the notebook image the notebooks step added", () => {
    const spawner = kept.find((o) => o.metadata.name.startsWith("jupyter-web-app-config"))!;
    expect(JSON.stringify(spawner)).toContain(
      "registry.corp:5000/kubeflow/docker.io/library/python:3.12",
    );
  });

  it("puts the user's object-store credentials in mlpipeline-minio-artifact, as secrets", () => {
    for (const s of kept.filter(
      (o) => o.kind === "Secret" && o.metadata.name === "mlpipeline-minio-artifact",
    )) {
      const data = s.stringData as Record<string, unknown>;
      expect(pulumi.Output.isInstance(data.accesskey)).toBe(true);
      expect(pulumi.Output.isInstance(data.secretkey)).toBe(true);
    }
  });

  it("leaves no container on a public registry and no minio123 anywhere", () => {
    const images = kept.flatMap((o) =>
      strings(o)
        .filter((s) => /containers\[\d+\]\.image$/.test(s.at))
        .map((s) => s.value),
    );
    expect(images.filter((i) => !i.startsWith("registry.corp:5000/kubeflow/"))).toEqual([]);
    expect(kept.flatMap((o) => strings(o)).filter((s) => s.value.includes("minio123"))).toEqual([]);
  });

  it("gives the remaining PVCs the StorageClass and protects them", () => {
    const opts = resourceOptionsForAll(kept, full);
    const pvcs = kept.filter((o) => o.kind === "PersistentVolumeClaim");
    expect(pvcs.length).toBeGreaterThan(0);
    for (const p of pvcs) {
      expect((p.spec as { storageClassName: string }).storageClassName).toBe("fast");
      expect(opts.get(p)).toMatchObject({ protect: true, retainOnDelete: true });
    }
  });
});

it("orders the steps as documented, and leaves out the mirror when no registry is configured", () => {
  expect(buildTransforms(full, "26.03")).toHaveLength(9);
  expect(buildTransforms(params(), "26.03")).toHaveLength(8);
});
