/**
 * The services as a library: each component built directly under the mocks with literal args (no stack
 * config, no bundle), its own defaults applied (`X_DEFAULTS`), its handle given to the next component, and bad
 * args refused as one InputPropertiesError naming the property paths.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ACME_ISSUER_DEFAULTS,
  CERT_MANAGER_DEFAULTS,
  CertManager,
  CloudIdentityAuth,
  Dex,
  DEX_DEFAULTS,
  GPU_SUPPORT_DEFAULTS,
  GpuSupport,
  Istio,
  ISTIO_DEFAULTS,
  IstioHandle,
  OAuth2Proxy,
  OAUTH2_PROXY_DEFAULTS,
} from "../../../components";
import { ACME_SERVERS } from "../../../components/services/cert-manager";
import { RecordedResource, SECRET_SIG, SPECIAL_SIG_KEY } from "../../harness";
import { libraryRun as build, refusalInRun as refusal } from "../../harness/library";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CERT_MANAGER = "kubernetes-cert-manager:index:CertManager";
const CLUSTER = { ready: [], cniBinDir: "/opt/cni/bin", loadBalancer: false } as const;

/** The value inside Pulumi's secret marker, or the value itself. */
const unwrap = (v: unknown): unknown =>
  v !== null &&
  typeof v === "object" &&
  (v as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG
    ? (v as { value: unknown }).value
    : v;
const paths = (e: pulumi.InputPropertiesError) => e.errors.map((x) => x.propertyPath);
const values = (r: RecordedResource) => r.inputs.values as Record<string, unknown>;

describe("Istio as a library", () => {
  it("installs with its defaults: revision, STRICT mTLS, a ClusterIP gateway, one replica each", async () => {
    let istio: Istio | undefined;
    const inv = await build(() => {
      istio = new Istio("mesh", { cluster: CLUSTER });
    });
    expect(ISTIO_DEFAULTS).toMatchObject({
      mode: "install",
      revision: "1-29",
      mtlsMode: "STRICT",
      exposure: "ClusterIP",
      istiodReplicas: 1,
      gatewayReplicas: 1,
    });
    expect(values(inv.get(RELEASE, "mesh-istiod"))).toMatchObject({
      revision: ISTIO_DEFAULTS.revision,
      replicaCount: ISTIO_DEFAULTS.istiodReplicas,
    });
    expect(values(inv.get(RELEASE, "mesh-gateway"))).toMatchObject({
      service: expect.objectContaining({ type: ISTIO_DEFAULTS.exposure }),
      autoscaling: expect.objectContaining({ minReplicas: ISTIO_DEFAULTS.gatewayReplicas }),
    });
    const peer = inv.get(
      "kubernetes:security.istio.io/v1:PeerAuthentication",
      "mesh-peer-authentication",
    );
    expect(peer.inputs.spec).toEqual({ mtls: { mode: ISTIO_DEFAULTS.mtlsMode } });
    const h = istio!.handle;
    expect([h.revision, h.ingressGateway, h.tls]).toEqual([
      ISTIO_DEFAULTS.revision,
      { namespace: "istio-system", service: "istio-ingressgateway" },
      undefined,
    ]);
    expect(h.ready).toBe(istio!.ready);
    expect(h.ready).toHaveLength(3);
  });

  it("in existing mode installs nothing and hands on the cluster's gateway by its defaults", async () => {
    let handle: IstioHandle | undefined;
    const inv = await build(() => {
      handle = new Istio("mesh", { mode: "existing", cluster: CLUSTER }).handle;
    });
    expect(inv.byType(RELEASE)).toEqual([]);
    expect(handle).toEqual({
      ready: [],
      ingressGateway: ISTIO_DEFAULTS.existing,
      gatewayReady: [],
      mtlsExceptions: [],
    });
  });

  it("issues the gateway certificate from the CertManager handle it is given, after cert-manager", async () => {
    const inv = await build(() => {
      const certManager = new CertManager("cm", { cluster: CLUSTER });
      new Istio("mesh", {
        cluster: CLUSTER,
        hostname: "kf.example.com",
        certManager: certManager.handle,
      });
    });
    const cert = inv.get("kubernetes:cert-manager.io/v1:Certificate", "mesh-gateway-certificate");
    expect((cert.inputs.spec as { issuerRef: unknown }).issuerRef).toEqual({
      kind: "ClusterIssuer",
      name: "kubeflow-self-signing-issuer",
      group: "cert-manager.io",
    });
    expect(cert.dependsOn).toContain(inv.get(CERT_MANAGER, "cm-chart").urn);
  });

  it("takes a hostname the same program computes (an Output): the certificate is for it once known", async () => {
    let tls: Istio["tls"];
    const inv = await build(() => {
      const certManager = new CertManager("cm", { cluster: CLUSTER });
      const istio = new Istio("mesh", {
        cluster: CLUSTER,
        hostname: pulumi.output("computed").apply((h) => `${h}.example.com`),
        certManager: certManager.handle,
      });
      tls = istio.tls;
    });
    const cert = inv.get("kubernetes:cert-manager.io/v1:Certificate", "mesh-gateway-certificate");
    expect((cert.inputs.spec as { dnsNames: unknown }).dnsNames).toEqual(["computed.example.com"]);
    expect(tls?.credentialName).toBe((cert.inputs.spec as { secretName: string }).secretName);
    expect(tls?.httpsRedirect).toBe(true);
  });

  it("refuses what it cannot serve, every problem at its property path", async () => {
    const error = await refusal(
      () =>
        new Istio("mesh", {
          cluster: CLUSTER,
          exposure: "LoadBalancer",
          tls: "acme",
          certManager: { ready: [], clusterIssuer: "self" },
        }),
    );
    expect(paths(error)).toEqual(["exposure", "hostname", "certManager.acmeIssuer"]);
    expect(error.message).toContain("Istio mesh: 3 invalid inputs");
    expect(error.errors[0]!.reason).toContain('exposure "LoadBalancer" needs a cluster whose');
  });

  it("refuses ACME behind a ClusterIP gateway and a certificate without cert-manager", async () => {
    const error = await refusal(
      () => new Istio("mesh", { cluster: CLUSTER, hostname: "kf.example.com", tls: "acme" }),
    );
    expect(paths(error)).toEqual(["tls", "certManager"]);
  });
});

describe("CertManager as a library", () => {
  it("installs one controller replica and hands on the self-signed issuer", async () => {
    let handle: CertManager["handle"] | undefined;
    const inv = await build(() => {
      handle = new CertManager("cm", { cluster: CLUSTER }).handle;
    });
    expect(CERT_MANAGER_DEFAULTS).toEqual({ mode: "install", replicas: 1 });
    expect(inv.get(CERT_MANAGER, "cm-chart").inputs.replicaCount).toBe(
      CERT_MANAGER_DEFAULTS.replicas,
    );
    expect(handle!.clusterIssuer).toBe("kubeflow-self-signing-issuer");
    expect(handle!.acmeIssuer).toBeUndefined();
    expect(handle!.ready).toHaveLength(1);
  });

  it("adds an ACME issuer on Let's Encrypt staging by default, named on its handle", async () => {
    let handle: CertManager["handle"] | undefined;
    const inv = await build(() => {
      handle = new CertManager("cm", { cluster: CLUSTER, acme: { email: "ops@example.com" } })
        .handle;
    });
    const issuer = inv.get("kubernetes:cert-manager.io/v1:ClusterIssuer", "cm-acme-issuer");
    expect((issuer.inputs.spec as { acme: { server: string } }).acme.server).toBe(
      ACME_SERVERS[ACME_ISSUER_DEFAULTS.server],
    );
    expect(handle!.acmeIssuer).toBe("kubeflow-acme");
  });
});

describe("Dex and oauth2-proxy as a library", () => {
  const istio = { ready: [] };

  it("install with their defaults, oauth2-proxy sending requests to ext-authz", async () => {
    const inv = await build(() => {
      const dex = new Dex("dex", { cluster: CLUSTER, istio, initialUser: "ada@example.com" });
      new OAuth2Proxy("auth", {
        cluster: { ready: [], oidcIssuer: "https://kubernetes.default.svc.cluster.local" },
        istio,
        client: dex.oauth2ProxyClient,
        tls: false,
      });
    });
    expect(DEX_DEFAULTS).toEqual({ mode: "install", replicas: 1 });
    expect(OAUTH2_PROXY_DEFAULTS).toEqual({
      mode: "install",
      acmeChallenges: false,
      extAuthz: true,
      replicas: 2,
    });
    expect(values(inv.get(RELEASE, "dex-chart")).replicaCount).toBe(DEX_DEFAULTS.replicas);
    expect(values(inv.get(RELEASE, "auth-chart")).replicaCount).toBe(
      OAUTH2_PROXY_DEFAULTS.replicas,
    );
    expect(
      inv.find("kubernetes:security.istio.io/v1:AuthorizationPolicy", "auth-ext-authz"),
    ).toBeDefined();
  });

  it("wait for the Istio handle they are given", async () => {
    const inv = await build(() => {
      const mesh = new Istio("mesh", { cluster: CLUSTER });
      const dex = new Dex("dex", { cluster: CLUSTER, istio: mesh.handle, initialUser: "a@b.co" });
      new OAuth2Proxy("auth", {
        cluster: { ready: [], oidcIssuer: "https://oidc.example.com" },
        istio: mesh.handle,
        client: dex.oauth2ProxyClient,
        tls: true,
      });
    });
    const istiod = inv.get(RELEASE, "mesh-istiod").urn;
    const route = inv.get("kubernetes:networking.istio.io/v1:VirtualService", "dex-route");
    expect(route.dependsOn).toContain(istiod);
    const m2m = inv.get("kubernetes:security.istio.io/v1:RequestAuthentication", "auth-m2m-jwt");
    expect(m2m.dependsOn).toContain(istiod);
  });

  it("take a public URL and an m2m issuer computed in the same program", async () => {
    const inv = await build(() => {
      const dex = new Dex("dex", {
        cluster: CLUSTER,
        istio,
        publicUrl: pulumi.output("https://computed.example.com"),
        connectors: [
          {
            type: "github",
            id: "gh",
            name: "GitHub",
            clientId: "abc",
            clientSecret: pulumi.secret("s"),
          },
        ],
      });
      new OAuth2Proxy("auth", {
        cluster: { ready: [], oidcIssuer: "https://kubernetes.default.svc.cluster.local" },
        istio,
        client: dex.oauth2ProxyClient,
        tls: true,
        m2mIssuer: pulumi.output("https://oidc.computed.example.com"),
      });
    });
    const config = (
      unwrap(inv.get("kubernetes:core/v1:Secret", "dex-config").inputs.stringData) as Record<
        string,
        unknown
      >
    )["config.yaml"];
    expect(typeof unwrap(config)).toBe("string");
    expect(unwrap(config)).toContain("https://computed.example.com/dex/callback");
    const m2m = inv.get("kubernetes:security.istio.io/v1:RequestAuthentication", "auth-m2m-jwt");
    expect(JSON.stringify(m2m.inputs.spec)).toContain("https://oidc.computed.example.com");
  });

  it("Dex refuses a user listed twice, connectors without a public URL, existing mode without its client", async () => {
    const password = pulumi.secret("correct-horse-battery");
    const twice = await refusal(
      () =>
        new Dex("dex", {
          cluster: CLUSTER,
          istio,
          staticUsers: [
            { email: "ada@example.com", password },
            { email: "ADA@example.com", password },
          ],
          connectors: [
            { type: "google", id: "g", name: "Google", clientId: "c", clientSecret: password },
          ],
        }),
    );
    expect(paths(twice)).toEqual(["staticUsers[1].email", "publicUrl"]);
    const existing = await refusal(
      () => new Dex("dex", { mode: "existing", cluster: CLUSTER, istio }),
    );
    expect(paths(existing)).toEqual(["existing.oauth2ProxyClientSecret"]);
  });
});

describe("GpuSupport and CloudIdentityAuth as a library", () => {
  const gpuCluster = {
    ready: [],
    gpuDriver: "driver-on-node" as const,
    accelerators: [
      {
        name: "l4",
        vendor: "nvidia" as const,
        resourceName: "nvidia.com/gpu",
        nodeSelector: { pool: "l4" },
        taints: [],
      },
    ],
  };

  it("installs NVIDIA's device plugin by default where the driver is on the node", async () => {
    let installed: string | undefined;
    await build(() => {
      installed = new GpuSupport("gpu", { cluster: gpuCluster }).installed;
    });
    expect(GPU_SUPPORT_DEFAULTS).toEqual({
      mode: "install",
      kind: "device-plugin",
      dcgmExporter: false,
    });
    expect(installed).toBe(GPU_SUPPORT_DEFAULTS.kind);
  });

  it("refuses the DCGM exporter without the operator, at dcgmExporter", async () => {
    const error = await refusal(
      () => new GpuSupport("gpu", { cluster: gpuCluster, dcgmExporter: true }),
    );
    expect(error.errors).toEqual([
      {
        propertyPath: "dcgmExporter",
        reason: 'needs kind "operator" (kind is "device-plugin"; no pinned DCGM chart otherwise)',
      },
    ]);
  });

  it("CloudIdentityAuth waits for the Istio handle", async () => {
    const inv = await build(() => {
      const mesh = new Istio("mesh", { cluster: CLUSTER });
      new CloudIdentityAuth("cloud", {
        istio: mesh.handle,
        identity: {
          provider: "iap",
          issuer: "https://cloud.google.com/iap",
          jwksUri: "https://www.gstatic.com/iap/verify/public_key-jwk",
          audiences: [],
          fromHeader: "x-goog-iap-jwt-assertion",
          emailClaim: "email",
        },
      });
    });
    const ra = inv.get(
      "kubernetes:security.istio.io/v1:RequestAuthentication",
      "cloud-request-authentication",
    );
    expect(ra.dependsOn).toContain(inv.get(RELEASE, "mesh-istiod").urn);
  });
});
