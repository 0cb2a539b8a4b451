/**
 * Secure defaults: every credential upstream ships as a literal (Pipelines MySQL with an empty root
 * password, SeaweedFS/MinIO `minio`/`minio123`, Katib and Model Registry MySQL `test`, the model catalog's
 * Postgres `postgres`, Dex's static user `12341234` and the fixed OIDC client and cookie secrets) is replaced
 * by a generated value, so no install ever reaches a cluster with a publicly known password.
 *
 * `planGeneratedSecrets(objects)` lists the stable keys the objects need; GeneratedSecrets turns each into
 * a RandomPassword; `secureDefaults()` is the transform that puts those Outputs in place of the literals.
 */
import * as pulumi from "@pulumi/pulumi";
import { K8sObject, ObjectTransform, TransformContext } from "../types";
import { mapEnv } from "./env";

/** One generated secret: a stable key (its resource name derives from it) and how to generate it. */
export interface GeneratedSecretSpec {
  /** Stable key, e.g. `pipelines-mysql-password`; never derived from an object's position. */
  key: string;
  length: number;
  /** Whether punctuation is allowed; false where the value ends up in a DSN, an URL or a config file. */
  special: boolean;
  /** Also expose a bcrypt hash of the value under `<key>-bcrypt` (Dex static passwords). */
  bcrypt: boolean;
  description: string;
}

/** A credential field of a Secret in a release bundle, and the generated secret that replaces it. */
export interface CredentialRule {
  /** Secret name, or a pattern for kustomize-hashed names (`oauth2-proxy-<hash>`). */
  secret: string | RegExp;
  field: string;
  key: string;
  /** Use the bcrypt hash of the generated value instead of the value (Dex's `hashFromEnv`). */
  useBcrypt?: boolean;
}

export const GENERATED_SECRETS: Readonly<Record<string, GeneratedSecretSpec>> = Object.fromEntries(
  (
    [
      ["pipelines-mysql-password", 32, false, false, "Root password of the Pipelines MySQL"],
      ["pipelines-object-store-access-key", 20, false, false, "SeaweedFS/MinIO access key"],
      ["pipelines-object-store-secret-key", 40, false, false, "SeaweedFS/MinIO secret key"],
      ["katib-mysql-password", 32, false, false, "Root password of the Katib MySQL"],
      [
        "model-registry-mysql-password",
        32,
        false,
        false,
        "Root password of the Model Registry MySQL",
      ],
      [
        "model-catalog-postgres-password",
        32,
        false,
        false,
        "Password of the model catalog Postgres",
      ],
      ["oidc-client-secret", 32, false, false, "OIDC client secret shared by Dex and oauth2-proxy"],
      // oauth2-proxy wants a cookie secret of exactly 16, 24 or 32 bytes.
      ["oauth2-proxy-cookie-secret", 32, false, false, "oauth2-proxy cookie encryption secret"],
      ["dex-user-password", 24, false, true, "Password of Dex's static user (user@example.com)"],
    ] as const
  ).map(([key, length, special, bcrypt, description]) => [
    key,
    { key, length, special, bcrypt, description },
  ]),
);

/** Every literal credential field of the three supported releases (found by scanning their bundles). */
export const CREDENTIAL_RULES: readonly CredentialRule[] = [
  { secret: "mysql-secret", field: "password", key: "pipelines-mysql-password" },
  {
    secret: "mlpipeline-minio-artifact",
    field: "accesskey",
    key: "pipelines-object-store-access-key",
  },
  {
    secret: "mlpipeline-minio-artifact",
    field: "secretkey",
    key: "pipelines-object-store-secret-key",
  },
  { secret: "katib-mysql-secrets", field: "MYSQL_ROOT_PASSWORD", key: "katib-mysql-password" },
  {
    secret: "model-registry-db-secrets",
    field: "MYSQL_ROOT_PASSWORD",
    key: "model-registry-mysql-password",
  },
  {
    secret: "model-catalog-postgres",
    field: "POSTGRES_PASSWORD",
    key: "model-catalog-postgres-password",
  },
  { secret: "dex-oidc-client", field: "OIDC_CLIENT_SECRET", key: "oidc-client-secret" },
  {
    secret: "dex-passwords",
    field: "DEX_USER_PASSWORD",
    key: "dex-user-password",
    useBcrypt: true,
  },
  { secret: /^oauth2-proxy(-[a-z0-9]{10})?$/, field: "client-secret", key: "oidc-client-secret" },
  {
    secret: /^oauth2-proxy(-[a-z0-9]{10})?$/,
    field: "cookie-secret",
    key: "oauth2-proxy-cookie-secret",
  },
];

/**
 * Literal Secret fields that are deliberately kept, with the reason. Anything else non-empty in a Secret
 * of a bundle is a credential this module does not know yet, and the tests fail on it.
 */
export const KEPT_SECRET_FIELDS: ReadonlyArray<{
  secret: string | RegExp;
  field: string;
  reason: string;
}> = [
  { secret: "mysql-secret", field: "username", reason: "a user name, not a credential" },
  { secret: "model-registry-db-secrets", field: "MYSQL_USER_NAME", reason: "a user name" },
  { secret: "model-catalog-postgres", field: "POSTGRES_USER", reason: "a user name" },
  {
    secret: "dex-oidc-client",
    field: "OIDC_CLIENT_ID",
    reason: "the public OIDC client id (kubeflow-oidc-authservice)",
  },
  { secret: /^oauth2-proxy(-[a-z0-9]{10})?$/, field: "client-id", reason: "the public client id" },
  {
    secret: "model-catalog-hf-api-key",
    field: "HF_API_KEY",
    reason:
      "a placeholder (your-huggingface-api-key-here) for the user's own Hugging Face token; it grants nothing",
  },
];

function nameMatches(pattern: string | RegExp, name: string): boolean {
  return typeof pattern === "string" ? pattern === name : pattern.test(name);
}

/** The rule that replaces `field` of a Secret, if any. */
export function credentialRule(obj: K8sObject, field: string): CredentialRule | undefined {
  if (obj.kind !== "Secret") return undefined;
  return CREDENTIAL_RULES.find(
    (r) => r.field === field && nameMatches(r.secret, obj.metadata.name),
  );
}

function secretFields(obj: K8sObject): string[] {
  const data = (obj.data ?? {}) as Record<string, unknown>;
  const stringData = (obj.stringData ?? {}) as Record<string, unknown>;
  return [...Object.keys(data), ...Object.keys(stringData)];
}

/**
 * The generated secrets a set of objects needs, sorted by key. Keys in `provided` (credentials the user
 * brings, e.g. an external object store's keys read from SecretRefs) are not generated.
 */
export function planGeneratedSecrets(
  objects: readonly K8sObject[],
  provided: ReadonlySet<string> = new Set(),
): GeneratedSecretSpec[] {
  const keys = new Set<string>();
  for (const obj of objects) {
    for (const field of secretFields(obj)) {
      const rule = credentialRule(obj, field);
      if (rule && !provided.has(rule.key)) keys.add(rule.key);
    }
  }
  return [...keys].sort().map((k) => GENERATED_SECRETS[k]!);
}

/** The name under which a secret's bcrypt hash is passed in TransformContext.secrets. */
export function bcryptKey(key: string): string {
  return `${key}-bcrypt`;
}

function secretValue(ctx: TransformContext, key: string): pulumi.Output<string> {
  const v = ctx.secrets[key];
  if (v === undefined) {
    throw new Error(
      `secure defaults: no value for secret "${key}" (object from ${ctx.origin.path}); ` +
        "plan the generated secrets with planGeneratedSecrets() over the same objects",
    );
  }
  return pulumi.secret(v);
}

/** Replace the literal credentials of a Secret; moved to `stringData` so no base64 is needed. */
function secureSecret(obj: K8sObject, ctx: TransformContext): K8sObject {
  const data = { ...((obj.data ?? {}) as Record<string, unknown>) };
  const stringData = { ...((obj.stringData ?? {}) as Record<string, unknown>) };
  let changed = false;
  for (const field of secretFields(obj)) {
    const rule = credentialRule(obj, field);
    if (!rule) continue;
    // A value a previous step already set from a user SecretRef is left alone.
    const current = field in stringData ? stringData[field] : data[field];
    if (typeof current !== "string") continue;
    delete data[field];
    stringData[field] = secretValue(ctx, rule.useBcrypt ? bcryptKey(rule.key) : rule.key);
    changed = true;
  }
  if (!changed) return obj;
  const out: K8sObject = { ...obj, stringData };
  if (Object.keys(data).length > 0) out.data = data;
  else delete out.data;
  return out;
}

/**
 * Databases that upstream starts with an empty root password: `MYSQL_ALLOW_EMPTY_PASSWORD` goes, and the
 * Pipelines MySQL (which had no root password at all) reads it from `mysql-secret`, the Secret its clients
 * already read. Quirk: MySQL applies the root password only when it initialises an empty data directory;
 * a database created by an earlier insecure install keeps its empty password until it is changed by hand.
 */
function secureDatabaseEnv(obj: K8sObject): K8sObject {
  return mapEnv(obj, (env, container) => {
    const allowEmpty = env.findIndex((e) => e.name === "MYSQL_ALLOW_EMPTY_PASSWORD");
    if (allowEmpty < 0) return env;
    const hasRoot =
      env.some((e) => e.name === "MYSQL_ROOT_PASSWORD") ||
      (Array.isArray(container.envFrom) &&
        container.envFrom.some((f: Record<string, unknown>) => f.secretRef !== undefined));
    const rest = env.filter((_, i) => i !== allowEmpty);
    if (hasRoot) return rest;
    return [
      ...rest.slice(0, allowEmpty),
      {
        name: "MYSQL_ROOT_PASSWORD",
        valueFrom: { secretKeyRef: { name: "mysql-secret", key: "password" } },
      },
      ...rest.slice(allowEmpty),
    ];
  });
}

/** The transform: literal credentials out, generated (or user-provided) secrets in. */
export function secureDefaults(): ObjectTransform {
  return (obj, ctx) => {
    if (obj.kind === "Secret") return secureSecret(obj, ctx);
    return secureDatabaseEnv(obj);
  };
}
