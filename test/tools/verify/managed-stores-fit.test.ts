/**
 * The managed stores of the cloud example stacks fit the workloads that use them, as the cluster and the cloud
 * would run them together: the accounts the Pipelines pods run as are exactly the identities the bucket
 * trusts (IRSA's trust policy and the accounts' role annotation on EKS; Workload Identity Federation
 * principals on the GCS bucket on GKE), every client is pointed at the bucket and the database Service, and
 * nothing is left pointing at the in-cluster stores.
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { RecordedResource } from "../../../tools/offline/run";
import { readStackConfig } from "../../../tools/offline/stack";
import { findObject, podTemplates } from "../../../tools/verify/objects";
import { hostsResolve } from "../../../tools/verify/rules/hosts-resolve";
import { configExists } from "../../../tools/verify/rules/config-exists";
import { PlatformSet } from "../../../tools/verify/types";
import { bundleDir } from "../../harness/upstream";
import { stackRun } from "./sets";

interface Run {
  set: PlatformSet;
  resources: RecordedResource[];
}

const runs = new Map<string, Promise<Run>>();
/**
 * The stack's run, once per (stack, kubeflow keys merged over the stack file's); built when a test first asks
 * (runs share the process-wide mocks, so never two at once).
 */
function run(stack: string, kubeflow?: Record<string, unknown>): Promise<Run> {
  const key = JSON.stringify([stack, kubeflow ?? null]);
  if (!runs.has(key)) {
    const own = (readStackConfig(stack).config.kubeflow ?? {}) as Record<string, unknown>;
    runs.set(
      key,
      stackRun(stack, {
        bundleDir: bundleDir("26.03"),
        ...(kubeflow !== undefined ? { override: { kubeflow: { ...own, ...kubeflow } } } : {}),
      }),
    );
  }
  return runs.get(key)!;
}

/** The ServiceAccount (namespace/name) each bucket client runs as: the API server, the UI, profile pods. */
function bucketClients(set: PlatformSet): string[] {
  const control = podTemplates(set)
    .filter(
      (p) =>
        p.namespace === "kubeflow" &&
        ["ml-pipeline", "ml-pipeline-ui"].includes(p.owner.metadata.name),
    )
    .map((p) => `${p.namespace}/${p.serviceAccountName}`);
  // A profile's pipeline pods run as default-editor (pipeline-api-server-config's
  // DEFAULTPIPELINERUNNERSERVICEACCOUNT) and read the bucket with the launcher's fromEnv credentials.
  const profiles = set.objects
    .map((o) => o.obj)
    .filter((o) => o.kind === "ConfigMap" && o.metadata.name === "kfp-launcher")
    .filter((o) =>
      String((o.data as Record<string, string>).providers ?? "").includes("fromEnv: true"),
    )
    .map((o) => `${o.metadata.namespace}/default-editor`);
  return [...control, ...profiles].sort();
}

const names = (set: PlatformSet): string[] =>
  set.objects.map((o) => `${o.obj.kind}/${o.obj.metadata.name}`);

function serviceAccount(set: PlatformSet, ref: string): K8sObject | undefined {
  const [ns, name] = ref.split("/");
  return findObject(set, "ServiceAccount", ns, name!);
}

describe.each(["eks-example", "gke-example"])("managed stores of %s", (stack) => {
  it("leave no client pointed at a store or Secret that is not there", async () => {
    const { set } = await run(stack);
    expect(hostsResolve.check(set)).toEqual([]);
    expect(configExists.check(set)).toEqual([]);
    const names = set.objects.map((o) => `${o.obj.kind}/${o.obj.metadata.name}`);
    expect(names).not.toContain("Deployment/seaweedfs");
    expect(names).not.toContain("Deployment/mysql");
    expect(names).not.toContain("Deployment/kubeflow-pipelines-profile-controller");
  });

  it("point the profile's launcher and Argo at the bucket, under the profile's own prefix", async () => {
    const { set } = await run(stack);
    const launcher = findObject(set, "ConfigMap", "ml-research", "kfp-launcher");
    const scheme = stack === "eks-example" ? "s3" : "gs";
    expect((launcher?.data as Record<string, string>).defaultPipelineRoot).toBe(
      `${scheme}://acme-ml-prod-kubeflow-pipelines/private-artifacts/ml-research/v2/artifacts`,
    );
    const repo = findObject(set, "ConfigMap", "ml-research", "artifact-repositories");
    const doc = JSON.parse((repo?.data as Record<string, string>)["default-namespaced"]!) as Record<
      string,
      { bucket: string; keyFormat: string }
    >;
    const entry = doc[stack === "eks-example" ? "s3" : "gcs"]!;
    expect(entry.bucket).toBe("acme-ml-prod-kubeflow-pipelines");
    expect(entry.keyFormat).toMatch(/^private-artifacts\/ml-research\//);
  });

  it("reach the database through the Service its clients dial, with the generated password", async () => {
    const { set } = await run(stack);
    const cfg = findObject(set, "ConfigMap", "kubeflow", "pipeline-install-config");
    const host = (cfg?.data as Record<string, string>).dbHost!;
    const svc = findObject(set, "Service", "kubeflow", host);
    expect(svc).toBeDefined();
    const spec = svc!.spec as { type?: string; externalName?: string; selector?: unknown };
    if (stack === "eks-example") {
      expect(spec.type).toBe("ExternalName");
      expect(spec.externalName).toMatch(/\.rds\.amazonaws\.com$/);
    } else {
      expect(spec.selector).toBeUndefined();
      const slice = set.objects.find(
        (o) =>
          o.obj.kind === "EndpointSlice" &&
          (o.obj.metadata.labels as Record<string, string>)["kubernetes.io/service-name"] === host,
      );
      expect(slice?.obj.endpoints).toEqual([
        { addresses: [expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/)] },
      ]);
    }
    const secret = findObject(set, "Secret", "kubeflow", "mysql-secret");
    const password = (secret?.stringData as Record<string, string> | undefined)?.password;
    expect(password).toBeDefined();
    expect(password).not.toBe("");
    // Katib reaches the same server through its own Service name, with the same generated password.
    const katibSvc = findObject(set, "Service", "kubeflow", "katib-mysql");
    expect(katibSvc?.spec).toEqual(svc!.spec);
    const katibSecret = findObject(set, "Secret", "kubeflow", "katib-mysql-secrets");
    const katibData = {
      ...((katibSecret?.data ?? {}) as Record<string, string>),
      ...((katibSecret?.stringData ?? {}) as Record<string, string>),
    };
    expect(katibData.MYSQL_ROOT_PASSWORD).toBe(password);
    const manager = findObject(set, "Deployment", "kubeflow", "katib-db-manager");
    const pod = (manager?.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    expect((pod.initContainers as Array<{ name: string }>).map((c) => c.name)).toEqual([
      "create-database",
    ]);
    expect(names(set)).not.toContain("Deployment/katib-mysql");
  });
});

describe("eks-example: IRSA", () => {
  const subjectsOf = (role: RecordedResource): string[] => {
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as {
      Statement: Array<{ Condition: { StringEquals: Record<string, string | string[]> } }>;
    };
    return Object.entries(trust.Statement[0]!.Condition.StringEquals)
      .filter(([k]) => k.endsWith(":sub"))
      .flatMap(([, v]) => (Array.isArray(v) ? v : [v]))
      .map((s) => s.replace(/^system:serviceaccount:/, "").replace(":", "/"));
  };

  it("annotates each bucket client's account with the one role whose trust policy names it", async () => {
    const { set, resources } = await run("eks-example");
    const roles = resources.filter(
      (r) => r.type === "aws:iam/role:Role" && /-bucket-role/.test(r.name),
    );
    const clients = bucketClients(set);
    expect(clients).toEqual([
      "kubeflow/ml-pipeline",
      "kubeflow/ml-pipeline-ui",
      "ml-research/default-editor",
    ]);
    for (const c of clients) {
      const trusting = roles.filter((r) => subjectsOf(r).includes(c));
      expect([c, trusting.length]).toEqual([c, 1]);
      // The mocks name a role's ARN after the role (tools/offline/mocks.ts).
      const arn = `arn:aws:iam::123456789012:role/${String(trusting[0]!.inputs.name ?? trusting[0]!.name)}`;
      const annotations = (serviceAccount(set, c)?.metadata.annotations ?? {}) as Record<
        string,
        string
      >;
      expect([c, annotations["eks.amazonaws.com/role-arn"]]).toEqual([c, arn]);
    }
  });

  it("holds a profile's role to its own prefixes and the control plane's to the bucket", async () => {
    const { resources } = await run("eks-example");
    const objectsOf = (suffix: string): string[] => {
      const policy = resources.find(
        (r) =>
          r.type === "aws:iam/rolePolicy:RolePolicy" &&
          r.name === `kubeflow-stores-bucket-access${suffix}`,
      );
      const doc = JSON.parse(String(policy!.inputs.policy)) as {
        Statement: Array<{ Action: string[]; Resource: string[] }>;
      };
      return doc.Statement.find((st) => st.Action.includes("s3:GetObject"))!.Resource;
    };
    const arn = "arn:aws:s3:::acme-ml-prod-kubeflow-pipelines";
    expect(objectsOf("-kubeflow.ml-pipeline")).toEqual([`${arn}/*`]);
    expect(objectsOf("-kubeflow.ml-pipeline-ui")).toEqual([`${arn}/*`]);
    expect(objectsOf("-ml-research.default-editor")).toEqual([
      `${arn}/artifacts/*`,
      `${arn}/private-artifacts/ml-research/*`,
      `${arn}/private/ml-research/*`,
      `${arn}/shared/*`,
    ]);
  });
});

describe("gke-example: Workload Identity Federation", () => {
  it("grants the bucket to each client's principal, with no key and no annotation", async () => {
    const { set, resources } = await run("gke-example");
    const members = resources
      .filter((r) => r.type === "gcp:storage/bucketIAMMember:BucketIAMMember")
      .map((r) => String(r.inputs.member));
    const clients = bucketClients(set);
    expect(clients).toEqual([
      "kubeflow/ml-pipeline",
      "kubeflow/ml-pipeline-ui",
      "ml-research/default-editor",
    ]);
    for (const c of clients) {
      const [ns, sa] = c.split("/");
      expect(members).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^principal://iam\\.googleapis\\.com/projects/\\d+/locations/global/workloadIdentityPools/[^/]+/subject/ns/${ns}/sa/${sa}$`,
          ),
        ),
      );
    }
    expect(resources.filter((r) => r.type === "gcp:storage/hmacKey:HmacKey")).toEqual([]);
    // The profile's principal reads and writes only its own prefixes (listing stays bucket-wide).
    const profile = resources.find(
      (r) =>
        r.type === "gcp:storage/bucketIAMMember:BucketIAMMember" &&
        String(r.inputs.member).endsWith("/ns/ml-research/sa/default-editor"),
    );
    const b = "projects/_/buckets/acme-ml-prod-kubeflow-pipelines";
    expect((profile!.inputs.condition as { expression: string }).expression).toBe(
      [
        `resource.name == "${b}"`,
        `resource.name.startsWith("${b}/objects/artifacts/")`,
        `resource.name.startsWith("${b}/objects/private-artifacts/ml-research/")`,
        `resource.name.startsWith("${b}/objects/private/ml-research/")`,
        `resource.name.startsWith("${b}/objects/shared/")`,
      ].join(" || "),
    );
    const control = resources.find(
      (r) =>
        r.type === "gcp:storage/bucketIAMMember:BucketIAMMember" &&
        String(r.inputs.member).endsWith("/ns/kubeflow/sa/ml-pipeline-ui"),
    );
    expect(control!.inputs.condition).toBeUndefined();
  });
});

describe("teams-example with an external S3 bucket and static keys (kubeflow.pipelines.objectStore.type: s3)", () => {
  const s3 = {
    type: "s3",
    endpoint: "s3.eu-west-1.amazonaws.com",
    bucket: "acme-kfp",
    region: "eu-west-1",
    accessKeySecret: "s3AccessKey",
    secretKeySecret: "s3SecretKey",
  };
  const teams = () => run("teams-example", { pipelines: { objectStore: s3 } });

  it("leaves no client on the dropped SeaweedFS (KFP's profile controller went with it)", async () => {
    const { set } = await teams();
    expect(hostsResolve.check(set)).toEqual([]);
    expect(configExists.check(set)).toEqual([]);
  });

  it("gives every profile the keys Secret its launcher and Argo read", async () => {
    const { set } = await teams();
    const launchers = set.objects.filter(
      (o) =>
        o.obj.kind === "ConfigMap" &&
        o.obj.metadata.name === "kfp-launcher" &&
        o.obj.metadata.namespace !== "kubeflow",
    );
    expect(launchers.map((o) => o.obj.metadata.namespace).sort()).toEqual(
      set.objects
        .filter((o) => o.obj.kind === "Profile")
        .map((o) => o.obj.metadata.name)
        .sort(),
    );
    for (const { obj } of launchers) {
      const ns = obj.metadata.namespace!;
      const secret = findObject(set, "Secret", ns, "mlpipeline-minio-artifact");
      expect([ns, Object.keys((secret?.stringData ?? {}) as object).sort()]).toEqual([
        ns,
        ["accesskey", "secretkey"],
      ]);
      expect((obj.data as Record<string, string>).defaultPipelineRoot).toBe(
        `s3://acme-kfp/private-artifacts/${ns}/v2/artifacts`,
      );
    }
  });
});

describe("gke-example with Model Registry on the managed server too", () => {
  const withRegistry = () =>
    run("gke-example", {
      applications: { modelRegistry: { enabled: true } },
      modelRegistry: { database: { type: "managed" } },
    });

  it("creates its database on Cloud SQL, points its DSN's host at the server and leaves nothing dangling", async () => {
    const { set, resources } = await withRegistry();
    expect(hostsResolve.check(set)).toEqual([]);
    expect(configExists.check(set)).toEqual([]);
    const dbs = resources
      .filter((r) => r.type === "gcp:sql/database:Database")
      .map((r) => String(r.inputs.name))
      .sort();
    expect(dbs).toEqual(["katib", "metadb", "mlpipeline", "model_registry"]);
    const svc = findObject(set, "Service", "kubeflow", "model-registry-db");
    expect(svc?.spec).toEqual(findObject(set, "Service", "kubeflow", "mysql")?.spec);
    expect(names(set)).not.toContain("Deployment/model-registry-db");
    const params = findObject(set, "ConfigMap", "kubeflow", "model-registry-db-parameters");
    expect((params?.data as Record<string, string>).MYSQL_DATABASE).toBe("model_registry");
  });
});

describe("gke-example: the entry's backend", () => {
  it("names the standalone NEGs of the zones the cluster's nodes are in, not every zone of the region", async () => {
    const { resources } = await run("gke-example");
    const backend = resources.find((r) => r.type === "gcp:compute/backendService:BackendService");
    const groups = (backend!.inputs.backends as Array<{ group: string }>).map((b) => b.group);
    const zones = groups.map((g) => /\/zones\/([^/]+)\//.exec(g)?.[1]).sort();
    // The mocks answer GKE's default for a regional cluster (three zones) and four UP zones for the region.
    expect(zones).toEqual(["europe-west4-a", "europe-west4-b", "europe-west4-c"]);
  });
});
