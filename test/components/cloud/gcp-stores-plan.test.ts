import {
  cloudSqlEdition,
  cloudSqlTierProblem,
  gcpStoresProblems,
  gcsBucketNameProblem,
  networkId,
  principalKey,
  workloadIdentityPrincipal,
} from "../../../components/cloud/gcp-stores-plan";
import { gcpStoresSchema } from "../../../stacks/config/stores-gcp";

const FIX = "choose another name (it must be globally unique too)";

describe("GCS bucket names", () => {
  it.each([
    "kubeflow-artifacts",
    "acme_ml.prod-artifacts",
    "a1b",
    "x".repeat(63),
    `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}`,
  ])("accepts %s", (name) => {
    expect(gcsBucketNameProblem(name)).toBeUndefined();
  });

  it.each([
    ["ab", `must be 3 to 63 characters long (got 2); ${FIX}`],
    ["x".repeat(64), `must be 3 to 63 characters long (got 64); ${FIX}`],
    ["Kubeflow", `may contain only lowercase letters, digits, "-", "_" and "."; ${FIX}`],
    ["-kubeflow", `must start and end with a lowercase letter or a digit; ${FIX}`],
    ["kubeflow_", `must start and end with a lowercase letter or a digit; ${FIX}`],
    ["googbucket", `must not start with "goog"; ${FIX}`],
    ["my-google-bucket", `must not contain "google" or a close misspelling of it; ${FIX}`],
    ["my-g00gle-bucket", `must not contain "google" or a close misspelling of it; ${FIX}`],
    ["192.168.5.4", `must not be an IP address in dotted-decimal notation; ${FIX}`],
    ["a..b", `each dot-separated part must be 1 to 63 characters long; ${FIX}`],
    [`${"a".repeat(64)}.b`, `each dot-separated part must be 1 to 63 characters long; ${FIX}`],
    [
      "a-.b",
      `each dot-separated part must start and end with a letter or digit (a DNS name); ${FIX}`,
    ],
    [
      `${"a.".repeat(112)}a`,
      `must be 3 to 222 characters long when it contains dots (got 225); ${FIX}`,
    ],
  ])("refuses %s", (name, message) => {
    expect(gcsBucketNameProblem(name)).toBe(message);
  });
});

describe("Cloud SQL tiers", () => {
  it.each([
    "db-f1-micro",
    "db-g1-small",
    "db-custom-1-3840",
    "db-custom-2-7680",
    "db-custom-96-638976",
    "db-custom-4-26624",
    "db-n1-standard-1",
    "db-n1-highmem-16",
    "db-perf-optimized-N-8",
  ])("accepts %s", (tier) => {
    expect(cloudSqlTierProblem(tier)).toBeUndefined();
  });

  it.each([
    ["db-custom-3-7680", "has 3 vCPUs; a custom machine has 1 or an even number from 2 to 96"],
    ["db-custom-98-65536", "has 98 vCPUs; a custom machine has 1 or an even number from 2 to 96"],
    [
      "db-custom-2-7000",
      "has 7000 MiB of memory, not a multiple of 256 MiB; e.g. db-custom-2-6912",
    ],
    [
      "db-custom-1-2048",
      "has 2048 MiB of memory for 1 vCPU; 1 vCPU take 3840 to 6656 MiB (0.9 to 6.5 GiB per vCPU, at least 3840 MiB)",
    ],
    [
      "db-custom-2-14336",
      "has 14336 MiB of memory for 2 vCPU; 2 vCPU take 3840 to 13312 MiB (0.9 to 6.5 GiB per vCPU, at least 3840 MiB)",
    ],
    [
      "db-n1-standard-3",
      "is not a Cloud SQL machine type: db-n1-standard comes with 1, 2, 4, 8, 16, 32, 64, 96 vCPUs",
    ],
    [
      "db-n1-highmem-1",
      "is not a Cloud SQL machine type: db-n1-highmem comes with 2, 4, 8, 16, 32, 64, 96 vCPUs",
    ],
    [
      "db-perf-optimized-N-6",
      "is not a Cloud SQL machine type: db-perf-optimized-N comes with 2, 4, 8, 16, 32, 48, 64, 80, 96, 128 vCPUs",
    ],
    [
      "n2-standard-4",
      "is not a Cloud SQL for MySQL machine type; use db-f1-micro, db-g1-small, db-custom-<vCPU>-<MiB>, " +
        "db-n1-standard-<N>, db-n1-highmem-<N> or db-perf-optimized-N-<vCPU> (Enterprise Plus)",
    ],
  ])("refuses %s", (tier, message) => {
    expect(cloudSqlTierProblem(tier)).toBe(message);
  });

  it("runs performance-optimized tiers on Enterprise Plus and the others on Enterprise", () => {
    expect(cloudSqlEdition("db-perf-optimized-N-4")).toBe("ENTERPRISE_PLUS");
    expect(cloudSqlEdition("db-custom-2-7680")).toBe("ENTERPRISE");
  });
});

describe("networks and principals", () => {
  it("turns a network name, id or self link into the id Cloud SQL and Service Networking take", () => {
    const id = "projects/p/global/networks/vpc";
    expect(networkId("p", "vpc")).toBe(id);
    expect(networkId("p", id)).toBe(id);
    expect(networkId("p", `https://www.googleapis.com/compute/v1/${id}`)).toBe(id);
  });

  it("spells a KSA's Workload Identity Federation principal with the project number", () => {
    expect(
      workloadIdentityPrincipal("42", "p.svc.id.goog", {
        namespace: "kubeflow",
        serviceAccount: "ml-pipeline",
      }),
    ).toBe(
      "principal://iam.googleapis.com/projects/42/locations/global/workloadIdentityPools/p.svc.id.goog/subject/ns/kubeflow/sa/ml-pipeline",
    );
  });
});

describe("the component's own validation", () => {
  it("lists every problem with its property path", () => {
    expect(
      gcpStoresProblems({
        bucket: { name: "Bad" },
        database: { tier: "db-custom-3-7680", transactionLogRetentionDays: 8, diskSizeGb: 5 },
        bucketPrincipals: [
          { namespace: "kubeflow", serviceAccount: "ml-pipeline" },
          { namespace: "kubeflow", serviceAccount: "ml-pipeline" },
        ],
        databases: { pipelines: "mlpipeline", katib: "mlpipeline" },
      }),
    ).toEqual([
      {
        path: ["bucket", "name"],
        message: `"Bad" may contain only lowercase letters, digits, "-", "_" and "."; ${FIX}`,
      },
      {
        path: ["database", "tier"],
        message:
          '"db-custom-3-7680" has 3 vCPUs; a custom machine has 1 or an even number from 2 to 96',
      },
      {
        path: ["database", "transactionLogRetentionDays"],
        message: "8 days is outside 1 to 7, what the edition of db-custom-3-7680 keeps",
      },
      {
        path: ["database", "diskSizeGb"],
        message: "5 is not a whole number of GB of at least 10 (Cloud SQL's minimum)",
      },
      { path: ["bucketPrincipals", 1], message: "kubeflow/ml-pipeline is listed twice" },
      {
        path: ["databases", "katib"],
        message: '"mlpipeline" is asked for twice; each application gets its own database',
      },
    ]);
  });

  it("refuses databases without a server and principals without a bucket", () => {
    expect(
      gcpStoresProblems({
        bucketPrincipals: [{ namespace: "kubeflow", serviceAccount: "ml-pipeline" }],
        databases: { katib: "katib" },
      }).map((p) => p.path),
    ).toEqual([["bucketPrincipals"], ["databases"]]);
  });
});

describe("the cluster.stores config", () => {
  const issues = (v: unknown) => {
    const r = gcpStoresSchema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
  };

  it("defaults the server to an HA Enterprise db-custom-2-7680 MySQL 8.0 that allows Katib in", () => {
    const r = gcpStoresSchema.parse({ bucket: { name: "acme-kubeflow" } });
    expect(r.database).toMatchObject({
      tier: "db-custom-2-7680",
      version: "MYSQL_8_0",
      highAvailability: true,
      sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
      privateServicesAccess: "create",
    });
  });

  it("refuses an invalid bucket name and a tier that does not exist, naming the key", () => {
    expect(
      issues({ bucket: { name: "google-artifacts" }, database: { tier: "db-custom-2-1024" } }),
    ).toEqual([
      ["bucket.name", `must not start with "goog"; ${FIX}`],
      [
        "database.tier",
        "has 1024 MiB of memory for 2 vCPU; 2 vCPU take 3840 to 13312 MiB (0.9 to 6.5 GiB per vCPU, at least 3840 MiB)",
      ],
    ]);
  });

  it("refuses more than 7 days of binary logs on an Enterprise tier", () => {
    expect(issues({ database: { transactionLogRetentionDays: 14 } })).toEqual([
      [
        "database.transactionLogRetentionDays",
        "14 days is more than the 7 an Enterprise tier (db-custom-2-7680) keeps; lower it or use a db-perf-optimized-N-<vCPU> tier",
      ],
    ]);
    expect(
      issues({ database: { tier: "db-perf-optimized-N-2", transactionLogRetentionDays: 14 } }),
    ).toEqual([]);
  });
});

describe("principal keys", () => {
  it("differ for principals whose namespace and name would join alike with a dash", () => {
    expect(principalKey({ namespace: "a-b", serviceAccount: "c" })).not.toBe(
      principalKey({ namespace: "a", serviceAccount: "b-c" }),
    );
  });
});
