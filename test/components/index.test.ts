/**
 * The public entry point: a platform team's program imports the components from `components/` alone (README
 * "Use as a library"); each named export is the component class itself.
 */
import * as pulumi from "@pulumi/pulumi";
import * as library from "../../components";

describe("the public entry point", () => {
  it("exports every component a program composes, each a ComponentResource", () => {
    const components = {
      ExistingCluster: library.ExistingCluster,
      GkeCluster: library.GkeCluster,
      EksCluster: library.EksCluster,
      EksVpc: library.EksVpc,
      ClusterAutoscaler: library.ClusterAutoscaler,
      PlatformSnapshotClass: library.PlatformSnapshotClass,
      CertManager: library.CertManager,
      Istio: library.Istio,
      Dex: library.Dex,
      OAuth2Proxy: library.OAuth2Proxy,
      GpuSupport: library.GpuSupport,
      Metrics: library.Metrics,
      KubeflowRelease: library.KubeflowRelease,
      KubeflowApplication: library.KubeflowApplication,
      GeneratedSecrets: library.GeneratedSecrets,
      Profile: library.Profile,
      Profiles: library.Profiles,
      GcpManagedStores: library.GcpManagedStores,
    };
    for (const [name, cls] of Object.entries(components)) {
      expect([name, cls.prototype instanceof pulumi.ComponentResource]).toEqual([name, true]);
    }
  });

  it("exports the release catalog the components are pinned to", () => {
    expect(library.RELEASE_TAGS).toContain("26.03");
    expect(library.getRelease("26.03").tag).toBe("26.03");
  });
});
