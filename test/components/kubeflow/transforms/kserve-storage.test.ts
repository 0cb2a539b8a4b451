import { kserve } from "../../../../components/kubeflow/transforms/kserve";
import { storage } from "../../../../components/kubeflow/transforms/storage";
import { K8sObject } from "../../../../components/kubeflow/types";
import { TEST_RELEASES } from "../../../harness/upstream";
import { bundleObjects, contextFor, deepFreeze } from "./bundles";
import { params } from "./params";

const find = (release: string, kind: string, name: string) =>
  bundleObjects(release).find((b) => b.obj.kind === kind && b.obj.metadata.name === name)!;

describe.each(TEST_RELEASES)("KServe on release %s", (release) => {
  const t = kserve(
    params({ kserve: { deploymentMode: "RawDeployment", ingressDomain: "models.example.org" } })
      .kserve,
  );

  it("sets the default deployment mode and ingress domain in inferenceservice-config", () => {
    const b = find(release, "ConfigMap", "inferenceservice-config");
    const data = t(deepFreeze(b.obj), contextFor(release, b))!.data as Record<string, string>;
    expect(JSON.parse(data.deploy!).defaultDeploymentMode).toBe("RawDeployment");
    expect(JSON.parse(data.ingress!).ingressDomain).toBe("models.example.org");
    expect(JSON.parse(data.ingress!).ingressGateway).toBe("kubeflow/kubeflow-gateway");
  });

  it("moves Knative's config-domain to the ingress domain", () => {
    const b = find(release, "ConfigMap", "config-domain");
    const data = t(deepFreeze(b.obj), contextFor(release, b))!.data as Record<string, string>;
    expect(data["models.example.org"]).toBe("");
    expect(data).not.toHaveProperty("example.com");
    expect(data._example).toBeDefined();
  });

  it("with the defaults, changes nothing", () => {
    const d = kserve(params().kserve);
    for (const name of ["inferenceservice-config", "config-domain"]) {
      const b = find(release, "ConfigMap", name);
      expect(d(b.obj, contextFor(release, b))).toBe(b.obj);
    }
  });
});

describe.each(TEST_RELEASES)("storage on release %s", (release) => {
  const t = storage(
    params({ storage: { storageClassName: "premium-rwo", sizes: { "mysql-pv-claim": "50Gi" } } })
      .storage,
  );
  const out = bundleObjects(release).map((b) => t(deepFreeze(b.obj), contextFor(release, b))!);
  const claims = out.filter((o) => o.kind === "PersistentVolumeClaim") as Array<
    K8sObject & {
      spec: { storageClassName?: string; resources: { requests: { storage: string } } };
    }
  >;

  it("gives every PVC the StorageClass", () => {
    expect(claims.length).toBeGreaterThanOrEqual(3);
    expect(claims.every((c) => c.spec.storageClassName === "premium-rwo")).toBe(true);
  });

  it("sizes the named claim and keeps upstream's size for the others", () => {
    for (const c of claims) {
      if (c.metadata.name === "mysql-pv-claim")
        expect(c.spec.resources.requests.storage).toBe("50Gi");
      else expect(c.spec.resources.requests.storage).toMatch(/^(5|10|20)Gi$/);
    }
  });

  it("gives StatefulSet claim templates the StorageClass", () => {
    const sts = out.filter(
      (o) =>
        o.kind === "StatefulSet" &&
        (o.spec as { volumeClaimTemplates?: unknown[] }).volumeClaimTemplates,
    );
    expect(sts.length).toBeGreaterThan(0);
    for (const s of sts) {
      const templates = (
        s.spec as { volumeClaimTemplates: Array<{ spec: { storageClassName: string } }> }
      ).volumeClaimTemplates;
      expect(templates.every((tpl) => tpl.spec.storageClassName === "premium-rwo")).toBe(true);
    }
  });
});
