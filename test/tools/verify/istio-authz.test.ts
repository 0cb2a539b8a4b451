import * as fs from "fs";
import * as path from "path";
import { parseStream } from "../../../components/kubeflow/bundle-format";
import { K8sObject } from "../../../components/kubeflow/types";
import {
  applyRequestAuthentication,
  claimHeaderValue,
  evaluateAuthorization,
  ExtAuthzResult,
  JwtToken,
  MeshRequest,
  policyApplies,
  Workload,
} from "../../../tools/verify/istio-authz";
import { bundleDir } from "../../harness/upstream";

const INGRESS_SA = "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account";
const PIPELINE_UI_SA = "cluster.local/ns/kubeflow/sa/ml-pipeline-ui";
const USER_POD_SA = "cluster.local/ns/kubeflow-user-example-com/sa/default-editor";
const DEX = "http://dex.auth.svc.cluster.local:5556/dex";

const GATEWAY: Workload = {
  namespace: "istio-system",
  labels: { app: "istio-ingressgateway", istio: "ingressgateway" },
};
const PIPELINE: Workload = { namespace: "kubeflow", labels: { app: "ml-pipeline" } };

function policy(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  annotations?: Record<string, string>,
): K8sObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name, namespace, ...(annotations ? { annotations } : {}) },
    spec,
  };
}

function requestAuthentication(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
): K8sObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "RequestAuthentication",
    metadata: { name, namespace },
    spec,
  };
}

function request(over: Partial<MeshRequest> = {}): MeshRequest {
  return {
    host: "kubeflow.example.com",
    port: 8888,
    method: "GET",
    path: "/",
    headers: {},
    ...over,
  };
}

const noExtAuthz = (): ExtAuthzResult => {
  throw new Error("ext-authz must not be called");
};

/** Whether one ALLOW policy on ml-pipeline, holding just this rule, lets the request through. */
function allowedBy(rule: Record<string, unknown>, r: MeshRequest): boolean {
  const p = policy("only", "kubeflow", {
    selector: { matchLabels: { app: "ml-pipeline" } },
    rules: [rule],
  });
  return evaluateAuthorization([p], PIPELINE, r, noExtAuthz).allowed;
}

// Kubeflow's own shapes (common/oauth2-proxy/overlays/m2m-dex-only, common/istio install overlays).
const customOauth2Proxy = policy("istio-ingressgateway-oauth2-proxy", "istio-system", {
  action: "CUSTOM",
  provider: { name: "oauth2-proxy" },
  selector: { matchLabels: { app: "istio-ingressgateway" } },
  rules: [
    {
      to: [{ operation: { notPaths: ["/dex/*", "/dex/**", "/oauth2/*"] } }],
      when: [{ key: "request.headers[authorization]", notValues: ["*"] }],
    },
  ],
});
const requireJwt = policy("istio-ingressgateway-require-jwt", "istio-system", {
  action: "DENY",
  selector: { matchLabels: { app: "istio-ingressgateway" } },
  rules: [
    {
      from: [{ source: { notRequestPrincipals: ["*"] } }],
      to: [{ operation: { notPaths: ["/dex/*", "/dex/**", "/oauth2/*"] } }],
    },
  ],
});
const globalDenyAll = policy("global-deny-all", "istio-system", {});
const gatewayAllowAll = policy("istio-ingressgateway", "istio-system", {
  action: "ALLOW",
  selector: { matchLabels: { app: "istio-ingressgateway", istio: "ingressgateway" } },
  rules: [{}],
});
const dexJwt = requestAuthentication("dex-jwt", "istio-system", {
  selector: { matchLabels: { app: "istio-ingressgateway" } },
  jwtRules: [
    {
      issuer: DEX,
      forwardOriginalToken: true,
      fromHeaders: [{ name: "Authorization", prefix: "Bearer " }],
      outputClaimToHeaders: [
        { claim: "email", header: "kubeflow-userid" },
        { claim: "groups", header: "kubeflow-groups" },
      ],
    },
  ],
});
const userToken: JwtToken = {
  issuer: DEX,
  subject: "CiQwOGE4Njg0Yi1kYjg4",
  audiences: ["kubeflow-oidc-authservice"],
  claims: { email: "user@example.com", groups: ["team-a"] },
};

describe("policy attachment", () => {
  const cases: Array<[string, K8sObject, Workload, boolean]> = [
    [
      "a policy selects workloads of its own namespace by matchLabels",
      policy("p", "kubeflow", { selector: { matchLabels: { app: "ml-pipeline" } } }),
      PIPELINE,
      true,
    ],
    [
      "a policy never reaches workloads of another, non-root namespace",
      policy("p", "kubeflow-user", {}),
      PIPELINE,
      false,
    ],
    [
      "a selector that names other labels leaves the workload alone",
      policy("p", "kubeflow", { selector: { matchLabels: { app: "mysql" } } }),
      PIPELINE,
      false,
    ],
    ["a root-namespace policy without selector applies mesh-wide", globalDenyAll, PIPELINE, true],
    [
      "a root-namespace selector matches workloads in every namespace",
      policy("p", "istio-system", { selector: { matchLabels: { app: "ml-pipeline" } } }),
      PIPELINE,
      true,
    ],
    [
      "a targetRefs policy is ignored by a sidecar workload",
      policy("p", "kubeflow", {
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw" }],
      }),
      PIPELINE,
      false,
    ],
    [
      "a targetRefs policy attaches to the pods of the Gateway it names",
      policy("p", "kubeflow", {
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw" }],
      }),
      { namespace: "kubeflow", labels: { "gateway.networking.k8s.io/gateway-name": "gw" } },
      true,
    ],
    [
      "a targetRefs policy skips the pods of another Gateway",
      policy("p", "kubeflow", {
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "other" }],
      }),
      { namespace: "kubeflow", labels: { "gateway.networking.k8s.io/gateway-name": "gw" } },
      false,
    ],
    [
      "a selector policy still attaches to a Gateway API gateway (istiod's default)",
      policy("p", "kubeflow", { selector: { matchLabels: { app: "gw" } } }),
      {
        namespace: "kubeflow",
        labels: { app: "gw", "gateway.networking.k8s.io/gateway-name": "gw" },
      },
      true,
    ],
  ];
  it.each(cases)("%s", (_name, p, workload, expected) => {
    expect(policyApplies(p, workload)).toBe(expected);
  });

  it("a root namespace other than istio-system can be configured", () => {
    const p = policy("p", "mesh-root", {});
    expect([policyApplies(p, PIPELINE), policyApplies(p, PIPELINE, "mesh-root")]).toEqual([
      false,
      true,
    ]);
  });
});

describe("evaluation order: CUSTOM, then DENY, then ALLOW", () => {
  it("a CUSTOM denial ends the request with the provider's status and headers, whatever ALLOW says", () => {
    const calls: string[] = [];
    const d = evaluateAuthorization(
      [customOauth2Proxy, gatewayAllowAll],
      GATEWAY,
      request({ path: "/pipeline/" }),
      (provider) => {
        calls.push(provider);
        return { allow: false, status: 302, headers: { location: "/oauth2/start" } };
      },
    );
    expect(d).toMatchObject({
      allowed: false,
      status: 302,
      headers: { location: "/oauth2/start" },
      decidedBy: "AuthorizationPolicy istio-system/istio-ingressgateway-oauth2-proxy",
    });
    expect(calls).toEqual(["oauth2-proxy"]);
  });

  it("headers a CUSTOM provider adds are seen by ALLOW rules and by the upstream", () => {
    const needsUser = policy("needs-user", "istio-system", {
      selector: { matchLabels: { app: "istio-ingressgateway" } },
      rules: [{ when: [{ key: "request.headers[kubeflow-userid]", values: ["*"] }] }],
    });
    const d = evaluateAuthorization(
      [customOauth2Proxy, needsUser],
      GATEWAY,
      request(),
      (_p, r) => ({
        allow: true,
        request: { ...r, headers: { ...r.headers, "kubeflow-userid": "user@example.com" } },
      }),
    );
    expect(d.allowed).toBe(true);
    expect(d.request.headers["kubeflow-userid"]).toBe("user@example.com");
  });

  it("a CUSTOM policy whose rules do not match never calls its provider", () => {
    const d = evaluateAuthorization(
      [customOauth2Proxy],
      GATEWAY,
      request({ path: "/dex/auth" }),
      noExtAuthz,
    );
    expect(d.allowed).toBe(true);
  });

  it("two CUSTOM providers at one workload deny a matching request, as istiod does by default", () => {
    const second = policy("other", "istio-system", {
      action: "CUSTOM",
      provider: { name: "other-authz" },
      rules: [{}],
    });
    const d = evaluateAuthorization([customOauth2Proxy, second], GATEWAY, request(), noExtAuthz);
    expect([d.allowed, d.status]).toEqual([false, 403]);
  });

  it("a matching DENY wins over a matching ALLOW", () => {
    const d = evaluateAuthorization([requireJwt, gatewayAllowAll], GATEWAY, request(), noExtAuthz);
    expect(d).toMatchObject({
      allowed: false,
      status: 403,
      decidedBy: "AuthorizationPolicy istio-system/istio-ingressgateway-require-jwt",
    });
  });

  it("a workload no ALLOW policy applies to is allowed", () => {
    const d = evaluateAuthorization([requireJwt], PIPELINE, request(), noExtAuthz);
    expect([d.allowed, d.decidedBy]).toEqual([true, "no ALLOW policy applies"]);
  });

  it("when ALLOW policies apply and none matches, the request is denied with 403", () => {
    const p = policy("ui-only", "kubeflow", {
      rules: [{ from: [{ source: { principals: [PIPELINE_UI_SA] } }] }],
    });
    const d = evaluateAuthorization([p], PIPELINE, request({ principal: USER_POD_SA }), noExtAuthz);
    expect(d).toMatchObject({ allowed: false, status: 403, decidedBy: "no ALLOW policy matches" });
  });

  it("an ALLOW policy without rules denies every request where it applies (global-deny-all)", () => {
    const d = evaluateAuthorization(
      [globalDenyAll],
      PIPELINE,
      request({ principal: INGRESS_SA }),
      noExtAuthz,
    );
    expect([d.allowed, d.status]).toEqual([false, 403]);
  });

  it("another matching ALLOW policy lets a request past global-deny-all", () => {
    const d = evaluateAuthorization(
      [globalDenyAll, gatewayAllowAll],
      GATEWAY,
      request(),
      noExtAuthz,
    );
    expect([d.allowed, d.decidedBy]).toEqual([
      true,
      "AuthorizationPolicy istio-system/istio-ingressgateway",
    ]);
  });

  it("rules: [{}] allows every request", () => {
    expect(allowedBy({}, request({ method: "DELETE", path: "/anything" }))).toBe(true);
  });

  it("AUDIT policies do not decide", () => {
    const audit = policy("audit", "kubeflow", { action: "AUDIT", rules: [{}] });
    const d = evaluateAuthorization([audit], PIPELINE, request(), noExtAuthz);
    expect(d.decidedBy).toBe("no ALLOW policy applies");
  });

  it("a dry-run DENY policy is not enforced", () => {
    const dry = policy(
      "dry",
      "kubeflow",
      { action: "DENY", rules: [{}] },
      { "istio.io/dry-run": "true" },
    );
    expect(evaluateAuthorization([dry], PIPELINE, request(), noExtAuthz).allowed).toBe(true);
  });

  it("request authentication runs after CUSTOM and before DENY, and its 401 ends the request", () => {
    const seen: Array<string | undefined> = [];
    const authenticate = (r: MeshRequest) =>
      applyRequestAuthentication([dexJwt], GATEWAY, r, { ...userToken, verified: false });
    const d = evaluateAuthorization(
      [customOauth2Proxy, requireJwt],
      GATEWAY,
      request(),
      (_p, r) => {
        seen.push(r.requestPrincipal);
        return {
          allow: true,
          request: { ...r, headers: { ...r.headers, authorization: "Bearer t" } },
        };
      },
      { authenticate },
    );
    expect(seen).toEqual([undefined]);
    expect(d).toMatchObject({
      allowed: false,
      status: 401,
      decidedBy: "RequestAuthentication istio-system/dex-jwt",
    });
  });
});

describe("rule fields", () => {
  const mtls = (principal: string, over: Partial<MeshRequest> = {}) =>
    request({ principal, ...over });
  const src = (source: Record<string, string[]>) => ({ from: [{ source }] });
  const op = (operation: Record<string, string[]>) => ({ to: [{ operation }] });
  const when = (key: string, values?: string[], notValues?: string[]) => ({
    when: [{ key, ...(values ? { values } : {}), ...(notValues ? { notValues } : {}) }],
  });
  const jwt = (claims: Record<string, unknown>) =>
    request({ requestPrincipal: `${DEX}/sub-1`, claims: { iss: DEX, sub: "sub-1", ...claims } });

  const cases: Array<[string, Record<string, unknown>, MeshRequest, boolean]> = [
    [
      "principals: an exact peer identity matches",
      src({ principals: [INGRESS_SA] }),
      mtls(INGRESS_SA),
      true,
    ],
    [
      "principals: another identity does not",
      src({ principals: [INGRESS_SA] }),
      mtls(USER_POD_SA),
      false,
    ],
    [
      "principals: a plain-text request never matches",
      src({ principals: ["*"] }),
      request(),
      false,
    ],
    ["principals: * matches any mTLS peer", src({ principals: ["*"] }), mtls(USER_POD_SA), true],
    [
      "principals: a prefix form matches",
      src({ principals: ["cluster.local/ns/kubeflow/*"] }),
      mtls(PIPELINE_UI_SA),
      true,
    ],
    [
      "principals: a suffix form matches",
      src({ principals: ["*/sa/ml-pipeline-ui"] }),
      mtls(PIPELINE_UI_SA),
      true,
    ],
    [
      "notPrincipals: a plain-text request (no identity) matches",
      src({ notPrincipals: [INGRESS_SA] }),
      request(),
      true,
    ],
    [
      "notPrincipals: the named identity does not",
      src({ notPrincipals: [INGRESS_SA] }),
      mtls(INGRESS_SA),
      false,
    ],
    [
      "namespaces: the peer's namespace matches",
      src({ namespaces: ["kubeflow"] }),
      mtls(PIPELINE_UI_SA),
      true,
    ],
    [
      "namespaces: a wildcard matches",
      src({ namespaces: ["kubeflow-user-*"] }),
      mtls(USER_POD_SA),
      true,
    ],
    [
      "namespaces: a plain-text request never matches",
      src({ namespaces: ["kubeflow"] }),
      request({ sourceNamespace: "kubeflow" }),
      false,
    ],
    [
      "notNamespaces: a plain-text request matches",
      src({ notNamespaces: ["kubeflow"] }),
      request(),
      true,
    ],
    [
      "requestPrincipals: * matches any validated JWT",
      src({ requestPrincipals: ["*"] }),
      jwt({}),
      true,
    ],
    [
      "requestPrincipals: * does not match a request without JWT",
      src({ requestPrincipals: ["*"] }),
      request(),
      false,
    ],
    [
      "requestPrincipals: issuer/* matches that issuer",
      src({ requestPrincipals: [`${DEX}/*`] }),
      jwt({}),
      true,
    ],
    [
      "requestPrincipals: exact iss/sub",
      src({ requestPrincipals: [`${DEX}/sub-2`] }),
      jwt({}),
      false,
    ],
    [
      "notRequestPrincipals: * matches a request without JWT",
      src({ notRequestPrincipals: ["*"] }),
      request(),
      true,
    ],
    [
      "ipBlocks: an address in the CIDR matches",
      src({ ipBlocks: ["10.0.0.0/8"] }),
      request({ sourceIp: "10.1.2.3" }),
      true,
    ],
    [
      "ipBlocks: an address outside does not",
      src({ ipBlocks: ["10.0.0.0/8"] }),
      request({ sourceIp: "192.168.1.1" }),
      false,
    ],
    [
      "ipBlocks: a single address is a /32",
      src({ ipBlocks: ["10.1.2.3"] }),
      request({ sourceIp: "10.1.2.3" }),
      true,
    ],
    [
      "ipBlocks: IPv6 blocks match",
      src({ ipBlocks: ["2001:db8::/32"] }),
      request({ sourceIp: "2001:db8:1::5" }),
      true,
    ],
    [
      "notIpBlocks: an address inside does not match",
      src({ notIpBlocks: ["10.0.0.0/8"] }),
      request({ sourceIp: "10.9.9.9" }),
      false,
    ],
    [
      "remoteIpBlocks: reads the client address",
      src({ remoteIpBlocks: ["203.0.113.0/24"] }),
      request({ sourceIp: "10.0.0.1", remoteIp: "203.0.113.7" }),
      true,
    ],
    [
      "remoteIpBlocks: falls back to the connection address",
      src({ remoteIpBlocks: ["10.0.0.0/24"] }),
      request({ sourceIp: "10.0.0.1" }),
      true,
    ],
    [
      "source fields are ANDed",
      src({ principals: [PIPELINE_UI_SA], namespaces: ["istio-system"] }),
      mtls(PIPELINE_UI_SA),
      false,
    ],
    [
      "hosts: the match is case-insensitive",
      op({ hosts: ["KubeFlow.Example.com"] }),
      request(),
      true,
    ],
    [
      "hosts: the port is not stripped",
      op({ hosts: ["kubeflow.example.com"] }),
      request({ host: "kubeflow.example.com:443" }),
      false,
    ],
    [
      "hosts: host:* covers any port",
      op({ hosts: ["kubeflow.example.com:*"] }),
      request({ host: "kubeflow.example.com:443" }),
      true,
    ],
    ["hosts: a suffix form matches subdomains", op({ hosts: ["*.example.com"] }), request(), true],
    [
      "notHosts: the named host does not match",
      op({ notHosts: ["kubeflow.example.com"] }),
      request(),
      false,
    ],
    ["ports: the destination port matches", op({ ports: ["8888"] }), request(), true],
    ["notPorts: the named port does not", op({ notPorts: ["8888"] }), request(), false],
    ["methods: a listed method matches", op({ methods: ["GET", "HEAD"] }), request(), true],
    ["methods: the match is case-sensitive", op({ methods: ["get"] }), request(), false],
    ["notMethods: another method matches", op({ notMethods: ["POST"] }), request(), true],
    [
      "paths: exact",
      op({ paths: ["/apis/v2beta1/runs"] }),
      request({ path: "/apis/v2beta1/runs" }),
      true,
    ],
    [
      "paths: exact ignores the query string",
      op({ paths: ["/apis/v2beta1/runs"] }),
      request({ path: "/apis/v2beta1/runs?page_size=10" }),
      true,
    ],
    [
      "paths: exact does not match a longer path",
      op({ paths: ["/apis"] }),
      request({ path: "/apis/v2beta1" }),
      false,
    ],
    ["paths: prefix", op({ paths: ["/apis/*"] }), request({ path: "/apis/v2beta1/runs" }), true],
    ["paths: suffix", op({ paths: ["*.js"] }), request({ path: "/static/main.js" }), true],
    ["paths: * matches any path", op({ paths: ["*"] }), request({ path: "/x" }), true],
    [
      "paths: {*} matches one segment",
      op({ paths: ["/notebook/{*}"] }),
      request({ path: "/notebook/alice" }),
      true,
    ],
    [
      "paths: {*} does not cross a /",
      op({ paths: ["/notebook/{*}"] }),
      request({ path: "/notebook/alice/nb" }),
      false,
    ],
    [
      "paths: {**} matches the rest",
      op({ paths: ["/notebook/{*}/{**}"] }),
      request({ path: "/notebook/alice/nb/lab/tree" }),
      true,
    ],
    [
      "notPaths: /dex/* excludes Dex",
      op({ notPaths: ["/dex/*", "/oauth2/*"] }),
      request({ path: "/dex/auth" }),
      false,
    ],
    [
      "notPaths: other paths match",
      op({ notPaths: ["/dex/*", "/oauth2/*"] }),
      request({ path: "/pipeline/" }),
      true,
    ],
    [
      "from entries are ORed",
      {
        from: [
          { source: { principals: [INGRESS_SA] } },
          { source: { principals: [PIPELINE_UI_SA] } },
        ],
      },
      mtls(PIPELINE_UI_SA),
      true,
    ],
    [
      "to entries are ORed",
      { to: [{ operation: { methods: ["POST"] } }, { operation: { paths: ["/"] } }] },
      request(),
      true,
    ],
    [
      "when conditions are ANDed",
      {
        when: [
          { key: "request.headers[a]", values: ["1"] },
          { key: "request.headers[b]", values: ["2"] },
        ],
      },
      request({ headers: { a: "1" } }),
      false,
    ],
    [
      "from, to and when are ANDed",
      { ...src({ principals: [INGRESS_SA] }), ...op({ methods: ["GET"] }) },
      mtls(INGRESS_SA, { method: "POST" }),
      false,
    ],
    [
      "when header: an exact value matches",
      when("request.headers[kubeflow-userid]", ["user@example.com"]),
      request({ headers: { "kubeflow-userid": "user@example.com" } }),
      true,
    ],
    [
      "when header: the key's case does not matter",
      when("request.headers[Kubeflow-Userid]", ["*"]),
      request({ headers: { "kubeflow-userid": "" } }),
      true,
    ],
    [
      "when header: * needs the header present",
      when("request.headers[kubeflow-userid]", ["*"]),
      request(),
      false,
    ],
    [
      "when header: notValues * matches a missing header",
      when("request.headers[kubeflow-userid]", undefined, ["*"]),
      request(),
      true,
    ],
    [
      "when header: notValues * fails a present header",
      when("request.headers[kubeflow-userid]", undefined, ["*"]),
      request({ headers: { "kubeflow-userid": "a" } }),
      false,
    ],
    [
      "when header: prefix form",
      when("request.headers[authorization]", ["Bearer *"]),
      request({ headers: { authorization: "Bearer x" } }),
      true,
    ],
    [
      "when claims: a list claim matches one element",
      when("request.auth.claims[groups]", ["team-a"]),
      jwt({ groups: ["team-b", "team-a"] }),
      true,
    ],
    [
      "when claims: a string claim matches",
      when("request.auth.claims[email]", ["*@example.com"]),
      jwt({ email: "user@example.com" }),
      true,
    ],
    [
      "when claims: nested claims are addressed by brackets",
      when("request.auth.claims[realm][role]", ["admin"]),
      jwt({ realm: { role: "admin" } }),
      true,
    ],
    [
      "when claims: a missing claim fails values",
      when("request.auth.claims[groups]", ["team-a"]),
      request(),
      false,
    ],
    [
      "when claims: a missing claim passes notValues",
      when("request.auth.claims[groups]", undefined, ["team-a"]),
      request(),
      true,
    ],
    [
      "when request.auth.audiences",
      when("request.auth.audiences", ["kubeflow"]),
      jwt({ aud: ["kubeflow"] }),
      true,
    ],
    [
      "when request.auth.presenter",
      when("request.auth.presenter", ["cli"]),
      jwt({ azp: "cli" }),
      true,
    ],
    [
      "when request.auth.principal",
      when("request.auth.principal", [`${DEX}/sub-1`]),
      jwt({}),
      true,
    ],
    ["when source.principal", when("source.principal", [INGRESS_SA]), mtls(INGRESS_SA), true],
    ["when source.namespace", when("source.namespace", ["istio-system"]), mtls(INGRESS_SA), true],
    ["when source.ip", when("source.ip", ["10.0.0.0/16"]), request({ sourceIp: "10.0.3.4" }), true],
    [
      "when remote.ip",
      when("remote.ip", ["203.0.113.7"]),
      request({ remoteIp: "203.0.113.7" }),
      true,
    ],
    [
      "when destination.ip",
      when("destination.ip", ["10.4.0.0/14"]),
      request({ destinationIp: "10.5.0.9" }),
      true,
    ],
    ["when destination.port", when("destination.port", ["8888"]), request(), true],
    [
      "when connection.sni",
      when("connection.sni", ["*.svc.cluster.local"]),
      request({ sni: "ml-pipeline.kubeflow.svc.cluster.local" }),
      true,
    ],
    ["when connection.sni: no SNI never matches", when("connection.sni", ["*"]), request(), false],
    [
      "an unknown when key makes istiod drop the rule",
      when("request.unknown", ["*"]),
      request(),
      false,
    ],
    [
      "a malformed ALLOW value makes istiod drop the rule",
      src({ ipBlocks: ["10.0.0.0/40", "10.0.0.0/8"] }),
      request({ sourceIp: "10.0.0.1" }),
      false,
    ],
  ];
  it.each(cases)("%s", (_name, rule, r, expected) => {
    expect(allowedBy(rule, r)).toBe(expected);
  });

  it("a malformed DENY value is dropped, which widens the DENY", () => {
    const deny = policy("deny", "kubeflow", {
      action: "DENY",
      rules: [
        {
          from: [{ source: { ipBlocks: ["not-an-ip"] } }],
          to: [{ operation: { paths: ["/admin*"] } }],
        },
      ],
    });
    const at = (p: string) =>
      evaluateAuthorization(
        [deny],
        PIPELINE,
        request({ sourceIp: "192.0.2.1", path: p }),
        noExtAuthz,
      ).allowed;
    expect([at("/admin/x"), at("/ok")]).toEqual([false, true]);
  });

  it("an unknown when key drops a DENY rule too", () => {
    const deny = policy("deny", "kubeflow", {
      action: "DENY",
      rules: [when("request.unknown", ["*"])],
    });
    expect(evaluateAuthorization([deny], PIPELINE, request(), noExtAuthz).allowed).toBe(true);
  });
});

describe("request authentication", () => {
  const bearer = (token = "t") => request({ headers: { authorization: `Bearer ${token}` } });

  it("a request without a token passes with no identity", () => {
    const r = applyRequestAuthentication([dexJwt], GATEWAY, request(), userToken);
    expect(r).toEqual({ ok: true, request: request() });
  });

  it("a valid Dex token sets the request principal and kubeflow-userid from the email claim", () => {
    const r = applyRequestAuthentication([dexJwt], GATEWAY, bearer(), userToken);
    expect(r.ok && r.request).toMatchObject({
      requestPrincipal: `${DEX}/${userToken.subject}`,
      headers: { "kubeflow-userid": "user@example.com", authorization: "Bearer t" },
      claims: { iss: DEX, sub: userToken.subject, email: "user@example.com" },
    });
  });

  it("a list claim reaches its header as base64 JSON, as Envoy writes it", () => {
    const r = applyRequestAuthentication([dexJwt], GATEWAY, bearer(), userToken);
    expect(r.ok && r.request.headers["kubeflow-groups"]).toBe(
      Buffer.from('["team-a"]').toString("base64"),
    );
  });

  it("a claim header overrides what the client sent", () => {
    const forged = request({
      headers: { authorization: "Bearer t", "kubeflow-userid": "admin@example.com" },
    });
    const r = applyRequestAuthentication([dexJwt], GATEWAY, forged, userToken);
    expect(r.ok && r.request.headers["kubeflow-userid"]).toBe("user@example.com");
  });

  it("a token from an issuer no rule names is rejected with 401", () => {
    const r = applyRequestAuthentication([dexJwt], GATEWAY, bearer(), {
      ...userToken,
      issuer: "https://evil.example.com",
    });
    expect(r).toMatchObject({
      ok: false,
      status: 401,
      decidedBy: "RequestAuthentication istio-system/dex-jwt",
    });
  });

  it("a token failing verification is rejected with 401", () => {
    const r = applyRequestAuthentication([dexJwt], GATEWAY, bearer(), {
      ...userToken,
      verified: false,
    });
    expect(r).toMatchObject({ ok: false, status: 401 });
  });

  it("a token that is not a JWT is rejected with 401", () => {
    expect(applyRequestAuthentication([dexJwt], GATEWAY, bearer("garbage"))).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("a token outside the rule's audiences is rejected with 403; one inside passes", () => {
    const withAud = requestAuthentication("aud", "istio-system", {
      jwtRules: [{ issuer: DEX, audiences: ["kubeflow"] }],
    });
    const at = (audiences: string[]) =>
      applyRequestAuthentication([withAud], GATEWAY, bearer(), { ...userToken, audiences });
    expect([at(["other"]), at(["kubeflow"])].map((r) => (r.ok ? 200 : r.status))).toEqual([
      403, 200,
    ]);
  });

  it("an Authorization header without the Bearer prefix holds no token", () => {
    const r = applyRequestAuthentication(
      [dexJwt],
      GATEWAY,
      request({ headers: { authorization: "Basic dTpw" } }),
    );
    expect(r.ok && r.request.requestPrincipal).toBeUndefined();
  });

  it("a token in a rule's fromParams or fromCookies is found", () => {
    const ra = requestAuthentication("loc", "istio-system", {
      jwtRules: [{ issuer: DEX, fromParams: ["token"], fromCookies: ["auth"] }],
    });
    const viaParam = applyRequestAuthentication(
      [ra],
      GATEWAY,
      request({ path: "/x?token=t" }),
      userToken,
    );
    const viaCookie = applyRequestAuthentication(
      [ra],
      GATEWAY,
      request({ headers: { cookie: "a=1; auth=t" } }),
      userToken,
    );
    expect([viaParam, viaCookie].map((r) => r.ok && r.request.requestPrincipal)).toEqual([
      `${DEX}/${userToken.subject}`,
      `${DEX}/${userToken.subject}`,
    ]);
  });

  it("without forwardOriginalToken the verified token is removed from its header", () => {
    const ra = requestAuthentication("noforward", "istio-system", { jwtRules: [{ issuer: DEX }] });
    const r = applyRequestAuthentication([ra], GATEWAY, bearer(), userToken);
    expect(r.ok && r.request.headers).toEqual({});
  });

  it("a CORS preflight passes without token validation", () => {
    const preflight = request({
      method: "OPTIONS",
      headers: {
        authorization: "Bearer t",
        origin: "https://a",
        "access-control-request-method": "POST",
      },
    });
    expect(applyRequestAuthentication([dexJwt], GATEWAY, preflight).ok).toBe(true);
  });

  it("only RequestAuthentications attached to the workload validate its tokens", () => {
    const meshWide = requestAuthentication("mesh", "istio-system", { jwtRules: [{ issuer: DEX }] });
    const r = applyRequestAuthentication([dexJwt, meshWide], PIPELINE, bearer(), {
      ...userToken,
      issuer: "https://other",
    });
    const none = applyRequestAuthentication([dexJwt], PIPELINE, bearer(), {
      ...userToken,
      issuer: "https://other",
    });
    expect([r.ok, none.ok]).toEqual([false, true]);
  });

  it("the scope claim is split on spaces so a when condition can match one scope", () => {
    const ra = requestAuthentication("scoped", "istio-system", { jwtRules: [{ issuer: DEX }] });
    const r = applyRequestAuthentication([ra], PIPELINE, bearer(), {
      ...userToken,
      claims: { scope: "read write" },
    });
    expect(
      r.ok &&
        allowedBy({ when: [{ key: "request.auth.claims[scope]", values: ["write"] }] }, r.request),
    ).toBe(true);
  });

  it.each([
    ["a string as is", "user@example.com", "user@example.com"],
    ["an integer in decimal", 1562182722, "1562182722"],
    ["a fraction with six decimals", 1.5, "1.500000"],
    ["a boolean as true/false", false, "false"],
    ["an empty string as no header", "", undefined],
    ["an object as base64 JSON", { a: 1 }, Buffer.from('{"a":1}').toString("base64")],
  ])("claim to header writes %s", (_name, value, expected) => {
    expect(claimHeaderValue(value)).toBe(expected);
  });
});

describe("Kubeflow 26.03's real policies", () => {
  const read = (file: string) =>
    parseStream(fs.readFileSync(path.join(bundleDir("26.03"), file), "utf8"), file).filter((o) =>
      ["AuthorizationPolicy", "RequestAuthentication"].includes(o.kind),
    );
  const objects = [
    ...read("common__oauth2-proxy__overlays__m2m-dex-only.yaml"),
    ...read("common__istio__istio-install__overlays__oauth2-proxy.yaml"),
    ...read("applications__pipeline__overlays.yaml"),
  ];
  const policies = objects.filter((o) => o.kind === "AuthorizationPolicy");
  const ras = objects.filter((o) => o.kind === "RequestAuthentication");
  const tokens = new Map<string, JwtToken>([["dex-id-token", userToken]]);
  const authenticate = (r: MeshRequest) =>
    applyRequestAuthentication(
      ras,
      GATEWAY,
      r,
      tokens.get((r.headers.authorization ?? "").slice(7)),
    );
  const oauth2Proxy =
    (session: boolean) =>
    (_provider: string, r: MeshRequest): ExtAuthzResult =>
      session
        ? {
            allow: true,
            request: { ...r, headers: { ...r.headers, authorization: "Bearer dex-id-token" } },
          }
        : { allow: false, status: 302, headers: { location: "/oauth2/start" } };
  const atGateway = (r: MeshRequest, session: boolean) =>
    evaluateAuthorization(policies, GATEWAY, r, oauth2Proxy(session), { authenticate });

  it("a browser without a session is sent to oauth2-proxy's sign-in", () => {
    expect(atGateway(request({ path: "/pipeline/" }), false)).toMatchObject({
      allowed: false,
      status: 302,
      decidedBy: "AuthorizationPolicy istio-system/istio-ingressgateway-oauth2-proxy",
    });
  });

  it("Dex's login pages pass the gateway without a session or token", () => {
    expect(
      atGateway(request({ path: "/dex/auth?client_id=kubeflow-oidc-authservice" }), false),
    ).toMatchObject({
      allowed: true,
      decidedBy: "AuthorizationPolicy istio-system/istio-ingressgateway",
    });
  });

  it("a browser with a session reaches the gateway's upstream with kubeflow-userid from the Dex token", () => {
    const d = atGateway(request({ path: "/pipeline/" }), true);
    expect(d.allowed).toBe(true);
    expect(d.request.headers["kubeflow-userid"]).toBe("user@example.com");
  });

  it("a machine client's token from an unknown issuer is rejected with 401 before any DENY", () => {
    tokens.set("foreign", { ...userToken, issuer: "https://attacker.example.com" });
    const d = atGateway(
      request({ path: "/pipeline/", headers: { authorization: "Bearer foreign" } }),
      false,
    );
    expect([d.allowed, d.status]).toEqual([false, 401]);
  });

  it("ml-pipeline refuses a user pod that sends kubeflow-userid, and admits one that does not", () => {
    const at = (headers: Record<string, string>) =>
      evaluateAuthorization(
        policies,
        PIPELINE,
        request({ principal: USER_POD_SA, headers }),
        noExtAuthz,
      );
    expect([at({ "kubeflow-userid": "user@example.com" }).allowed, at({}).decidedBy]).toEqual([
      false,
      "AuthorizationPolicy kubeflow/ml-pipeline",
    ]);
  });

  it("ml-pipeline admits its UI with a user header, by its principal rule", () => {
    const d = evaluateAuthorization(
      policies,
      PIPELINE,
      request({ principal: PIPELINE_UI_SA, headers: { "kubeflow-userid": "user@example.com" } }),
      noExtAuthz,
    );
    expect([d.allowed, d.reason]).toEqual([
      true,
      "rule 0 of AuthorizationPolicy kubeflow/ml-pipeline matches",
    ]);
  });

  it("global-deny-all denies a kubeflow workload no other policy admits", () => {
    const d = evaluateAuthorization(
      policies,
      { namespace: "kubeflow", labels: { app: "unlisted" } },
      request({ principal: INGRESS_SA }),
      noExtAuthz,
    );
    expect([d.allowed, d.status]).toEqual([false, 403]);
  });
});
