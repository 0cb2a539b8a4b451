/**
 * Rules on the login path: the mesh's ext-authz provider reaches oauth2-proxy, every CUSTOM policy names a
 * provider the mesh config declares, oauth2-proxy and Dex agree on issuer, client and redirect URL, and every
 * Gateway's TLS credential is a certificate issued into the gateway pods' namespace.
 */
import { describe, ofKind } from "../objects";
import { dexFacts, meshConfig, oauth2ProxyFacts } from "../auth-config";
import { findService, resolveService } from "../mesh";
import { Rule, Violation } from "../types";
import { K8sObject } from "../../../components/kubeflow/types";
import { podTemplates, selects } from "../objects";

const v = (rule: string, obj: string, message: string, fix: string): Violation => ({
  rule,
  object: obj,
  message,
  fix,
});

/** The mesh's ext-authz providers resolve to a Service and port, and CUSTOM policies name declared ones. */
export const extAuthzProviderResolves: Rule = {
  name: "ext-authz-provider-resolves",
  description:
    "Every CUSTOM AuthorizationPolicy names an extension provider of the mesh config, whose service and port are a Service of the set.",
  check(set) {
    const name = "ext-authz-provider-resolves";
    const out: Violation[] = [];
    const custom = ofKind(set, "AuthorizationPolicy", "security.istio.io").filter(
      (p) => (p.spec as { action?: string } | undefined)?.action === "CUSTOM",
    );
    const mesh = meshConfig(set);
    if (mesh === undefined) {
      if (custom.length > 0) {
        out.push(
          v(
            name,
            describe(custom[0]!),
            "CUSTOM AuthorizationPolicies exist but the set holds no istiod mesh config (ConfigMap istio-system/istio[-<rev>] with key mesh)",
            "install Istio with the platform (services.istio.mode: install) or declare the provider in the existing mesh config",
          ),
        );
      }
      return out;
    }
    const providers = new Map(mesh.extensionProviders.map((p) => [p.name, p]));
    for (const p of custom) {
      const provider = (p.spec as { provider?: { name?: string } }).provider?.name ?? "";
      if (!providers.has(provider)) {
        out.push(
          v(
            name,
            describe(p),
            `provider "${provider}" is not an extension provider of the mesh config; declared: ${[...providers.keys()].join(", ") || "none"}`,
            `add an extensionProviders entry named "${provider}" to istiod's meshConfig`,
          ),
        );
      }
    }
    for (const p of mesh.extensionProviders) {
      const http = p.envoyExtAuthzHttp;
      if (http === undefined) continue;
      const svc = findService(set, http.service, "istio-system");
      if (svc === undefined) {
        out.push(
          v(
            name,
            `meshConfig extensionProvider ${p.name}`,
            `service ${http.service} is not a Service of the set`,
            "point the provider at the oauth2-proxy Service (<name>.<namespace>.svc.cluster.local)",
          ),
        );
        continue;
      }
      const r = resolveService(set, svc);
      if (!r.ports.some((x) => x.port === http.port)) {
        out.push(
          v(
            name,
            `meshConfig extensionProvider ${p.name}`,
            `port ${http.port} is not a port of ${describe(svc)} (ports: ${r.ports.map((x) => x.port).join(", ")})`,
            "use the Service's port in the provider",
          ),
        );
      }
      if (r.pods.length === 0) {
        out.push(
          v(
            name,
            `meshConfig extensionProvider ${p.name}`,
            `${describe(svc)} selects no pod`,
            "make the Service select oauth2-proxy's pods",
          ),
        );
      }
    }
    return out;
  },
};

/** oauth2-proxy is a client of Dex as Dex knows it. */
export const oidcClientsMatch: Rule = {
  name: "oidc-clients-match",
  description:
    "oauth2-proxy's issuer, client id, client secret and redirect URL are those Dex declares, and its token endpoints are Dex's.",
  check(set) {
    const name = "oidc-clients-match";
    const proxy = oauth2ProxyFacts(set);
    const dex = dexFacts(set);
    if (proxy === undefined || dex === undefined) return [];
    const out: Violation[] = [];
    const obj = `oauth2-proxy ${proxy.namespace}`;
    const issuer = String(proxy.config.oidc_issuer_url ?? "");
    if (issuer !== dex.issuer) {
      out.push(
        v(
          name,
          obj,
          `oidc_issuer_url "${issuer}" is not Dex's issuer "${dex.issuer}"`,
          "use Dex's issuer",
        ),
      );
    }
    for (const key of ["redeem_url", "oidc_jwks_url"]) {
      const url = proxy.config[key];
      if (typeof url === "string" && !url.startsWith(dex.issuer)) {
        out.push(
          v(
            name,
            obj,
            `${key} "${url}" is not under Dex's issuer "${dex.issuer}"`,
            "use Dex's endpoints",
          ),
        );
      }
    }
    const client = dex.staticClients.find((c) => c.id === proxy.clientId);
    if (client === undefined) {
      out.push(
        v(
          name,
          obj,
          `client id "${proxy.clientId ?? ""}" is not a Dex static client (${dex.staticClients.map((c) => c.id).join(", ")})`,
          "give oauth2-proxy the id of Dex's kubeflow client",
        ),
      );
      return out;
    }
    if (client.secret !== proxy.clientSecret) {
      out.push(
        v(
          name,
          obj,
          `client secret differs from Dex's secret for client "${client.id}"`,
          "hand both the same generated secret",
        ),
      );
    }
    const redirect = String(proxy.config.redirect_url ?? "");
    if (!(client.redirectURIs ?? []).includes(redirect)) {
      out.push(
        v(
          name,
          obj,
          `redirect_url "${redirect}" is not among Dex's redirectURIs for "${client.id}" (${(client.redirectURIs ?? []).join(", ")}): Dex refuses the login`,
          "register the redirect URL with Dex's client",
        ),
      );
    }
    return out;
  },
};

/** Pure: the pod templates a Gateway's selector picks, anywhere in the set. */
function gatewayPods(set: Parameters<Rule["check"]>[0], g: K8sObject) {
  const sel = ((g.spec ?? {}) as { selector?: Record<string, string> }).selector ?? {};
  return podTemplates(set).filter((p) => selects(sel, p.labels));
}

/** Gateway TLS credentials are Secrets issued by cert-manager into the gateway pods' namespace. */
export const gatewayTlsResolves: Rule = {
  name: "gateway-tls-resolves",
  description:
    "Every Gateway server with a TLS credentialName finds it in the gateway pods' namespace: a Secret of the set or one a Certificate there issues.",
  check(set) {
    const name = "gateway-tls-resolves";
    const out: Violation[] = [];
    for (const g of ofKind(set, "Gateway", "networking.istio.io")) {
      const servers =
        ((g.spec ?? {}) as { servers?: Array<{ tls?: { credentialName?: string } }> }).servers ??
        [];
      const namespaces = new Set(gatewayPods(set, g).map((p) => p.namespace));
      for (const s of servers) {
        const cred = s.tls?.credentialName;
        if (cred === undefined) continue;
        for (const ns of namespaces) {
          const secret = ofKind(set, "Secret", "").some(
            (x) => x.metadata.namespace === ns && x.metadata.name === cred,
          );
          const cert = ofKind(set, "Certificate", "cert-manager.io").some(
            (c) =>
              c.metadata.namespace === ns &&
              (c.spec as { secretName?: string } | undefined)?.secretName === cred,
          );
          if (!secret && !cert) {
            out.push(
              v(
                name,
                describe(g),
                `credentialName ${cred} is neither a Secret nor a Certificate's secretName in ${ns}, where the gateway pods read it`,
                `issue the certificate into ${ns} (a cert-manager Certificate with secretName ${cred})`,
              ),
            );
          }
        }
      }
    }
    return out;
  },
};

/** The rules of this file. */
export const AUTH_RULES: readonly Rule[] = [
  extAuthzProviderResolves,
  oidcClientsMatch,
  gatewayTlsResolves,
];
