/**
 * The stack schema's defaults are the components' own (each written once, in `X_DEFAULTS`): an empty
 * `services` section and a bare profile parse to exactly what the components do by default.
 */
import {
  ACME_ISSUER_DEFAULTS,
  CERT_MANAGER_DEFAULTS,
  DEX_DEFAULTS,
  GPU_SUPPORT_DEFAULTS,
  ISTIO_DEFAULTS,
  OAUTH2_PROXY_DEFAULTS,
  PROFILE_DEFAULTS,
} from "../../../components";
import { profileSchema } from "../../../stacks/config/profiles";
import { servicesSchema } from "../../../stacks/config/services";

describe("the services section's defaults", () => {
  const s = servicesSchema.parse({
    certManager: { acme: { email: "ops@example.com" } },
    istio: { mode: "existing", existing: {} },
  });
  const installed = servicesSchema.parse({});

  it("are cert-manager's", () => {
    expect([installed.certManager.mode, installed.certManager.replicas]).toEqual([
      CERT_MANAGER_DEFAULTS.mode,
      CERT_MANAGER_DEFAULTS.replicas,
    ]);
    expect(s.certManager.acme!.server).toBe(ACME_ISSUER_DEFAULTS.server);
  });

  it("are Istio's", () => {
    const i = installed.istio;
    expect({
      mode: i.mode,
      mtlsMode: i.mtls.mode,
      mtlsExceptions: i.mtls.exceptions,
      exposure: i.exposure,
      istiodReplicas: i.istiod.replicas,
      gatewayReplicas: i.gateway.replicas,
    }).toEqual({
      mode: ISTIO_DEFAULTS.mode,
      mtlsMode: ISTIO_DEFAULTS.mtlsMode,
      mtlsExceptions: ISTIO_DEFAULTS.mtlsExceptions,
      exposure: ISTIO_DEFAULTS.exposure,
      istiodReplicas: ISTIO_DEFAULTS.istiodReplicas,
      gatewayReplicas: ISTIO_DEFAULTS.gatewayReplicas,
    });
    // Unset, the component takes its own: the pinned revision.
    expect(i.revision).toBeUndefined();
    expect(s.istio.existing).toEqual(ISTIO_DEFAULTS.existing);
  });

  it("are Dex's, oauth2-proxy's and GPU support's", () => {
    expect([installed.dex.mode, installed.dex.replicas]).toEqual([
      DEX_DEFAULTS.mode,
      DEX_DEFAULTS.replicas,
    ]);
    expect([installed.oauth2Proxy.mode, installed.oauth2Proxy.replicas]).toEqual([
      OAUTH2_PROXY_DEFAULTS.mode,
      OAUTH2_PROXY_DEFAULTS.replicas,
    ]);
    expect({
      mode: installed.gpu.mode,
      kind: installed.gpu.kind,
      dcgmExporter: installed.gpu.dcgmExporter,
    }).toEqual(GPU_SUPPORT_DEFAULTS);
  });
});

describe("a profile's defaults", () => {
  it("are the Profile component's", () => {
    const p = profileSchema.parse({ name: "team-a", owner: { user: "a@example.com" } });
    expect({ contributors: p.contributors, allowDeletion: p.allowDeletion }).toEqual(
      PROFILE_DEFAULTS,
    );
  });
});
