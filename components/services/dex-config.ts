/**
 * Pure functions for Dex: its config file (with secrets already resolved, so it is built inside one apply and
 * stored only in a Kubernetes Secret), stable password hashes, and the chart values (which hold no secret).
 */
import * as bcrypt from "bcryptjs";
import { createHash } from "crypto";
import { stringify } from "yaml";
import { DEX_ISSUER } from "../shared/constants";
import { CHARTS } from "./charts";
import { inputError } from "../shared/input-error";
import { ContainerResources, HelmValues, mergeValues } from "./common";

/** The OAuth client id oauth2-proxy uses with Dex (upstream's, so Kubeflow docs and tooling still apply). */
export const OAUTH2_PROXY_CLIENT_ID = "kubeflow-oidc-authservice";
/** Secret (key `config.yaml`) holding Dex's whole config; the chart mounts it (configSecret.create: false). */
export const DEX_CONFIG_SECRET = "dex-config";
/** bcrypt cost of static password hashes (upstream's hashes use 12). */
export const BCRYPT_COST = 12;

/** A connector to an upstream identity provider, secrets resolved. `T` is the secret's type. */
export type DexConnector<T = string> =
  | {
      type: "oidc";
      id: string;
      name: string;
      issuer: string;
      clientId: string;
      clientSecret: T;
      scopes?: string[];
      /** Ask for and map the `groups` claim. */
      groups?: boolean;
    }
  | {
      type: "google";
      id: string;
      name: string;
      clientId: string;
      clientSecret: T;
      hostedDomains?: string[];
    }
  | {
      type: "github";
      id: string;
      name: string;
      clientId: string;
      clientSecret: T;
      orgs?: Array<{ name: string; teams?: string[] }>;
    }
  | {
      type: "ldap";
      id: string;
      name: string;
      host: string;
      bindDN: string;
      bindPassword: T;
      startTLS?: boolean;
      userSearch: {
        baseDN: string;
        filter?: string;
        username: string;
        idAttr: string;
        emailAttr: string;
        nameAttr: string;
      };
      groupSearch?: {
        baseDN: string;
        filter?: string;
        userAttr: string;
        groupAttr: string;
        nameAttr: string;
      };
    };

export interface DexStaticUser {
  email: string;
  username?: string;
  /** bcrypt hash of the password. */
  hash: string;
}

/** Pure: a stable Dex userID for an email (Dex needs one per static user; it must never change). */
export function staticUserId(email: string): string {
  return createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 32);
}

/**
 * Pure and deterministic: bcrypt of `password` with a salt taken from 16 random bytes kept in the state (one
 * `RandomBytes` per user). A fresh salt on each run would change the hash, hence the Secret, on every preview;
 * with the salt in the state the hash changes only when the password (or the salt resource) changes.
 */
export function stableBcrypt(password: string, saltBase64: string): string {
  const bytes = Buffer.from(saltBase64, "base64");
  if (bytes.length < 16) throw new Error("bcrypt salt needs 16 random bytes");
  // bcrypt at cost 12 takes a quarter of a second; a process that runs the program more than once (the
  // offline tools, the tests) asks for the same hash again. Keyed by a digest, so no password is a key.
  const key = createHash("sha256").update(`${saltBase64}\0${password}`).digest("hex");
  let hash = bcryptMemo.get(key);
  if (hash === undefined) {
    hash = bcrypt.hashSync(password, `$2b$${BCRYPT_COST}$${bcrypt.encodeBase64(bytes, 16)}`);
    bcryptMemo.set(key, hash);
  }
  return hash;
}

const bcryptMemo = new Map<string, string>();

/** Pure: problems with a static user's password, without revealing it. */
export function passwordProblems(email: string, password: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push(`the password of ${email} is shorter than 8 characters`);
  if (bcrypt.truncates(password)) {
    problems.push(`the password of ${email} is longer than 72 bytes, which bcrypt would truncate`);
  }
  return problems;
}

export interface DexConfigInput {
  staticUsers: DexStaticUser[];
  connectors: DexConnector[];
  oauth2ProxyClientSecret: string;
  /** Absolute URL users reach the platform at (`https://kubeflow.example.com`), for connector callbacks. */
  publicUrl?: string;
}

function connectorConfig(c: DexConnector, callback: string) {
  switch (c.type) {
    case "oidc":
      return {
        type: "oidc",
        id: c.id,
        name: c.name,
        config: {
          issuer: c.issuer,
          clientID: c.clientId,
          clientSecret: c.clientSecret,
          redirectURI: callback,
          scopes: c.scopes ?? ["openid", "profile", "email", ...(c.groups ? ["groups"] : [])],
          ...(c.groups ? { insecureEnableGroups: true } : {}),
        },
      };
    case "google":
      return {
        type: "google",
        id: c.id,
        name: c.name,
        config: {
          clientID: c.clientId,
          clientSecret: c.clientSecret,
          redirectURI: callback,
          ...(c.hostedDomains !== undefined ? { hostedDomains: c.hostedDomains } : {}),
        },
      };
    case "github":
      return {
        type: "github",
        id: c.id,
        name: c.name,
        config: {
          clientID: c.clientId,
          clientSecret: c.clientSecret,
          redirectURI: callback,
          ...(c.orgs !== undefined ? { orgs: c.orgs } : {}),
        },
      };
    case "ldap":
      return {
        type: "ldap",
        id: c.id,
        name: c.name,
        config: {
          host: c.host,
          startTLS: c.startTLS ?? false,
          bindDN: c.bindDN,
          bindPW: c.bindPassword,
          usernamePrompt: "Email or username",
          userSearch: c.userSearch,
          ...(c.groupSearch !== undefined
            ? {
                groupSearch: {
                  baseDN: c.groupSearch.baseDN,
                  ...(c.groupSearch.filter !== undefined ? { filter: c.groupSearch.filter } : {}),
                  userMatchers: [
                    { userAttr: c.groupSearch.userAttr, groupAttr: c.groupSearch.groupAttr },
                  ],
                  nameAttr: c.groupSearch.nameAttr,
                },
              }
            : {}),
        },
      };
  }
}

/** Pure: Dex's config file as an object (the issuer is Kubeflow's contract, DEX_ISSUER). */
export function dexConfig(input: DexConfigInput) {
  if (input.connectors.length > 0 && input.publicUrl === undefined) {
    throw inputError("Dex config", [
      {
        path: ["publicUrl"],
        message:
          "is required by connectors, whose callback is <publicUrl>/dex/callback: set it to the " +
          "platform's public URL (https://<gateway hostname>)",
      },
    ]);
  }
  const callback = `${input.publicUrl ?? ""}/dex/callback`;
  return {
    issuer: DEX_ISSUER,
    storage: { type: "kubernetes", config: { inCluster: true } },
    web: { http: "0.0.0.0:5556" },
    logger: { level: "info", format: "json" },
    oauth2: { skipApprovalScreen: true },
    enablePasswordDB: input.staticUsers.length > 0,
    staticPasswords: input.staticUsers.map((u) => ({
      email: u.email,
      hash: u.hash,
      username: u.username ?? u.email.split("@")[0],
      userID: staticUserId(u.email),
    })),
    staticClients: [
      {
        id: OAUTH2_PROXY_CLIENT_ID,
        name: "Kubeflow",
        secret: input.oauth2ProxyClientSecret,
        // Relative, as upstream: oauth2-proxy uses relative_redirect_url, so any host works.
        redirectURIs: [
          "/oauth2/callback",
          ...(input.publicUrl !== undefined ? [`${input.publicUrl}/oauth2/callback`] : []),
        ],
      },
    ],
    connectors: input.connectors.map((c) => connectorConfig(c, callback)),
  };
}

/** Pure: the config file text. */
export function dexConfigYaml(input: DexConfigInput): string {
  return stringify(dexConfig(input));
}

/** Pure: chart values. They reference the config Secret and hold no credential. */
export function dexValues(args: {
  replicas?: number;
  resources?: ContainerResources;
  /** sha256 of the config, so pods restart when it changes. */
  configChecksum?: string;
  values?: HelmValues;
}): HelmValues {
  const base: HelmValues = {
    replicaCount: args.replicas ?? 1,
    // The catalog's image tag when it overrides the chart's appVersion (Dex v2.45.1 on chart 0.24.0).
    ...(CHARTS.dex.imageTag !== undefined ? { image: { tag: CHARTS.dex.imageTag } } : {}),
    configSecret: { create: false, name: DEX_CONFIG_SECRET },
    ...(args.configChecksum !== undefined
      ? { podAnnotations: { "checksum/config": args.configChecksum } }
      : {}),
    // Pod Security "restricted", as upstream's auth namespace enforces.
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    // As upstream's Dex (uid 1001 of the image). The root filesystem stays writable: the image's entrypoint
    // renders the config through gomplate into a temporary file.
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 1001,
      seccompProfile: { type: "RuntimeDefault" },
    },
    podDisruptionBudget: { enabled: (args.replicas ?? 1) > 1, minAvailable: 1 },
    ...(args.resources !== undefined ? { resources: args.resources } : {}),
  };
  return mergeValues(base, args.values);
}
