/**
 * The login services' configuration as the cluster holds it, read from the platform object set: oauth2-proxy's
 * config file (the chart's ConfigMap) and credentials Secret, Dex's config Secret, and Istio's mesh config
 * (istiod's ConfigMap). The journeys and the OIDC rule compare them.
 */
import { parse } from "yaml";
import { K8sObject } from "../../components/kubeflow/types";
import { ofKind } from "./objects";
import { PlatformSet } from "./types";

/** Pure: the `key = value` lines of an oauth2-proxy config file (TOML subset: strings, lists, numbers, booleans). */
export function parseOauth2ProxyConfig(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    try {
      out[key] = JSON.parse(value) as unknown;
    } catch {
      out[key] = value;
    }
  }
  return out;
}

/** Text of a key of a ConfigMap or Secret (`stringData`, `data` base64-decoded for Secrets). */
export function dataOf(obj: K8sObject, key: string): string | undefined {
  const stringData = obj.stringData as Record<string, string> | undefined;
  if (stringData?.[key] !== undefined) return stringData[key];
  const data = obj.data as Record<string, string> | undefined;
  const v = data?.[key];
  if (v === undefined) return undefined;
  return obj.kind === "Secret" ? Buffer.from(v, "base64").toString("utf8") : v;
}

/** oauth2-proxy as deployed: its config, credentials, and where it lives. */
export interface Oauth2ProxyFacts {
  namespace: string;
  config: Record<string, unknown>;
  clientId?: string;
  clientSecret?: string;
}

/** Dex as deployed. */
export interface DexFacts {
  namespace: string;
  issuer: string;
  staticClients: Array<{ id: string; secret?: string; redirectURIs?: string[] }>;
  staticPasswords: Array<{ email: string }>;
}

function deploymentUsing(set: PlatformSet, image: RegExp): K8sObject | undefined {
  return ofKind(set, "Deployment", "apps").find((d) =>
    JSON.stringify((d.spec as { template?: unknown } | undefined)?.template ?? {}).match(image),
  );
}

/** Pure: oauth2-proxy's facts, when the set runs it (found by its image; config by the Deployment's volumes). */
export function oauth2ProxyFacts(set: PlatformSet): Oauth2ProxyFacts | undefined {
  const d = deploymentUsing(set, /oauth2-proxy\/oauth2-proxy:/);
  if (d === undefined) return undefined;
  const ns = d.metadata.namespace ?? "default";
  const inNs = (kind: string) => ofKind(set, kind, "").filter((o) => o.metadata.namespace === ns);
  const spec = JSON.stringify(d.spec);
  const cm = inNs("ConfigMap").find(
    (c) => dataOf(c, "oauth2_proxy.cfg") !== undefined && spec.includes(`"${c.metadata.name}"`),
  );
  const secret = inNs("Secret").find(
    (s) => dataOf(s, "client-id") !== undefined && spec.includes(`"${s.metadata.name}"`),
  );
  const clientId = secret !== undefined ? dataOf(secret, "client-id") : undefined;
  const clientSecret = secret !== undefined ? dataOf(secret, "client-secret") : undefined;
  return {
    namespace: ns,
    config: parseOauth2ProxyConfig(cm !== undefined ? (dataOf(cm, "oauth2_proxy.cfg") ?? "") : ""),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(clientSecret !== undefined ? { clientSecret } : {}),
  };
}

/** Pure: Dex's facts, when the set runs it (the config Secret its Deployment mounts). */
export function dexFacts(set: PlatformSet): DexFacts | undefined {
  const d = deploymentUsing(set, /dexidp\/dex:/);
  if (d === undefined) return undefined;
  const ns = d.metadata.namespace ?? "default";
  const spec = JSON.stringify(d.spec);
  const secret = ofKind(set, "Secret", "").find(
    (s) =>
      s.metadata.namespace === ns &&
      dataOf(s, "config.yaml") !== undefined &&
      spec.includes(`"${s.metadata.name}"`),
  );
  if (secret === undefined) return undefined;
  const cfg = parse(dataOf(secret, "config.yaml")!) as {
    issuer: string;
    staticClients?: DexFacts["staticClients"];
    staticPasswords?: DexFacts["staticPasswords"];
  };
  return {
    namespace: ns,
    issuer: cfg.issuer,
    staticClients: cfg.staticClients ?? [],
    staticPasswords: cfg.staticPasswords ?? [],
  };
}

/** An Istio extension provider of the mesh config. */
export interface ExtensionProvider {
  name: string;
  envoyExtAuthzHttp?: {
    service: string;
    port: number;
    headersToUpstreamOnAllow?: string[];
    headersToDownstreamOnDeny?: string[];
    includeRequestHeadersInCheck?: string[];
  };
}

/** Pure: the mesh config istiod serves (its `istio` / `istio-<rev>` ConfigMap's `mesh` key). */
export function meshConfig(
  set: PlatformSet,
): { extensionProviders: ExtensionProvider[] } | undefined {
  const cm = ofKind(set, "ConfigMap", "").find(
    (c) =>
      c.metadata.namespace === "istio-system" &&
      /^istio(-.+)?$/.test(c.metadata.name) &&
      dataOf(c, "mesh") !== undefined,
  );
  if (cm === undefined) return undefined;
  const mesh = parse(dataOf(cm, "mesh")!) as { extensionProviders?: ExtensionProvider[] } | null;
  return { extensionProviders: mesh?.extensionProviders ?? [] };
}
