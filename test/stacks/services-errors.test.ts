/**
 * What a component refuses reaches the user as a ConfigError naming the config key: Istio's own checks of the
 * stack's settings against the cluster's facts, and Pipelines' managed bucket in the profiles layer.
 */
import { ConfigError } from "../../stacks/config";
import { servicesSchema } from "../../stacks/config/services";
import { profilePipelinesStorage } from "../../stacks/profiles";
import { servicesConfigError } from "../../stacks/services";

const services = (raw: Record<string, unknown>) => servicesSchema.parse(raw);

describe("servicesConfigError", () => {
  it("reports a LoadBalancer gateway on a cluster without load balancers at services.istio.exposure", () => {
    const error = servicesConfigError(
      services({ istio: { exposure: "LoadBalancer" } }),
      { loadBalancer: false },
      false,
      "kubeflow-platform",
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(
        /^kubeflow-platform:services\.istio\.exposure: exposure "LoadBalancer" needs a cluster whose LoadBalancer Services get an address/,
      ),
    ]);
  });

  it("reports ACME behind a ClusterIP gateway at services.istio.tls", () => {
    const error = servicesConfigError(
      services({
        istio: { hostname: "kf.example.com", tls: "acme" },
        certManager: { acme: { email: "ops@example.com" } },
      }),
      { loadBalancer: true },
      false,
      "kubeflow-platform",
    );
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^kubeflow-platform:services\.istio\.tls: tls "acme" answers/),
    ]);
  });

  it("finds nothing wrong with the defaults, nor with the cluster's own Istio", () => {
    expect(servicesConfigError(services({}), { loadBalancer: false }, false, "p")).toBeUndefined();
    expect(
      servicesConfigError(
        services({ istio: { mode: "existing", exposure: "LoadBalancer" } }),
        { loadBalancer: false },
        false,
        "p",
      ),
    ).toBeUndefined();
  });
});

describe("profilePipelinesStorage", () => {
  it("refuses a managed object store the stack created no bucket for, naming the key", () => {
    const cfg = { kubeflow: { pipelines: { objectStore: { type: "managed" } } } } as Parameters<
      typeof profilePipelinesStorage
    >[0];
    let error: unknown;
    try {
      profilePipelinesStorage(cfg, "team-a", true, undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining(
        ':kubeflow.pipelines.objectStore.type: is "managed" and the stack created no bucket',
      ),
    ]);
  });
});
