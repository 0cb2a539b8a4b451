/**
 * Istio authorization evaluated on one request at one workload: CUSTOM policies (ext-authz), then DENY,
 * then ALLOW, with rule semantics as istiod compiles them into Envoy RBAC. The entry point of the Istio
 * evaluator: it re-exports the request model, the matchers and request authentication.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 * @see https://github.com/istio/istio/blob/master/pilot/pkg/security/authz/model/model.go
 */
import { K8sObject } from "../../components/kubeflow/types";
import { RequestAuthResult } from "./istio-authn";
import {
  cidrContains,
  claimAt,
  matchClaim,
  matchHeader,
  matchHost,
  matchNamespace,
  matchPath,
  matchPrincipal,
  matchRequestPrincipal,
  matchString,
  parseCidr,
} from "./istio-match";
import { MeshRequest, policyApplies, ROOT_NAMESPACE, Workload } from "./istio-model";
import { describe } from "./objects";

export { applyRequestAuthentication, claimHeaderValue } from "./istio-authn";
export type { JwtToken, RequestAuthResult } from "./istio-authn";
export { GATEWAY_NAME_LABEL, policyApplies, ROOT_NAMESPACE } from "./istio-model";
export type { MeshRequest, PolicyTargetRef, Workload } from "./istio-model";

/** What an ext-authz provider answers: allow (with the headers it adds) or deny (its response). */
export type ExtAuthzResult =
  | { allow: true; request: MeshRequest /* with headers added */ }
  | { allow: false; status: number; headers?: Record<string, string> };

/** The authorization outcome of one request, and which policy decided it. */
export interface AuthzDecision {
  allowed: boolean;
  /** Status the client gets when denied (403 from RBAC, the provider's for CUSTOM). */
  status?: number;
  /** Response headers of a CUSTOM denial (e.g. a redirect's `location`). */
  headers?: Record<string, string>;
  /** The request as the upstream sees it (ext-authz and authentication applied). */
  request: MeshRequest;
  /** `AuthorizationPolicy ns/name`, or `no ALLOW policy applies` / `no ALLOW policy matches`. */
  decidedBy: string;
  reason: string;
}

/** Options of {@link evaluateAuthorization}. */
export interface AuthzOptions {
  /**
   * Istio's root namespace, whose policies apply mesh-wide.
   * @default "istio-system"
   */
  rootNamespace?: string;
  /**
   * Request authentication, run where Envoy runs `jwt_authn`: after ext-authz, before DENY and ALLOW
   * (istiod's listener_builder.go filter order).
   * @default - none: the request is authorized as given
   */
  authenticate?: (request: MeshRequest) => RequestAuthResult;
}

type Test = (r: MeshRequest) => boolean;
type Action = "ALLOW" | "DENY" | "AUDIT" | "CUSTOM";

interface Condition {
  key: string;
  values?: string[];
  notValues?: string[];
}
type Source = Partial<Record<string, string[]>>;
type Operation = Partial<Record<string, string[]>>;
interface Rule {
  from?: Array<{ source?: Source }>;
  to?: Array<{ operation?: Operation }>;
  when?: Condition[];
}
interface PolicySpec {
  action?: Action;
  provider?: { name?: string };
  rules?: Array<Rule | null>;
}

/** A rule istiod skips: its model cannot be built (an unknown key), or an ALLOW value is malformed. */
class SkippedRule extends Error {}

const issuerOf = (r: MeshRequest): string | undefined => {
  const iss = r.claims?.iss;
  if (typeof iss === "string") return iss;
  const p = r.requestPrincipal;
  return p === undefined || p.lastIndexOf("/") < 0 ? p : p.slice(0, p.lastIndexOf("/"));
};
const subjectOf = (r: MeshRequest): string | undefined => {
  const sub = r.claims?.sub;
  if (typeof sub === "string") return sub;
  const p = r.requestPrincipal;
  return p === undefined || p.lastIndexOf("/") < 0 ? undefined : p.slice(p.lastIndexOf("/") + 1);
};

/** A value matcher for one attribute, or undefined when the value is malformed. */
type Compile = (value: string) => Test | undefined;

const cidr =
  (attr: (r: MeshRequest) => string | undefined): Compile =>
  (v) => {
    const c = parseCidr(v);
    return c === undefined ? undefined : (r) => cidrContains(c, attr(r));
  };
const port: Compile = (v) =>
  /^\d+$/.test(v) && Number(v) <= 65535 ? (r) => r.port === Number(v) : undefined;
const text =
  (attr: (r: MeshRequest) => string | undefined): Compile =>
  (v) =>
  (r) =>
    matchString(v, attr(r));

/** The compilers of `from.source` fields, keyed by the positive field name (`not` + Name negates). */
const SOURCE: Record<string, Compile> = {
  principals: (v) => (r) => matchPrincipal(v, r.principal),
  requestPrincipals: (v) => (r) => matchRequestPrincipal(v, issuerOf(r), subjectOf(r)),
  namespaces: (v) => (r) => matchNamespace(v, r.principal),
  ipBlocks: cidr((r) => r.sourceIp),
  remoteIpBlocks: cidr((r) => r.remoteIp ?? r.sourceIp),
};
const OPERATION: Record<string, Compile> = {
  hosts: (v) => (r) => matchHost(v, r.host),
  ports: port,
  methods: (v) => (r) => matchHeader(v, r.method),
  paths: (v) => (r) => matchPath(v, r.path),
};
const CONDITION: Record<string, Compile> = {
  "source.ip": SOURCE.ipBlocks!,
  "remote.ip": SOURCE.remoteIpBlocks!,
  "source.namespace": SOURCE.namespaces!,
  "source.principal": SOURCE.principals!,
  "request.auth.principal": SOURCE.requestPrincipals!,
  "request.auth.audiences": (v) => (r) => matchClaim([v], r.claims?.aud),
  "request.auth.presenter": (v) => (r) => matchClaim([v], r.claims?.azp),
  "destination.ip": cidr((r) => r.destinationIp),
  "destination.port": port,
  "connection.sni": text((r) => r.sni),
};

/** `[name]`, as istiod's extractNameInBrackets reads a header key. */
function inBrackets(s: string): string | undefined {
  return s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1) : undefined;
}

/** `[a][b]` into `["a", "b"]`, else one `[name]`, as istiod's extractNameInNestedBrackets. */
function nestedBrackets(s: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < s.length;) {
    const end = s.indexOf("]", i);
    const open = s.indexOf("[", i + 1);
    if (s[i] !== "[" || end < 0 || (open >= 0 && open < end)) {
      const one = inBrackets(s);
      return one === undefined ? undefined : [one];
    }
    out.push(s.slice(i + 1, end));
    i = end + 1;
  }
  return out.length > 0 ? out : undefined;
}

/** The compiler of a `when` key; a key Istio does not know (or this model does not) skips the rule. */
function conditionCompiler(key: string): Compile {
  if (key.startsWith("request.headers")) {
    const name = inBrackets(key.slice("request.headers".length))?.toLowerCase();
    return (v) => (name === undefined ? undefined : (r) => matchHeader(v, r.headers[name]));
  }
  if (key.startsWith("request.auth.claims")) {
    const path = nestedBrackets(key.slice("request.auth.claims".length));
    return (v) =>
      path === undefined ? undefined : (r) => matchClaim([v], claimAt(r.claims, path));
  }
  const c = CONDITION[key];
  // source.serviceAccount, source.trustDomain and experimental.envoy.filters.* are not modelled.
  if (c === undefined) throw new SkippedRule(`unknown or unmodelled condition key ${key}`);
  return c;
}

/**
 * One attribute's values and notValues as Envoy RBAC tests: values OR'ed, notValues as NOT(any), so a
 * missing attribute fails `values` and passes `notValues`. A malformed value voids an ALLOW rule
 * (`strict`) but is dropped from DENY and CUSTOM ones, widening them (model.go checkError).
 */
function attribute(
  compile: Compile,
  values: string[] | undefined,
  notValues: string[] | undefined,
  strict: boolean,
): Test[] {
  const build = (vs: string[]) =>
    vs.flatMap((v) => {
      const t = compile(v);
      if (t === undefined && strict) throw new SkippedRule(`malformed value ${v}`);
      return t === undefined ? [] : [t];
    });
  const pos = build(values ?? []);
  const neg = build(notValues ?? []);
  const tests: Test[] = [];
  if (pos.length > 0) tests.push((r) => pos.some((t) => t(r)));
  if (neg.length > 0) tests.push((r) => !neg.some((t) => t(r)));
  return tests;
}

function fields(table: Record<string, Compile>, spec: Source, strict: boolean): Test[] {
  return Object.entries(table).flatMap(([name, compile]) => {
    const not = `not${name[0]!.toUpperCase()}${name.slice(1)}`;
    return attribute(compile, spec[name], spec[not], strict);
  });
}

/**
 * A rule as a test: some `from` entry and some `to` entry match (absent or empty = any) and every
 * `when` condition holds; within an entry every field holds. Throws SkippedRule when istiod would drop
 * the rule.
 */
function compileRule(rule: Rule, strict: boolean): Test {
  const when = (rule.when ?? []).flatMap((c) =>
    attribute(conditionCompiler(c.key), c.values, c.notValues, strict),
  );
  const from = (rule.from ?? []).map((f) => fields(SOURCE, f.source ?? {}, strict));
  const to = (rule.to ?? []).map((t) => fields(OPERATION, t.operation ?? {}, strict));
  const all = (ts: Test[], r: MeshRequest) => ts.every((t) => t(r));
  return (r) =>
    (from.length === 0 || from.some((ts) => all(ts, r))) &&
    (to.length === 0 || to.some((ts) => all(ts, r))) &&
    all(when, r);
}

const specOf = (p: K8sObject) => (p.spec ?? {}) as PolicySpec;
const actionOf = (p: K8sObject): Action => specOf(p).action ?? "ALLOW";

/**
 * The index of the first rule of a policy that matches the request, or undefined: a policy without
 * `rules` never matches (an ALLOW of nothing, i.e. deny-all where it applies), `rules: [{}]` always does.
 */
export function matchingRule(policy: K8sObject, request: MeshRequest): number | undefined {
  const strict = actionOf(policy) === "ALLOW";
  const rules = specOf(policy).rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule === null || rule === undefined) continue;
    try {
      if (compileRule(rule, strict)(request)) return i;
    } catch (e) {
      if (!(e instanceof SkippedRule)) throw e;
    }
  }
  return undefined;
}

/** `istio.io/dry-run: "true"` (any Go ParseBool truth): the policy is evaluated but not enforced. */
function dryRun(p: K8sObject): boolean {
  const v = p.metadata.annotations?.["istio.io/dry-run"];
  return v !== undefined && ["1", "t", "T", "TRUE", "true", "True"].includes(v);
}

/**
 * Authorizes one request at a workload in Istio's order: a matching CUSTOM policy sends it to its
 * ext-authz provider, whose denial ends it (several providers at one workload deny, as istiod does
 * without PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS); then any matching DENY policy denies (403); then,
 * if ALLOW policies apply, one must match (403 otherwise). AUDIT policies and dry-run ALLOW/DENY policies
 * do not decide.
 * @see https://istio.io/latest/docs/concepts/security/#implicit-enablement
 * @see https://github.com/istio/istio/blob/master/pilot/pkg/security/authz/builder/builder.go
 */
export function evaluateAuthorization(
  policies: K8sObject[],
  workload: Workload,
  request: MeshRequest,
  extAuthz: (provider: string, request: MeshRequest) => ExtAuthzResult,
  options: AuthzOptions = {},
): AuthzDecision {
  const root = options.rootNamespace ?? ROOT_NAMESPACE;
  const applicable = policies.filter(
    (p) => p.kind === "AuthorizationPolicy" && policyApplies(p, workload, root),
  );
  const enforced = (a: Action) =>
    applicable.filter((p) => actionOf(p) === a && (a === "CUSTOM" || !dryRun(p)));
  const ruleText = (p: K8sObject, i: number) => `rule ${i} of ${describe(p)} matches`;
  let req = request;

  const custom = enforced("CUSTOM").filter((p) => specOf(p).provider?.name !== undefined);
  const providers = [...new Set(custom.map((p) => specOf(p).provider!.name!))].sort();
  const customHit = custom
    .map((p) => ({ p, i: matchingRule(p, req) }))
    .find((h) => h.i !== undefined);
  if (customHit !== undefined) {
    const by = describe(customHit.p);
    if (providers.length > 1) {
      const reason = `CUSTOM providers ${providers.join(", ")} at one workload: istiod denies`;
      return { allowed: false, status: 403, request: req, decidedBy: by, reason };
    }
    const provider = providers[0]!;
    const res = extAuthz(provider, req);
    if (!res.allow) {
      return {
        allowed: false,
        status: res.status,
        ...(res.headers !== undefined ? { headers: res.headers } : {}),
        request: req,
        decidedBy: by,
        reason: `${ruleText(customHit.p, customHit.i!)}; ext-authz ${provider} denied with ${res.status}`,
      };
    }
    req = res.request;
  }

  if (options.authenticate !== undefined) {
    const authn = options.authenticate(req);
    if (!authn.ok) {
      const { status, decidedBy, reason } = authn;
      return { allowed: false, status, request: req, decidedBy, reason };
    }
    req = authn.request;
  }

  for (const p of enforced("DENY")) {
    const i = matchingRule(p, req);
    if (i !== undefined) {
      return {
        allowed: false,
        status: 403,
        request: req,
        decidedBy: describe(p),
        reason: ruleText(p, i),
      };
    }
  }

  const allows = enforced("ALLOW");
  if (allows.length === 0) {
    const reason = "no ALLOW policy applies to the workload, so Istio allows";
    return { allowed: true, request: req, decidedBy: "no ALLOW policy applies", reason };
  }
  for (const p of allows) {
    const i = matchingRule(p, req);
    if (i !== undefined)
      return { allowed: true, request: req, decidedBy: describe(p), reason: ruleText(p, i) };
  }
  return {
    allowed: false,
    status: 403,
    request: req,
    decidedBy: "no ALLOW policy matches",
    reason: `ALLOW policies apply but none matches: ${allows.map(describe).join(", ")}`,
  };
}
