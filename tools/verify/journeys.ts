/**
 * User journeys through the platform object set, as the cluster would carry them: a browser through the
 * ingress gateway (Gateway and VirtualService routing, oauth2-proxy's ext-authz, RequestAuthentication, then
 * Istio's DENY and ALLOW policies), then NetworkPolicies and the destination's own sidecar policies; pods
 * calling Services inside the mesh; the API server calling webhooks from outside it. Each journey is a Rule:
 * a failing step is a violation naming the object and the fix.
 */
import { INGRESS_GATEWAY_SELECTOR, NAMESPACES } from "../../components/shared/constants";
import { CLOUD_IDENTITY_REQUEST_AUTHENTICATION } from "../../components/services/cloud-identity";
import { K8sObject } from "../../components/kubeflow/types";
import { dexFacts, meshConfig, oauth2ProxyFacts } from "./auth-config";
import { entryTokenClaims } from "./entry-tokens";
import {
  applyRequestAuthentication,
  evaluateAuthorization,
  ExtAuthzResult,
  JwtToken as Jwt,
  MeshRequest,
} from "./istio-authz";
import {
  admittedLabels,
  findService,
  inMesh,
  isGatewayPod,
  mtlsModeFor,
  namespaceLabels,
  resolveService,
  routeAtGateway,
} from "./mesh";
import { connectionAllowed, IpPeer, podEndpointFor } from "./network-policy";
import { describe, ofKind, podTemplates, PodTemplate, selects } from "./objects";
import { ProfileFacts, withUserWorkloads } from "./runtime";
import { resolveTargetPort } from "./rules/common";
import { PlatformSet, Rule, Violation } from "./types";

/** The outcome of one request: where it ended and why. */
export interface Outcome {
  /** HTTP status the client sees (200: the destination pod got it). */
  status: number;
  /** Redirect target, for 3xx. */
  location?: string;
  /** The destination pod, when reached. */
  reached?: PodTemplate;
  /** The object at fault and what failed, when not reached. */
  at?: string;
  reason: string;
  /** The request as the destination received it. */
  request?: MeshRequest;
}

/** A browser session: the user oauth2-proxy's cookie stands for. */
export interface Session {
  email: string;
  groups?: string[];
}

const principalOf = (pod: PodTemplate) =>
  `cluster.local/ns/${pod.namespace}/sa/${pod.serviceAccountName}`;

/** The context of one set's journeys: facts read once. */
class Mesh {
  readonly policies: K8sObject[];
  readonly requestAuthentications: K8sObject[];
  /** Every object, as the NetworkPolicy evaluator takes them. */
  readonly objects: K8sObject[];
  /** The mesh config and the login services' configs, parsed once per set (every request reads them). */
  readonly mesh: ReturnType<typeof meshConfig>;
  readonly proxy: ReturnType<typeof oauth2ProxyFacts>;
  readonly dex: ReturnType<typeof dexFacts>;
  readonly tokens = new Map<string, Jwt>();
  constructor(readonly set: PlatformSet) {
    this.policies = ofKind(set, "AuthorizationPolicy", "security.istio.io");
    this.requestAuthentications = ofKind(set, "RequestAuthentication", "security.istio.io");
    this.objects = set.objects.map((o) => o.obj);
    this.mesh = meshConfig(set);
    this.proxy = oauth2ProxyFacts(set);
    this.dex = dexFacts(set);
  }

  token(jwt: Jwt): string {
    const t = `jwt.${this.tokens.size + 1}.${jwt.issuer}.${jwt.subject}`;
    this.tokens.set(t, jwt);
    return t;
  }

  jwtOf(request: MeshRequest): Jwt | undefined {
    const h = request.headers.authorization;
    if (h?.startsWith("Bearer ")) return this.tokens.get(h.slice("Bearer ".length));
    // A cloud entry's JWT travels bare in its own header (IAP: x-goog-iap-jwt-assertion).
    return Object.values(request.headers)
      .map((v) => this.tokens.get(v))
      .find((j) => j !== undefined);
  }

  /**
   * The JWT rule of the cloud entry's identity on the ingress gateway (`cloud-entry-jwt`), when the stack
   * has one: the cloud's load balancer then authenticates users and asserts them in that rule's header.
   */
  cloudIdentity():
    | {
        issuer: string;
        audiences: string[];
        header: string;
        claim: string;
        /** What the load balancer's token carries besides the e-mail (Cognito: client_id, token_use). */
        claims: Record<string, unknown>;
      }
    | undefined {
    const ra = this.requestAuthentications.find(
      (r) =>
        r.metadata.name === CLOUD_IDENTITY_REQUEST_AUTHENTICATION &&
        r.metadata.namespace === NAMESPACES.istio,
    );
    const rule = (
      ra?.spec as
        | {
            jwtRules?: Array<{
              issuer: string;
              audiences?: string[];
              fromHeaders?: Array<{ name: string }>;
              outputClaimToHeaders?: Array<{ header: string; claim: string }>;
            }>;
          }
        | undefined
    )?.jwtRules?.[0];
    const header = rule?.fromHeaders?.[0]?.name;
    const claim = rule?.outputClaimToHeaders?.find((c) => c.header === "kubeflow-userid")?.claim;
    if (rule === undefined || header === undefined) return undefined;
    return {
      issuer: rule.issuer,
      audiences: rule.audiences ?? [],
      header,
      claim: claim ?? "email",
      claims: entryTokenClaims(this.objects),
    };
  }

  /** The pod as NetworkPolicies and Istio select it: with the labels admission adds. */
  endpoint(pod: PodTemplate) {
    return podEndpointFor(
      { ...pod, labels: admittedLabels(this.set, pod) },
      namespaceLabels(this.set, pod.namespace),
    );
  }

  /** The ingress gateway pods (`istio: ingressgateway`). */
  ingressPod(): PodTemplate | undefined {
    return podTemplates(this.set).find(
      (p) => selects(INGRESS_GATEWAY_SELECTOR, p.labels) && isGatewayPod(p),
    );
  }

  /**
   * Istio's HTTP filters at a proxy, in the order Envoy runs them: CUSTOM (ext-authz) first, then JWT
   * authentication, then DENY and ALLOW.
   * @see https://istio.io/latest/docs/concepts/security/#implicit-enablement (CUSTOM, DENY, ALLOW order)
   */
  authorize(
    pod: PodTemplate,
    request: MeshRequest,
    extAuthz: (provider: string, r: MeshRequest) => ExtAuthzResult,
  ):
    | { ok: true; request: MeshRequest }
    | { ok: false; status: number; at: string; reason: string; location?: string } {
    const workload = { namespace: pod.namespace, labels: admittedLabels(this.set, pod) };
    const custom = this.policies.filter(
      (p) => (p.spec as { action?: string } | undefined)?.action === "CUSTOM",
    );
    const rest = this.policies.filter(
      (p) => (p.spec as { action?: string } | undefined)?.action !== "CUSTOM",
    );
    const c = evaluateAuthorization(custom, workload, request, extAuthz);
    if (!c.allowed) {
      const location = c.headers?.location;
      return {
        ok: false,
        status: c.status ?? 403,
        at: c.decidedBy,
        reason: c.reason,
        ...(location !== undefined ? { location } : {}),
      };
    }
    const authn = applyRequestAuthentication(
      this.requestAuthentications,
      workload,
      c.request,
      this.jwtOf(c.request),
    );
    if (!authn.ok)
      return {
        ok: false,
        status: 401,
        at: `RequestAuthentication for ${pod.owner.metadata.name}`,
        reason: authn.reason,
      };
    const r = evaluateAuthorization(rest, workload, authn.request, () => ({
      allow: false,
      status: 500,
    }));
    if (!r.allowed) {
      // No single policy denies when none of the ALLOW policies matches: the workload is where to look.
      const at = /^[A-Z]\w+ \S+\/\S+$/.test(r.decidedBy) ? r.decidedBy : describe(pod.owner);
      return { ok: false, status: r.status ?? 403, at, reason: r.reason };
    }
    return { ok: true, request: r.request };
  }

  /**
   * A connection from a pod (or an address outside the cluster) to a Service port, then the destination
   * pod's sidecar: NetworkPolicies, the mTLS mode the port accepts, and its AuthorizationPolicies.
   */
  call(
    from: PodTemplate | IpPeer,
    host: string,
    port: number | undefined,
    request: Omit<MeshRequest, "host" | "port" | "principal" | "sourceNamespace">,
    fromNamespace: string,
  ): Outcome {
    const svc = findService(this.set, host, fromNamespace);
    if (svc === undefined) return { status: 503, at: host, reason: `no Service ${host}` };
    const r = resolveService(this.set, svc);
    const sp =
      port === undefined
        ? r.ports.length === 1
          ? r.ports[0]
          : undefined
        : r.ports.find((p) => p.port === port);
    if (sp === undefined)
      return {
        status: 503,
        at: describe(svc),
        reason: `${describe(svc)} has no port ${port ?? "(unnamed)"}`,
      };
    const pod = r.pods[0];
    if (pod === undefined)
      return { status: 503, at: describe(svc), reason: `${describe(svc)} selects no pod` };
    const target = resolveTargetPort(sp, pod);
    if (target === undefined)
      return {
        status: 503,
        at: describe(svc),
        reason: `targetPort ${String(sp.targetPort)} is not a port of ${describe(pod.owner)}`,
      };
    const source = "ip" in from ? from : this.endpoint(from);
    const net = connectionAllowed(this.objects, source, this.endpoint(pod), target);
    if (!net.allowed)
      return { status: 0, at: describe(pod.owner), reason: `NetworkPolicy: ${net.reason}` };
    const sourceInMesh = !("ip" in from) && inMesh(this.set, from);
    const destInMesh = inMesh(this.set, pod);
    if (!destInMesh)
      return {
        status: 200,
        reached: pod,
        reason: "reached (no sidecar)",
        request: { ...request, host, port: target, headers: request.headers },
      };
    if (!sourceInMesh && mtlsModeFor(this.set, pod, target) === "STRICT") {
      return {
        status: 0,
        at: describe(pod.owner),
        reason: `port ${target} of ${describe(pod.owner)} requires mTLS (STRICT) and the caller is outside the mesh`,
      };
    }
    const req: MeshRequest = {
      ...request,
      host,
      port: target,
      ...(sourceInMesh
        ? {
            principal: principalOf(from as PodTemplate),
            sourceNamespace: (from as PodTemplate).namespace,
          }
        : {}),
    };
    const a = this.authorize(pod, req, () => ({ allow: false, status: 403 }));
    if (!a.ok) return { status: a.status, at: a.at, reason: a.reason };
    return { status: 200, reached: pod, reason: "reached", request: a.request };
  }

  /** oauth2-proxy as Istio's ext-authz provider: its decision for a request, from its rendered config. */
  oauth2Proxy(gateway: PodTemplate, session: Session | undefined) {
    return (provider: string, r: MeshRequest): ExtAuthzResult => {
      const mesh = this.mesh;
      const p = mesh?.extensionProviders.find((x) => x.name === provider)?.envoyExtAuthzHttp;
      if (p === undefined) return { allow: false, status: 403 };
      const check = this.call(
        gateway,
        p.service,
        p.port,
        { method: r.method, path: r.path, headers: {} },
        gateway.namespace,
      );
      if (check.status !== 200)
        return {
          allow: false,
          status: 403,
          headers: { "x-journey-reason": `ext-authz unreachable: ${check.reason}` },
        };
      const facts = this.proxy;
      const cfg = facts?.config ?? {};
      const cookie = String(cfg.cookie_name ?? "_oauth2_proxy");
      const hasSession = session !== undefined && (r.headers.cookie ?? "").includes(`${cookie}=`);
      const routes = (k: string) =>
        ((cfg[k] as string[] | undefined) ?? []).map((x) => new RegExp(x));
      if (hasSession) {
        const dex = this.dex;
        const added: Record<string, string> = {};
        if (cfg.set_authorization_header === true) {
          const idToken = this.token({
            issuer: String(cfg.oidc_issuer_url ?? dex?.issuer ?? ""),
            subject: session.email,
            audiences: [facts?.clientId ?? ""],
            claims: { email: session.email, groups: session.groups ?? [] },
          });
          added.authorization = `Bearer ${idToken}`;
        }
        if (cfg.set_xauthrequest === true) added["x-auth-request-email"] = session.email;
        const allowed = new Set(p.headersToUpstreamOnAllow ?? []);
        const forwarded = Object.fromEntries(Object.entries(added).filter(([k]) => allowed.has(k)));
        return { allow: true, request: { ...r, headers: { ...r.headers, ...forwarded } } };
      }
      if (routes("skip_auth_routes").some((re) => re.test(r.path)))
        return { allow: true, request: r };
      if (routes("api_routes").some((re) => re.test(r.path))) return { allow: false, status: 401 };
      // The sign-in page (or, with skip_provider_button, the redirect to the provider's login).
      return cfg.skip_provider_button === true
        ? {
            allow: false,
            status: 302,
            headers: { location: String(cfg.login_url ?? "/oauth2/start") },
          }
        : { allow: false, status: 403, headers: { location: "/oauth2/start" } };
    };
  }

  /**
   * A browser request through the public entry: the ingress gateway Service, on HTTPS when it serves TLS.
   * Behind a cloud entry's identity, `token` changes the token the load balancer would assert (claims over
   * its own, other audiences), and `headers` are sent as the client set them (a forged user header).
   */
  browse(
    path: string,
    session: Session | undefined,
    opts: {
      tls?: boolean;
      method?: string;
      token?: { claims?: Record<string, unknown>; audiences?: string[] };
      headers?: Record<string, string>;
    } = {},
  ): Outcome {
    const gw = this.ingressPod();
    if (gw === undefined)
      return {
        status: 0,
        at: "ingress gateway",
        reason: "no ingress gateway pods (istio: ingressgateway)",
      };
    const tls = opts.tls ?? this.serves443();
    const route = routeAtGateway(this.set, gw, {
      host: this.hostname(),
      port: tls ? 443 : 80,
      path,
      tls,
    });
    if (!route.ok)
      return { status: 404, at: `Gateways of ${describe(gw.owner)}`, reason: route.reason };
    if ("redirect" in route)
      return {
        status: route.redirect.status,
        location: `${route.redirect.scheme ?? "http"}://${this.hostname()}${path}`,
        reason: "redirected",
      };
    const headers: Record<string, string> = { ...opts.headers };
    const cloud = this.cloudIdentity();
    if (session !== undefined && cloud !== undefined) {
      // Through the cloud entry: its load balancer signed the user in and asserts them in its header.
      headers[cloud.header.toLowerCase()] = this.token({
        issuer: cloud.issuer,
        subject: session.email,
        audiences: opts.token?.audiences ?? cloud.audiences,
        claims: { ...cloud.claims, [cloud.claim]: session.email, ...opts.token?.claims },
      });
    } else if (session !== undefined) {
      const cookie = String(this.proxy?.config.cookie_name ?? "_oauth2_proxy");
      headers.cookie = `${cookie}=session-of-${session.email}`;
    }
    const request: MeshRequest = {
      host: this.hostname(),
      port: tls ? 443 : 80,
      method: opts.method ?? "GET",
      path,
      headers,
    };
    const a = this.authorize(gw, request, this.oauth2Proxy(gw, session));
    if (!a.ok) {
      return {
        status: a.status,
        at: a.at,
        reason: a.reason,
        ...(a.location !== undefined ? { location: a.location } : {}),
      };
    }
    const forwarded: MeshRequest = {
      ...a.request,
      path: route.path,
      headers: { ...a.request.headers, ...route.addHeaders },
    };
    const out = this.call(
      gw,
      route.host,
      route.port,
      forwarded,
      route.virtualService.metadata.namespace ?? "default",
    );
    return out.at === undefined
      ? out
      : { ...out, reason: `${out.reason} (route ${describe(route.virtualService)})` };
  }

  serves443(): boolean {
    const gw = this.ingressPod();
    if (gw === undefined) return false;
    return ofKind(this.set, "Gateway", "networking.istio.io").some((g) => {
      const spec = (g.spec ?? {}) as {
        selector?: Record<string, string>;
        servers?: Array<{ port?: { number?: number }; tls?: { mode?: string } }>;
      };
      return (
        selects(spec.selector ?? {}, gw.labels) &&
        (spec.servers ?? []).some((s) => s.port?.number === 443 && s.tls?.mode !== undefined)
      );
    });
  }

  /** The public hostname (the gateway certificate's), or `localhost` for a port-forward. */
  hostname(): string {
    const cert = ofKind(this.set, "Certificate", "cert-manager.io").find(
      (c) => c.metadata.namespace === "istio-system",
    );
    return ((cert?.spec as { dnsNames?: string[] } | undefined)?.dnsNames ?? [])[0] ?? "localhost";
  }
}

const violation = (journey: string, at: string, message: string, fix: string): Violation => ({
  rule: `journey: ${journey}`,
  object: at,
  message,
  fix,
});

function expect(
  journey: string,
  out: Outcome,
  want: (o: Outcome) => boolean,
  what: string,
  fix: string,
): Violation[] {
  if (want(out)) return [];
  return [
    violation(
      journey,
      out.at ?? "request",
      `${what}: got ${out.status}${out.location !== undefined ? ` to ${out.location}` : ""} (${out.reason})`,
      fix,
    ),
  ];
}

const reached = (o: Outcome) => o.status === 200 && o.reached !== undefined;
const USER: Session = { email: "user@example.com" };

/** The web apps of a set: every VirtualService path prefix on Kubeflow's gateway. */
function webAppPaths(set: PlatformSet): Array<{ vs: K8sObject; path: string }> {
  return ofKind(set, "VirtualService", "networking.istio.io").flatMap((vs) => {
    const spec = (vs.spec ?? {}) as {
      gateways?: string[];
      http?: Array<{ match?: Array<{ uri?: { prefix?: string } }> }>;
    };
    const ns = vs.metadata.namespace ?? "default";
    const bound = (spec.gateways ?? []).some(
      (g) => (g.includes("/") ? g : `${ns}/${g}`) === "kubeflow/kubeflow-gateway",
    );
    if (!bound) return [];
    const prefix = spec.http?.[0]?.match?.[0]?.uri?.prefix;
    // Login paths have their own journey; /kfam/ is the access-management API the dashboard's backend calls
    // inside the cluster: upstream's NetworkPolicies keep the gateway from it on purpose.
    if (prefix === undefined || /^\/(dex|oauth2|kfam)(\/|$)/.test(prefix)) return [];
    return [{ vs, path: prefix.endsWith("/") ? prefix : `${prefix}/` }];
  });
}

const journey = (
  name: string,
  description: string,
  check: (set: PlatformSet) => Violation[],
): Rule => ({ name: `journey: ${name}`, description, check });

export const anonymousBrowserIsSentToLogIn = journey(
  "an anonymous browser is sent to log in",
  "A request without a session gets oauth2-proxy's sign-in (not an RBAC denial), and the sign-in and Dex's login page are reachable without one.",
  (set) => {
    const m = new Mesh(set);
    const name = "an anonymous browser is sent to log in";
    if (m.cloudIdentity() !== undefined) {
      // Behind a cloud entry's identity the sign-in is the cloud's: a request reaching the gateway without
      // the entry's JWT (e.g. bypassing the load balancer) is refused, not sent to oauth2-proxy.
      return expect(
        name,
        m.browse("/", undefined),
        (o) => o.status === 401 || o.status === 403,
        "GET / without the cloud entry's identity must be refused at the gateway",
        "keep the gateway's require-jwt DENY policy and no ext-authz that lets it through",
      );
    }
    return [
      ...expect(
        name,
        m.browse("/", undefined),
        (o) => (o.status === 302 || o.status === 403) && o.location !== undefined,
        "GET / without a session must be sent to the sign-in",
        "let the gateway's CUSTOM policy send session-less requests to oauth2-proxy",
      ),
      ...expect(
        name,
        m.browse("/oauth2/start", undefined),
        reached,
        "GET /oauth2/start must reach oauth2-proxy",
        "route /oauth2/ to oauth2-proxy and exempt it from the JWT requirement",
      ),
      ...expect(
        name,
        m.browse("/dex/auth", undefined),
        reached,
        "GET /dex/auth must reach Dex",
        "route /dex/ to Dex and exempt it from the JWT requirement",
      ),
    ];
  },
);

export const onlyTheEntrysTokensPass = journey(
  "behind a cloud entry, only the tokens it asserts for the platform pass the gateway",
  "A request bypassing the load balancer with a forged kubeflow-userid and no token, a token of the entry's issuer for another client (another Cognito app client, another IAP audience) and one of another kind (a Cognito ID token) are refused at the gateway.",
  (set) => {
    const m = new Mesh(set);
    const name =
      "behind a cloud entry, only the tokens it asserts for the platform pass the gateway";
    const cloud = m.cloudIdentity();
    if (cloud === undefined) return [];
    const refused = (o: Outcome) => o.status === 401 || o.status === 403;
    const out = expect(
      name,
      m.browse("/", undefined, { headers: { "kubeflow-userid": USER.email } }),
      refused,
      "GET / bypassing the load balancer (no entry token, a forged kubeflow-userid) must be refused at the gateway",
      "keep the gateway's require-jwt DENY policy",
    );
    const claimFix =
      "refuse tokens whose claims are not the entry's (CloudIdentityAuth's required-claims DENY policy)";
    if (typeof cloud.claims.client_id === "string") {
      out.push(
        ...expect(
          name,
          m.browse("/", USER, { token: { claims: { client_id: "another-app-client" } } }),
          refused,
          "GET / with a token of another app client of the entry's issuer must be refused",
          claimFix,
        ),
      );
    }
    if (cloud.claims.token_use === "access") {
      out.push(
        ...expect(
          name,
          m.browse("/", USER, { token: { claims: { token_use: "id" } } }),
          refused,
          "GET / with an ID token where the entry forwards access tokens must be refused",
          claimFix,
        ),
      );
    }
    if (cloud.audiences.length > 0) {
      out.push(
        ...expect(
          name,
          m.browse("/", USER, { token: { audiences: ["another-audience"] } }),
          refused,
          "GET / with a token of the entry's issuer for another audience must be refused",
          "keep the entry's audiences on its RequestAuthentication",
        ),
      );
    }
    return out;
  },
);

export const loginCallbackSetsTheSession = journey(
  "the login callback sets a session cookie the browser keeps",
  "Dex redirects to a callback oauth2-proxy serves, oauth2-proxy reaches Dex to redeem the code, and its cookie is Secure exactly when the entry is HTTPS.",
  (set) => {
    const m = new Mesh(set);
    const name = "the login callback sets a session cookie the browser keeps";
    // Behind a cloud entry's identity there is no login callback in the mesh (the cloud's own sign-in).
    if (m.cloudIdentity() !== undefined) return [];
    const out: Violation[] = [];
    out.push(
      ...expect(
        name,
        m.browse("/oauth2/callback", undefined),
        reached,
        "GET /oauth2/callback must reach oauth2-proxy",
        "route /oauth2/ to oauth2-proxy",
      ),
    );
    const proxy = oauth2ProxyFacts(set);
    const dex = dexFacts(set);
    const proxyPod = podTemplates(set).find(
      (p) =>
        p.namespace === proxy?.namespace &&
        JSON.stringify(p.spec).includes("oauth2-proxy/oauth2-proxy:"),
    );
    if (proxy !== undefined && proxyPod !== undefined && dex !== undefined) {
      const redeem = String(proxy.config.redeem_url ?? "");
      const u = /^https?:\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(redeem);
      if (u === null)
        out.push(
          violation(
            name,
            `oauth2-proxy ${proxy.namespace}`,
            `redeem_url "${redeem}" is not an http(s) URL`,
            "set redeem_url to Dex's token endpoint",
          ),
        );
      else {
        const call = m.call(
          proxyPod,
          u[1]!,
          u[2] !== undefined ? Number(u[2]) : 80,
          { method: "POST", path: u[3] ?? "/", headers: {} },
          proxyPod.namespace,
        );
        out.push(
          ...expect(
            name,
            call,
            reached,
            `oauth2-proxy must reach Dex's token endpoint ${redeem}`,
            "allow oauth2-proxy's pods to reach Dex (NetworkPolicy, mesh policy)",
          ),
        );
      }
      const https = m.serves443();
      if (proxy.config.cookie_secure !== https) {
        out.push(
          violation(
            name,
            `oauth2-proxy ${proxy.namespace}`,
            `cookie_secure = ${String(proxy.config.cookie_secure)} while the entry ${https ? "is" : "is not"} HTTPS: ${https ? "the cookie would travel in clear" : "the browser drops a Secure cookie over http and the login loops"}`,
            `set cookie_secure = ${String(https)}`,
          ),
        );
      }
    } else {
      out.push(
        violation(
          name,
          "login services",
          "the set runs no oauth2-proxy or Dex with a readable config",
          "install Dex and oauth2-proxy with the platform",
        ),
      );
    }
    if (m.serves443()) {
      out.push(
        ...expect(
          name,
          m.browse("/", undefined, { tls: false }),
          (o) => o.status === 301 || o.status === 302 || (o.location ?? "").startsWith("/"),
          "plain HTTP on port 80 must redirect to HTTPS or reach the sign-in",
          "redirect port 80 to https on kubeflow-gateway",
        ),
      );
    }
    return out;
  },
);

export const userReachesEveryWebApp = journey(
  "a logged-in user reaches the dashboard and every enabled web app",
  "With a session, each path a VirtualService binds to Kubeflow's gateway reaches the pods of its Service, through the gateway's and the app's policies and NetworkPolicies.",
  (set) => {
    const m = new Mesh(set);
    const name = "a logged-in user reaches the dashboard and every enabled web app";
    const apps = webAppPaths(set);
    if (apps.length === 0)
      return [
        violation(
          name,
          "Gateway kubeflow/kubeflow-gateway",
          "no web app is bound to Kubeflow's gateway",
          "enable the central dashboard",
        ),
      ];
    return apps.flatMap(({ vs, path }) =>
      expect(
        name,
        m.browse(path, USER),
        reached,
        `GET ${path} (${describe(vs)}) with a session must reach the app`,
        "fix the step named",
      ),
    );
  },
);

export const profileAccessIsOwnersAndContributors = journey(
  "a profile's owner and contributors reach its notebooks, another user is denied",
  "A notebook in each profile (as the notebook controller serves it) answers its owner and contributors through the gateway and refuses a user who is neither.",
  (set) => {
    const { set: live, profiles } = withUserWorkloads(set);
    const m = new Mesh(live);
    const name = "a profile's owner and contributors reach its notebooks, another user is denied";
    return profiles.flatMap((p: ProfileFacts) => {
      const path = `/notebook/${p.namespace}/nb/`;
      return [
        ...[p.owner, ...p.contributors].flatMap((email) =>
          expect(
            name,
            m.browse(path, { email }),
            reached,
            `${email} must reach ${path}`,
            "grant the user through the profile (owner or contributor)",
          ),
        ),
        ...expect(
          name,
          m.browse(path, { email: "stranger@example.org" }),
          (o) => o.status === 403,
          `a user outside profile ${p.namespace} must be denied ${path}`,
          "keep the profile's AuthorizationPolicies limited to its members",
        ),
      ];
    });
  },
);

export const notebookCallsPipelinesApi = journey(
  "a notebook calls the Pipelines API with its service-account token",
  "A notebook pod of a profile (default-editor, in the mesh) reaches ml-pipeline's API port with a Kubernetes token and no user header.",
  (set) => {
    const { set: live, profiles } = withUserWorkloads(set);
    const m = new Mesh(live);
    const name = "a notebook calls the Pipelines API with its service-account token";
    const api = findService(live, "ml-pipeline", "kubeflow");
    if (api === undefined) return [];
    return profiles.flatMap((p) => {
      const nb = podTemplates(live).find(
        (t) => t.namespace === p.namespace && t.labels["notebook-name"] === "nb",
      )!;
      const token = m.token({
        issuer: "https://kubernetes.default.svc.cluster.local",
        subject: `system:serviceaccount:${p.namespace}:default-editor`,
        audiences: ["pipelines.kubeflow.org"],
        claims: {},
      });
      const out = m.call(
        nb,
        "ml-pipeline.kubeflow.svc.cluster.local",
        8888,
        {
          method: "GET",
          path: "/apis/v2beta1/runs",
          headers: { authorization: `Bearer ${token}` },
        },
        nb.namespace,
      );
      return expect(
        name,
        out,
        reached,
        `a notebook in ${p.namespace} must reach ml-pipeline:8888`,
        "admit profile namespaces to ml-pipeline's API port",
      );
    });
  },
);

export const pipelinesUiReadsArtifacts = journey(
  "the Pipelines UI reads run artifacts",
  "ml-pipeline-ui reaches the object store Pipelines writes artifacts to (ml-pipeline's OBJECTSTORECONFIG_HOST and _PORT), when that store runs in the cluster.",
  (set) => {
    const m = new Mesh(set);
    const name = "the Pipelines UI reads run artifacts";
    const ui = podTemplates(set).find(
      (p) => p.namespace === "kubeflow" && p.labels.app === "ml-pipeline-ui",
    );
    const api = podTemplates(set).find(
      (p) => p.namespace === "kubeflow" && p.labels.app === "ml-pipeline",
    );
    if (ui === undefined || api === undefined) return [];
    const env = new Map<string, string>();
    for (const c of (api.spec.containers as
      Array<{ env?: Array<{ name: string; value?: string }> }> | undefined) ?? []) {
      for (const e of c.env ?? []) if (e.value !== undefined) env.set(e.name, e.value);
    }
    // Without the variables the API server uses its built-in store, `minio-service` on 9000 (Pipelines'
    // backend/src/apiserver/config/config.json, ObjectStoreConfig), as releases before SeaweedFS do.
    const host = env.get("OBJECTSTORECONFIG_HOST") ?? "minio-service";
    const port = Number(env.get("OBJECTSTORECONFIG_PORT") ?? 9000);
    if (findService(set, host, ui.namespace) === undefined) return []; // an external store, outside the cluster
    const out = m.call(
      ui,
      host,
      port,
      { method: "GET", path: "/mlpipeline/artifacts/run/step/output.tgz", headers: {} },
      ui.namespace,
    );
    return expect(
      name,
      out,
      reached,
      `ml-pipeline-ui must reach the object store ${host}:${port}`,
      "admit ml-pipeline-ui to the object store (NetworkPolicy, AuthorizationPolicy)",
    );
  },
);

export const inferenceThroughClusterLocalGateway = journey(
  "an InferenceService is reachable through the cluster-local gateway",
  "A pod of a profile reaches Knative's local gateway Service, whose gateway pods listen on the port the knative-local-gateway Gateway declares.",
  (set) => {
    const name = "an InferenceService is reachable through the cluster-local gateway";
    const svc = findService(set, "knative-local-gateway", "istio-system");
    if (svc === undefined) return []; // KServe without Knative (RawDeployment only): no local gateway
    const { set: live, profiles } = withUserWorkloads(set);
    const m = new Mesh(live);
    const r = resolveService(live, svc);
    const gwPod = r.pods[0];
    if (gwPod === undefined)
      return [
        violation(
          name,
          describe(svc),
          "selects no gateway pod",
          "install the cluster-local gateway",
        ),
      ];
    const out: Violation[] = [];
    for (const p of profiles) {
      const client = podTemplates(live).find(
        (t) => t.namespace === p.namespace && t.labels["notebook-name"] === "nb",
      )!;
      let listening = false;
      for (const sp of r.ports) {
        const target = resolveTargetPort(sp, gwPod);
        if (target === undefined) continue;
        const servicePorts = r.ports
          .filter((x) => resolveTargetPort(x, gwPod) === target)
          .map((x) => x.port);
        const listens = ofKind(live, "Gateway", "networking.istio.io").some((g) => {
          const spec = (g.spec ?? {}) as {
            selector?: Record<string, string>;
            servers?: Array<{ port?: { number?: number } }>;
          };
          return (
            selects(spec.selector ?? {}, gwPod.labels) &&
            (spec.servers ?? []).some(
              (s) => s.port?.number === target || servicePorts.includes(s.port?.number ?? -1),
            )
          );
        });
        if (!listens) continue;
        listening = true;
        const netOk = connectionAllowed(m.objects, m.endpoint(client), m.endpoint(gwPod), target);
        if (!netOk.allowed)
          out.push(
            violation(
              name,
              describe(gwPod.owner),
              `a pod in ${p.namespace} cannot reach port ${target}: ${netOk.reason}`,
              "admit profile namespaces to the cluster-local gateway",
            ),
          );
        const authz = evaluateAuthorization(
          m.policies,
          { namespace: gwPod.namespace, labels: gwPod.labels },
          {
            host: `isvc.${p.namespace}.svc.cluster.local`,
            port: target,
            method: "POST",
            path: "/v1/models/m:predict",
            headers: {},
            principal: principalOf(client),
            sourceNamespace: p.namespace,
          },
          () => ({ allow: false, status: 403 }),
        );
        if (!authz.allowed)
          out.push(
            violation(
              name,
              authz.decidedBy,
              `the cluster-local gateway refuses a prediction from ${p.namespace}: ${authz.reason}`,
              "allow the cluster-local gateway to serve the mesh",
            ),
          );
        break;
      }
      if (!listening)
        out.push(
          violation(
            name,
            describe(svc),
            "no port of the Service lands on a port a Gateway of those pods declares",
            "align knative-local-gateway's Service targetPort with the Gateway server port",
          ),
        );
    }
    return out;
  },
);

export const apiServerReachesWebhooks = journey(
  "the API server reaches every webhook under STRICT mTLS",
  "Each admission webhook's Service lands on a pod port the API server (outside the mesh, plain TLS, no identity) may reach: PERMISSIVE or no sidecar, allowed by the pod's policies and NetworkPolicies.",
  (set) => {
    const m = new Mesh(set);
    const name = "the API server reaches every webhook under STRICT mTLS";
    const out: Violation[] = [];
    for (const cfg of [
      ...ofKind(set, "MutatingWebhookConfiguration", "admissionregistration.k8s.io"),
      ...ofKind(set, "ValidatingWebhookConfiguration", "admissionregistration.k8s.io"),
    ]) {
      for (const w of (cfg.webhooks as
        | Array<{
            name: string;
            clientConfig?: {
              service?: { name: string; namespace: string; port?: number; path?: string };
            };
          }>
        | undefined) ?? []) {
        const s = w.clientConfig?.service;
        if (s === undefined) continue;
        const res = m.call(
          { ip: "192.0.2.10" },
          `${s.name}.${s.namespace}.svc`,
          s.port ?? 443,
          { method: "POST", path: s.path ?? "/", headers: {} },
          s.namespace,
        );
        out.push(
          ...expect(
            name,
            res,
            reached,
            `webhook ${w.name} of ${describe(cfg)} must be reachable by the API server`,
            "keep the webhook port PERMISSIVE (an mTLS exception), allow it in the mesh policies and NetworkPolicies",
          ),
        );
      }
    }
    return out;
  },
);

/** Every journey, in the order a user meets them. */
export const JOURNEYS: readonly Rule[] = [
  anonymousBrowserIsSentToLogIn,
  onlyTheEntrysTokensPass,
  loginCallbackSetsTheSession,
  userReachesEveryWebApp,
  profileAccessIsOwnersAndContributors,
  notebookCallsPipelinesApi,
  pipelinesUiReadsArtifacts,
  inferenceThroughClusterLocalGateway,
  apiServerReachesWebhooks,
];
