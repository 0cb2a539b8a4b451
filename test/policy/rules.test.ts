import * as gcp from "@pulumi/gcp";
import {
  acceleratorPoolsScaleToZero,
  bucketsNotPublic,
  databasesPrivateAndRecoverable,
  storageAccessScopedToWorkloads,
  cloudEntryScoped,
  clustersPrivateAndEncrypted,
  dataNamespacesOf,
  factsFromStackConfig,
  imagesFromMirror,
  loadBalancersArePlatformGateway,
  noPlaintextCredentials,
  PolicyResource,
  RULES,
  StackFacts,
  statefulResourcesProtected,
} from "../../policy/rules";
import { Inventory, RecordedResource, runProgram, SECRET_SIG, SPECIAL_SIG_KEY } from "../harness";
import { readStackFile } from "../harness/stackfile";
import { eksNlbStack } from "../harness/eks-nlb";
import { gcpStores } from "../../stacks/stores-gcp";
import { config, handle, REQUEST } from "../components/cloud/gcp-fixture";

const STACKS = ["dev", "gke-example", "eks-example", "teams-example"] as const;
type Stack = (typeof STACKS)[number];
const SECRETS = { aliceDexPassword: "correct-horse-battery-staple" };

const runs = {} as Record<Stack, { inv: Inventory; facts: StackFacts }>;
/** The GCP managed stores as the factory registers them (not yet composed by an example stack). */
let gcpStoresRun: Inventory;
/** eks-example on an NLB gateway (its own config is on the ALB entry): the annotated gateway Service. */
let eksNlb: { inv: Inventory; facts: StackFacts };

beforeAll(async () => {
  for (const stack of STACKS) {
    const config = readStackFile(stack);
    const inv = await runProgram(config, stack === "teams-example" ? { secrets: SECRETS } : {});
    runs[stack] = {
      inv,
      facts: { ...factsFromStackConfig(config), dataNamespaces: dataNamespacesOf(inv.resources) },
    };
  }
  const nlb = eksNlbStack();
  const nlbInv = await runProgram(nlb);
  eksNlb = {
    inv: nlbInv,
    facts: { ...factsFromStackConfig(nlb), dataNamespaces: dataNamespacesOf(nlbInv.resources) },
  };
  gcpStoresRun = await runProgram({}, {}, () => {
    const provider = new gcp.Provider("gcp", { project: "acme-ml-prod", region: "europe-west4" });
    gcpStores.create(
      config({ bucket: { name: "acme-kubeflow-artifacts" } }),
      handle(provider),
      REQUEST,
    );
  });
}, 180_000);

/** A deep copy of a recorded resource, edited. */
function broken(r: RecordedResource, edit: (copy: RecordedResource) => void): PolicyResource {
  const copy = structuredClone(r);
  edit(copy);
  return copy;
}

describe.each(STACKS)("the %s example stack", (stack) => {
  it.each(RULES.map((rule) => [rule.name, rule] as const))(
    "has no violation of %s",
    (_name, rule) => {
      const { inv, facts } = runs[stack];
      expect(inv.resources.flatMap((r) => rule.check(r, facts))).toEqual([]);
    },
  );
});

describe("the facts the rules read", () => {
  it("finds the namespaces holding claims, which the program protects", () => {
    const { inv, facts } = runs.dev;
    const protectedNamespaces = inv
      .byType("kubernetes:core/v1:Namespace")
      .filter((r) => r.protect)
      .map((r) => (r.inputs.metadata as { name: string }).name);
    expect([...facts.dataNamespaces!].sort()).toEqual(expect.arrayContaining(["kubeflow"]));
    expect(protectedNamespaces).toEqual(expect.arrayContaining([...facts.dataNamespaces!]));
  });

  it("reads the gateway annotations and the encryption key from the stack config", () => {
    expect(eksNlb.facts.serviceAnnotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-type": "external",
      "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
    });
    expect(runs["gke-example"].facts.secretsEncryptionKey).toBe(
      "projects/acme-ml-prod/locations/europe-west4/keyRings/kubeflow/cryptoKeys/etcd-secrets",
    );
  });
});

describe("each rule rejects a broken copy of a real resource", () => {
  it("refuses an unprotected PersistentVolumeClaim", () => {
    const { inv, facts } = runs.dev;
    const pvc = inv.byType("kubernetes:core/v1:PersistentVolumeClaim")[0]!;
    expect(pvc.protect).toBe(true);
    const r = broken(pvc, (c) => (c.protect = false));
    expect(statefulResourcesProtected.check(r, facts)).toEqual([
      `${pvc.urn}: a PersistentVolumeClaim must be protected (protect: true) so a change that deletes it fails.`,
    ]);
  });

  it("accepts an unprotected but retained PersistentVolumeClaim with dataProtection retain", () => {
    const { inv, facts } = runs.dev;
    const pvc = inv.byType("kubernetes:core/v1:PersistentVolumeClaim")[0]!;
    const r = broken(pvc, (c) => ((c.protect = false), (c.retainOnDelete = true)));
    expect(statefulResourcesProtected.check(r, { ...facts, dataProtection: "retain" })).toEqual([]);
  });

  it("refuses an unprotected EKS KMS key", () => {
    const { inv, facts } = runs["eks-example"];
    const key = inv.get("aws:kms/key:Key", "kubeflow-secrets-key");
    const r = broken(key, (c) => (c.protect = false));
    expect(statefulResourcesProtected.check(r, facts)).toEqual([
      `${key.urn}: a KMS key must be protected (protect: true) so a change that deletes it fails.`,
    ]);
  });

  it("refuses a Secret whose stringData is not a Pulumi secret", () => {
    const { inv, facts } = runs.dev;
    const secret = inv.get(
      "kubernetes:core/v1:Secret",
      "kubeflow-katib-kubeflow.katib-mysql-secrets",
    );
    const wire = secret.wireInputs.stringData as Record<string, unknown>;
    expect(wire[SPECIAL_SIG_KEY]).toBe(SECRET_SIG);
    const r = broken(secret, (c) => (c.wireInputs.stringData = wire.value));
    expect(noPlaintextCredentials.check(r, facts)).toEqual([
      `${secret.urn}: Secret stringData is not a Pulumi secret; wrap it in pulumi.secret().`,
    ]);
  });

  it("refuses a container env var named like a password with a literal value", () => {
    const { inv, facts } = runs.dev;
    const deployment = inv.k8s("Deployment")[0]!;
    const r = broken(deployment, (c) => {
      const spec = c.wireInputs.spec as {
        template: { spec: { containers: { env?: unknown[] }[] } };
      };
      spec.template.spec.containers[0]!.env = [{ name: "DB_PASSWORD", value: "hunter2" }];
    });
    expect(noPlaintextCredentials.check(r, facts)).toEqual([
      `${deployment.urn}: inputs.spec.template.spec.containers[0].env DB_PASSWORD has a literal value; use valueFrom.secretKeyRef.`,
    ]);
  });

  it("refuses a GKE accelerator pool with min 1", () => {
    const { inv, facts } = runs["gke-example"];
    const pool = inv.get("gcp:container/nodePool:NodePool", "kubeflow-gpu-l4");
    const r = broken(pool, (c) => {
      (c.inputs.autoscaling as Record<string, unknown>).totalMinNodeCount = 1;
    });
    expect(acceleratorPoolsScaleToZero.check(r, facts)).toEqual([
      `${pool.urn}: accelerator pool l4 has min 1, not 0.`,
    ]);
    expect(
      acceleratorPoolsScaleToZero.check(r, { ...facts, warmAcceleratorPools: ["l4"] }),
    ).toEqual([]);
  });

  it("refuses an EKS GPU node group with minSize 1", () => {
    const { inv, facts } = runs["eks-example"];
    const group = inv.get("aws:eks/nodeGroup:NodeGroup", "kubeflow-gpu-a100");
    const r = broken(group, (c) => {
      (c.inputs.scalingConfig as Record<string, unknown>).minSize = 1;
    });
    expect(acceleratorPoolsScaleToZero.check(r, facts)).toEqual([
      `${group.urn}: accelerator pool a100 has min 1, not 0.`,
    ]);
  });

  it("refuses a Kubernetes Service of type LoadBalancer", () => {
    const { inv, facts } = runs.dev;
    const service = inv.byType("kubernetes:core/v1:Service")[0]!;
    const r = broken(service, (c) => {
      (c.inputs.spec as Record<string, unknown>).type = "LoadBalancer";
    });
    expect(loadBalancersArePlatformGateway.check(r, facts)).toEqual([
      `${service.urn}: a Service of type LoadBalancer; only the ingress gateway (services.istio.exposure) may be one.`,
    ]);
  });

  it("refuses the ingress gateway without the annotations the stack lists", () => {
    const { inv, facts } = eksNlb;
    const gateway = inv.get("kubernetes:helm.sh/v3:Release", "kubeflow-istio-gateway");
    const r = broken(gateway, (c) => {
      (c.inputs.values as { service: Record<string, unknown> }).service.annotations = {};
    });
    expect(loadBalancersArePlatformGateway.check(r, facts)).toEqual([
      `${gateway.urn}: the ingress gateway lacks the annotation service.beta.kubernetes.io/aws-load-balancer-type: external.`,
      `${gateway.urn}: the ingress gateway lacks the annotation service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip.`,
      `${gateway.urn}: the ingress gateway lacks the annotation service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing.`,
    ]);
  });

  it("refuses an image outside the configured mirror", () => {
    const { inv, facts } = runs.dev;
    const deployment = inv.k8s("Deployment")[0]!;
    const mirror = "registry.example.com/kubeflow";
    const mirrored = broken(deployment, (c) => {
      const spec = c.inputs.spec as { template: { spec: { containers: { image: string }[] } } };
      for (const k of spec.template.spec.containers) k.image = `${mirror}/${k.image}`;
    });
    expect(imagesFromMirror.check(mirrored, { ...facts, imageMirror: mirror })).toEqual([]);
    const r = broken(mirrored as RecordedResource, (c) => {
      const spec = c.inputs.spec as { template: { spec: { containers: { image: string }[] } } };
      spec.template.spec.containers[0]!.image = "docker.io/library/busybox:1.37";
    });
    expect(imagesFromMirror.check(r, { ...facts, imageMirror: mirror })).toEqual([
      `${deployment.urn}: image docker.io/library/busybox:1.37 is not from the mirror ${mirror}/.`,
    ]);
  });

  it("refuses a GKE cluster without private nodes", () => {
    const { inv, facts } = runs["gke-example"];
    const cluster = inv.get("gcp:container/cluster:Cluster", "kubeflow-cluster");
    const r = broken(cluster, (c) => delete c.inputs.privateClusterConfig);
    expect(clustersPrivateAndEncrypted.check(r, facts)).toEqual([
      `${cluster.urn}: GKE cluster without private nodes (privateClusterConfig.enablePrivateNodes).`,
    ]);
  });

  it("refuses a GKE cluster that does not encrypt Secrets with the configured key", () => {
    const { inv, facts } = runs["gke-example"];
    const cluster = inv.get("gcp:container/cluster:Cluster", "kubeflow-cluster");
    const r = broken(cluster, (c) => delete c.inputs.databaseEncryption);
    expect(clustersPrivateAndEncrypted.check(r, facts)).toEqual([
      `${cluster.urn}: GKE cluster does not encrypt Secrets with ${facts.secretsEncryptionKey} (databaseEncryption).`,
    ]);
  });

  it("refuses an EKS cluster without secrets encryption", () => {
    const { inv, facts } = runs["eks-example"];
    const cluster = inv.get("aws:eks/cluster:Cluster", "kubeflow-cluster");
    const r = broken(cluster, (c) => delete c.inputs.encryptionConfig);
    expect(clustersPrivateAndEncrypted.check(r, facts)).toEqual([
      `${cluster.urn}: EKS cluster does not encrypt secrets with a KMS key (encryptionConfig).`,
    ]);
  });

  describe("the GCP managed stores", () => {
    const bucket = () => gcpStoresRun.get("gcp:storage/bucket:Bucket", "kubeflow-stores-bucket");
    const mysql = () =>
      gcpStoresRun.get("gcp:sql/databaseInstance:DatabaseInstance", "kubeflow-stores-mysql");
    const member = () =>
      gcpStoresRun.get(
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "kubeflow-stores-bucket-kubeflow.ml-pipeline",
      );

    it("pass every rule as registered", () => {
      expect(
        gcpStoresRun.resources.flatMap((r) => RULES.flatMap((rule) => rule.check(r, {}))),
      ).toEqual([]);
    });

    it("refuses a bucket without public access prevention or uniform access", () => {
      const b = bucket();
      const r = broken(b, (c) => {
        c.inputs.publicAccessPrevention = "inherited";
        c.inputs.uniformBucketLevelAccess = false;
      });
      expect(bucketsNotPublic.check(r, {})).toEqual([
        `${b.urn}: GCS bucket without publicAccessPrevention "enforced".`,
        `${b.urn}: GCS bucket without uniformBucketLevelAccess.`,
      ]);
    });

    it("refuses an unprotected bucket and database server", () => {
      for (const res of [bucket(), mysql()]) {
        const what = res === bucket() ? "a bucket" : "a database server";
        expect(
          statefulResourcesProtected.check(
            broken(res, (c) => (c.protect = false)),
            {},
          ),
        ).toEqual([
          `${res.urn}: ${what} must be protected (protect: true) so a change that deletes it fails.`,
        ]);
      }
    });

    it("refuses a bucket grant to allUsers, which is no workload principal either", () => {
      const m = member();
      const r = broken(m, (c) => (c.inputs.member = "allUsers"));
      expect(bucketsNotPublic.check(r, {})).toEqual([
        `${m.urn}: bucket IAM grants roles/storage.objectUser to allUsers.`,
      ]);
      expect(storageAccessScopedToWorkloads.check(r, {})).toEqual([
        `${m.urn}: bucket IAM member allUsers is not a workload's KSA principal.`,
      ]);
    });

    it("refuses a bucket grant to a whole namespace or a Google service account", () => {
      const m = member();
      const gsa = "serviceAccount:kfp@acme-ml-prod.iam.gserviceaccount.com";
      const r = broken(m, (c) => (c.inputs.member = gsa));
      expect(storageAccessScopedToWorkloads.check(r, {})).toEqual([
        `${m.urn}: bucket IAM member ${gsa} is not a workload's KSA principal.`,
      ]);
    });

    it("refuses a project-level storage role", () => {
      const m = member();
      const r = broken(m, (c) => {
        c.type = "gcp:projects/iAMMember:IAMMember";
        c.inputs.role = "roles/storage.admin";
      });
      expect(storageAccessScopedToWorkloads.check(r, {})).toEqual([
        `${m.urn}: project-level roles/storage.admin; grant it on the bucket to the workloads instead.`,
      ]);
    });

    it("refuses a Cloud SQL server with a public IP, without deletion protection or without PITR", () => {
      const i = mysql();
      const r = broken(i, (c) => {
        const settings = c.inputs.settings as Record<string, Record<string, unknown>>;
        settings.ipConfiguration!.ipv4Enabled = true;
        settings.deletionProtectionEnabled = false as unknown as Record<string, unknown>;
        settings.backupConfiguration!.binaryLogEnabled = false;
      });
      expect(databasesPrivateAndRecoverable.check(r, {})).toEqual([
        `${i.urn}: Cloud SQL instance with a public IPv4 address or no private network.`,
        `${i.urn}: Cloud SQL instance without deletion protection.`,
        `${i.urn}: Cloud SQL instance without automated backups and binary logs.`,
      ]);
    });
  });
});

describe("cloud-entry-scoped", () => {
  it("refuses a gateway firewall that admits more than the Google Front End ranges", () => {
    const { inv, facts } = runs["gke-example"];
    const fw = inv.get("gcp:compute/firewall:Firewall", "kubeflow-entry-gfe");
    expect(cloudEntryScoped.check(fw, facts)).toEqual([]);
    const r = broken(fw, (c) => (c.inputs.sourceRanges = ["130.211.0.0/22", "0.0.0.0/0"]));
    expect(cloudEntryScoped.check(r, facts)).toEqual([
      `${fw.urn}: ingress firewall admits 0.0.0.0/0; only the Google Front End ranges ` +
        "130.211.0.0/22, 35.191.0.0/16 may reach the gateway.",
    ]);
  });

  it("refuses IAP access for allUsers", () => {
    const { inv, facts } = runs["gke-example"];
    const fw = inv.get("gcp:compute/firewall:Firewall", "kubeflow-entry-gfe");
    const r = broken(fw, (c) => {
      c.type = "gcp:iap/webBackendServiceIamMember:WebBackendServiceIamMember";
      c.inputs = { member: "allUsers", role: "roles/iap.httpsResourceAccessor" };
    });
    expect(cloudEntryScoped.check(r, facts)).toEqual([
      `${fw.urn}: IAP access granted to allUsers: the platform would be public.`,
    ]);
  });
});
