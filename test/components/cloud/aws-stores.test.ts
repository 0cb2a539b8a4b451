import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsStoresPrivateAndScoped as rule, PolicyResource } from "../../../policy/rules";
import type { ClusterHandle } from "../../../components/cluster/handle";
import { AwsManagedStores } from "../../../components/cloud/aws-stores";
import {
  AWS_DATABASE_DEFAULTS,
  bucketAccessPolicy,
  bucketNameProblem,
  bucketRoles,
  instanceClassProblem,
} from "../../../components/cloud/aws-stores-plan";
import { ConfigError, loadConfig } from "../../../stacks/config";
import type { CloudConfig } from "../../../stacks/cloud-factories";
import { awsStores } from "../../../stacks/stores-aws";
import {
  Inventory,
  PROJECT,
  RecordedResource,
  runProgram,
  SECRET_SIG,
  valueOf,
} from "../../harness";
import { readStackFile } from "../../harness/stackfile";

type Obj = Record<string, unknown>;
const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const OIDC_ARN =
  "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const PRINCIPALS = [
  { namespace: "kubeflow", serviceAccount: "ml-pipeline" },
  { namespace: "kubeflow", serviceAccount: "pipeline-runner" },
];
// The mocks' ARNs (tools/offline/mocks.ts): the key's ends in the length of its name.
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000019";
const BUCKET_ARN = "arn:aws:s3:::acme-kubeflow-artifacts";
const DATABASES = { pipelines: "mlpipeline", katib: "katib", "model-registry": "model_registry" };

function source(config: Record<string, unknown>) {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(config))
    values[`${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  return { namespace: PROJECT, values, isSecret: () => false };
}

/** eks-example with these stores and Pipelines on its in-cluster stores (so no store is required). */
function eksConfig(stores: unknown): Record<string, unknown> {
  const base = readStackFile("eks-example") as Record<string, unknown>;
  const cluster = { ...(base.cluster as Obj), stores };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { pipelines: _managed, ...kubeflow } = (base.kubeflow ?? {}) as Obj;
  return { ...base, cluster, kubeflow };
}

function problemsOf(stores: unknown): string[] {
  try {
    loadConfig(source(eksConfig(stores)));
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("cluster.stores config (aws)", () => {
  it("refuses bucket names S3 or TLS virtual hosting refuse, naming key, value, rule and fix", () => {
    const bad = problemsOf({ bucket: { name: "Kubeflow_Artifacts" } });
    expect(bad.some((p) => p.includes("cluster.stores.bucket.name"))).toBe(true);
    expect(bad.join("\n")).toContain('"Kubeflow_Artifacts" has characters S3 refuses');
    expect(bucketNameProblem("acme.kubeflow")).toContain("TLS virtual-hosted requests");
    expect(bucketNameProblem("192.168.1.1")).toContain("IP address");
    expect(bucketNameProblem("xn--acme")).toContain("prefix S3 reserves");
    expect(bucketNameProblem("acme-s3alias")).toContain("suffix S3 reserves");
    expect(bucketNameProblem("ab")).toContain("3-63");
    expect(bucketNameProblem("-acme")).toContain("start and end");
    expect(bucketNameProblem("acme-kubeflow-artifacts")).toBeUndefined();
  });

  it("refuses an instance class RDS MySQL does not have, suggesting a real one", () => {
    const bad = problemsOf({ database: { instanceClass: "db.t4g.huge" } });
    expect(bad.join("\n")).toContain("cluster.stores.database.instanceClass");
    expect(bad.join("\n")).toContain('"db.t4g.huge" is not an RDS MySQL instance class');
    expect(instanceClassProblem("db.m6g.24xlarge")).toContain("db.m6g comes in large");
    expect(instanceClassProblem("db.x9.large")).toContain("families are db.t3");
    expect(instanceClassProblem("db.r7i.48xlarge")).toBeUndefined();
  });

  it("defaults the database to db.t4g.medium, MySQL 8.0, 7 days of backups", () => {
    const cfg = loadConfig(source(eksConfig({ database: {} })));
    if (cfg.platform !== "aws") throw new Error("expected aws");
    expect(cfg.cluster.stores?.database).toEqual({
      instanceClass: "db.t4g.medium",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 100,
      multiAz: false,
      engineVersion: "8.0",
      backupRetentionDays: 7,
    });
  });
});

describe("AwsManagedStores as a library", () => {
  it("takes only what differs from its defaults: the server's settings and protection filled in", async () => {
    const inv = await runProgram({}, { configAsGiven: true }, () => {
      const provider = new aws.Provider("aws", { region: "eu-west-1" });
      new AwsManagedStores("team-stores", {
        prefix: "team",
        cluster: {
          cloud: {
            kind: "aws",
            region: "eu-west-1",
            clusterName: "team",
            vpcId: "vpc-0a1b2c3d",
            privateSubnetIds: ["subnet-0a", "subnet-0b"],
            clusterSecurityGroupId: "sg-0cluster",
            oidcProviderArn: OIDC_ARN,
            oidcIssuer: ISSUER,
            provider,
          },
        },
        database: { multiAz: true, instanceClass: undefined, databases: { katib: "katib" } },
      });
    });
    const db = inv.get("aws:rds/instance:Instance", "team-stores-db");
    expect(db.protect).toBe(true);
    expect(db.inputs).toMatchObject({
      instanceClass: AWS_DATABASE_DEFAULTS.instanceClass,
      engineVersion: AWS_DATABASE_DEFAULTS.engineVersion,
      allocatedStorage: AWS_DATABASE_DEFAULTS.allocatedStorageGb,
      maxAllocatedStorage: AWS_DATABASE_DEFAULTS.maxAllocatedStorageGb,
      backupRetentionPeriod: AWS_DATABASE_DEFAULTS.backupRetentionDays,
      multiAz: true,
    });
    expect(inv.get("aws:kms/key:Key", "team-stores-key").protect).toBe(true);
  });
});

describe("awsStores.create (under mocks)", () => {
  let inv: Inventory;
  let stores: ReturnType<typeof awsStores.create>;

  beforeAll(async () => {
    inv = await runProgram({}, { configAsGiven: true }, () => {
      const cfg = loadConfig(
        source(eksConfig({ bucket: { name: "acme-kubeflow-artifacts" }, database: {} })),
      ) as CloudConfig<"aws">;
      const provider = new aws.Provider("aws", { region: "eu-west-1" });
      const handle = {
        name: "kubeflow",
        platform: "aws",
        cloud: {
          kind: "aws",
          region: "eu-west-1",
          clusterName: "kubeflow",
          vpcId: "vpc-0a1b2c3d",
          privateSubnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"],
          clusterSecurityGroupId: "sg-0cluster",
          oidcProviderArn: OIDC_ARN,
          oidcIssuer: ISSUER,
          provider,
        },
      } as unknown as ClusterHandle;
      stores = awsStores.create(cfg, handle, {
        objectStore: true,
        bucketPrincipals: PRINCIPALS,
        databases: DATABASES,
      });
    });
  });

  it("blocks public access, enforces bucket ownership, encrypts with a rotated protected key, versions, TLS only", () => {
    const bucket = inv.get("aws:s3/bucket:Bucket", "kubeflow-stores-bucket");
    expect(bucket.inputs.bucket).toBe("acme-kubeflow-artifacts");
    expect(bucket.protect).toBe(true);
    expect(
      inv.get(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "kubeflow-stores-bucket-public-access",
      ).inputs,
    ).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      inv.get(
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "kubeflow-stores-bucket-ownership",
      ).inputs.rule,
    ).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    const key = inv.get("aws:kms/key:Key", "kubeflow-stores-key");
    expect(key.protect).toBe(true);
    expect(key.inputs.enableKeyRotation).toBe(true);
    const sse = inv.get(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "kubeflow-stores-bucket-encryption",
    );
    const rule = (sse.inputs.rules as Obj[])[0].applyServerSideEncryptionByDefault as Obj;
    expect(rule.sseAlgorithm).toBe("aws:kms");
    expect(rule.kmsMasterKeyId).toBe(KEY_ARN);
    expect(
      (
        inv.get("aws:s3/bucketVersioning:BucketVersioning", "kubeflow-stores-bucket-versioning")
          .inputs.versioningConfiguration as Obj
      ).status,
    ).toBe("Enabled");
    const tls = JSON.parse(
      inv.get("aws:s3/bucketPolicy:BucketPolicy", "kubeflow-stores-bucket-tls-only").inputs
        .policy as string,
    );
    expect(tls.Statement[0]).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("trusts exactly the requested ServiceAccount per role and grants object access on that bucket only", async () => {
    const iss = ISSUER.replace("https://", "");
    for (const sa of ["ml-pipeline", "pipeline-runner"]) {
      const role = inv.get("aws:iam/role:Role", `kubeflow-stores-bucket-role-kubeflow.${sa}`);
      const st = JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0];
      expect(st.Principal).toEqual({ Federated: OIDC_ARN });
      expect(st.Condition).toEqual({
        StringEquals: {
          [`${iss}:sub`]: `system:serviceaccount:kubeflow:${sa}`,
          [`${iss}:aud`]: "sts.amazonaws.com",
        },
      });
    }
    const bucketArn = BUCKET_ARN;
    expect(bucketArn).toBeTruthy();
    const pol = JSON.parse(
      inv.get("aws:iam/rolePolicy:RolePolicy", "kubeflow-stores-bucket-access-kubeflow.ml-pipeline")
        .inputs.policy as string,
    );
    const resources = (pol.Statement as Obj[]).flatMap((s) => s.Resource as string[]);
    expect(resources).toEqual([bucketArn, `${bucketArn}/*`, KEY_ARN]);
    const actions = (pol.Statement as Obj[]).flatMap((s) => s.Action as string[]);
    expect(actions.sort()).toEqual([
      "kms:Decrypt",
      "kms:GenerateDataKey",
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:PutObject",
    ]);
    const os = stores.objectStore!;
    expect(os.kind).toBe("s3");
    expect(os.endpoint).toBe("s3.eu-west-1.amazonaws.com");
    expect(os.identities.map((i) => i.principal)).toEqual(PRINCIPALS);
    expect(await valueOf(os.bucket)).toBe("acme-kubeflow-artifacts");
    for (const i of os.identities)
      expect(Object.keys(i.annotations)).toEqual(["eks.amazonaws.com/role-arn"]);
  });

  it("puts a private, encrypted, protected MySQL on the private subnets, reachable on 3306 from the cluster SG only", async () => {
    const db = inv.get("aws:rds/instance:Instance", "kubeflow-stores-db");
    expect(db.protect).toBe(true);
    expect(db.inputs).toMatchObject({
      engine: "mysql",
      engineVersion: "8.0",
      instanceClass: "db.t4g.medium",
      publiclyAccessible: false,
      storageEncrypted: true,
      deletionProtection: true,
      backupRetentionPeriod: 7,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: "kubeflow-kubeflow-mysql-final",
      iamDatabaseAuthenticationEnabled: false,
    });
    expect(db.inputs.kmsKeyId).toBe(KEY_ARN);
    expect(
      inv.get("aws:rds/subnetGroup:SubnetGroup", "kubeflow-stores-db-subnets").inputs.subnetIds,
    ).toEqual(["subnet-0a", "subnet-0b", "subnet-0c"]);
    const ingress = inv.byType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(ingress.map((r) => r.inputs)).toEqual([
      expect.objectContaining({
        referencedSecurityGroupId: "sg-0cluster",
        ipProtocol: "tcp",
        fromPort: 3306,
        toPort: 3306,
      }),
    ]);
    expect(ingress[0].inputs.cidrIpv4).toBeUndefined();
    const secret = String(db.inputs.password);
    expect(secret.length).toBeGreaterThan(0);
    expect(inv.plaintext([secret])).toEqual([]);
    expect((db.wireInputs.password as Obj)["4dabf18193072939515e22adb298388d"]).toBe(SECRET_SIG);
    const d = stores.database!;
    expect(await valueOf(d.host)).toBe(
      "kubeflow-kubeflow-mysql.c0ffee123456.eu-west-1.rds.amazonaws.com",
    );
    expect(await pulumi.isSecret(d.password)).toBe(true);
    expect(d.port).toBe(3306);
    expect(d.databases).toEqual(DATABASES);
  });

  it("refuses a request for a bucket that the config does not declare, naming the key", () => {
    const cfg = loadConfig(source(eksConfig({ database: {} }))) as CloudConfig<"aws">;
    const handle = { cloud: { kind: "aws" } } as unknown as ClusterHandle;
    expect(() =>
      awsStores.create(cfg, handle, {
        objectStore: true,
        bucketPrincipals: PRINCIPALS,
        databases: {},
      }),
    ).toThrow(
      "cluster.stores.bucket: Pipelines asks for a managed bucket but none is configured; set cluster.stores.bucket.name",
    );
  });

  describe("policy rule aws-stores-private-and-scoped", () => {
    const broken = (r: RecordedResource, f: (inputs: Obj) => void): PolicyResource => {
      const copy = structuredClone({ ...r }) as PolicyResource;
      f(copy.inputs);
      return copy;
    };
    const real = (): RecordedResource[] =>
      inv.resources.filter((r) => r.parent !== "" && r.type.startsWith("aws:"));

    it("passes the resources the component registers", () => {
      const checked = real();
      expect(checked.length).toBeGreaterThan(10);
      expect(checked.flatMap((r) => rule.check(r, {}))).toEqual([]);
    });

    it("refuses a public access block with one block off", () => {
      const pab = inv.get(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "kubeflow-stores-bucket-public-access",
      );
      expect(
        rule.check(
          broken(pab, (i) => (i.restrictPublicBuckets = false)),
          {},
        ),
      ).toEqual([`${pab.urn}: S3 public access block leaves restrictPublicBuckets off.`]);
    });

    it("refuses SSE-S3 instead of SSE-KMS", () => {
      const sse = inv.get(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "kubeflow-stores-bucket-encryption",
      );
      const r = broken(
        sse,
        (i) =>
          ((i.rules as Obj[])[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" }),
      );
      expect(rule.check(r, {})).toEqual([
        `${sse.urn}: S3 bucket not encrypted with a KMS key (sseAlgorithm aws:kms).`,
      ]);
    });

    it("refuses a public, unencrypted, unprotected RDS instance", () => {
      const db = inv.get("aws:rds/instance:Instance", "kubeflow-stores-db");
      const r = broken(db, (i) => {
        i.publiclyAccessible = true;
        i.storageEncrypted = false;
        i.deletionProtection = false;
      });
      expect(rule.check(r, {})).toEqual([
        `${db.urn}: RDS instance is not private (publiclyAccessible must be false).`,
        `${db.urn}: RDS instance storage is not encrypted (storageEncrypted).`,
        `${db.urn}: RDS instance without deletionProtection.`,
      ]);
    });

    it("refuses an IRSA trust policy with a wildcard subject", () => {
      const role = inv.get("aws:iam/role:Role", "kubeflow-stores-bucket-role-kubeflow.ml-pipeline");
      const r = broken(role, (i) => {
        const doc = JSON.parse(i.assumeRolePolicy as string);
        const eq = doc.Statement[0].Condition.StringEquals as Obj;
        delete eq[`${ISSUER.replace("https://", "")}:sub`];
        doc.Statement[0].Condition.StringLike = {
          [`${ISSUER.replace("https://", "")}:sub`]: "system:serviceaccount:kubeflow:*",
        };
        i.assumeRolePolicy = JSON.stringify(doc);
      });
      expect(rule.check(r, {})).toEqual([
        `${role.urn}: IRSA trust policy must name each ServiceAccount (StringEquals <issuer>:sub = system:serviceaccount:<ns>:<sa>, no wildcard).`,
      ]);
    });

    it("refuses S3 permissions on every bucket", () => {
      const pol = inv.get(
        "aws:iam/rolePolicy:RolePolicy",
        "kubeflow-stores-bucket-access-kubeflow.ml-pipeline",
      );
      const r = broken(pol, (i) => {
        const doc = JSON.parse(i.policy as string);
        doc.Statement[1].Resource = ["arn:aws:s3:::*/*"];
        i.policy = JSON.stringify(doc);
      });
      expect(rule.check(r, {})).toEqual([
        `${pol.urn}: S3 permissions must name exactly one bucket (no wildcard resource).`,
      ]);
    });
  });
});

describe("bucketRoles / bucketAccessPolicy: profiles held to their prefixes", () => {
  const control = { namespace: "kubeflow", serviceAccount: "ml-pipeline" };
  const team = {
    namespace: "team-a",
    serviceAccount: "default-editor",
    prefixes: ["private-artifacts/team-a/"],
  };

  it("gives each principal its own role, a profile's with its prefixes", () => {
    expect(bucketRoles([control, team])).toEqual([
      { key: "-kubeflow.ml-pipeline", principals: [control] },
      {
        key: "-team-a.default-editor",
        principals: [team],
        prefixes: ["private-artifacts/team-a/"],
      },
    ]);
    expect(bucketRoles([team]).map((r) => r.key)).toEqual(["-team-a.default-editor"]);
  });

  it("holds object actions to the prefixes, listing to the bucket", () => {
    const doc = bucketAccessPolicy(BUCKET_ARN, KEY_ARN, ["private-artifacts/team-a/"]) as {
      Statement: Array<{ Action: string[]; Resource: string[] }>;
    };
    expect(doc.Statement.map((st) => [st.Action[0], st.Resource])).toEqual([
      ["s3:ListBucket", [BUCKET_ARN]],
      ["s3:GetObject", [`${BUCKET_ARN}/private-artifacts/team-a/*`]],
      ["kms:Decrypt", [KEY_ARN]],
    ]);
  });
});
