/**
 * Secret material in plain stack config. Every string of the structured config is checked, whatever its key:
 * a kubeconfig pasted into a path key or a token in a URL is as much a leak as a `password:` key. Messages
 * say what the value looks like, never the value.
 */
import { CONFIG_KEY_PATTERN } from "./schema";

/** What a secret-looking value looks like, as a message says it (never the value itself). */
export type SecretKind =
  | "a kubeconfig's text"
  | "a PEM private key"
  | "a PEM certificate"
  | "a GCP service-account key"
  | "a URL with a user:password"
  | "a URL with a token in its query"
  | "a JWT bearer token"
  | "an AWS access key id"
  | "an AWS secret access key"
  | "a GitHub token"
  | "a Slack token"
  | "a Slack webhook URL";

/** Keys whose name says they hold a credential; only there a bare 40-character string is taken as one. */
const CREDENTIAL_KEY =
  /(secret|passw(or)?d|pwd|token|credential|api[-_]?key|access[-_]?key|private[-_]?key|auth)/i;

/** Query parameters that carry a credential (presigned URLs included). */
const CREDENTIAL_QUERY =
  /[?&](token|access_token|id_token|auth_token|api[-_]?key|password|passwd|secret|client_secret|sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|x-goog-credential)=[^&#\s]+/i;

const RULES: ReadonlyArray<[SecretKind, (v: string) => boolean]> = [
  [
    "a kubeconfig's text",
    (v) =>
      (/^\s*apiVersion:/m.test(v) && /^\s*kind:\s*["']?Config["']?\s*$/m.test(v)) ||
      /(certificate-authority-data|client-certificate-data|client-key-data)\s*:/.test(v) ||
      (/"kind"\s*:\s*"Config"/.test(v) && /"clusters"\s*:/.test(v)),
  ],
  ["a GCP service-account key", (v) => /"private_key"\s*:/.test(v)],
  ["a PEM private key", (v) => /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/.test(v)],
  ["a PEM certificate", (v) => /-----BEGIN ([A-Z0-9]+ )*CERTIFICATE-----/.test(v)],
  [
    "a Slack webhook URL",
    (v) => /hooks\.slack\.com\/(services|workflows)\/[A-Za-z0-9/_-]+/.test(v),
  ],
  ["a URL with a user:password", (v) => /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]+:[^\s/?#@]+@/i.test(v)],
  [
    "a URL with a token in its query",
    (v) => /\b[a-z][a-z0-9+.-]*:\/\/\S*/i.test(v) && CREDENTIAL_QUERY.test(v),
  ],
  [
    "a JWT bearer token",
    (v) => /(^|[^A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/.test(v),
  ],
  ["an AWS access key id", (v) => /(^|[^A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}([^A-Z0-9]|$)/.test(v)],
  [
    "a GitHub token",
    (v) => /(^|[^A-Za-z0-9])(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})/.test(v),
  ],
  ["a Slack token", (v) => /(^|[^A-Za-z0-9])xox[abposr]-\d{6,}-[A-Za-z0-9-]{6,}/.test(v)],
];

/**
 * What secret material `value` looks like, or undefined for a value that may stay in plain config. `key` is
 * the name of the key holding it: a 40-character string is an AWS secret access key only where the key's name
 * says it holds a credential (and is not a `...Secret` field naming another config key).
 */
export function detectSecret(value: string, key = ""): SecretKind | undefined {
  for (const [kind, test] of RULES) if (test(value)) return kind;
  if (CREDENTIAL_KEY.test(key) && /^[A-Za-z0-9/+]{40}$/.test(value)) {
    const isReference = key.endsWith("Secret") && CONFIG_KEY_PATTERN.test(value);
    const mixed = /[0-9/+]/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value);
    if (!isReference && mixed) return "an AWS secret access key";
  }
  return undefined;
}

export interface SecretFinding {
  /** Path in the config, e.g. ["cluster", "kubeconfigPath"] or ["profiles", 0, "owner", "user"]. */
  path: Array<string | number>;
  kind: SecretKind;
  /** For a URL, the value with its credentials masked, which a message may show. */
  masked?: string;
}

/** Kinds that are URLs whose credentials can be masked, leaving where they were. */
export const URL_KINDS: ReadonlySet<SecretKind> = new Set<SecretKind>([
  "a URL with a user:password",
  "a URL with a token in its query",
]);

/**
 * A URL with its user:password and credential query values masked (`https://<credentials>@host/?token=<masked>`),
 * or undefined when the value is not one URL or still holds secret material once masked.
 */
export function maskUrl(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value) || value.length > 200) return undefined;
  const masked = value
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/i, "$1<credentials>@")
    .replace(
      new RegExp(CREDENTIAL_QUERY.source, "gi"),
      (m) => `${m.slice(0, m.indexOf("=") + 1)}<masked>`,
    );
  return detectSecret(masked.replace(/<masked>|<credentials>/g, "")) === undefined
    ? masked
    : undefined;
}

/** Every string of a config value (lists and maps, nested) that holds secret material, with its path. */
export function findSecrets(value: unknown, path: Array<string | number> = []): SecretFinding[] {
  if (typeof value === "string") {
    const last = path[path.length - 1];
    const kind = detectSecret(value, typeof last === "string" ? last : "");
    if (!kind) return [];
    const masked = URL_KINDS.has(kind) ? maskUrl(value) : undefined;
    return [{ path, kind, ...(masked ? { masked } : {}) }];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findSecrets(v, [...path, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => findSecrets(v, [...path, k]));
  }
  return [];
}

/** A copy of `value` with the strings at the given paths replaced, so no other message can echo them. */
export function redact(
  value: unknown,
  paths: ReadonlyArray<ReadonlyArray<string | number>>,
): unknown {
  const hit = (p: ReadonlyArray<string | number>) =>
    paths.some((q) => q.length === p.length && q.every((s, i) => s === p[i]));
  const walk = (v: unknown, p: Array<string | number>): unknown => {
    if (hit(p)) return "<redacted>";
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...p, i]));
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...p, k])]));
    }
    return v;
  };
  return walk(value, []);
}
