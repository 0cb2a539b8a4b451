/**
 * The services layer under Pulumi mocks: what the dev stack installs, in which order, with which secrets, and
 * how the config switches (TLS, ACME, existing services, GPUs) change it.
 */
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../components/services/charts";
import { ServicesHandle } from "../../components/services/handle";
import { NAMESPACES } from "../../components/shared/constants";
import {
  Inventory,
  RecordedResource,
  runProgram,
  SECRET_SIG,
  settle,
  setupMocks,
  SPECIAL_SIG_KEY,
  StackConfig,
} from "../harness";
import { mockOutputs } from "../harness/outputs";
import { readStackFile } from "../harness/stackfile";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CR = (kind: string) => (r: RecordedResource) => r.inputs.kind === kind;

/** Run the program's own layers, and keep the services handle. */
async function run(config: StackConfig, secrets: Record<string, string> = {}) {
  let handle: ServicesHandle | undefined;
  const inv = await runProgram(config, { secrets }, () => {
    const { composePlatform } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require("../../stacks/platform") as typeof import("../../stacks/platform");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadConfig } = require("../../stacks/config") as typeof import("../../stacks/config");
    handle = composePlatform(loadConfig()).services;
  });
  return { inv, handle: handle! };
}

const urnOf = (inv: Inventory, type: string, name: string) => inv.get(type, name).urn;
/** The value inside Pulumi's secret marker. */
const unwrap = (v: unknown) => (isSecret(v) ? (v as { value: unknown }).value : v);
const isSecret = (v: unknown) =>
  v !== null &&
  typeof v === "object" &&
  (v as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG;

/** Every value the mocks generated for random resources (what a real run would generate secretly). */
function generated(inv: Inventory): string[] {
  return inv.resources
    .filter((r) => r.type.startsWith("random:"))
    .flatMap((r) => Object.values(mockOutputs(r.type, r.name, r.inputs)).map(String));
}

describe("the dev stack's services", () => {
  let inv: Inventory;
  let handle: ServicesHandle;
  beforeAll(async () => {
    ({ inv, handle } = await run(readStackFile("dev")));
  });

  it("installs cert-manager, Istio, Dex and oauth2-proxy from their pinned charts", () => {
    const releases = inv
      .byType(RELEASE)
      .map((r) => [
        r.inputs.name,
        r.inputs.namespace,
        r.inputs.chart,
        r.inputs.version,
        (r.inputs.repositoryOpts as { repo: string }).repo,
      ]);
    const row = (name: string, ns: string, c: { chart: string; version: string; repo: string }) => [
      name,
      ns,
      c.chart,
      c.version,
      c.repo,
    ];
    expect(releases).toEqual(
      expect.arrayContaining([
        row("istio-base", NAMESPACES.istio, CHARTS.istioBase),
        row("istio-cni", "kube-system", CHARTS.istioCni),
        row("istiod-1-29", NAMESPACES.istio, CHARTS.istiod),
        row("istio-ingressgateway", NAMESPACES.istio, CHARTS.istioGateway),
        row("dex", NAMESPACES.auth, CHARTS.dex),
        row("oauth2-proxy", NAMESPACES.oauth2Proxy, CHARTS.oauth2Proxy),
      ]),
    );
    const cm = inv.get("kubernetes-cert-manager:index:CertManager", "kubeflow-cert-manager-chart");
    const helm = cm.inputs.helmOptions as Record<string, unknown>;
    expect([helm.name, helm.namespace, helm.chart, helm.version]).toEqual([
      "cert-manager",
      NAMESPACES.certManager,
      CHARTS.certManager.chart,
      CHARTS.certManager.version,
    ]);
    expect((helm.values as { crds: unknown }).crds).toEqual({ enabled: true, keep: true });
  });

  it("installs nothing for GPUs on a cluster without accelerators", () => {
    expect(inv.byType(RELEASE).filter((r) => String(r.inputs.chart).includes("nvidia"))).toEqual(
      [],
    );
    expect(handle.gpu.ready).toEqual([]);
  });

  it("creates each service namespace with upstream's Pod Security labels, kept on delete", () => {
    const ns = inv.byType("kubernetes:core/v1:Namespace").map((r) => {
      const m = r.inputs.metadata as { name: string; labels: Record<string, string> };
      return [m.name, m.labels["pod-security.kubernetes.io/enforce"], r.retainOnDelete];
    });
    expect(ns).toEqual(
      expect.arrayContaining([
        [NAMESPACES.certManager, "restricted", true],
        [NAMESPACES.istio, "restricted", true],
        [NAMESPACES.auth, "restricted", true],
        [NAMESPACES.oauth2Proxy, "restricted", true],
      ]),
    );
  });

  it("orders cert-manager before its issuers, and Istio's CRDs and istiod before every Istio resource", () => {
    const cmChart = urnOf(
      inv,
      "kubernetes-cert-manager:index:CertManager",
      "kubeflow-cert-manager-chart",
    );
    const issuer = inv.get(
      "kubernetes:cert-manager.io/v1:ClusterIssuer",
      "kubeflow-cert-manager-self-signing-issuer",
    );
    expect(issuer.dependsOn).toContain(cmChart);

    const base = urnOf(inv, RELEASE, "kubeflow-istio-base");
    const cni = urnOf(inv, RELEASE, "kubeflow-istio-cni");
    const istiod = urnOf(inv, RELEASE, "kubeflow-istio-istiod");
    expect(inv.get(RELEASE, "kubeflow-istio-istiod").dependsOn).toEqual(
      expect.arrayContaining([base, cni]),
    );
    expect(inv.get(RELEASE, "kubeflow-istio-gateway").dependsOn).toContain(istiod);
    const istioObjects = inv.resources.filter((r) =>
      /^kubernetes:(security|networking)\.istio\.io\//.test(r.type),
    );
    expect(istioObjects.length).toBeGreaterThanOrEqual(8);
    for (const r of istioObjects)
      expect([r.name, r.dependsOn.includes(istiod)]).toEqual([r.name, true]);
  });

  it("fills the handle's ready lists with the resources the layers above wait for", () => {
    const urns = (rs: readonly pulumi.Resource[]) =>
      Promise.all(rs.map((r) => new Promise<string>((res) => r.urn.apply(res))));
    return Promise.all([
      urns(handle.certManager.ready),
      urns(handle.istio.ready),
      urns(handle.auth.ready),
    ]).then(([cm, istio, auth]) => {
      expect(cm).toEqual([
        urnOf(inv, "kubernetes-cert-manager:index:CertManager", "kubeflow-cert-manager-chart"),
      ]);
      expect(istio).toEqual([
        urnOf(inv, RELEASE, "kubeflow-istio-base"),
        urnOf(inv, RELEASE, "kubeflow-istio-cni"),
        urnOf(inv, RELEASE, "kubeflow-istio-istiod"),
      ]);
      expect(auth).toEqual([
        urnOf(inv, RELEASE, "kubeflow-dex-chart"),
        urnOf(inv, RELEASE, "kubeflow-oauth2-proxy-chart"),
      ]);
      expect(handle.certManager.clusterIssuer).toBe("kubeflow-self-signing-issuer");
      expect(handle.istio.ingressGateway).toEqual({
        namespace: "istio-system",
        service: "istio-ingressgateway",
      });
      expect(handle.istio.revision).toBe("1-29");
    });
  });

  it("keeps every credential a secret: Secrets' data wrapped, Helm values free of credentials", () => {
    const secrets = inv.byType("kubernetes:core/v1:Secret");
    expect(secrets.map((s) => s.name).sort()).toEqual([
      "kubeflow-dex-config",
      "kubeflow-oauth2-proxy-credentials",
    ]);
    for (const s of secrets)
      expect([s.name, isSecret(s.wireInputs.stringData)]).toEqual([s.name, true]);
    for (const r of inv.byType(RELEASE))
      expect([r.name, isSecret(r.wireInputs.values)]).toEqual([r.name, false]);
    for (const r of inv.byType("random:index/randomPassword:RandomPassword")) {
      expect(r.additionalSecretOutputs).toContain("result");
    }
  });

  it("stores no generated credential in plain text anywhere", () => {
    const needles = generated(inv);
    expect(needles.length).toBeGreaterThanOrEqual(4);
    expect(inv.plaintext(needles)).toEqual([]);
  });

  it("enforces STRICT mTLS mesh-wide and hands Kubeflow's webhook exceptions to the Kubeflow layer", () => {
    const pa = inv.resources.filter(CR("PeerAuthentication"));
    expect(pa.map((r) => [r.inputs.metadata, r.inputs.spec])).toEqual([
      [{ name: "default", namespace: NAMESPACES.istio }, { mtls: { mode: "STRICT" } }],
    ]);
    expect(handle.istio.mtlsExceptions?.map((o) => o.metadata.namespace).sort()).toEqual([
      "kubeflow",
      "kubeflow",
      "kubeflow",
      "kubeflow-system",
      "kubeflow-system",
    ]);
  });

  it("creates a first user with a generated password, since the dev stack configures none", async () => {
    expect(handle.auth.initialUser?.email).toBe("user@example.com");
    expect(pulumi.Output.isInstance(handle.auth.initialUser?.password)).toBe(true);
    expect(await pulumi.isSecret(handle.auth.initialUser!.password)).toBe(true);
  });

  it("exports the first user as a stack output, its password a secret", async () => {
    const recorded = setupMocks(readStackFile("dev"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../../index") as typeof import("../../index");
    const outputs = await program();
    await settle();
    expect(recorded.length).toBeGreaterThan(0);
    expect(outputs.initialUser?.email).toBe("user@example.com");
    expect(await pulumi.isSecret(outputs.initialUser!.password)).toBe(true);
  });

  it("puts every service's Kubernetes objects on the cluster's provider", () => {
    const services = inv.resources.filter((r) => r.type.startsWith("kubeflow:services:"));
    const children = services
      .flatMap((s) => inv.descendants(s))
      .filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(children.length).toBeGreaterThan(10);
    for (const r of children)
      expect([r.name, r.provider]).toEqual([r.name, expect.stringContaining("kubeflow-k8s")]);
  });
});

const userConfig = (extra: Record<string, unknown> = {}): StackConfig => ({
  platform: "existing",
  services: {
    dex: {
      staticUsers: [
        { email: "ada@example.com", passwordSecret: "adaPassword" },
        { email: "alan@example.com", passwordSecret: "alanPassword" },
      ],
      connectors: [
        {
          type: "github",
          id: "gh",
          name: "GitHub",
          clientId: "abc",
          clientSecretSecret: "ghSecret",
        },
        {
          type: "ldap",
          id: "ldap",
          name: "LDAP",
          host: "ldap.example.com:636",
          bindDN: "cn=dex",
          bindPasswordSecret: "ldapPassword",
          userSearch: { baseDN: "ou=people" },
        },
      ],
    },
    istio: { hostname: "kf.example.com" },
    ...extra,
  },
});
const userSecrets = {
  adaPassword: "ada-correct-horse",
  alanPassword: "alan-battery-staple",
  ghSecret: "gh-client-s3cret",
  ldapPassword: "ldap-bind-s3cret",
};

describe("Dex with users and connectors", () => {
  it("keeps user passwords, connector secrets and generated values out of plain text", async () => {
    const { inv } = await run(userConfig(), userSecrets);
    expect(inv.plaintext([...Object.values(userSecrets), ...generated(inv)])).toEqual([]);
  });

  it("writes the same config Secret on every run, so previews show no diff", async () => {
    const config = async () => {
      const { inv } = await run(userConfig(), userSecrets);
      const data = unwrap(
        inv.get("kubernetes:core/v1:Secret", "kubeflow-dex-config").inputs.stringData,
      );
      return (data as Record<string, string>)["config.yaml"];
    };
    const first = await config();
    expect(first).toContain("ada@example.com");
    expect(first).toContain("gh-client-s3cret");
    expect(await config()).toBe(first);
  });

  it("names salts by e-mail, so reordering users replaces nothing", async () => {
    const { inv } = await run(userConfig(), userSecrets);
    const names = inv
      .byType("random:index/randomBytes:RandomBytes")
      .map((r) => r.name)
      .sort();
    expect(names).toEqual([
      "kubeflow-dex-salt-ada-example-com",
      "kubeflow-dex-salt-alan-example-com",
    ]);
    expect(
      inv.find("random:index/randomPassword:RandomPassword", "kubeflow-dex-initial-user-password"),
    ).toBeUndefined();
  });
});

describe("Dex users declared with profiles", () => {
  it("become Dex static users once each, with their passwords kept secret", async () => {
    const { inv, handle } = await run(
      {
        platform: "existing",
        services: {
          dex: { staticUsers: [{ email: "ada@example.com", passwordSecret: "adaPassword" }] },
        },
        profiles: [
          {
            name: "team-a",
            owner: { user: "Ada@example.com", passwordSecret: "adaPassword" },
            contributors: [{ user: "grace@example.com", passwordSecret: "gracePassword" }],
          },
        ],
      },
      { adaPassword: "ada-correct-horse", gracePassword: "grace-battery-staple" },
    );
    const salts = inv
      .byType("random:index/randomBytes:RandomBytes")
      .map((r) => r.name)
      .sort();
    expect(salts).toEqual([
      "kubeflow-dex-salt-ada-example-com",
      "kubeflow-dex-salt-grace-example-com",
    ]);
    expect(handle.auth.initialUser).toBeUndefined();
    expect(inv.plaintext(["ada-correct-horse", "grace-battery-staple"])).toEqual([]);
  });
});

describe("TLS on the public gateway", () => {
  it("issues the gateway certificate from cert-manager and makes cookies Secure", async () => {
    const { inv, handle } = await run({
      platform: "existing",
      cluster: { loadBalancer: true },
      services: {
        certManager: { acme: { email: "ops@example.com", server: "production" } },
        istio: { exposure: "LoadBalancer", hostname: "kf.example.com", tls: "acme" },
      },
    });
    const cert = inv.get(
      "kubernetes:cert-manager.io/v1:Certificate",
      "kubeflow-istio-gateway-certificate",
    );
    const spec = cert.inputs.spec as { dnsNames: string[]; issuerRef: { name: string } };
    expect((cert.inputs.metadata as { namespace: string }).namespace).toBe(NAMESPACES.istio);
    expect(spec.dnsNames).toEqual(["kf.example.com"]);
    expect(spec.issuerRef.name).toBe("kubeflow-acme");
    expect(cert.dependsOn).toContain(
      urnOf(inv, "kubernetes-cert-manager:index:CertManager", "kubeflow-cert-manager-chart"),
    );
    expect(
      inv.resources
        .filter(CR("ClusterIssuer"))
        .map((r) => r.name)
        .sort(),
    ).toEqual(["kubeflow-cert-manager-acme-issuer", "kubeflow-cert-manager-self-signing-issuer"]);
    const oauth = inv.get(RELEASE, "kubeflow-oauth2-proxy-chart").inputs.values as {
      config: { configFile: string };
    };
    expect(oauth.config.configFile).toContain("cookie_secure = true");
    const gw = inv.get(RELEASE, "kubeflow-istio-gateway").inputs.values as {
      service: { type: string };
    };
    expect(gw.service.type).toBe("LoadBalancer");
    expect(handle.istio.tls).toEqual({
      credentialName: "kubeflow-gateway-tls",
      hostname: "kf.example.com",
    });
  });

  it("refuses a LoadBalancer on a cluster that has none", async () => {
    await expect(
      run({ platform: "existing", services: { istio: { exposure: "LoadBalancer" } } }),
    ).rejects.toThrow(
      'exposure "LoadBalancer" needs a cluster whose LoadBalancer Services get an address',
    );
  });
});

describe("services the cluster already runs", () => {
  it("installs nothing, reports the cluster's gateway, and still guards Kubeflow's gateway", async () => {
    const { inv, handle } = await run(
      {
        platform: "existing",
        services: {
          certManager: { mode: "existing", clusterIssuer: "corp-ca" },
          istio: { mode: "existing", existing: { namespace: "mesh", service: "edge" } },
          dex: { mode: "existing", existing: { oauth2ProxyClientSecretSecret: "dexClient" } },
          oauth2Proxy: { mode: "existing" },
        },
      },
      { dexClient: "existing-client-s3cret" },
    );
    expect(inv.byType(RELEASE)).toEqual([]);
    expect(inv.byType("kubernetes-cert-manager:index:CertManager")).toEqual([]);
    expect(inv.byType("kubernetes:core/v1:Namespace")).toEqual([]);
    expect(inv.resources.filter(CR("ClusterIssuer"))).toEqual([]);
    expect(handle.certManager.clusterIssuer).toBe("corp-ca");
    expect(handle.istio.ingressGateway).toEqual({ namespace: "mesh", service: "edge" });
    expect(handle.istio.ready).toEqual([]);
    expect(handle.auth.ready).toEqual([]);
    expect(
      inv.resources
        .filter(CR("AuthorizationPolicy"))
        .map((r) => r.name)
        .sort(),
    ).toEqual(["kubeflow-oauth2-proxy-ext-authz", "kubeflow-oauth2-proxy-require-jwt"]);
    expect(inv.plaintext(["existing-client-s3cret"])).toEqual([]);
  });
});

describe("GPU support on an existing cluster with GPUs", () => {
  const gpuCluster = {
    accelerators: [{ name: "l4", type: "nvidia-l4", nodeSelector: { pool: "gpu-l4" } }],
  };

  it("installs NVIDIA's device plugin onto the accelerator pools, tolerating their taint", async () => {
    const { inv, handle } = await run({ platform: "existing", cluster: gpuCluster });
    const plugin = inv.get(RELEASE, "kubeflow-gpu-device-plugin");
    expect([plugin.inputs.chart, plugin.inputs.version, plugin.inputs.namespace]).toEqual([
      "nvidia-device-plugin",
      "0.20.0",
      NAMESPACES.gpu,
    ]);
    const values = plugin.inputs.values as { tolerations: unknown[]; affinity: unknown };
    expect(values.tolerations).toContainEqual({
      key: "nvidia.com/gpu",
      operator: "Exists",
      effect: "NoSchedule",
    });
    expect(JSON.stringify(values.affinity)).toContain("gpu-l4");
    expect(handle.gpu.ready).toHaveLength(1);
  });

  it("installs the GPU operator with DCGM when asked", async () => {
    const { inv } = await run({
      platform: "existing",
      cluster: gpuCluster,
      services: { gpu: { kind: "operator", dcgmExporter: true } },
    });
    const op = inv.get(RELEASE, "kubeflow-gpu-operator");
    expect([op.inputs.chart, op.inputs.version]).toEqual(["gpu-operator", "v26.7.0"]);
    expect((op.inputs.values as { dcgmExporter: unknown }).dcgmExporter).toEqual({ enabled: true });
  });
});

describe("mTLS settings", () => {
  it("adds the configured exceptions under STRICT, and needs none under PERMISSIVE", async () => {
    const exception = {
      name: "hook",
      namespace: "team-a",
      selector: { app: "hook" },
      ports: [8443],
    };
    const strict = await run({
      platform: "existing",
      services: { istio: { mtls: { exceptions: [exception] } } },
    });
    expect(strict.handle.istio.mtlsExceptions?.map((o) => o.metadata.name)).toContain(
      "mtls-exception-hook",
    );
    const permissive = await run({
      platform: "existing",
      services: { istio: { mtls: { mode: "PERMISSIVE" } } },
    });
    expect(permissive.handle.istio.mtlsExceptions).toEqual([]);
    const pa = permissive.inv.resources.filter(CR("PeerAuthentication"));
    expect(pa.map((r) => r.inputs.spec)).toEqual([{ mtls: { mode: "PERMISSIVE" } }]);
  });
});

describe("machine-to-machine tokens", () => {
  it("proxies an in-cluster issuer's JWKS for istiod, with a pinned image", async () => {
    const { inv } = await run({ platform: "existing" });
    const ra = inv.get(
      "kubernetes:security.istio.io/v1:RequestAuthentication",
      "kubeflow-oauth2-proxy-m2m-jwt",
    );
    const rule = (ra.inputs.spec as { jwtRules: Array<{ issuer: string; jwksUri?: string }> })
      .jwtRules[0]!;
    expect(rule.issuer).toBe("https://kubernetes.default.svc.cluster.local");
    expect(rule.jwksUri).toBe(
      "http://cluster-jwks-proxy.istio-system.svc.cluster.local/openid/v1/jwks",
    );
    const proxy = inv.get("kubernetes:apps/v1:Deployment", "kubeflow-oauth2-proxy-jwks-proxy");
    const image = JSON.stringify(proxy.inputs.spec).match(/"image":"([^"]+)"/)![1]!;
    expect(image).toMatch(/:v\d+\.\d+\.\d+$/);
  });

  it("trusts a public issuer (EKS) directly, without a proxy", async () => {
    const eksIssuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF";
    const inv = await runProgram({}, {}, () => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const k8s = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
      const { OAuth2Proxy } =
        require("../../components/services/oauth2-proxy") as typeof import("../../components/services/oauth2-proxy");
      /* eslint-enable @typescript-eslint/no-require-imports */
      const provider = new k8s.Provider("eks", {});
      new OAuth2Proxy(
        "auth",
        {
          cluster: {
            name: "eks",
            platform: "aws",
            provider,
            loadBalancer: true,
            oidcIssuer: eksIssuer,
            cniBinDir: "/opt/cni/bin",
            gpuDriver: "none",
            accelerators: [],
            ready: [],
          },
          istioReady: [],
          client: { id: "kubeflow-oidc-authservice", secret: pulumi.secret("s") },
          tls: true,
        },
        { providers: [provider] },
      );
    });
    const ra = inv.get("kubernetes:security.istio.io/v1:RequestAuthentication", "auth-m2m-jwt");
    expect((ra.inputs.spec as { jwtRules: unknown[] }).jwtRules[0]).toEqual(
      expect.objectContaining({ issuer: eksIssuer }),
    );
    expect(JSON.stringify(ra.inputs.spec)).not.toContain("jwksUri");
    expect(inv.byType("kubernetes:apps/v1:Deployment")).toEqual([]);
  });
});
