import * as gcp from "@pulumi/gcp";
import { ManagedStores } from "../../components/shared/managed-stores";
import { gcpStores, gcpStoresRequestProblems } from "../../stacks/stores-gcp";
import { config, handle, NETWORK, REQUEST } from "../components/cloud/gcp-fixture";
import { Inventory, runProgram, SECRET_SIG, SPECIAL_SIG_KEY, valueOf } from "../harness";

type Obj = Record<string, unknown>;
describe("the GCP managed stores factory", () => {
  let inv: Inventory;
  let stores: ManagedStores;
  let provider: gcp.Provider;

  beforeAll(async () => {
    inv = await runProgram({}, {}, () => {
      provider = new gcp.Provider("gcp", { project: "acme-ml-prod", region: "europe-west4" });
      stores = gcpStores.create(
        config({ bucket: { name: "acme-ml-prod-kubeflow-artifacts" } }),
        handle(provider),
        REQUEST,
      );
    });
  });

  const get = (type: string, name: string) => inv.get(type, name);

  it("creates a private, versioned, protected bucket with uniform access in the cluster's region", () => {
    const bucket = get("gcp:storage/bucket:Bucket", "kubeflow-stores-bucket");
    expect(bucket.inputs).toMatchObject({
      name: "acme-ml-prod-kubeflow-artifacts",
      location: "EUROPE-WEST4",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      forceDestroy: false,
    });
    expect(bucket.protect).toBe(true);
  });

  it("grants objectUser on the bucket to exactly the requested KSAs, as Workload Identity principals", () => {
    const members = inv.byType("gcp:storage/bucketIAMMember:BucketIAMMember");
    const pool =
      "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-ml-prod.svc.id.goog";
    expect(members.map((m) => [m.name, m.inputs.role, m.inputs.member])).toEqual([
      [
        "kubeflow-stores-bucket-kubeflow.ml-pipeline",
        "roles/storage.objectUser",
        `${pool}/subject/ns/kubeflow/sa/ml-pipeline`,
      ],
      [
        "kubeflow-stores-bucket-team-a.default-editor",
        "roles/storage.objectUser",
        `${pool}/subject/ns/team-a/sa/default-editor`,
      ],
    ]);
    expect(members.every((m) => m.inputs.bucket === "acme-ml-prod-kubeflow-artifacts")).toBe(true);
    expect(inv.byType("gcp:projects/iAMMember:IAMMember")).toHaveLength(0);
    expect(inv.byType("gcp:serviceaccount/account:Account")).toHaveLength(0);
    expect(stores.objectStore?.identities).toEqual(
      REQUEST.bucketPrincipals.map((principal) => ({ principal, annotations: {} })),
    );
  });

  it("peers the cluster's own network with Service Networking over a reserved VPC_PEERING range", () => {
    const range = get("gcp:compute/globalAddress:GlobalAddress", "kubeflow-stores-psa-range");
    expect(range.inputs).toMatchObject({
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      prefixLength: 20,
      network: NETWORK,
    });
    const psa = get("gcp:servicenetworking/connection:Connection", "kubeflow-stores-psa");
    expect(psa.inputs).toMatchObject({
      network: NETWORK,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: ["kubeflow-stores-psa-range"],
    });
    const mysql = get("gcp:sql/databaseInstance:DatabaseInstance", "kubeflow-stores-mysql");
    expect(mysql.dependsOn).toContain(psa.urn);
  });

  it("runs MySQL on a private IP only, with deletion protection, backups and binary logs", () => {
    const mysql = get("gcp:sql/databaseInstance:DatabaseInstance", "kubeflow-stores-mysql");
    const settings = mysql.inputs.settings as Obj;
    expect(mysql.inputs.deletionProtection).toBe(true);
    expect(mysql.inputs.databaseVersion).toBe("MYSQL_8_0");
    expect(settings).toMatchObject({
      tier: "db-custom-2-7680",
      edition: "ENTERPRISE",
      availabilityType: "REGIONAL",
      deletionProtectionEnabled: true,
      ipConfiguration: {
        ipv4Enabled: false,
        privateNetwork: NETWORK,
        sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
      },
      backupConfiguration: {
        enabled: true,
        binaryLogEnabled: true,
        transactionLogRetentionDays: 7,
      },
    });
    expect(mysql.protect).toBe(true);
  });

  it("creates one protected database per requested application and a user with a secret password", async () => {
    const dbs = inv.byType("gcp:sql/database:Database");
    expect(dbs.map((d) => [d.name, d.inputs.name, d.protect])).toEqual([
      ["kubeflow-stores-db-pipelines", "mlpipeline", true],
      ["kubeflow-stores-db-metadata", "metadb", true],
      ["kubeflow-stores-db-katib", "katib", true],
    ]);
    const user = get("gcp:sql/user:User", "kubeflow-stores-mysql-user");
    expect(user.inputs.name).toBe("kubeflow");
    expect((user.wireInputs.password as Obj)[SPECIAL_SIG_KEY]).toBe(SECRET_SIG);
    expect(user.protect).toBe(true);
    const password = await valueOf(stores.database!.password);
    expect(inv.plaintext([password])).toEqual([]);
    expect(stores.database).toMatchObject({
      port: 3306,
      user: "kubeflow",
      databases: REQUEST.databases,
    });
    expect(await valueOf(stores.database!.host)).toBe("10.123.0.5");
  });

  it("uses the cluster's Google provider for every Google resource", () => {
    const google = inv.resources.filter(
      (r) => r.type.startsWith("gcp:") && r.custom && r.type !== "pulumi:providers:gcp",
    );
    expect(google.length).toBeGreaterThan(5);
    for (const r of google) expect(r.provider).toMatch(/pulumi:providers:gcp::gcp::/);
  });

  it("gives a ManagedStores handle of kind gcs at storage.googleapis.com, ready after its resources", async () => {
    expect(stores.objectStore).toMatchObject({
      kind: "gcs",
      endpoint: "storage.googleapis.com",
      region: "europe-west4",
    });
    expect(await valueOf(stores.objectStore!.bucket)).toBe("acme-ml-prod-kubeflow-artifacts");
    expect(stores.ready.length).toBe(1 + 2 + 2 + 3);
  });
});

describe("the GCP stores factory refuses a request the config cannot meet", () => {
  it("names the missing bucket key", () => {
    expect(gcpStoresRequestProblems(config(undefined), REQUEST)).toEqual([
      "cluster.stores.bucket: Kubeflow asks for a managed bucket but none is configured; set " +
        "cluster.stores.bucket.name to a globally unique GCS bucket name",
    ]);
    expect(
      gcpStoresRequestProblems(config(undefined), {
        ...REQUEST,
        objectStore: false,
        bucketPrincipals: [],
      }),
    ).toEqual([]);
  });
});
