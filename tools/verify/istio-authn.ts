/**
 * Istio request authentication (RequestAuthentication `jwtRules`), evaluated on one request the way the
 * Envoy `jwt_authn` filter istiod configures for it would treat it: find the token, check it against the
 * rules, then set the request identity, copy claims to headers and drop the token unless forwarded.
 */
import { K8sObject } from "../../components/kubeflow/types";
import { claimAt } from "./istio-match";
import { MeshRequest, policyApplies, ROOT_NAMESPACE, Workload } from "./istio-model";
import { describe } from "./objects";

/** What a token in the request stands for, once decoded: the evaluator checks issuer and audiences. */
export interface JwtToken {
  issuer: string;
  subject: string;
  audiences: string[];
  claims: Record<string, unknown>;
  /**
   * Whether signature and expiry check out against the issuer's keys.
   * @default true
   */
  verified?: boolean;
}

/** The outcome of request authentication: the request as later filters see it, or Envoy's rejection. */
export type RequestAuthResult =
  | { ok: true; request: MeshRequest; authenticatedBy?: string }
  | { ok: false; status: 401 | 403; reason: string; decidedBy: string };

interface JwtRule {
  issuer: string;
  audiences?: string[];
  fromHeaders?: Array<{ name: string; prefix?: string }>;
  fromParams?: string[];
  fromCookies?: string[];
  forwardOriginalToken?: boolean;
  outputClaimToHeaders?: Array<{ header: string; claim: string }>;
  spaceDelimitedClaims?: string[];
}

type TokenLocation =
  | { kind: "header"; name: string; prefix: string }
  | { kind: "param"; name: string }
  | { kind: "cookie"; name: string };

const locationKey = (l: TokenLocation) =>
  l.kind === "header" ? `header ${l.name.toLowerCase()} "${l.prefix}"` : `${l.kind} ${l.name}`;

/**
 * Where a rule looks for its token: its `fromHeaders`/`fromParams`/`fromCookies`, or, with none set,
 * `Authorization: Bearer <token>` and the `access_token` query parameter.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
function locationsOf(rule: JwtRule): TokenLocation[] {
  const headers = rule.fromHeaders ?? [];
  const params = rule.fromParams ?? [];
  const cookies = rule.fromCookies ?? [];
  if (headers.length + params.length + cookies.length === 0) {
    return [
      { kind: "header", name: "authorization", prefix: "Bearer " },
      { kind: "param", name: "access_token" },
    ];
  }
  return [
    ...headers.map((h) => ({ kind: "header" as const, name: h.name, prefix: h.prefix ?? "" })),
    ...params.map((name) => ({ kind: "param" as const, name })),
    ...cookies.map((name) => ({ kind: "cookie" as const, name })),
  ];
}

/**
 * The token at one location. A header without the configured prefix holds no token there: Envoy's
 * extractor skips it (extractor.cc, "prefix not found anywhere in value_str, so skip").
 */
function tokenAt(request: MeshRequest, loc: TokenLocation): string | undefined {
  let raw: string | undefined;
  if (loc.kind === "header") {
    const value = request.headers[loc.name.toLowerCase()];
    if (value === undefined) return undefined;
    const at = value.indexOf(loc.prefix);
    if (at < 0) return undefined;
    raw = value.slice(at + loc.prefix.length).split(/[\s,]/)[0];
  } else if (loc.kind === "param") {
    const q = request.path.indexOf("?");
    raw =
      q < 0
        ? undefined
        : (new URLSearchParams(request.path.slice(q + 1)).get(loc.name) ?? undefined);
  } else {
    const pairs = (request.headers.cookie ?? "").split(";").map((c) => c.trim().split("="));
    raw = pairs
      .find(([k]) => k === loc.name)
      ?.slice(1)
      .join("=");
  }
  return raw === undefined || raw === "" ? undefined : raw;
}

/**
 * A claim as Envoy's `claim_to_headers` writes it: strings as they are, integers in decimal, other
 * numbers with six decimals (std::to_string), booleans as `true`/`false`, lists and objects as base64 JSON
 * (envoyproxy/envoy#30377); a missing or empty claim sets no header.
 * @see https://github.com/envoyproxy/envoy/blob/main/source/extensions/filters/http/jwt_authn/authenticator.cc
 */
export function claimHeaderValue(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 0 ? BigInt(value).toString() : value.toFixed(6);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value !== null && typeof value === "object") {
    return Buffer.from(JSON.stringify(value)).toString("base64");
  }
  return undefined;
}

/**
 * The claims authorization sees: the payload with `iss`, `sub` and `aud`, and the space-delimited claims
 * (`scope`, `permission` and the rule's `spaceDelimitedClaims`) split into lists, as istiod configures
 * Envoy's `normalize_payload_in_metadata` (policy_applier.go buildSpaceDelimitedClaims).
 */
function normalizedClaims(jwt: JwtToken, rule: JwtRule): Record<string, unknown> {
  const claims: Record<string, unknown> = structuredClone(jwt.claims);
  claims.iss = jwt.issuer;
  claims.sub = jwt.subject;
  if (claims.aud === undefined && jwt.audiences.length > 0) claims.aud = [...jwt.audiences];
  for (const name of ["scope", "permission", ...(rule.spaceDelimitedClaims ?? [])]) {
    const path = name.split(".");
    const parent = claimAt(claims, path.slice(0, -1));
    const last = path[path.length - 1]!;
    if (parent === null || typeof parent !== "object" || Array.isArray(parent)) continue;
    const value = (parent as Record<string, unknown>)[last];
    if (typeof value === "string") {
      (parent as Record<string, unknown>)[last] = value.split(/\s+/).filter((s) => s !== "");
    }
  }
  return claims;
}

/**
 * Applies the RequestAuthentications that attach to a workload to one request, as the Envoy filter istiod
 * generates would: a request with no token at any rule's location passes with no identity; a token that
 * no rule reading that location names the issuer of is rejected (401, Envoy's JwtUnknownIssuer, see
 * envoyproxy/envoy#15194: `allow_missing` admits only requests without a JWT), as is a token failing
 * verification (401) or a rule's `audiences` (403, Envoy answers JwtAudienceNotAllowed with Forbidden).
 * A CORS preflight passes untouched (istiod sets `bypass_cors_preflight`). `jwt` is what the token found
 * decodes to; a token with no `jwt` is malformed.
 * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
 * @see https://github.com/istio/istio/blob/master/pilot/pkg/security/authn/policy_applier.go
 * @see https://github.com/envoyproxy/envoy/blob/main/source/extensions/filters/http/jwt_authn/filter.cc
 */
export function applyRequestAuthentication(
  requestAuthentications: K8sObject[],
  workload: Workload,
  request: MeshRequest,
  jwt?: JwtToken,
  options: { rootNamespace?: string } = {},
): RequestAuthResult {
  const root = options.rootNamespace ?? ROOT_NAMESPACE;
  const entries = requestAuthentications
    .filter((ra) => ra.kind === "RequestAuthentication" && policyApplies(ra, workload, root))
    .flatMap((ra) =>
      ((ra.spec as { jwtRules?: JwtRule[] } | undefined)?.jwtRules ?? []).map((rule) => ({
        by: describe(ra),
        rule,
        keys: new Set(locationsOf(rule).map(locationKey)),
      })),
    );
  if (entries.length === 0) return { ok: true, request };
  const h = request.headers;
  if (request.method === "OPTIONS" && h.origin && h["access-control-request-method"]) {
    return { ok: true, request };
  }
  const found = entries
    .flatMap((e) => locationsOf(e.rule))
    .map((loc) => ({ loc, token: tokenAt(request, loc) }))
    .find((t) => t.token !== undefined);
  if (found === undefined) return { ok: true, request };
  const where = locationKey(found.loc);
  const fail = (status: 401 | 403, reason: string): RequestAuthResult => ({
    ok: false,
    status,
    reason,
    decidedBy: entries
      .filter((e) => e.keys.has(where))
      .map((e) => e.by)
      .filter((by, i, all) => all.indexOf(by) === i)
      .join(", "),
  });
  if (jwt === undefined) return fail(401, `the token in ${where} is not a JWT`);
  const readers = entries.filter((e) => e.keys.has(where));
  const sameIssuer = readers.filter((e) => e.rule.issuer === jwt.issuer);
  if (sameIssuer.length === 0) {
    const known = readers.map((e) => e.rule.issuer).join(", ");
    return fail(
      401,
      `Jwt issuer is not configured: ${jwt.issuer} (rules reading ${where}: ${known})`,
    );
  }
  if (jwt.verified === false) return fail(401, `Jwt verification fails for issuer ${jwt.issuer}`);
  const accepted = sameIssuer.find(
    (e) =>
      (e.rule.audiences ?? []).length === 0 ||
      jwt.audiences.some((a) => e.rule.audiences!.includes(a)),
  );
  if (accepted === undefined) {
    return fail(403, `Audiences in Jwt are not allowed: ${jwt.audiences.join(", ") || "(none)"}`);
  }
  const headers = { ...request.headers };
  for (const c of accepted.rule.outputClaimToHeaders ?? []) {
    const value = claimHeaderValue(claimAt(jwt.claims, c.claim.split(".")));
    // "The header will be overridden if it already exists in the request" (istio/api ClaimToHeader).
    // https://istio.io/latest/docs/reference/config/security/request_authentication/#ClaimToHeader
    if (value !== undefined) headers[c.header.toLowerCase()] = value;
  }
  // Envoy removes a verified token from its header unless `forward` is set; it leaves query parameters.
  if (accepted.rule.forwardOriginalToken !== true && found.loc.kind === "header") {
    delete headers[found.loc.name.toLowerCase()];
  }
  return {
    ok: true,
    authenticatedBy: accepted.by,
    request: {
      ...request,
      headers,
      requestPrincipal: `${jwt.issuer}/${jwt.subject}`,
      claims: normalizedClaims(jwt, accepted.rule),
    },
  };
}
