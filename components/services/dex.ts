import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { createHash } from "crypto";
import { ClusterHandle } from "../cluster/handle";
import { DEX_ISSUER, NAMESPACES } from "../shared/constants";
import { MirrorSpec } from "../shared/image-ref";
import { CHARTS, ChartSource, releaseArgs } from "./charts";
import {
  ContainerResources,
  HelmValues,
  namespacePolicies,
  serviceNamespace,
  ServiceMode,
} from "./common";
import {
  DEX_CONFIG_SECRET,
  DexConnector,
  dexConfigYaml,
  dexValues,
  OAUTH2_PROXY_CLIENT_ID,
  passwordProblems,
  stableBcrypt,
} from "./dex-config";
import { inputError, InputProblem } from "../shared/input-error";
import { IstioHandle } from "./handle";
import { withImageMirror } from "./image-mirror";
import { dexNetworkPolicies } from "./network-policies";
import { kubeflowVirtualService } from "./routes";

/**
 * A user of Dex's password database.
 * @optionDocs
 */
export interface DexStaticUser {
  /** Login e-mail; also Kubeflow's user id. */
  email: string;
  /** Display name. @default - the part of the e-mail before "@" */
  username?: string;
  /**
   * The password, a Pulumi secret (or a plain string, checked before any resource is registered). It is
   * stored only as a bcrypt hash inside a Kubernetes Secret.
   */
  password: pulumi.Input<string>;
}

/** What the cluster's own Dex (or OIDC provider at the same issuer) gives, in `existing` mode. */
export interface ExistingDexArgs {
  /** The client secret oauth2-proxy uses with the existing Dex's `kubeflow-oidc-authservice` client. */
  oauth2ProxyClientSecret: pulumi.Output<string>;
}

/**
 * Settings of Dex: whether it is installed, its users and connectors, its pods. Every default is in
 * `DEX_DEFAULTS`; the stack schema (`services.dex`) takes its defaults from there.
 */
export interface DexOptions {
  /**
   * "install" Dex, or "existing" to use the one the cluster already runs at the same issuer (nothing
   * installed).
   * @default DEX_DEFAULTS.mode ("install")
   */
  mode?: ServiceMode;
  /**
   * Users of Dex's password database (stored as bcrypt hashes in a Secret).
   * @default []
   * @remarks The stack adds the users declared with profiles.
   */
  staticUsers?: DexStaticUser[];
  /**
   * E-mail of a user created with a generated password, for a first login when no other user or connector
   * exists; the password is the `initialUser.password` output (a secret).
   * @default - none
   */
  initialUser?: string;
  /**
   * Upstream identity providers (OIDC, Google, GitHub, LDAP).
   * @default []
   * @remarks Their secrets are Pulumi secrets.
   */
  connectors?: DexConnector<pulumi.Output<string>>[];
  /**
   * Absolute URL users reach the platform at, for connector callbacks; may be computed in the same program
   * (a load balancer's address, a DNS record). @default - none
   */
  publicUrl?: pulumi.Input<string>;
  /** Replicas of Dex. @default DEX_DEFAULTS.replicas (1) */
  replicas?: number;
  /** CPU and memory requests and limits of Dex. @default - the chart's (none) */
  resources?: ContainerResources;
  /** Extra Dex Helm values merged last. An escape hatch: not covered by upgrade guarantees. @default {} */
  values?: HelmValues;
  /** In mode "existing": what the cluster's Dex gives. @default - none (required in existing mode) */
  existing?: ExistingDexArgs;
  /** Where the pinned chart comes from. @default - the chart's public Helm repository */
  charts?: ChartSource;
  /**
   * Registry mirror every image of the chart is pulled from, through the chart's image values.
   * @default - none: the chart's own images
   */
  imageMirror?: MirrorSpec;
}

/** The defaults of `DexOptions`, written once. */
export const DEX_DEFAULTS = {
  mode: "install",
  replicas: 1,
} as const satisfies Required<Pick<DexOptions, "mode" | "replicas">>;

/** Dex's settings and its wiring. */
export interface DexArgs extends DexOptions {
  /** The cluster to install into: the namespace waits for its `ready` resources. */
  cluster: Pick<ClusterHandle, "ready">;
  /** Istio (`Istio.handle`): the VirtualService for /dex/ needs its CRDs. */
  istio: Pick<IstioHandle, "ready">;
}

/**
 * Pure: the problems of the password of `staticUsers[index]`, on `staticUsers[index].password`; the messages
 * name the user, never the password. Empty when Dex can use it.
 */
export function staticUserPasswordProblems(
  index: number,
  email: string,
  password: string,
): InputProblem[] {
  const found = passwordProblems(email, password);
  if (found.length === 0) return [];
  return [
    {
      path: ["staticUsers", index, "password"],
      message: `${found.join("; ")}; give a password of 8 to 72 bytes`,
    },
  ];
}

/**
 * Pure: the problems of Dex's args, each with its property path: a user listed twice, a password given as a
 * plain string that Dex cannot use, connectors without the public URL of their callback, `existing` mode
 * without what the cluster's Dex gives. Empty when fine. (A password given as an Output is checked once its
 * value is known: see the Dex constructor.)
 */
export function dexInputProblems(
  args: Pick<DexOptions, "mode" | "staticUsers" | "existing" | "connectors" | "publicUrl">,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Map<string, number>();
  (args.staticUsers ?? []).forEach((u, i) => {
    const key = userKey(u.email);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        path: ["staticUsers", i, "email"],
        message: `user ${u.email} is listed twice (first at staticUsers[${first}]); list each user once`,
      });
    } else seen.set(key, i);
    if (typeof u.password === "string") {
      problems.push(...staticUserPasswordProblems(i, u.email, u.password));
    }
  });
  const installs = (args.mode ?? DEX_DEFAULTS.mode) === "install";
  if (installs && (args.connectors ?? []).length > 0 && args.publicUrl === undefined) {
    problems.push({
      path: ["publicUrl"],
      message:
        "is required by connectors, whose callback is <publicUrl>/dex/callback; set the URL users " +
        "reach the platform at",
    });
  }
  if (!installs && args.existing === undefined) {
    problems.push({
      path: ["existing", "oauth2ProxyClientSecret"],
      message:
        'is required in mode "existing": the secret of the cluster\'s Dex client kubeflow-oidc-authservice',
    });
  }
  return problems;
}

/** Pure: a stable resource-name key for a user (never an index, so reordering users replaces nothing). */
export function userKey(email: string): string {
  return email.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

/**
 * Dex, from the official chart, at Kubeflow's issuer `http://dex.auth.svc.cluster.local:5556/dex`. Its whole
 * config (password hashes, client and connector secrets) is built from Pulumi secrets into a Kubernetes
 * Secret the chart mounts; the Helm values hold none.
 */
export class Dex extends pulumi.ComponentResource {
  public readonly issuer = DEX_ISSUER;
  /** The static client oauth2-proxy uses. */
  public readonly oauth2ProxyClient: { id: string; secret: pulumi.Output<string> };
  /** Dex is serving (empty in `existing` mode). */
  public readonly ready: pulumi.Resource[];
  /** The generated first user, when `initialUser` was given. */
  public readonly initialUser?: { email: string; password: pulumi.Output<string> };

  constructor(name: string, args: DexArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:services:Dex", name, {}, opts);
    const mode = args.mode ?? DEX_DEFAULTS.mode;
    const users = [...(args.staticUsers ?? [])];
    const connectors = args.connectors ?? [];

    const problems = dexInputProblems(args);
    if (problems.length > 0) throw inputError(`Dex ${name}`, problems);

    if (mode === "existing") {
      // Present: dexInputProblems refuses existing mode without it.
      const existing = args.existing!;
      this.oauth2ProxyClient = {
        id: OAUTH2_PROXY_CLIENT_ID,
        secret: pulumi.secret(existing.oauth2ProxyClientSecret),
      };
      this.ready = [];
      this.registerOutputs({});
      return;
    }

    const clientSecret = new random.RandomPassword(
      `${name}-oauth2-proxy-client-secret`,
      { length: 32, special: false },
      { parent: this, additionalSecretOutputs: ["result"] },
    );
    // Secret whatever the provider marks: these values leave the component.
    this.oauth2ProxyClient = {
      id: OAUTH2_PROXY_CLIENT_ID,
      secret: pulumi.secret(clientSecret.result),
    };

    if (args.initialUser !== undefined) {
      const password = new random.RandomPassword(
        `${name}-initial-user-password`,
        { length: 24, special: false },
        { parent: this, additionalSecretOutputs: ["result"] },
      );
      this.initialUser = { email: args.initialUser, password: pulumi.secret(password.result) };
      users.push(this.initialUser);
    }

    // One salt per user, kept in the state: the hash is stable across previews (see stableBcrypt).
    const hashed = users.map((u, i) => {
      const salt = new random.RandomBytes(
        `${name}-salt-${userKey(u.email)}`,
        { length: 16 },
        { parent: this },
      );
      // A password given as an Output is checked as soon as its value is known, apart from the salt (a new
      // salt is unknown until created): a config secret or a literal `pulumi.secret(...)` is known at preview,
      // so `pulumi preview` (and the preview `pulumi up` runs first) fails with this InputPropertiesError,
      // before anything is changed. It fails the registration of the config Secret and the chart, which
      // wait for it (the program ends with it as an unhandled error, its message prefixed by the SDK with the
      // property it was serializing); the other children (namespace, network policies, route, salts, client
      // secret) do not wait for it.
      // An Output that is unknown at preview (the result of a resource this deployment creates) is checked
      // only during `pulumi up`, once it resolves: the update then fails the same way, after those other
      // children may have been created, and the Secret and the chart are not. The initial user's password is
      // generated (24 characters) and never fails. A plain string was checked by dexInputProblems above.
      const checked =
        i < (args.staticUsers ?? []).length
          ? pulumi.output(u.password).apply((password) => {
              const problems = staticUserPasswordProblems(i, u.email, password);
              if (problems.length > 0) throw inputError(`Dex ${name}`, problems);
              return password;
            })
          : pulumi.output(u.password);
      return pulumi.all([checked, salt.base64]).apply(([password, saltB64]) => ({
        email: u.email,
        ...(u.username !== undefined ? { username: u.username } : {}),
        hash: stableBcrypt(password, saltB64),
      }));
    });
    const connectorSecrets = connectors.map((c) =>
      c.type === "ldap" ? c.bindPassword : c.clientSecret,
    );

    const configYaml = pulumi.secret(
      pulumi
        .all([
          pulumi.all(hashed),
          pulumi.all(connectorSecrets),
          clientSecret.result,
          pulumi.output(args.publicUrl),
        ])
        .apply(([staticUsers, secrets, client, publicUrl]) =>
          dexConfigYaml({
            staticUsers,
            connectors: connectors.map((c, i) =>
              c.type === "ldap"
                ? { ...c, bindPassword: secrets[i]! }
                : { ...c, clientSecret: secrets[i]! },
            ),
            oauth2ProxyClientSecret: client,
            ...(publicUrl !== undefined ? { publicUrl } : {}),
          }),
        ),
    );
    // A digest of high-entropy content reveals nothing; unsecret it so the Release values stay readable.
    const checksum = pulumi.unsecret(
      configYaml.apply((c) => createHash("sha256").update(c).digest("hex")),
    );

    const ns = serviceNamespace(
      `${name}-namespace`,
      NAMESPACES.auth,
      { "pod-security.kubernetes.io/enforce": "restricted" },
      this,
      args.cluster.ready,
    );
    namespacePolicies(name, dexNetworkPolicies(), this, ns);
    const config = new k8s.core.v1.Secret(
      `${name}-config`,
      {
        metadata: { name: DEX_CONFIG_SECRET, namespace: NAMESPACES.auth },
        type: "Opaque",
        stringData: { "config.yaml": configYaml },
      },
      { parent: this, dependsOn: [ns] },
    );
    const chart = new k8s.helm.v3.Release(
      `${name}-chart`,
      {
        ...releaseArgs(CHARTS.dex, "dex", NAMESPACES.auth, args.charts),
        values: checksum.apply((configChecksum) =>
          dexValues({
            configChecksum,
            replicas: args.replicas ?? DEX_DEFAULTS.replicas,
            ...(args.resources !== undefined ? { resources: args.resources } : {}),
            values: withImageMirror("dex", args.imageMirror, args.values),
          }),
        ),
      },
      { parent: this, dependsOn: [ns, config] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-route`,
      kubeflowVirtualService({
        name: "dex",
        namespace: NAMESPACES.auth,
        prefix: "/dex/",
        host: "dex.auth.svc.cluster.local",
        port: 5556,
      }),
      { parent: this, dependsOn: [ns, ...args.istio.ready] },
    );

    this.ready = [chart];
    this.registerOutputs({ issuer: this.issuer });
  }
}
