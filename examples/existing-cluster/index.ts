/**
 * A platform team's program: Kubeflow 26.03 (a subset of its applications) on the team's own cluster and
 * Istio mesh, with two profiles. It imports only the library's public entry point; README.md beside it
 * says how to run it.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  ApplicationChoice,
  ApplicationKey,
  buildTransforms,
  CertManager,
  DEX_ISSUER,
  Dex,
  ExistingCluster,
  Istio,
  KubeflowParams,
  KubeflowParamsOptions,
  KubeflowRelease,
  OAuth2Proxy,
  Profiles,
  ServicesHandle,
} from "../../components";

const config = new pulumi.Config();
const release = "26.03";
/** The rendered release bundle (`npm run sync -- 26.03` in the library writes one). */
const bundleDir = config.get("bundleDir") ?? process.env.KUBEFLOW_BUNDLE_DIR;
if (bundleDir === undefined || !fs.existsSync(path.join(bundleDir, "bundle.json"))) {
  throw new pulumi.RunError(
    `${pulumi.getProject()}:bundleDir (${bundleDir ?? "not set"}): no rendered Kubeflow ${release} bundle ` +
      "there; set it (or env KUBEFLOW_BUNDLE_DIR) to the directory `npm run sync -- 26.03` wrote",
  );
}

// Dex's users. Each password is the stack's secret config `password-<name>` (never in the program), read
// here so that a missing one stops the program before its first resource.
const staticUsers = ["alice", "bob", "carol"].map((name) => ({
  email: `${name}@example.com`,
  password: config.requireSecret(`password-${name}`),
}));
const context = config.get("context");
const storageClass = config.get("storageClass") ?? "standard";

/**
 * The applications this team runs; everything else in the release stays out. Each entry is both a choice
 * (`enabled`, `mode`) and the application's parameters (`replicas`, `resources`, ...), read by the transforms.
 */
export const applications: {
  [K in ApplicationKey]?: ApplicationChoice & NonNullable<KubeflowParams["applications"][K]>;
} = {
  core: { enabled: true },
  centralDashboard: { enabled: true },
  profiles: { enabled: true },
  podDefaults: { enabled: true },
  notebooks: { enabled: true },
  volumes: { enabled: true },
  pipelines: { enabled: true, mode: "argo" },
  tensorboards: { enabled: false },
  pvcViewer: { enabled: false },
  katib: { enabled: false },
  trainer: { enabled: false },
  trainingOperator: { enabled: false },
  knative: { enabled: false },
  kserve: { enabled: false },
  spark: { enabled: false },
  modelRegistry: { enabled: false },
};

/**
 * The Kubeflow parameters this team sets; every other one keeps its default (`KUBEFLOW_PARAMS_DEFAULTS`:
 * in-cluster object store and database, culling after a day, data protected).
 */
const params: KubeflowParamsOptions = { applications };

// The team's cluster, reached through a context of the caller's kubeconfig.
const cluster = new ExistingCluster("team", {
  ...(context !== undefined ? { context } : {}),
  storageClass,
  loadBalancer: false,
}).handle;
const opts = { providers: [cluster.provider] };

// Platform services, installed from their pinned charts: cert-manager, Istio (STRICT mTLS, the gateway a
// ClusterIP Service), Dex and oauth2-proxy.
const certManager = new CertManager("team-cert-manager", { cluster }, opts);
const istio = new Istio("team-istio", { cluster, certManager: certManager.handle }, opts);
const dex = new Dex(
  "team-dex",
  {
    cluster,
    istio: istio.handle,
    staticUsers,
  },
  opts,
);
const oauth2Proxy = new OAuth2Proxy(
  "team-oauth2-proxy",
  { cluster, istio: istio.handle, client: dex.oauth2ProxyClient, tls: false },
  opts,
);
const services: ServicesHandle = {
  certManager: certManager.handle,
  istio: istio.handle,
  auth: { ready: [...dex.ready, ...oauth2Proxy.ready], issuer: DEX_ISSUER },
  gpu: { ready: [] },
};

// Kubeflow. The release itself replaces every upstream default credential of the selected applications by a
// generated one, and protects their data (claims, CRDs, Profiles, namespaces holding claims).
const kubeflow = new KubeflowRelease(
  "kubeflow",
  {
    release,
    bundleDir,
    applications,
    services,
    cluster,
    transforms: buildTransforms(params, release),
    // Under STRICT mTLS the API server (outside the mesh) reaches the webhooks of Kubeflow's namespaces
    // through Istio's exceptions, applied once those namespaces exist.
    extraObjects: istio.mtlsExceptions.map((obj) => ({
      app: "core" as const,
      obj,
      source: "team: Istio mTLS exceptions",
    })),
  },
  { provider: cluster.provider },
);

// Two teams: each profile's owner, and contributors as the dashboard's "Manage contributors" adds them.
new Profiles(
  "team-profiles",
  {
    profiles: [
      {
        name: "team-a",
        owner: { kind: "User", name: "alice@example.com" },
        contributors: [{ kind: "User", name: "bob@example.com", role: "edit" }],
      },
      {
        name: "team-b",
        owner: { kind: "User", name: "carol@example.com" },
        contributors: [
          { kind: "User", name: "alice@example.com", role: "view" },
          { kind: "User", name: "bob@example.com", role: "edit" },
        ],
      },
    ],
    kubeflow,
    istio: istio.handle,
  },
  { providers: { kubernetes: cluster.provider } },
);

export const kubeflowRelease = kubeflow.release;
