/**
 * The platform's own CrossGuard rules, as pure functions: each takes one resource (type, name, URN, inputs,
 * options) and the stack's facts, and returns its violations. `policy/index.ts` wraps them in a PolicyPack
 * for `pulumi preview --policy-pack policy`; tests call them on the example stacks' recorded resources.
 * They restate what the program already guarantees, so a change to a component that breaks a guarantee, or a
 * stack of someone else's composed from the library, fails the pull-request check.
 */
import {
  ACCELERATOR_POOL_LABEL,
  INGRESS_GATEWAY_SERVICE as INGRESS_GATEWAY_RELEASE,
  NVIDIA_GPU_TAINT_KEY as GPU_TAINT_KEY,
} from "../components/shared/constants";
import { ALB_ANNOTATION, isModernTlsPolicy } from "../components/cloud/aws-entry-plan";

/** Pulumi's secret marker on the wire: `{ [SPECIAL_SIG_KEY]: SECRET_SIG, value }`. */
const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** One resource as a policy sees it. */
export interface PolicyResource {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  /**
   * The inputs as sent, with Pulumi's secret marker kept; undefined where secretness is not known (the
   * CrossGuard analyzer unwraps secrets before a policy sees them).
   */
  wireInputs?: Record<string, unknown>;
  protect: boolean;
  retainOnDelete?: boolean;
}

/** What a stack says about itself, beyond its resources. */
export interface StackFacts {
  /** `kubeflow.dataProtection`. @default "protect" */
  dataProtection?: "protect" | "retain" | "none";
  /** Namespaces that hold PersistentVolumeClaims (see `dataNamespacesOf`). */
  dataNamespaces?: ReadonlySet<string>;
  /** `cluster.protect`: Pulumi `protect` on the cluster and its KMS key. @default true */
  protectCluster?: boolean;
  /** `kubeflow.imageRegistry.prefix`: every image must start with `<prefix>/`. @default - any registry */
  imageMirror?: string;
  /** `services.istio.serviceAnnotations`: the annotations the ingress gateway's Service must carry. */
  serviceAnnotations?: Record<string, string>;
  /** `cluster.secretsEncryptionKey` (GKE): the key Secrets in etcd must be encrypted with. */
  secretsEncryptionKey?: string;
  /** Accelerator pools (by pool key) allowed to keep nodes while idle. @default - none */
  warmAcceleratorPools?: readonly string[];
  /** `cluster.entry` is set: the stack has a public entry on the cloud's load balancer. @default false */
  publicEntry?: boolean;
}

export type EnforcementLevel = "advisory" | "mandatory" | "disabled";

/** One platform rule. */
export interface PlatformRule {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  check(resource: PolicyResource, facts: StackFacts): string[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const isSecretValue = (v: unknown): boolean => isObj(v) && v[SPECIAL_SIG_KEY] === SECRET_SIG;
const get = (v: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), v);

/** The Kubernetes kind of a resource of the kubernetes provider, from its type token or its inputs. */
function kindOf(r: PolicyResource): string | undefined {
  if (!r.type.startsWith("kubernetes:")) return undefined;
  return typeof r.inputs.kind === "string" ? r.inputs.kind : r.type.split(":").pop();
}

/** Namespaces holding PersistentVolumeClaims among a stack's resources (as protection.ts decides). */
export function dataNamespacesOf(resources: readonly PolicyResource[]): Set<string> {
  return new Set(
    resources
      .filter((r) => kindOf(r) === "PersistentVolumeClaim")
      .map((r) => get(r.inputs, ["metadata", "namespace"]))
      .map((ns) => (typeof ns === "string" ? ns : "kubeflow")),
  );
}

/** The facts a stack's config (short keys, as in Pulumi.<stack>.yaml) states. */
export function factsFromStackConfig(config: Record<string, unknown>): StackFacts {
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const dp = get(config, ["kubeflow", "dataProtection"]);
  const annotations = get(config, ["services", "istio", "serviceAnnotations"]);
  const protect = get(config, ["cluster", "protect"]);
  return {
    dataProtection: dp === "retain" || dp === "none" ? dp : "protect",
    protectCluster: protect !== false,
    imageMirror: str(get(config, ["kubeflow", "imageRegistry", "prefix"])),
    serviceAnnotations: isObj(annotations) ? (annotations as Record<string, string>) : undefined,
    secretsEncryptionKey: str(get(config, ["cluster", "secretsEncryptionKey"])),
    publicEntry: isObj(get(config, ["cluster", "entry"])),
  };
}

/** Why a resource holds state that must survive, or undefined. */
function statefulReason(r: PolicyResource, facts: StackFacts): string | undefined {
  switch (r.type) {
    case "gcp:container/cluster:Cluster":
    case "aws:eks/cluster:Cluster":
      return facts.protectCluster === false ? undefined : "a cluster";
    case "gcp:storage/bucket:Bucket":
      return "a bucket";
    case "gcp:sql/databaseInstance:DatabaseInstance":
      return "a database server";
    case "gcp:sql/database:Database":
      return "a database";
    case "aws:kms/key:Key":
    case "gcp:kms/cryptoKey:CryptoKey":
      return facts.protectCluster === false ? undefined : "a KMS key";
  }
  switch (kindOf(r)) {
    case "PersistentVolumeClaim":
      return "a PersistentVolumeClaim";
    case "CustomResourceDefinition":
      return "a CRD";
    case "Profile":
      return "a Profile";
    case "Namespace": {
      const name = get(r.inputs, ["metadata", "name"]);
      return typeof name === "string" && facts.dataNamespaces?.has(name)
        ? "a Namespace holding PersistentVolumeClaims"
        : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Clusters and KMS keys (unless `cluster.protect` is false) must be `protect`ed. PVCs, CRDs, Profiles and
 * Namespaces holding PVCs must be `protect`ed with `kubeflow.dataProtection: protect` (the default),
 * `protect`ed or `retainOnDelete` with `retain`, and are not checked with `none`.
 */
export const statefulResourcesProtected: PlatformRule = {
  name: "stateful-resources-protected",
  description:
    "Clusters, KMS keys, PersistentVolumeClaims, CRDs, Profiles and Namespaces holding claims are protected.",
  enforcementLevel: "mandatory",
  check(r, facts) {
    const reason = statefulReason(r, facts);
    if (reason === undefined || r.protect) return [];
    const cloud = !r.type.startsWith("kubernetes:");
    const mode = facts.dataProtection ?? "protect";
    if (!cloud && mode === "none") return [];
    if (!cloud && mode === "retain" && r.retainOnDelete === true) return [];
    return [
      `${r.urn}: ${reason} must be protected (protect: true) so a change that deletes it fails.`,
    ];
  },
};

/** Env var names that hold a credential. */
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|TOKEN|SECRET|(^|_)KEY)$/i;

function literalCredentialEnv(v: unknown, where: string, out: string[]): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => literalCredentialEnv(x, `${where}[${i}]`, out));
  } else if (isObj(v) && !isSecretValue(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === "env" && Array.isArray(x)) {
        for (const e of x) {
          if (!isObj(e) || typeof e.name !== "string" || !CREDENTIAL_NAME.test(e.name)) continue;
          if (typeof e.value === "string" && e.value !== "") {
            out.push(`${where}.env ${e.name} has a literal value; use valueFrom.secretKeyRef.`);
          }
        }
      } else {
        literalCredentialEnv(x, `${where}.${k}`, out);
      }
    }
  }
}

/**
 * A `Secret`'s `data` and `stringData`, when set, must be Pulumi secrets on the wire (checked where the
 * wire inputs are known). No env var named like a credential (`…PASSWORD`, `…TOKEN`, `…SECRET`, `…_KEY`,
 * case-insensitive, at the end of the name) has a literal non-empty `value`, in any resource's inputs.
 */
export const noPlaintextCredentials: PlatformRule = {
  name: "no-plaintext-credentials",
  description: "Secret data are Pulumi secrets and no credential env var has a literal value.",
  enforcementLevel: "mandatory",
  check(r) {
    const out: string[] = [];
    if (kindOf(r) === "Secret" && r.wireInputs !== undefined) {
      for (const field of ["data", "stringData"]) {
        const v = r.wireInputs[field];
        if (v !== undefined && !isSecretValue(v)) {
          out.push(`${r.urn}: Secret ${field} is not a Pulumi secret; wrap it in pulumi.secret().`);
        }
      }
    }
    const found: string[] = [];
    literalCredentialEnv(r.wireInputs ?? r.inputs, "inputs", found);
    return [...out, ...found.map((f) => `${r.urn}: ${f}`)];
  },
};

/** The pool key of an accelerator pool (its label), or its taint's presence; undefined for other pools. */
function acceleratorPool(labels: unknown, taints: unknown, fallback: string): string | undefined {
  const key = get(labels, [ACCELERATOR_POOL_LABEL]);
  if (typeof key === "string") return key;
  const tainted = Array.isArray(taints) && taints.some((t) => isObj(t) && t.key === GPU_TAINT_KEY);
  return tainted ? fallback : undefined;
}

/**
 * Node pools labelled `kubeflow-platform.io/accelerator-pool` or tainted `nvidia.com/gpu` scale to zero,
 * unless their key is in `warmAcceleratorPools`: GKE pools have autoscaling with `totalMinNodeCount` (or
 * `minNodeCount`) 0 and `initialNodeCount` 0; EKS node groups have `scalingConfig.minSize` 0.
 */
export const acceleratorPoolsScaleToZero: PlatformRule = {
  name: "accelerator-pools-scale-to-zero",
  description: "GPU node pools cost nothing while idle: their minimum and initial size is 0.",
  enforcementLevel: "mandatory",
  check(r, facts) {
    const warm = (pool: string) => (facts.warmAcceleratorPools ?? []).includes(pool);
    if (r.type === "gcp:container/nodePool:NodePool") {
      const cfg = r.inputs.nodeConfig;
      const pool = acceleratorPool(get(cfg, ["labels"]), get(cfg, ["taints"]), r.name);
      if (pool === undefined || warm(pool)) return [];
      const a = r.inputs.autoscaling;
      if (!isObj(a)) return [`${r.urn}: accelerator pool ${pool} has no autoscaling.`];
      const min = a.totalMinNodeCount ?? a.minNodeCount;
      const out: string[] = [];
      if (min !== 0) out.push(`${r.urn}: accelerator pool ${pool} has min ${String(min)}, not 0.`);
      const initial = r.inputs.initialNodeCount ?? 1;
      if (initial !== 0) {
        out.push(`${r.urn}: accelerator pool ${pool} starts ${String(initial)} nodes, not 0.`);
      }
      return out;
    }
    if (r.type === "aws:eks/nodeGroup:NodeGroup") {
      const pool = acceleratorPool(r.inputs.labels, r.inputs.taints, r.name);
      if (pool === undefined || warm(pool)) return [];
      const min = get(r.inputs, ["scalingConfig", "minSize"]);
      return min === 0 ? [] : [`${r.urn}: accelerator pool ${pool} has min ${String(min)}, not 0.`];
    }
    return [];
  },
};

/**
 * "The platform's annotations": the only LoadBalancer is the ingress gateway, i.e. the Helm release named
 * `istio-ingressgateway` with `values.service.type: LoadBalancer`, and its `values.service.annotations`
 * hold every key of `services.istio.serviceAnnotations` with the same value (extra keys are allowed). A
 * Kubernetes Service of type LoadBalancer, or a LoadBalancer from any other Helm release, is refused.
 */
export const loadBalancersArePlatformGateway: PlatformRule = {
  name: "load-balancers-are-platform-gateway",
  description:
    "Only the Istio ingress gateway is a LoadBalancer, with the annotations the stack config lists.",
  enforcementLevel: "mandatory",
  check(r, facts) {
    if (kindOf(r) === "Service" && get(r.inputs, ["spec", "type"]) === "LoadBalancer") {
      return [
        `${r.urn}: a Service of type LoadBalancer; only the ingress gateway (services.istio.exposure) may be one.`,
      ];
    }
    if (r.type !== "kubernetes:helm.sh/v3:Release" && r.type !== "kubernetes:helm.sh/v4:Chart") {
      return [];
    }
    const service = get(r.inputs, ["values", "service"]);
    if (get(service, ["type"]) !== "LoadBalancer") return [];
    const release = r.inputs.name;
    if (release !== INGRESS_GATEWAY_RELEASE) {
      return [
        `${r.urn}: Helm release ${String(release)} makes a LoadBalancer; only ${INGRESS_GATEWAY_RELEASE} may.`,
      ];
    }
    const have = get(service, ["annotations"]);
    return Object.entries(facts.serviceAnnotations ?? {})
      .filter(([k, v]) => get(have, [k]) !== v)
      .map(([k, v]) => `${r.urn}: the ingress gateway lacks the annotation ${k}: ${v}.`);
  },
};

const CONTAINER_LISTS = new Set(["containers", "initContainers", "ephemeralContainers"]);

function images(v: unknown, out: string[]): void {
  if (Array.isArray(v)) {
    v.forEach((x) => images(x, out));
  } else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (CONTAINER_LISTS.has(k) && Array.isArray(x)) {
        for (const c of x) if (isObj(c) && typeof c.image === "string") out.push(c.image);
      }
      images(x, out);
    }
  }
}

/**
 * With a mirror set (`kubeflow.imageRegistry.prefix`), every container image in a Kubernetes object's
 * inputs (`containers`, `initContainers`, `ephemeralContainers` at any depth) starts with `<prefix>/`.
 */
export const imagesFromMirror: PlatformRule = {
  name: "images-from-mirror",
  description: "With an image mirror configured, every container image is pulled from it.",
  enforcementLevel: "mandatory",
  check(r, facts) {
    const mirror = facts.imageMirror;
    if (mirror === undefined || !r.type.startsWith("kubernetes:")) return [];
    const found: string[] = [];
    images(r.inputs, found);
    const prefix = `${mirror.replace(/\/+$/, "")}/`;
    return found
      .filter((i) => !i.startsWith(prefix))
      .map((i) => `${r.urn}: image ${i} is not from the mirror ${prefix}.`);
  },
};

/**
 * GKE clusters have private nodes (`privateClusterConfig.enablePrivateNodes`), and with
 * `cluster.secretsEncryptionKey` set, `databaseEncryption` ENCRYPTED with that key. EKS clusters encrypt
 * `secrets` with a KMS key (`encryptionConfig`) and have private endpoint access.
 */
export const clustersPrivateAndEncrypted: PlatformRule = {
  name: "clusters-private-and-encrypted",
  description: "Cloud clusters have private nodes or endpoint access and encrypt Secrets with KMS.",
  enforcementLevel: "mandatory",
  check(r, facts) {
    const out: string[] = [];
    if (r.type === "gcp:container/cluster:Cluster") {
      if (get(r.inputs, ["privateClusterConfig", "enablePrivateNodes"]) !== true) {
        out.push(
          `${r.urn}: GKE cluster without private nodes (privateClusterConfig.enablePrivateNodes).`,
        );
      }
      const key = facts.secretsEncryptionKey;
      const enc = r.inputs.databaseEncryption;
      if (
        key !== undefined &&
        (get(enc, ["state"]) !== "ENCRYPTED" || get(enc, ["keyName"]) !== key)
      ) {
        out.push(
          `${r.urn}: GKE cluster does not encrypt Secrets with ${key} (databaseEncryption).`,
        );
      }
    } else if (r.type === "aws:eks/cluster:Cluster") {
      const enc = r.inputs.encryptionConfig;
      const resources = get(enc, ["resources"]);
      if (
        !Array.isArray(resources) ||
        !resources.includes("secrets") ||
        !get(enc, ["provider", "keyArn"])
      ) {
        out.push(
          `${r.urn}: EKS cluster does not encrypt secrets with a KMS key (encryptionConfig).`,
        );
      }
      if (get(r.inputs, ["vpcConfig", "endpointPrivateAccess"]) !== true) {
        out.push(
          `${r.urn}: EKS cluster without private endpoint access (vpcConfig.endpointPrivateAccess).`,
        );
      }
    }
    return out;
  },
};

const PUBLIC_MEMBERS = new Set(["allUsers", "allAuthenticatedUsers"]);
/** The Workload Identity Federation for GKE principal of one Kubernetes ServiceAccount. */
const WORKLOAD_PRINCIPAL =
  /^principal:\/\/iam\.googleapis\.com\/projects\/\d+\/locations\/global\/workloadIdentityPools\/[^/]+\.svc\.id\.goog\/subject\/ns\/[^/]+\/sa\/[^/]+$/;
const PROJECT_IAM = new Set([
  "gcp:projects/iAMMember:IAMMember",
  "gcp:projects/iAMBinding:IAMBinding",
]);
const BUCKET_IAM = new Set([
  "gcp:storage/bucketIAMMember:BucketIAMMember",
  "gcp:storage/bucketIAMBinding:BucketIAMBinding",
]);

/**
 * GCS buckets keep public access prevention `enforced` and uniform bucket-level access on (so no object
 * ACL can make an object public); no bucket IAM grant names `allUsers` or `allAuthenticatedUsers`.
 */
export const bucketsNotPublic: PlatformRule = {
  name: "buckets-not-public",
  description:
    "GCS buckets enforce public access prevention and uniform access; none is granted to all.",
  enforcementLevel: "mandatory",
  check(r) {
    const out: string[] = [];
    if (r.type === "gcp:storage/bucket:Bucket") {
      if (r.inputs.publicAccessPrevention !== "enforced") {
        out.push(`${r.urn}: GCS bucket without publicAccessPrevention "enforced".`);
      }
      if (r.inputs.uniformBucketLevelAccess !== true) {
        out.push(`${r.urn}: GCS bucket without uniformBucketLevelAccess.`);
      }
    } else if (BUCKET_IAM.has(r.type)) {
      const members = Array.isArray(r.inputs.members) ? r.inputs.members : [r.inputs.member];
      for (const m of members) {
        if (typeof m === "string" && PUBLIC_MEMBERS.has(m)) {
          out.push(`${r.urn}: bucket IAM grants ${String(r.inputs.role)} to ${m}.`);
        }
      }
    }
    return out;
  },
};

/**
 * Cloud SQL instances have no public IPv4 address (`ipConfiguration.ipv4Enabled: false` with a private
 * network), deletion protection both in Pulumi (`deletionProtection`) and in Cloud SQL
 * (`deletionProtectionEnabled`), and automated backups with binary logs (point-in-time recovery).
 */
export const databasesPrivateAndRecoverable: PlatformRule = {
  name: "databases-private-and-recoverable",
  description:
    "Cloud SQL has no public IP, deletion protection, backups and point-in-time recovery.",
  enforcementLevel: "mandatory",
  check(r) {
    if (r.type !== "gcp:sql/databaseInstance:DatabaseInstance") return [];
    const out: string[] = [];
    const ip = get(r.inputs, ["settings", "ipConfiguration"]);
    if (get(ip, ["ipv4Enabled"]) !== false || !get(ip, ["privateNetwork"])) {
      out.push(`${r.urn}: Cloud SQL instance with a public IPv4 address or no private network.`);
    }
    if (
      r.inputs.deletionProtection !== true ||
      get(r.inputs, ["settings", "deletionProtectionEnabled"]) !== true
    ) {
      out.push(`${r.urn}: Cloud SQL instance without deletion protection.`);
    }
    const backup = get(r.inputs, ["settings", "backupConfiguration"]);
    if (get(backup, ["enabled"]) !== true || get(backup, ["binaryLogEnabled"]) !== true) {
      out.push(`${r.urn}: Cloud SQL instance without automated backups and binary logs.`);
    }
    return out;
  },
};

/**
 * Storage access is scoped to buckets and to workloads: bucket IAM grants name only Workload Identity
 * principals of Kubernetes ServiceAccounts, and no project-level grant gives a `roles/storage.*` role.
 */
export const storageAccessScopedToWorkloads: PlatformRule = {
  name: "storage-access-scoped-to-workloads",
  description:
    "Bucket IAM names only workload principals; no project-wide storage role is granted.",
  enforcementLevel: "mandatory",
  check(r) {
    const role = String(r.inputs.role ?? "");
    if (PROJECT_IAM.has(r.type) && role.startsWith("roles/storage.")) {
      return [`${r.urn}: project-level ${role}; grant it on the bucket to the workloads instead.`];
    }
    if (!BUCKET_IAM.has(r.type)) return [];
    const members = Array.isArray(r.inputs.members) ? r.inputs.members : [r.inputs.member];
    return members
      .filter((m) => typeof m !== "string" || !WORKLOAD_PRINCIPAL.test(m))
      .map((m) => `${r.urn}: bucket IAM member ${String(m)} is not a workload's KSA principal.`);
  },
};

/** Google Front End ranges: the only sources a global external Application Load Balancer sends from. */
const GFE_RANGES = ["130.211.0.0/22", "35.191.0.0/16"];

export const cloudEntryScoped: PlatformRule = {
  name: "cloud-entry-scoped",
  description:
    "GCP ingress firewalls admit only Google Front End ranges; IAP access is never granted to allUsers or allAuthenticatedUsers.",
  enforcementLevel: "mandatory",
  check(r) {
    const out: string[] = [];
    if (
      r.type === "gcp:compute/firewall:Firewall" &&
      (r.inputs.direction ?? "INGRESS") === "INGRESS"
    ) {
      const sources = r.inputs.sourceRanges;
      const others = Array.isArray(sources)
        ? sources.filter((s) => !GFE_RANGES.includes(String(s)))
        : ["(none listed: any source)"];
      if (others.length > 0) {
        out.push(
          `${r.urn}: ingress firewall admits ${others.join(", ")}; only the Google Front End ranges ` +
            `${GFE_RANGES.join(", ")} may reach the gateway.`,
        );
      }
    }
    if (r.type.startsWith("gcp:iap/") && PUBLIC_MEMBERS.has(String(r.inputs.member))) {
      out.push(
        `${r.urn}: IAP access granted to ${String(r.inputs.member)}: the platform would be public.`,
      );
    }
    return out;
  },
};

const parseDoc = (v: unknown): Obj | undefined => {
  if (isObj(v)) return v;
  if (typeof v !== "string") return undefined;
  try {
    const d: unknown = JSON.parse(v);
    return isObj(d) ? d : undefined;
  } catch {
    return undefined;
  }
};
const statementsOf = (doc: Obj | undefined): Obj[] => {
  const s = doc?.Statement;
  return (Array.isArray(s) ? s : s === undefined ? [] : [s]).filter(isObj);
};
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The managed stores on AWS: private, encrypted buckets and databases; IRSA scoped to named ServiceAccounts. */
export const awsStoresPrivateAndScoped: PlatformRule = {
  name: "aws-stores-private-and-scoped",
  description:
    "S3 buckets block all public access and use SSE-KMS; RDS is private, encrypted and deletion-protected; IRSA trusts named ServiceAccounts only; S3 grants name one bucket.",
  enforcementLevel: "mandatory",
  check(r) {
    const out: string[] = [];
    if (r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock") {
      const off = [
        "blockPublicAcls",
        "blockPublicPolicy",
        "ignorePublicAcls",
        "restrictPublicBuckets",
      ].filter((k) => r.inputs[k] !== true);
      if (off.length > 0)
        out.push(`${r.urn}: S3 public access block leaves ${off.join(", ")} off.`);
    } else if (
      r.type ===
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
    ) {
      const ok = asList(r.inputs.rules).some(
        (x) =>
          get(x, ["applyServerSideEncryptionByDefault", "sseAlgorithm"]) === "aws:kms" &&
          !!get(x, ["applyServerSideEncryptionByDefault", "kmsMasterKeyId"]),
      );
      if (!ok) out.push(`${r.urn}: S3 bucket not encrypted with a KMS key (sseAlgorithm aws:kms).`);
    } else if (r.type === "aws:rds/instance:Instance") {
      if (r.inputs.publiclyAccessible !== false)
        out.push(`${r.urn}: RDS instance is not private (publiclyAccessible must be false).`);
      if (r.inputs.storageEncrypted !== true)
        out.push(`${r.urn}: RDS instance storage is not encrypted (storageEncrypted).`);
      if (r.inputs.deletionProtection !== true)
        out.push(`${r.urn}: RDS instance without deletionProtection.`);
    } else if (r.type === "aws:iam/role:Role") {
      for (const st of statementsOf(parseDoc(r.inputs.assumeRolePolicy))) {
        if (get(st, ["Principal", "Federated"]) === undefined) continue;
        const eq = get(st, ["Condition", "StringEquals"]);
        const subs = isObj(eq)
          ? Object.entries(eq)
              .filter(([k]) => k.endsWith(":sub"))
              .flatMap(([, v]) => asList(v))
          : [];
        const like = get(st, ["Condition", "StringLike"]);
        const okSubs =
          subs.length > 0 &&
          subs.every(
            (s) =>
              typeof s === "string" && /^system:serviceaccount:[a-z0-9-]+:[a-z0-9.-]+$/.test(s),
          );
        if (!okSubs || (isObj(like) && Object.keys(like).some((k) => k.endsWith(":sub"))))
          out.push(
            `${r.urn}: IRSA trust policy must name each ServiceAccount (StringEquals <issuer>:sub = system:serviceaccount:<ns>:<sa>, no wildcard).`,
          );
      }
    } else if (r.type === "aws:iam/rolePolicy:RolePolicy") {
      const buckets = new Set<string>();
      let wildcard = false;
      for (const st of statementsOf(parseDoc(r.inputs.policy))) {
        if (!asList(st.Action).some((a) => typeof a === "string" && a.startsWith("s3:"))) continue;
        for (const res of asList(st.Resource)) {
          const m =
            typeof res === "string" ? /^arn:aws[a-z-]*:s3:::([^/*]+)(\/.*)?$/.exec(res) : null;
          if (m) buckets.add(m[1]);
          else wildcard = true;
        }
      }
      if (wildcard || buckets.size > 1)
        out.push(`${r.urn}: S3 permissions must name exactly one bucket (no wildcard resource).`);
    }
    return out;
  },
};

const parseJson = (v: unknown): unknown => {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * IRSA roles (trust in `sts:AssumeRoleWithWebIdentity`) are least privilege: each statement allows exactly
 * one Kubernetes ServiceAccount, with `StringEquals` on `<issuer>:sub` =
 * `system:serviceaccount:<namespace>:<name>` (no wildcard, no `StringLike`) and on `<issuer>:aud` =
 * `sts.amazonaws.com`. Covers the AWS Load Balancer Controller's role and every workload role.
 */
export const irsaTrustScopedToServiceAccount: PlatformRule = {
  name: "irsa-trust-scoped-to-service-account",
  description:
    "IAM roles assumed with web identity trust exactly one ServiceAccount (sub) for STS (aud).",
  enforcementLevel: "mandatory",
  check(r) {
    if (r.type !== "aws:iam/role:Role") return [];
    const policy = parseJson(r.inputs.assumeRolePolicy);
    const out: string[] = [];
    for (const st of asList(get(policy, ["Statement"]))) {
      if (!asList(get(st, ["Action"])).includes("sts:AssumeRoleWithWebIdentity")) continue;
      const cond = get(st, ["Condition"]);
      const equals = get(cond, ["StringEquals"]);
      const keys = isObj(cond) ? Object.keys(cond) : [];
      const entries = isObj(equals) ? Object.entries(equals) : [];
      const subs = entries.filter(([k]) => k.endsWith(":sub")).map(([, v]) => v);
      const auds = entries.filter(([k]) => k.endsWith(":aud")).map(([, v]) => v);
      const oneSa =
        subs.length === 1 &&
        typeof subs[0] === "string" &&
        /^system:serviceaccount:[a-z0-9-]+:[a-z0-9.-]+$/.test(subs[0]);
      if (!oneSa || keys.some((k) => k !== "StringEquals")) {
        out.push(
          `${r.urn}: trusts web identities beyond one ServiceAccount; use StringEquals on <issuer>:sub = system:serviceaccount:<namespace>:<name> only (got ${JSON.stringify(cond ?? null)}).`,
        );
      }
      if (auds.length !== 1 || auds[0] !== "sts.amazonaws.com") {
        out.push(
          `${r.urn}: web-identity trust without StringEquals <issuer>:aud = sts.amazonaws.com.`,
        );
      }
    }
    return out;
  },
};

/** Whether a Kubernetes object is an Ingress the AWS Load Balancer Controller serves (class `alb`). */
function albIngress(r: PolicyResource): Record<string, unknown> | undefined {
  if (kindOf(r) !== "Ingress") return undefined;
  const annotations = get(r.inputs, ["metadata", "annotations"]);
  const a = isObj(annotations) ? annotations : {};
  const cls = get(r.inputs, ["spec", "ingressClassName"]) ?? a["kubernetes.io/ingress.class"];
  return cls === "alb" ? a : undefined;
}

/**
 * An ALB Ingress is `internet-facing` only when the stack has a public entry (`cluster.entry`), and then
 * serves HTTPS with a certificate and redirects HTTP (never plain HTTP to the internet). Any other ALB
 * Ingress is internal (the controller's default scheme is internal).
 */
export const albInternetFacingOnlyForEntry: PlatformRule = {
  name: "alb-internet-facing-only-for-entry",
  description:
    "An internet-facing ALB only for the stack's public entry, HTTPS with HTTP redirected.",
  enforcementLevel: "mandatory",
  check(r, facts) {
    const a = albIngress(r);
    if (a === undefined || a[`${ALB_ANNOTATION}/scheme`] !== "internet-facing") return [];
    if (facts.publicEntry !== true) {
      return [
        `${r.urn}: an internet-facing ALB, but the stack has no public entry (cluster.entry); make it internal or configure the entry.`,
      ];
    }
    const out: string[] = [];
    const ports = parseJson(a[`${ALB_ANNOTATION}/listen-ports`]);
    const https = asList(ports).some((p) => isObj(p) && p.HTTPS !== undefined);
    if (!https || typeof a[`${ALB_ANNOTATION}/certificate-arn`] !== "string") {
      out.push(`${r.urn}: an internet-facing ALB without an HTTPS listener and certificate.`);
    }
    if (a[`${ALB_ANNOTATION}/ssl-redirect`] === undefined) {
      out.push(`${r.urn}: an internet-facing ALB serving plain HTTP; set ssl-redirect: "443".`);
    }
    return out;
  },
};

/**
 * An ALB Ingress names a TLS policy with TLS 1.3 and nothing below 1.2
 * (`ELBSecurityPolicy-TLS13-1-2-2021-06` or newer); without one, the controller uses
 * ELBSecurityPolicy-2016-08, which allows TLS 1.0.
 */
export const albTlsPolicyModern: PlatformRule = {
  name: "alb-tls-policy-modern",
  description: "ALB HTTPS listeners use a TLS 1.3 policy with TLS 1.2 at least.",
  enforcementLevel: "mandatory",
  check(r) {
    const a = albIngress(r);
    if (a === undefined) return [];
    const policy = a[`${ALB_ANNOTATION}/ssl-policy`];
    if (typeof policy === "string" && isModernTlsPolicy(policy)) return [];
    return [
      `${r.urn}: ALB TLS policy ${JSON.stringify(policy ?? "ELBSecurityPolicy-2016-08 (the default)")} allows old TLS; use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer.`,
    ];
  },
};

/** Every rule of the pack. */
export const RULES: readonly PlatformRule[] = [
  statefulResourcesProtected,
  noPlaintextCredentials,
  acceleratorPoolsScaleToZero,
  loadBalancersArePlatformGateway,
  imagesFromMirror,
  clustersPrivateAndEncrypted,
  bucketsNotPublic,
  databasesPrivateAndRecoverable,
  storageAccessScopedToWorkloads,
  cloudEntryScoped,
  awsStoresPrivateAndScoped,
  irsaTrustScopedToServiceAccount,
  albInternetFacingOnlyForEntry,
  albTlsPolicyModern,
];
