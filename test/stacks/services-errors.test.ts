/**
 * What a component refuses reaches the user as a ConfigError naming the config key: Istio's own checks of the
 * stack's settings against the cluster's facts, Profiles' checks of the profiles against the cluster's
 * pools, and Pipelines' managed bucket in the profiles layer.
 */
import { Profiles } from "../../components/profiles/profile";
import { ConfigError } from "../../stacks/config";
import { withConfigKeys } from "../../stacks/config/component-errors";
import { servicesSchema } from "../../stacks/config/services";
import { profilePipelinesStorage, profilesConfigKey } from "../../stacks/profiles";
import { libraryRun } from "../harness/library";
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

describe("Profiles' refusals in the stack", () => {
  it("map each profile's own keys to profiles[i] and the cluster's pools to cluster.accelerators", () => {
    expect(profilesConfigKey("profiles[2].accelerators[0]")).toBe("profiles[2].accelerators[0]");
    expect(profilesConfigKey("profiles[0].quota.gpus")).toBe("profiles[0].quota.gpus");
    expect(profilesConfigKey("profiles[1].contributors[3]")).toBe("profiles[1].contributors[3]");
    expect(profilesConfigKey("clusterPools")).toBe("cluster.accelerators");
    expect(profilesConfigKey("clusterPools[1]")).toBe("cluster.accelerators[1]");
    // Composed by the stack from other sections: reported as the program's.
    expect(profilesConfigKey("profiles[0].pipelines.keys")).toBeUndefined();
    expect(profilesConfigKey("profiles[0].owner")).toBeUndefined();
  });

  it("reach the user as a ConfigError at profiles[i].accelerators[j]", async () => {
    let error: unknown;
    await libraryRun(() => {
      try {
        withConfigKeys(
          () =>
            new Profiles("p", {
              profiles: [
                { name: "team-a", owner: { kind: "User", name: "a@example.com" } },
                {
                  name: "team-b",
                  owner: { kind: "User", name: "b@example.com" },
                  accelerators: ["h100"],
                },
              ],
              clusterPools: [
                {
                  name: "l4",
                  vendor: "nvidia",
                  resourceName: "nvidia.com/gpu",
                  nodeSelector: { pool: "l4" },
                  taints: [],
                },
              ],
            }),
          profilesConfigKey,
          "kubeflow-platform",
        );
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'kubeflow-platform:profiles[1].accelerators[0]: unknown accelerator pool "h100"; the cluster\'s pools are: l4',
    ]);
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
