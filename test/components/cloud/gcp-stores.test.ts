import * as pulumi from "@pulumi/pulumi";
import { GcpManagedStores } from "../../../components/cloud/gcp-stores";
import { GcpClusterFacts } from "../../../components/cluster/handle";
import { runProgram, valueOf } from "../../harness";

const CLOUD: GcpClusterFacts = {
  kind: "gcp",
  project: "acme-ml-prod",
  region: "europe-west4",
  network: "kubeflow-network",
  subnetwork: "kubeflow-nodes",
  workloadPool: "acme-ml-prod.svc.id.goog",
};
const KEY = "projects/acme-ml-prod/locations/europe-west4/keyRings/kubeflow/cryptoKeys/artifacts";

describe("GcpManagedStores as a library component", () => {
  it("encrypts the bucket with the CMEK key after granting it to the Cloud Storage service agent", async () => {
    const inv = await runProgram({}, {}, () => {
      new GcpManagedStores("s", {
        cluster: { cloud: CLOUD },
        bucket: { name: "acme-kubeflow-artifacts", location: "eu", kmsKey: KEY },
      });
    });
    const grant = inv.get("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "s-bucket-key");
    expect(grant.inputs).toEqual({
      cryptoKeyId: KEY,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com",
    });
    const bucket = inv.get("gcp:storage/bucket:Bucket", "s-bucket");
    expect(bucket.inputs.encryption).toEqual({ defaultKmsKeyName: KEY });
    expect(bucket.inputs.location).toBe("EU");
    expect(bucket.dependsOn).toContain(grant.urn);
    expect(inv.byType("gcp:sql/databaseInstance:DatabaseInstance")).toHaveLength(0);
    expect(inv.byType("gcp:storage/bucketIAMMember:BucketIAMMember")).toHaveLength(0);
  });

  it("uses the network's existing private services access and an Enterprise Plus tier as asked", async () => {
    let host: pulumi.Output<string> | undefined;
    const inv = await runProgram({}, {}, () => {
      const s = new GcpManagedStores("s", {
        cluster: { cloud: CLOUD },
        database: {
          tier: "db-perf-optimized-N-4",
          version: "MYSQL_8_4",
          highAvailability: false,
          transactionLogRetentionDays: 14,
          privateServicesAccess: "existing",
          sslMode: "ENCRYPTED_ONLY",
        },
        databases: { "model-registry": "model_registry" },
      });
      host = s.stores.database?.host;
    });
    expect(inv.byType("gcp:servicenetworking/connection:Connection")).toHaveLength(0);
    expect(inv.byType("gcp:compute/globalAddress:GlobalAddress")).toHaveLength(0);
    const mysql = inv.get("gcp:sql/databaseInstance:DatabaseInstance", "s-mysql");
    expect(mysql.inputs.databaseVersion).toBe("MYSQL_8_4");
    expect(mysql.inputs.settings).toMatchObject({
      tier: "db-perf-optimized-N-4",
      edition: "ENTERPRISE_PLUS",
      availabilityType: "ZONAL",
      ipConfiguration: {
        ipv4Enabled: false,
        privateNetwork: "projects/acme-ml-prod/global/networks/kubeflow-network",
        sslMode: "ENCRYPTED_ONLY",
      },
      backupConfiguration: { transactionLogRetentionDays: 14 },
    });
    expect(inv.get("gcp:sql/database:Database", "s-db-model-registry").inputs.name).toBe(
      "model_registry",
    );
    expect(await valueOf(host!)).toBe("10.123.0.5");
  });

  it("refuses bad args with every property path before registering a resource", async () => {
    let error: unknown;
    const inv = await runProgram({}, {}, () => {
      try {
        new GcpManagedStores("s", {
          cluster: { cloud: CLOUD },
          bucket: { name: "ab" },
          database: { tier: "db-n1-standard-3" },
          databases: { katib: "katib db" },
        });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(pulumi.InputPropertiesError);
    expect((error as Error).message).toBe(
      "GcpManagedStores s: 3 invalid inputs:\n" +
        '  - bucket.name: "ab" must be 3 to 63 characters long (got 2); choose another name (it must be globally unique too)\n' +
        '  - database.tier: "db-n1-standard-3" is not a Cloud SQL machine type: db-n1-standard comes with 1, 2, 4, 8, 16, 32, 64, 96 vCPUs\n' +
        '  - databases.katib: "katib db" is not a database name this program creates: 1 to 64 letters, digits, "_" or "-"',
    );
    expect(inv.resources.filter((r) => r.custom)).toEqual([]);
  });
});
