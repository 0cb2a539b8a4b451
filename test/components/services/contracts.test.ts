/**
 * The contracts Kubeflow's 26.03 manifests expect from the platform services, read from the release bundle
 * (never restated here) and compared with what the program configures.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { selfSignedIssuer } from "../../../components/services/cert-manager";
import { dexConfig } from "../../../components/services/dex-config";
import {
  gatewayValues,
  istiodAliasService,
  istiodValues,
  KUBEFLOW_MTLS_EXCEPTIONS,
} from "../../../components/services/istio-values";
import {
  dexRequestAuthentication,
  gatewayAuthorizationPolicies,
  m2mRequestAuthentication,
  oauth2ProxyConfigFile,
  oauth2ProxyValues,
} from "../../../components/services/oauth2-proxy-values";
import {
  dexNetworkPolicies,
  oauth2ProxyNetworkPolicies,
} from "../../../components/services/network-policies";
import { kubeflowVirtualService } from "../../../components/services/routes";
import {
  DEX_ISSUER,
  EXT_AUTHZ_PROVIDER,
  INGRESS_GATEWAY_SERVICE,
  KUBEFLOW_SELF_SIGNING_ISSUER,
  NAMESPACES,
  OAUTH2_PROXY_SERVICE,
} from "../../../components/shared/constants";
import { bundleDir } from "../../harness/upstream";
import { pathObjects } from "../kubeflow/transforms/bundles";

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [k: string]: unknown;
}

const RELEASE = "26.03";

function objects(kustomizePath: string): K8sObject[] {
  return pathObjects(RELEASE, kustomizePath) as unknown as K8sObject[];
}

function find(objs: K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const o = objs.find(
    (x) => x.kind === kind && x.metadata.name === name && x.metadata.namespace === namespace,
  );
  if (!o) throw new Error(`bundle has no ${kind} ${namespace ?? ""}/${name}`);
  return o;
}

const istioInstall = objects("common/istio/istio-install/overlays/oauth2-proxy");
const oauth2Dex = objects("common/oauth2-proxy/overlays/m2m-dex-only");
const oauth2Kind = objects("common/oauth2-proxy/overlays/m2m-dex-and-kind");
const dexBundle = objects("common/dex/overlays/oauth2-proxy");
const istioResources = objects("common/istio/kubeflow-istio-resources/base");

const mesh = parse(
  (find(istioInstall, "ConfigMap", "istio", NAMESPACES.istio).data as { mesh: string }).mesh,
) as {
  extensionProviders: Array<{ name: string; envoyExtAuthzHttp: { service: string; port: number } }>;
};
const upstreamProvider = mesh.extensionProviders.find((p) => p.name === EXT_AUTHZ_PROVIDER)!;

/** `key = value` lines of an oauth2_proxy.cfg (comments and multi-line lists folded). */
function cfg(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n").map((l) => l.replace(/#.*$/, "").trim());
  for (let i = 0; i < lines.length; i++) {
    const m = /^([a-z_]+)\s*=\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    let value = m[2]!;
    while (value.startsWith("[") && !value.endsWith("]")) value += lines[++i] ?? "]";
    out[m[1]!] = value.replace(/\s+/g, "").replace(/,]/, "]");
  }
  return out;
}

describe(`Kubeflow ${RELEASE} contracts`, () => {
  it("declares the ext-authz provider exactly as the bundle's mesh config", () => {
    const ours = (
      istiodValues({ revision: "1-29", defaultRevision: true }).meshConfig as {
        extensionProviders: unknown[];
      }
    ).extensionProviders;
    expect(ours).toEqual([upstreamProvider]);
  });

  it("points the provider at the oauth2-proxy Service the chart creates", () => {
    const { service, port } = upstreamProvider.envoyExtAuthzHttp;
    // Release name = Service name (the chart's fullname), in its namespace, on the chart's service port.
    expect(service).toBe(
      `${OAUTH2_PROXY_SERVICE.name}.${NAMESPACES.oauth2Proxy}.svc.cluster.local`,
    );
    expect(
      (oauth2ProxyValues({ secureCookies: false }).service as { portNumber: number }).portNumber,
    ).toBe(port);
  });

  it("labels the ingress gateway with what kubeflow-gateway selects, and maps its ports as upstream", () => {
    const gw = find(istioResources, "Gateway", "kubeflow-gateway", NAMESPACES.kubeflow);
    const selector = (gw.spec as { selector: Record<string, string> }).selector;
    const values = gatewayValues({ revision: "1-29", exposure: "ClusterIP" });
    expect(values.labels).toEqual(expect.objectContaining(selector));
    const svc = find(istioInstall, "Service", INGRESS_GATEWAY_SERVICE, NAMESPACES.istio);
    expect(values.name).toBe(svc.metadata.name);
    expect((values.service as { ports: unknown[] }).ports).toEqual(
      (svc.spec as { ports: unknown[] }).ports,
    );
  });

  it("serves Dex at the issuer the bundle's Dex and oauth2-proxy use", () => {
    const dexCfg = parse(
      (find(dexBundle, "ConfigMap", "dex", NAMESPACES.auth).data as { "config.yaml": string })[
        "config.yaml"
      ],
    ) as { issuer: string };
    expect(DEX_ISSUER).toBe(dexCfg.issuer);
    const ours = dexConfig({ staticUsers: [], connectors: [], oauth2ProxyClientSecret: "s" });
    expect(ours.issuer).toBe(dexCfg.issuer);
    const upstreamCfg = (
      find(oauth2Dex, "ConfigMap", "oauth2-proxy-hk55gm96k4", NAMESPACES.oauth2Proxy).data as {
        "oauth2_proxy.cfg": string;
      }
    )["oauth2_proxy.cfg"];
    expect(cfg(upstreamCfg).oidc_issuer_url).toBe(JSON.stringify(DEX_ISSUER));
  });

  it("configures oauth2-proxy as upstream, except the theme it does not mount", () => {
    const upstreamCfg = cfg(
      (
        find(oauth2Dex, "ConfigMap", "oauth2-proxy-hk55gm96k4", NAMESPACES.oauth2Proxy).data as {
          "oauth2_proxy.cfg": string;
        }
      )["oauth2_proxy.cfg"],
    );
    const ours = cfg(oauth2ProxyConfigFile({ secureCookies: false }));
    const themeKeys = ["custom_sign_in_logo", "banner", "footer"];
    for (const [k, v] of Object.entries(upstreamCfg)) {
      if (themeKeys.includes(k)) continue;
      expect([k, ours[k]]).toEqual([k, v]);
    }
  });

  it("uses the upstream OAuth client id and its relative callback", () => {
    const dexCfg = dexConfig({ staticUsers: [], connectors: [], oauth2ProxyClientSecret: "s" });
    const secret = find(oauth2Dex, "Secret", "oauth2-proxy-h675gf55ht", NAMESPACES.oauth2Proxy);
    const upstreamId = Buffer.from(
      (secret.data as { "client-id": string })["client-id"],
      "base64",
    ).toString();
    expect(dexCfg.staticClients[0]!.id).toBe(upstreamId);
    expect(dexCfg.staticClients[0]!.redirectURIs).toContain(
      cfg(oauth2ProxyConfigFile({ secureCookies: false })).redirect_url!.replace(/"/g, ""),
    );
  });

  it("authenticates Dex tokens on the gateway as the bundle's dex-jwt does", () => {
    const upstream = find(oauth2Dex, "RequestAuthentication", "dex-jwt", NAMESPACES.istio);
    expect(dexRequestAuthentication().spec).toEqual(upstream.spec);
  });

  it("applies the bundle's CUSTOM and DENY policies on the gateway", () => {
    const [custom, deny] = gatewayAuthorizationPolicies({ acmeChallenges: false });
    for (const ours of [custom!, deny!]) {
      const upstream = find(oauth2Dex, "AuthorizationPolicy", ours.metadata.name, NAMESPACES.istio);
      expect(ours.spec).toEqual(upstream.spec);
    }
  });

  it("maps service-account tokens to Kubeflow headers as the kind overlay does", () => {
    const upstream = find(
      oauth2Kind,
      "RequestAuthentication",
      "m2m-token-issuer",
      NAMESPACES.istio,
    );
    const rule = (upstream.spec as { jwtRules: Array<Record<string, unknown>> }).jwtRules[0]!;
    const ours = m2mRequestAuthentication(rule.issuer as string, rule.jwksUri as string);
    expect(ours.spec.jwtRules[0]).toEqual(rule);
    expect(ours.spec.selector).toEqual((upstream.spec as { selector: unknown }).selector);
  });

  it("routes /dex/ and /oauth2/ through kubeflow-gateway as the bundle's VirtualServices", () => {
    const cases = [
      {
        objs: dexBundle,
        name: "dex",
        namespace: NAMESPACES.auth,
        prefix: "/dex/",
        host: "dex.auth.svc.cluster.local",
        port: 5556,
      },
      {
        objs: oauth2Dex,
        name: "oauth2-proxy",
        namespace: NAMESPACES.oauth2Proxy,
        prefix: "/oauth2/",
        host: OAUTH2_PROXY_SERVICE.host,
        port: OAUTH2_PROXY_SERVICE.port,
      },
    ];
    for (const c of cases) {
      const upstream = find(c.objs, "VirtualService", c.name, c.namespace);
      expect(kubeflowVirtualService(c).spec).toEqual(upstream.spec);
    }
  });

  it("creates the ClusterIssuer the bundle's cert-manager overlay defines", () => {
    const issuers = objects("common/cert-manager/overlays/kubeflow").filter(
      (o) => o.kind === "ClusterIssuer",
    );
    expect(issuers.map((i) => i.metadata.name)).toEqual([KUBEFLOW_SELF_SIGNING_ISSUER]);
    expect(selfSignedIssuer(KUBEFLOW_SELF_SIGNING_ISSUER).spec).toEqual(issuers[0]!.spec);
  });

  it("gives the cluster-local gateway the istiod address it hard-codes", () => {
    const clg = find(
      objects("common/istio/cluster-local-gateway/base"),
      "Deployment",
      "cluster-local-gateway",
      NAMESPACES.istio,
    );
    const env = (
      clg.spec as {
        template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } };
      }
    ).template.spec.containers[0]!.env;
    const caAddr = env.find((e) => e.name === "CA_ADDR")!.value!;
    const alias = istiodAliasService("1-29");
    const [host, port] = caAddr.split(":");
    expect(`${alias.metadata.name}.${alias.metadata.namespace}.svc`).toBe(host);
    expect(alias.spec.ports.map((p) => p.port)).toContain(Number(port));
  });

  it("labels the service namespaces as the bundle does", () => {
    const bundleNs = [
      ...objects("common/cert-manager/overlays/kubeflow"),
      ...objects("common/istio/istio-namespace/base"),
      ...dexBundle,
      ...oauth2Dex,
    ].filter((o) => o.kind === "Namespace");
    // The labels each component passes to serviceNamespace (read from the source, so this cannot drift).
    const src = ["cert-manager", "istio", "dex", "oauth2-proxy"]
      .map((f) =>
        fs.readFileSync(path.join(__dirname, `../../../components/services/${f}.ts`), "utf8"),
      )
      .join("\n");
    for (const ns of bundleNs) {
      for (const [k, v] of Object.entries(ns.metadata.labels ?? {})) {
        if (!k.startsWith("pod-security.kubernetes.io/") && k !== "istio-injection") continue;
        expect([ns.metadata.name, src.includes(`"${k}": "${v}"`)]).toEqual([
          ns.metadata.name,
          true,
        ]);
      }
    }
  });

  it("lists as mTLS exceptions exactly the webhooks the API server must reach in injected pods", () => {
    const bundle = JSON.parse(
      fs.readFileSync(path.join(bundleDir(RELEASE), "bundle.json"), "utf8"),
    ) as {
      example: string[];
    };
    const all = bundle.example.flatMap((p) => objects(p));
    const injected = new Set(
      all
        .filter(
          (o) => o.kind === "Namespace" && o.metadata.labels?.["istio-injection"] === "enabled",
        )
        .map((o) => o.metadata.name),
    );
    type Port = { port: number; targetPort?: number | string; name?: string };
    type Pod = {
      metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec: { containers: Array<{ ports?: Array<{ name?: string; containerPort: number }> }> };
    };
    // Ports the bundle itself already keeps PERMISSIVE (Knative's webhooks).
    const covered = all
      .filter((o) => o.kind === "PeerAuthentication")
      .map(
        (o) =>
          `${o.metadata.namespace}/${Object.keys((o.spec as { portLevelMtls: object }).portLevelMtls).join(",")}`,
      );
    const derived = new Map<
      string,
      { namespace: string; selector: Record<string, string>; ports: number[] }
    >();
    for (const hook of all.filter((o) =>
      /^(Mutating|Validating)WebhookConfiguration$/.test(o.kind),
    )) {
      for (const w of (
        hook as unknown as {
          webhooks: Array<{
            clientConfig: { service?: { namespace: string; name: string; port?: number } };
          }>;
        }
      ).webhooks) {
        const ref = w.clientConfig.service;
        if (!ref || !injected.has(ref.namespace)) continue;
        const svc = find(all, "Service", ref.name, ref.namespace);
        const spec = svc.spec as { selector: Record<string, string>; ports: Port[] };
        const pod = all
          .filter((o) => o.kind === "Deployment" && o.metadata.namespace === ref.namespace)
          .map((o) => (o.spec as { template: Pod }).template)
          .find((t) =>
            Object.entries(spec.selector).every(([k, v]) => t.metadata.labels?.[k] === v),
          )!;
        const optOut = [pod.metadata.labels, pod.metadata.annotations].some(
          (m) => m?.["sidecar.istio.io/inject"] === "false",
        );
        const port = spec.ports.find((p) => p.port === (ref.port ?? 443))!;
        const target =
          typeof port.targetPort === "string"
            ? pod.spec.containers
                .flatMap((c) => c.ports ?? [])
                .find((p) => p.name === port.targetPort)!.containerPort
            : (port.targetPort ?? port.port);
        if (optOut || covered.includes(`${ref.namespace}/${target}`)) continue;
        derived.set(`${ref.namespace}/${ref.name}`, {
          namespace: ref.namespace,
          selector: spec.selector,
          ports: [target],
        });
      }
    }
    const ours = KUBEFLOW_MTLS_EXCEPTIONS.map(({ namespace, selector, ports }) => ({
      namespace,
      selector,
      ports,
    }));
    expect(ours).toEqual(expect.arrayContaining([...derived.values()]));
    expect(ours).toHaveLength(derived.size);
  });

  it("admits to Dex and oauth2-proxy exactly the peers the bundle's NetworkPolicies admit", () => {
    const ours = [...dexNetworkPolicies(), ...oauth2ProxyNetworkPolicies()];
    const upstream = [...dexBundle, ...oauth2Dex].filter((o) => o.kind === "NetworkPolicy");
    expect(ours.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(
      upstream.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort(),
    );
    for (const o of ours) {
      const u = find(upstream, "NetworkPolicy", o.metadata.name, o.metadata.namespace);
      const rules = { ...(o.spec as Record<string, unknown>) };
      const upstreamRules = { ...(u.spec as Record<string, unknown>) };
      delete rules.podSelector;
      delete upstreamRules.podSelector;
      expect([o.metadata.name, rules]).toEqual([o.metadata.name, upstreamRules]);
    }
    // Upstream's Dex pods are labelled `app: dex`; the chart labels them app.kubernetes.io/name: dex.
    expect((ours[0]!.spec as { podSelector: unknown }).podSelector).toEqual({
      matchLabels: { "app.kubernetes.io/name": "dex" },
    });
  });
});
