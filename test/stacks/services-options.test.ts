/**
 * The services layer under Pulumi mocks: how the config switches (users, TLS, ACME, existing services, GPUs,
 * mTLS, token issuers) change what is installed.
 */
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACES } from "../../components/shared/constants";
import { runProgram, StackConfig } from "../harness";
import { CR, generated, RELEASE, run, unwrap, urnOf } from "./services-run";

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
    // ACME answers HTTP-01 on port 80 before a certificate exists: no redirect then.
    expect(handle.istio.tls).toEqual({
      credentialName: "kubeflow-gateway-tls",
      hostname: "kf.example.com",
      httpsRedirect: false,
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
    expect((op.inputs.values as { dcgmExporter: unknown }).dcgmExporter).toEqual({
      enabled: true,
      serviceMonitor: { enabled: false },
    });
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
          cluster: { ready: [], oidcIssuer: eksIssuer },
          istio: { ready: [] },
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
