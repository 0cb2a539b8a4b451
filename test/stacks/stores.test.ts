import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { ClusterHandle } from "../../components/cluster/handle";
import { ManagedStores } from "../../components/shared/managed-stores";
import { CloudStoresFactory, StoresRequest } from "../../stacks/cloud-factories";
import { loadConfig, PlatformConfig } from "../../stacks/config";
import { managedStoresProblems } from "../../stacks/config/managed-stores";
import { CLOUD_STORES, createStores, storesRequest } from "../../stacks/stores";
import { awsStores } from "../../stacks/stores-aws";
import { gcpStores } from "../../stacks/stores-gcp";
import { bundleDir } from "../harness/upstream";

const PROJECT = "kubeflow-platform";

/** Only what storesRequest and createStores read. */
function cfgOf(
  platform: string,
  objectStore: string,
  database: string,
  profiles: string[] = ["team-a", "team-b"],
): PlatformConfig {
  return {
    platform,
    cluster: { stores: { bucket: { name: "acme-kubeflow-artifacts" } } },
    kubeflow: {
      pipelines: { objectStore: { type: objectStore }, database: { type: database } },
      katib: { database: { type: "in-cluster" } },
      modelRegistry: { database: { type: "in-cluster" } },
    },
    profiles: profiles.map((name) => ({ name })),
  } as unknown as PlatformConfig;
}

const CLUSTER = { name: "kubeflow", platform: "gcp" } as unknown as ClusterHandle;
const FAKE_STORES: ManagedStores = { ready: [] };

function fakeFactory(): { factory: CloudStoresFactory<"gcp">; calls: StoresRequest[] } {
  const calls: StoresRequest[] = [];
  return {
    calls,
    factory: {
      create: (_cfg, _cluster, request) => {
        calls.push(request);
        return FAKE_STORES;
      },
    },
  };
}

describe("storesRequest", () => {
  it("asks for a bucket for the Pipelines control plane, and each profile's default-editor held to its own prefixes", () => {
    const own = (ns: string) => [
      "artifacts/",
      `private-artifacts/${ns}/`,
      `private/${ns}/`,
      "shared/",
    ];
    expect(storesRequest(cfgOf("gcp", "managed", "in-cluster"))).toEqual({
      objectStore: true,
      bucketPrincipals: [
        { namespace: "kubeflow", serviceAccount: "ml-pipeline" },
        { namespace: "kubeflow", serviceAccount: "ml-pipeline-ui" },
        { namespace: "team-a", serviceAccount: "default-editor", prefixes: own("team-a") },
        { namespace: "team-b", serviceAccount: "default-editor", prefixes: own("team-b") },
      ],
      databases: {},
    });
  });

  it("asks for the Pipelines and MLMD databases with a managed database, and no bucket", () => {
    expect(storesRequest(cfgOf("gcp", "s3", "managed"))).toEqual({
      objectStore: false,
      bucketPrincipals: [],
      databases: { pipelines: "mlpipeline", "pipelines-metadata": "metadb" },
    });
  });

  it("names ServiceAccounts the 26.03 Pipelines Deployments actually run as, in the kubeflow namespace", () => {
    const file = path.join(
      bundleDir("26.03"),
      "applications__pipeline__upstream__env__cert-manager__platform-agnostic-multi-user-k8s-native.yaml",
    );
    interface Doc {
      kind?: string;
      metadata: { name: string; namespace?: string };
      spec: { template: { spec: { serviceAccountName?: string } } };
      data?: Record<string, string>;
    }
    const docs = parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS() as Doc);
    const runAs = new Map(
      docs
        .filter((d) => d?.kind === "Deployment")
        .map((d) => [
          d.metadata.name,
          [d.metadata.namespace, d.spec.template.spec.serviceAccountName],
        ]),
    );
    const accounts = new Set(
      docs
        .filter((d) => d?.kind === "ServiceAccount")
        .map((d) => `${d.metadata.namespace}/${d.metadata.name}`),
    );
    const inKubeflow = storesRequest(cfgOf("gcp", "managed", "in-cluster", [])).bucketPrincipals;
    expect(inKubeflow.length).toBe(2);
    for (const p of inKubeflow) {
      expect(runAs.get(p.serviceAccount)).toEqual([p.namespace, p.serviceAccount]);
      expect(accounts.has(`${p.namespace}/${p.serviceAccount}`)).toBe(true);
    }
    // The databases Pipelines' MySQL holds: the api-server's and MLMD's, as its install config names them.
    const install = docs.find(
      (d) => d?.kind === "ConfigMap" && d.metadata.name === "pipeline-install-config",
    );
    expect([install?.data?.pipelineDb, install?.data?.mlmdDb]).toEqual(["mlpipeline", "metadb"]);
  });
});

describe("createStores", () => {
  it("creates nothing and calls no factory when every store is in-cluster or external", () => {
    const { factory, calls } = fakeFactory();
    expect(createStores(cfgOf("gcp", "s3", "external"), CLUSTER, undefined, { gcp: factory })).toBe(
      undefined,
    );
    expect(calls).toEqual([]);
  });

  it("hands the platform's factory the request and returns its stores", () => {
    const { factory, calls } = fakeFactory();
    const cfg = cfgOf("gcp", "managed", "managed");
    expect(createStores(cfg, CLUSTER, undefined, { gcp: factory })).toBe(FAKE_STORES);
    expect(calls).toEqual([storesRequest(cfg)]);
  });

  it("refuses a platform without a factory, naming the keys and the fix", () => {
    expect(() =>
      createStores(cfgOf("aws", "managed", "in-cluster"), CLUSTER, undefined, {}),
    ).toThrow(
      'managed stores on platform "aws": no stores factory for this platform (available: none); set ' +
        'kubeflow.pipelines.objectStore.type and kubeflow.pipelines.database.type to "in-cluster", "s3" or ' +
        '"external"',
    );
  });

  it("ships the GCP and AWS factories", () => {
    expect(CLOUD_STORES.gcp).toBe(gcpStores);
    expect(CLOUD_STORES.aws).toBe(awsStores);
  });
});

describe("managed stores config checks", () => {
  it("refuses managed stores on an existing cluster before any resource, with the key and the fix", () => {
    expect(() =>
      loadConfig({
        namespace: PROJECT,
        values: {
          [`${PROJECT}:platform`]: "existing",
          [`${PROJECT}:kubeflow`]: JSON.stringify({
            pipelines: { objectStore: { type: "managed" } },
          }),
        },
        isSecret: () => false,
      }),
    ).toThrow(
      'kubeflow.pipelines.objectStore.type: "managed" is created beside a GKE or EKS cluster, and platform ' +
        'is "existing". Use "in-cluster" or "s3" (an external bucket) for a store created elsewhere',
    );
  });

  it("refuses managed stores on GCP for a Kubeflow layer that does not consume them", () => {
    const cfg = cfgOf("gcp", "in-cluster", "managed") as unknown as Parameters<
      typeof managedStoresProblems
    >[0];
    expect(managedStoresProblems(cfg, false)).toEqual([
      {
        path: ["kubeflow", "pipelines", "database", "type"],
        message:
          '"managed" is not consumed by the Kubeflow layer yet (Pipelines would keep its in-cluster store). ' +
          'Use "in-cluster" or "external" (an external MySQL)',
      },
    ]);
  });

  it("once consumed, a managed object store needs cluster.stores.bucket", () => {
    const cfg = {
      ...cfgOf("gcp", "managed", "in-cluster"),
      cluster: { stores: {} },
    } as unknown as Parameters<typeof managedStoresProblems>[0];
    expect(managedStoresProblems(cfg, true)).toEqual([
      {
        path: ["cluster", "stores", "bucket"],
        message:
          'kubeflow.pipelines.objectStore.type is "managed" and no bucket is configured; set ' +
          "cluster.stores.bucket.name to a globally unique bucket name",
      },
    ]);
    expect(managedStoresProblems({ ...cfg, cluster: { stores: { bucket: {} } } }, true)).toEqual(
      [],
    );
  });

  it("a managed database needs cluster.stores.database (AWS has no default server)", () => {
    const cfg = {
      ...cfgOf("aws", "in-cluster", "managed"),
      cluster: { stores: { bucket: { name: "b" } } },
    } as unknown as Parameters<typeof managedStoresProblems>[0];
    expect(managedStoresProblems(cfg)).toEqual([
      {
        path: ["cluster", "stores", "database"],
        message:
          'kubeflow.pipelines.database.type is "managed" and no database server is configured; set ' +
          "cluster.stores.database (its tier on GCP, its instance class on AWS)",
      },
    ]);
  });
});
