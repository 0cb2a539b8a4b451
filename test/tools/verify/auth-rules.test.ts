import {
  extAuthzProviderResolves,
  gatewayTlsResolves,
  oidcClientsMatch,
} from "../../../tools/verify/rules/auth-rules";
import { PlatformSet } from "../../../tools/verify/types";
import { editing } from "./mutate";
import { eksNlbOverride } from "../../harness/eks-nlb";
import { platformSet } from "./sets";

let dev: PlatformSet;
let eks: PlatformSet;
beforeAll(async () => {
  dev = await platformSet("dev");
  // eks-example on an NLB gateway with its own TLS (the example's ALB entry has its own journeys).
  eks = await platformSet("eks-example", undefined, eksNlbOverride());
});

const replaceIn = (
  set: PlatformSet,
  kind: string,
  ns: string,
  name: string,
  key: string,
  from: string,
  to: string,
) =>
  editing(set, kind, ns, name, (o) => {
    const data = (o.data ?? o.stringData) as Record<string, string>;
    if (!data[key]!.includes(from)) throw new Error(`${key} of ${name} has no ${from}`);
    data[key] = data[key]!.replace(from, to);
    return o;
  });

describe("rule ext-authz-provider-resolves", () => {
  it("accepts the rendered mesh config: oauth2-proxy's Service and port, named by the CUSTOM policy", () => {
    expect(extAuthzProviderResolves.check(dev)).toEqual([]);
  });

  it("rejects a provider whose port is not the oauth2-proxy Service's", () => {
    const broken = replaceIn(
      dev,
      "ConfigMap",
      "istio-system",
      "istio-1-29",
      "mesh",
      "port: 80",
      "port: 4180",
    );
    expect(extAuthzProviderResolves.check(broken)).toEqual([
      {
        rule: "ext-authz-provider-resolves",
        object: "meshConfig extensionProvider oauth2-proxy",
        message: "port 4180 is not a port of Service oauth2-proxy/oauth2-proxy (ports: 80, 44180)",
        fix: "use the Service's port in the provider",
      },
    ]);
  });

  it("rejects a CUSTOM policy naming a provider the mesh does not declare", () => {
    const broken = editing(
      dev,
      "AuthorizationPolicy",
      "istio-system",
      "istio-ingressgateway-oauth2-proxy",
      (p) => {
        (p.spec as { provider: { name: string } }).provider.name = "oauth2proxy";
        return p;
      },
    );
    expect(extAuthzProviderResolves.check(broken).map((v) => v.message)).toEqual([
      'provider "oauth2proxy" is not an extension provider of the mesh config; declared: oauth2-proxy',
    ]);
  });
});

describe("rule oidc-clients-match", () => {
  it("accepts oauth2-proxy as a client of Dex on the dev and TLS stacks", () => {
    expect(oidcClientsMatch.check(dev)).toEqual([]);
    expect(oidcClientsMatch.check(eks)).toEqual([]);
  });

  it("rejects an issuer Dex does not serve", () => {
    const broken = replaceIn(
      dev,
      "ConfigMap",
      "oauth2-proxy",
      "oauth2-proxy",
      "oauth2_proxy.cfg",
      'oidc_issuer_url = "http://dex.auth.svc.cluster.local:5556/dex"',
      'oidc_issuer_url = "https://dex.example.com/dex"',
    );
    expect(oidcClientsMatch.check(broken).map((v) => v.message)).toEqual([
      'oidc_issuer_url "https://dex.example.com/dex" is not Dex\'s issuer "http://dex.auth.svc.cluster.local:5556/dex"',
    ]);
  });

  it("rejects a redirect URL Dex has not registered for the client", () => {
    const broken = replaceIn(
      dev,
      "ConfigMap",
      "oauth2-proxy",
      "oauth2-proxy",
      "oauth2_proxy.cfg",
      'redirect_url = "/oauth2/callback"',
      'redirect_url = "/oauth2/cb"',
    );
    expect(oidcClientsMatch.check(broken).map((v) => v.message)).toEqual([
      expect.stringContaining(
        'redirect_url "/oauth2/cb" is not among Dex\'s redirectURIs for "kubeflow-oidc-authservice"',
      ),
    ]);
  });

  it("rejects a client secret that differs from Dex's", () => {
    const broken = editing(dev, "Secret", "oauth2-proxy", "oauth2-proxy-credentials", (s) => {
      (s.stringData as Record<string, string>)["client-secret"] = "another";
      return s;
    });
    expect(oidcClientsMatch.check(broken).map((v) => v.message)).toEqual([
      'client secret differs from Dex\'s secret for client "kubeflow-oidc-authservice"',
    ]);
  });
});

describe("rule gateway-tls-resolves", () => {
  it("accepts the gateway certificate cert-manager issues into istio-system", () => {
    expect(gatewayTlsResolves.check(eks)).toEqual([]);
  });

  it("rejects a credential the gateway pods' namespace does not hold", () => {
    const broken = editing(eks, "Certificate", "istio-system", "kubeflow-gateway-tls", (c) => {
      (c.spec as { secretName: string }).secretName = "elsewhere";
      return c;
    });
    expect(gatewayTlsResolves.check(broken).map((v) => `${v.object}: ${v.message}`)).toEqual([
      "Gateway kubeflow/kubeflow-gateway: credentialName kubeflow-gateway-tls is neither a Secret nor a Certificate's secretName in istio-system, where the gateway pods read it",
    ]);
  });
});
