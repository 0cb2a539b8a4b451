/**
 * The value matchers Istio compiles AuthorizationPolicy fields into, evaluated directly: Istio's string
 * forms (exact, `x*`, `*x`, `*`), header presence, case-insensitive hosts, URL paths and path templates,
 * IP blocks, peer and request principals, JWT claims.
 *
 * Each matcher mirrors the Envoy matcher istiod generates for that field, as read in
 * https://github.com/istio/istio/blob/master/pilot/pkg/security/authz/model/generator.go and
 * https://github.com/istio/istio/tree/master/pilot/pkg/security/authz/matcher.
 */

/**
 * Istio's string forms on a value: `*` is presence (a non-empty value), `*x` a suffix, `x*` a prefix,
 * anything else exact. A missing value never matches.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export function matchString(
  pattern: string,
  value: string | undefined,
  ignoreCase = false,
): boolean {
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  // `*` compiles to the regex `.+` (matcher/string.go StringMatcherWithPrefix): presence of a non-empty value.
  if (p === "*") return v.length > 0;
  if (p.startsWith("*")) return v.endsWith(p.slice(1));
  if (p.endsWith("*")) return v.startsWith(p.slice(0, -1));
  return v === p;
}

/**
 * A header condition: `*` is Envoy's `present_match` (the header exists, whatever its value), the other
 * forms as {@link matchString}, case-sensitive on the value (matcher/header.go HeaderMatcher).
 */
export function matchHeader(pattern: string, value: string | undefined): boolean {
  if (pattern === "*") return value !== undefined;
  return matchString(pattern, value);
}

/**
 * `hosts`: the `:authority` header, case-insensitive (matcher/header.go HostMatcher). The port is *not*
 * stripped: Istio documents that an exact `example.com` does not match `example.com:8080` and that
 * policies must list `example.com:*` too.
 * @see https://istio.io/latest/docs/ops/best-practices/security/#writing-host-match-policies
 */
export function matchHost(pattern: string, host: string): boolean {
  if (pattern === "*") return true;
  return matchString(pattern, host, true);
}

/** The path Envoy's `url_path` matcher sees: the request path without its query string or fragment. */
export function urlPath(path: string): string {
  const cut = path.search(/[?#]/);
  return cut < 0 ? path : path.slice(0, cut);
}

// Envoy's uri_template: `{*}` is one or more path-segment characters, `{**}` zero or more of them or `/`.
// https://github.com/envoyproxy/envoy/blob/main/source/extensions/path/uri_template_lib/uri_template_internal.cc
const SEGMENT_CHARS = "a-zA-Z0-9\\-._~%!$&'()+,;:@=";

/** Whether a `paths` value is a path template (`{*}` / `{**}`), per istio/pkg/config/security. */
export function isPathTemplate(pattern: string): boolean {
  return pattern.includes("{*}") || pattern.includes("{**}");
}

function templateRegex(pattern: string): RegExp {
  const parts = pattern.split(/(\{\*\*\}|\{\*\})/);
  const body = parts
    .map((p) => {
      if (p === "{**}") return `[${SEGMENT_CHARS}/]*`;
      if (p === "{*}") return `[${SEGMENT_CHARS}]+`;
      return p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${body}$`);
}

/**
 * `paths`: Istio's string forms on the URL path, or an Envoy URI template when the value holds `{*}` or
 * `{**}` (`/foo/{*}` matches `/foo/bar`, not `/foo/bar/baz`). Path normalization is not modelled.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
 */
export function matchPath(pattern: string, path: string): boolean {
  const p = urlPath(path);
  if (isPathTemplate(pattern)) return templateRegex(pattern).test(p);
  return matchString(pattern, p);
}

/** An IP range: address bits, prefix length and family. */
export interface Cidr {
  v6: boolean;
  base: bigint;
  bits: number;
}

function parseIp(s: string): { v6: boolean; value: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const octets = s.split(".").map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { v6: false, value: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n) };
  }
  if (!/^[0-9a-fA-F:]+$/.test(s) || !s.includes(":")) return undefined;
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" ? [] : halves[0]!.split(":");
  const tail = halves.length === 2 && halves[1] !== "" ? halves[1]!.split(":") : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || (halves.length === 2 && fill < 1)) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill("0"), ...tail];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return { v6: true, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n) };
}

/**
 * A single address (`203.0.113.4`, a /32 or /128) or a CIDR block, as istiod's AddrStrToCidrRange accepts
 * them; undefined when malformed.
 */
export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.split("/");
  if (addr === undefined || extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (ip === undefined) return undefined;
  const width = ip.v6 ? 128 : 32;
  const bits = len === undefined ? width : /^\d+$/.test(len) ? Number(len) : NaN;
  if (!Number.isInteger(bits) || bits > width) return undefined;
  return { v6: ip.v6, base: ip.value >> BigInt(width - bits), bits };
}

/** Whether an address falls in a block; a missing or malformed address never does. */
export function cidrContains(cidr: Cidr, ip: string | undefined): boolean {
  const a = ip === undefined ? undefined : parseIp(ip);
  if (a === undefined || a.v6 !== cidr.v6) return false;
  const width = a.v6 ? 128 : 32;
  return a.value >> BigInt(width - cidr.bits) === cidr.base;
}

/**
 * `principals` / `source.principal`: the string forms against the peer's SPIFFE identity (istiod prefixes
 * `spiffe://` to both). Plain text has no peer certificate, so Envoy's `authenticated` matcher fails.
 */
export function matchPrincipal(pattern: string, principal: string | undefined): boolean {
  return matchString(pattern, principal);
}

/**
 * `namespaces` / `source.namespace`: istiod compiles a namespace (with `*` as a wildcard) into a regex
 * finding `/ns/<ns>/` in the peer's SPIFFE identity, so it too needs mTLS (generator.go
 * srcNamespaceGenerator).
 */
export function matchNamespace(pattern: string, principal: string | undefined): boolean {
  if (principal === undefined) return false;
  const ns = pattern
    .split("*")
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^.*/ns/${ns}/.*$`).test(`spiffe://${principal}`);
}

/**
 * `requestPrincipals` / `request.auth.principal`: istiod splits the value at its last `/` into issuer and
 * subject and matches the JWT's `iss` and `sub` claims separately (generator.go requestPrincipalGenerator);
 * `*` needs both non-empty.
 */
export function matchRequestPrincipal(
  pattern: string,
  iss: string | undefined,
  sub: string | undefined,
): boolean {
  if (iss === undefined || sub === undefined) return false;
  const any = (v: string) => v.length > 0;
  const idx = pattern.lastIndexOf("/");
  const found = idx >= 0;
  const pIss = found ? pattern.slice(0, idx) : pattern;
  const pSub = found ? pattern.slice(idx + 1) : "";
  if (pattern === "*") return any(iss) && any(sub);
  if (pattern.startsWith("*")) {
    if (!found) return any(iss) && sub.endsWith(pattern.slice(1));
    return (pIss === "*" ? any(iss) : iss.endsWith(pIss.slice(1))) && sub === pSub;
  }
  if (pattern.endsWith("*")) {
    if (!found) return iss.startsWith(pattern.slice(0, -1)) && any(sub);
    return iss === pIss && (pSub === "*" ? any(sub) : sub.startsWith(pSub.slice(0, -1)));
  }
  return iss === pIss && sub === pSub;
}

/** The value at a path of keys in nested claims (`[a][b]` or `a.b` split by the caller). */
export function claimAt(claims: Record<string, unknown> | undefined, path: string[]): unknown {
  let cur: unknown = claims;
  for (const k of path) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/**
 * A claim condition: a string claim matches one of the patterns, or a list claim has an element that does
 * (istiod's MetadataListValueMatcher with its string OR list form); numbers, booleans and a missing
 * claim never match.
 */
export function matchClaim(patterns: string[], value: unknown): boolean {
  const strings = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string")
    : typeof value === "string"
      ? [value]
      : [];
  return strings.some((s) => patterns.some((p) => matchString(p, s)));
}
