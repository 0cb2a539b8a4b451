import * as pulumi from "@pulumi/pulumi";
/** Pure decisions of the services: Istio exposure and mTLS, GPU plans, value merging, version guards. */
import * as fc from "fast-check";
import { AcceleratorPool } from "../../../components/cluster/handle";
import { acmeIssuer, ACME_SERVERS } from "../../../components/services/cert-manager";
import { assertSafeOauth2ProxyVersion } from "../../../components/services/charts";
import { mergeValues } from "../../../components/services/common";
import {
  devicePluginValues,
  gpuAffinity,
  gpuOperatorValues,
  gpuTolerations,
  planGpu,
} from "../../../components/services/gpu";
import {
  DEFAULT_ISTIO_REVISION,
  exposureProblems,
  gatewayValues,
  istioCniValues,
  istiodValues,
  exceptionPeerAuthentications,
  meshPeerAuthentication,
} from "../../../components/services/istio-values";
import {
  ACME_CHALLENGE_PATH,
  gatewayAuthorizationPolicies,
  oauth2ProxyConfigFile,
} from "../../../components/services/oauth2-proxy-values";

describe("Istio", () => {
  it("names the default revision after the pinned minor, so the next one installs beside it", () => {
    expect(DEFAULT_ISTIO_REVISION).toBe("1-29");
  });

  it("serves the default tag (istio-injection: enabled) only from the default revision", () => {
    expect(istiodValues({ revision: "1-29", defaultRevision: true }).revisionTags).toEqual([
      "default",
    ]);
    expect(istiodValues({ revision: "1-30", defaultRevision: false }).revisionTags).toEqual([]);
  });

  it("installs CNI binaries where the cluster handle says", () => {
    expect(istioCniValues({ cniBinDir: "/home/kubernetes/bin" }).cniBinDir).toBe(
      "/home/kubernetes/bin",
    );
  });

  it("meets Pod Security restricted in istio-system and in injected namespaces", () => {
    const gw = gatewayValues({ revision: "1-29", exposure: "ClusterIP" });
    expect(gw.securityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    const istiod = istiodValues({ revision: "1-29", defaultRevision: true }) as {
      global: { proxy: unknown };
      cni: unknown;
    };
    expect(istiod.global.proxy).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
    // No NET_ADMIN istio-init container: the CNI agent sets up the redirection.
    expect(istiod.cni).toEqual({ enabled: true });
  });

  it("uses the exposure type for the gateway Service", () => {
    const svc = (e: "ClusterIP" | "LoadBalancer") =>
      (gatewayValues({ revision: "1-29", exposure: e }).service as { type: string }).type;
    expect(svc("ClusterIP")).toBe("ClusterIP");
    expect(svc("LoadBalancer")).toBe("LoadBalancer");
  });

  it("refuses a LoadBalancer the cluster cannot serve, and TLS without a hostname", () => {
    expect(
      exposureProblems({ exposure: "LoadBalancer", clusterLoadBalancer: false, tls: "acme" }),
    ).toEqual([
      'exposure "LoadBalancer" needs a cluster whose LoadBalancer Services get an address ' +
        '(cluster.loadBalancer: true); use exposure "ClusterIP" and port-forward, or fix the cluster',
      'tls "acme" needs a hostname for the certificate; set hostname or tls "none"',
    ]);
    expect(
      exposureProblems({ exposure: "LoadBalancer", clusterLoadBalancer: true, tls: "none" }),
    ).toEqual([]);
  });

  it("sets the mesh-wide mTLS mode and keeps each exception's ports PERMISSIVE", () => {
    expect(meshPeerAuthentication("STRICT").metadata).toEqual({
      name: "default",
      namespace: "istio-system",
    });
    expect(meshPeerAuthentication("STRICT").spec).toEqual({ mtls: { mode: "STRICT" } });
    expect(meshPeerAuthentication("PERMISSIVE").spec).toEqual({ mtls: { mode: "PERMISSIVE" } });
    const [pa] = exceptionPeerAuthentications([
      { name: "hook", namespace: "kubeflow", selector: { app: "hook" }, ports: [8443, 9443] },
    ]);
    expect(pa!.metadata).toEqual({ name: "mtls-exception-hook", namespace: "kubeflow" });
    expect(pa!.spec).toEqual({
      selector: { matchLabels: { app: "hook" } },
      portLevelMtls: { "8443": { mode: "PERMISSIVE" }, "9443": { mode: "PERMISSIVE" } },
    });
  });
});

describe("oauth2-proxy", () => {
  it("marks cookies Secure exactly when TLS is on", () => {
    expect(oauth2ProxyConfigFile({ secureCookies: true })).toContain("cookie_secure = true\n");
    expect(oauth2ProxyConfigFile({ secureCookies: false })).toContain("cookie_secure = false\n");
  });

  it("lets Let's Encrypt's challenges through only when ACME is on", () => {
    const paths = (acme: boolean) =>
      gatewayAuthorizationPolicies({ acmeChallenges: acme }).map(
        (p) => p.spec.rules[0]!.to[0]!.operation.notPaths,
      );
    for (const p of paths(true)) expect(p).toContain(ACME_CHALLENGE_PATH);
    for (const p of paths(false)) expect(p).not.toContain(ACME_CHALLENGE_PATH);
  });

  it("refuses app versions with the 2026 auth-bypass advisories", () => {
    for (const v of ["7.15.1", "v7.14.3", "6.99.99"]) {
      expect(() => assertSafeOauth2ProxyVersion(v)).toThrow(
        `oauth2-proxy ${v} is refused: versions before 7.15.2 have authentication-bypass advisories; ` +
          "pin chart 10.7.0 (app 7.15.3) or later",
      );
    }
    for (const v of ["7.15.2", "v7.15.3", "7.16.0", "8.0.0"]) {
      expect(() => assertSafeOauth2ProxyVersion(v)).not.toThrow();
    }
  });

  it("refuses an unsafe version as an InputPropertiesError naming the app version", () => {
    let error: unknown;
    try {
      assertSafeOauth2ProxyVersion("7.15.1");
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors.map((e) => e.propertyPath)).toEqual([
      "appVersion",
    ]);
  });
});

describe("cert-manager ACME issuer", () => {
  it("uses Let's Encrypt staging unless production is asked for, solving HTTP-01 through Istio", () => {
    expect(acmeIssuer({ email: "ops@example.com" }).spec.acme.server).toBe(ACME_SERVERS.staging);
    const prod = acmeIssuer({ email: "ops@example.com", server: "production" });
    expect(prod.spec.acme.server).toBe(ACME_SERVERS.production);
    expect(prod.spec.acme.solvers).toEqual([
      { http01: { ingress: { ingressClassName: "istio" } } },
    ]);
  });
});

const pool = (name: string, nodeSelector: Record<string, string>): AcceleratorPool => ({
  name,
  vendor: "nvidia",
  resourceName: "nvidia.com/gpu",
  nodeSelector,
  taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }],
});

describe("GPU support", () => {
  it.each([
    ["install", "driver-on-node", 1, "device-plugin", "device-plugin"],
    ["install", "driver-on-node", 1, "operator", "operator"],
    ["install", "driver-on-node", 0, "device-plugin", "none"],
    ["install", "platform-managed", 2, "device-plugin", "none"],
    ["install", "platform-managed", 2, "operator", "none"],
    ["install", "none", 0, "device-plugin", "none"],
    ["existing", "driver-on-node", 1, "device-plugin", "none"],
  ] as const)(
    "mode %s, drivers %s, %i pools, kind %s installs %s",
    (mode, gpuDriver, n, kind, want) => {
      expect(planGpu({ mode, gpuDriver, accelerators: n, kind })).toBe(want);
    },
  );

  it("tolerates each pool taint once, and critical add-ons", () => {
    expect(gpuTolerations([pool("a", {}), pool("b", {})])).toEqual([
      { key: "CriticalAddonsOnly", operator: "Exists" },
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
    ]);
  });

  it("schedules onto any accelerator pool by its labels", () => {
    const a = gpuAffinity([pool("a", { pool: "a" }), pool("b", { pool: "b" })]);
    expect(
      a!.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms,
    ).toEqual([
      { matchExpressions: [{ key: "pool", operator: "In", values: ["a"] }] },
      { matchExpressions: [{ key: "pool", operator: "In", values: ["b"] }] },
    ]);
  });

  it("runs everywhere, without failing on GPU-less nodes, when a pool has no labels", () => {
    const v = devicePluginValues([pool("a", {})]);
    expect(v.affinity).toEqual({});
    expect(v.failOnInitError).toBe(false);
  });

  it("disables the operator's driver container (the driver is on the node) and gates DCGM", () => {
    const v = gpuOperatorValues([pool("a", {})], true);
    expect(v.driver).toEqual({ enabled: false });
    expect(v.dcgmExporter).toEqual({ enabled: true, serviceMonitor: { enabled: false } });
  });
});

describe("extra Helm values", () => {
  it("merge over the program's values like a Helm values file, leaving both inputs alone", () => {
    const base = { a: { b: 1, c: [1, 2] }, d: "x" };
    const extra = { a: { c: [3] }, e: true };
    expect(mergeValues(base, extra)).toEqual({ a: { b: 1, c: [3] }, d: "x", e: true });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: "x" });
  });

  it("always let the user's value win", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string(),
        // Scalars and lists replace; maps merge (tested above).
        fc.oneof(
          fc.string(),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.array(fc.jsonValue()),
        ),
        (base, k, v) => {
          expect(mergeValues(base, { [k]: v })[k]).toEqual(v);
        },
      ),
    );
  });
});
