/**
 * Pure decisions of the GCP managed stores (GcpManagedStores): which bucket names and Cloud SQL tiers exist,
 * the edition a tier needs, the cluster network's id, and the Workload Identity Federation principal of a
 * Kubernetes ServiceAccount. The stack config refuses the same input first, with the same messages.
 */
import type { GcpDatabaseOptions } from "./gcp-stores";
import type { WorkloadPrincipal } from "../shared/managed-stores";

/** One problem of an input: the field it is about (relative to the value checked) and what to do. */
export interface StoresProblem {
  path: ReadonlyArray<string | number>;
  message: string;
}

/** `google` and the close misspellings GCS refuses in bucket names (`g00gle`, `goog1e`, ...). */
const GOOGLE_LIKE = /g[o0][o0]g(l|1|i)e/;

/**
 * Pure: why `name` is not a valid GCS bucket name, or undefined when it is.
 * @see https://cloud.google.com/storage/docs/buckets#naming
 */
export function gcsBucketNameProblem(name: string): string | undefined {
  const fix = "choose another name (it must be globally unique too)";
  if (!/^[a-z0-9._-]+$/.test(name)) {
    return `may contain only lowercase letters, digits, "-", "_" and "."; ${fix}`;
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return `must start and end with a lowercase letter or a digit; ${fix}`;
  }
  if (name.includes(".")) {
    if (name.length < 3 || name.length > 222) {
      return `must be 3 to 222 characters long when it contains dots (got ${name.length}); ${fix}`;
    }
    const parts = name.split(".");
    if (parts.some((p) => p.length === 0 || p.length > 63)) {
      return `each dot-separated part must be 1 to 63 characters long; ${fix}`;
    }
    if (parts.some((p) => !/^[a-z0-9]/.test(p) || !/[a-z0-9]$/.test(p))) {
      return `each dot-separated part must start and end with a letter or digit (a DNS name); ${fix}`;
    }
    if (parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p))) {
      return `must not be an IP address in dotted-decimal notation; ${fix}`;
    }
  } else if (name.length < 3 || name.length > 63) {
    return `must be 3 to 63 characters long (got ${name.length}); ${fix}`;
  }
  if (name.startsWith("goog")) return `must not start with "goog"; ${fix}`;
  if (GOOGLE_LIKE.test(name)) {
    return `must not contain "google" or a close misspelling of it; ${fix}`;
  }
  return undefined;
}

/** Cloud SQL editions. */
export type CloudSqlEdition = "ENTERPRISE" | "ENTERPRISE_PLUS";

const N1_STANDARD = [1, 2, 4, 8, 16, 32, 64, 96];
const N1_HIGHMEM = [2, 4, 8, 16, 32, 64, 96];
const PERF_OPTIMIZED = [2, 4, 8, 16, 32, 48, 64, 80, 96, 128];
const TIER_FORMS =
  "db-f1-micro, db-g1-small, db-custom-<vCPU>-<MiB>, db-n1-standard-<N>, db-n1-highmem-<N> " +
  "or db-perf-optimized-N-<vCPU> (Enterprise Plus)";

/**
 * Pure: why `tier` is not a Cloud SQL for MySQL machine type, or undefined when it is. Custom machines have
 * 1 or an even number of vCPUs up to 96, and 0.9 to 6.5 GiB of memory per vCPU in multiples of 256 MiB, at
 * least 3840 MiB.
 * @see https://cloud.google.com/sql/docs/mysql/instance-settings#machine-type-2ndgen
 */
export function cloudSqlTierProblem(tier: string): string | undefined {
  if (tier === "db-f1-micro" || tier === "db-g1-small") return undefined;
  const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  if (custom) {
    const cpus = Number(custom[1]);
    const mib = Number(custom[2]);
    if (cpus !== 1 && (cpus < 2 || cpus > 96 || cpus % 2 !== 0)) {
      return `has ${cpus} vCPUs; a custom machine has 1 or an even number from 2 to 96`;
    }
    if (mib % 256 !== 0) {
      return `has ${mib} MiB of memory, not a multiple of 256 MiB; e.g. db-custom-${cpus}-${Math.max(3840, Math.round(mib / 256) * 256)}`;
    }
    const min = Math.max(3840, Math.ceil((cpus * 0.9 * 1024) / 256) * 256);
    const max = Math.floor((cpus * 6.5 * 1024) / 256) * 256;
    if (mib < min || mib > max) {
      return (
        `has ${mib} MiB of memory for ${cpus} vCPU; ${cpus} vCPU take ${min} to ${max} MiB ` +
        "(0.9 to 6.5 GiB per vCPU, at least 3840 MiB)"
      );
    }
    return undefined;
  }
  const fixed = /^db-n1-(standard|highmem)-(\d+)$/.exec(tier);
  if (fixed) {
    const sizes = fixed[1] === "standard" ? N1_STANDARD : N1_HIGHMEM;
    return sizes.includes(Number(fixed[2]))
      ? undefined
      : `is not a Cloud SQL machine type: db-n1-${fixed[1]} comes with ${sizes.join(", ")} vCPUs`;
  }
  const perf = /^db-perf-optimized-N-(\d+)$/.exec(tier);
  if (perf) {
    return PERF_OPTIMIZED.includes(Number(perf[1]))
      ? undefined
      : `is not a Cloud SQL machine type: db-perf-optimized-N comes with ${PERF_OPTIMIZED.join(", ")} vCPUs`;
  }
  return `is not a Cloud SQL for MySQL machine type; use ${TIER_FORMS}`;
}

/** Pure: the edition a (valid) tier runs on: the performance-optimized machines are Enterprise Plus only. */
export function cloudSqlEdition(tier: string): CloudSqlEdition {
  return tier.startsWith("db-perf-optimized-") ? "ENTERPRISE_PLUS" : "ENTERPRISE";
}

/**
 * Pure: most days of binary logs (point-in-time recovery) an edition keeps.
 * @see https://cloud.google.com/sql/docs/mysql/backup-recovery/pitr
 */
export function maxLogRetentionDays(edition: CloudSqlEdition): number {
  return edition === "ENTERPRISE_PLUS" ? 35 : 7;
}

/**
 * Pure: the network as Cloud SQL's `privateNetwork` and Service Networking want it
 * (`projects/<p>/global/networks/<n>`), from a name, an id or a self link.
 */
export function networkId(project: string, network: string): string {
  const link = /(projects\/[^/]+\/global\/networks\/[^/]+)$/.exec(network);
  if (link) return link[1]!;
  return `projects/${project}/global/networks/${network}`;
}

/**
 * Pure: the Workload Identity Federation for GKE principal of a Kubernetes ServiceAccount, which IAM binds
 * directly (no Google service account, no key, no annotation).
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#principal-id-examples
 */
export function workloadIdentityPrincipal(
  projectNumber: string,
  workloadPool: string,
  p: WorkloadPrincipal,
): string {
  return (
    `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/` +
    `${workloadPool}/subject/ns/${p.namespace}/sa/${p.serviceAccount}`
  );
}

/**
 * Pure: the IAM condition holding a principal's object access to its prefixes, or undefined for the whole
 * bucket. Listing is evaluated against the bucket itself (`projects/_/buckets/<b>`), so the bucket's own name
 * is allowed too: object names stay listable bucket-wide (KFP's launcher lists the directories it
 * downloads), their contents only under the prefixes. Conditions need uniform bucket-level access, which the
 * bucket has.
 * @see https://cloud.google.com/storage/docs/access-control/iam#conditions
 */
export function prefixCondition(
  bucket: string,
  prefixes: readonly string[] | undefined,
): { title: string; description: string; expression: string } | undefined {
  if (prefixes === undefined) return undefined;
  const base = `projects/_/buckets/${bucket}`;
  const expression = [
    `resource.name == "${base}"`,
    ...prefixes.map((p) => `resource.name.startsWith("${base}/objects/${p}")`),
  ].join(" || ");
  return {
    title: "own-prefixes",
    description: `Objects under ${prefixes.join(", ")} only (listing bucket-wide)`,
    expression,
  };
}

/**
 * Pure: a stable resource-name key of a principal (`<ns>.<ksa>`), never an index. Namespaces have no dots,
 * so two principals never share a key (with `-`, `a-b/c` and `a/b-c` would).
 */
export function principalKey(p: WorkloadPrincipal): string {
  return `${p.namespace}.${p.serviceAccount}`;
}

/** What the component is asked to build, as its validation sees it. */
export interface GcpStoresPlanInput {
  bucket?: { name: string };
  database?: { tier: string; transactionLogRetentionDays: number; diskSizeGb: number };
  bucketPrincipals: readonly WorkloadPrincipal[];
  databases: Readonly<Record<string, string>>;
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** MySQL database names this program creates: letters, digits, `_` and `-` (KFP's `mlpipeline`, `metadb`). */
const MYSQL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Pure: every problem of the component's args, with property paths; empty when it can be built. */
export function gcpStoresProblems(input: GcpStoresPlanInput): StoresProblem[] {
  const out: StoresProblem[] = [];
  if (input.bucket !== undefined) {
    const p = gcsBucketNameProblem(input.bucket.name);
    if (p !== undefined) {
      out.push({ path: ["bucket", "name"], message: `"${input.bucket.name}" ${p}` });
    }
  }
  if (input.database !== undefined) {
    const d = input.database;
    const p = cloudSqlTierProblem(d.tier);
    if (p !== undefined) out.push({ path: ["database", "tier"], message: `"${d.tier}" ${p}` });
    const max = maxLogRetentionDays(cloudSqlEdition(d.tier));
    if (d.transactionLogRetentionDays < 1 || d.transactionLogRetentionDays > max) {
      out.push({
        path: ["database", "transactionLogRetentionDays"],
        message: `${d.transactionLogRetentionDays} days is outside 1 to ${max}, what the edition of ${d.tier} keeps`,
      });
    }
    if (!Number.isInteger(d.diskSizeGb) || d.diskSizeGb < 10) {
      out.push({
        path: ["database", "diskSizeGb"],
        message: `${d.diskSizeGb} is not a whole number of GB of at least 10 (Cloud SQL's minimum)`,
      });
    }
  }
  const seen = new Set<string>();
  input.bucketPrincipals.forEach((p, i) => {
    if (!K8S_NAME.test(p.namespace) || !K8S_NAME.test(p.serviceAccount)) {
      out.push({
        path: ["bucketPrincipals", i],
        message: `${p.namespace}/${p.serviceAccount} is not a Kubernetes namespace/ServiceAccount name pair`,
      });
    }
    const key = `${p.namespace}/${p.serviceAccount}`;
    if (seen.has(key)) {
      out.push({ path: ["bucketPrincipals", i], message: `${key} is listed twice` });
    }
    seen.add(key);
  });
  if (input.bucketPrincipals.length > 0 && input.bucket === undefined) {
    out.push({
      path: ["bucketPrincipals"],
      message: "principals are given but no bucket is asked for; set bucket",
    });
  }
  const names = new Set<string>();
  for (const [app, db] of Object.entries(input.databases)) {
    if (!MYSQL_NAME.test(db)) {
      out.push({
        path: ["databases", app],
        message: `"${db}" is not a database name this program creates: 1 to 64 letters, digits, "_" or "-"`,
      });
    }
    if (names.has(db)) {
      out.push({
        path: ["databases", app],
        message: `"${db}" is asked for twice; each application gets its own database`,
      });
    }
    names.add(db);
  }
  if (Object.keys(input.databases).length > 0 && input.database === undefined) {
    out.push({
      path: ["databases"],
      message: "databases are asked for but no database server is configured; set database",
    });
  }
  return out;
}

/** The defaults of a Cloud SQL server's settings (`GcpDatabaseOptions`), written once. */
export const GCP_DATABASE_DEFAULTS = {
  tier: "db-custom-2-7680",
  version: "MYSQL_8_0",
  diskSizeGb: 20,
  highAvailability: true,
  transactionLogRetentionDays: 7,
  retainedBackups: 14,
  backupStartTime: "02:00",
  sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
  privateRangePrefixLength: 20,
  privateServicesAccess: "create",
} as const satisfies Required<GcpDatabaseOptions>;

/** The defaults of `GcpManagedStoresArgs`' settings, written once. */
export const GCP_STORES_DEFAULTS = { protect: true } as const;
