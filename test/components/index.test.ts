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
      GcpPublicEntry: library.GcpPublicEntry,
      AwsPublicEntry: library.AwsPublicEntry,
      AwsLoadBalancerController: library.AwsLoadBalancerController,
      AwsManagedStores: library.AwsManagedStores,
    };
    for (const [name, cls] of Object.entries(components)) {
      expect([name, cls.prototype instanceof pulumi.ComponentResource]).toEqual([name, true]);
    }
  });

  it("exports the release catalog the components are pinned to", () => {
    expect(library.RELEASE_TAGS).toContain("26.03");
    expect(library.getRelease("26.03").tag).toBe("26.03");
  });

  it("exports each cluster and cloud component's defaults, written once", () => {
    expect(library.GKE_CLUSTER_DEFAULTS.releaseChannel).toBe("REGULAR");
    expect(library.GKE_NETWORK_DEFAULTS.masterCidr).toBe("172.16.0.0/28");
    expect(library.EKS_CLUSTER_DEFAULTS.kubernetesVersion).toBe("1.34");
    expect(library.EKS_VPC_DEFAULTS.cidr).toBe("10.0.0.0/16");
    expect(library.EXISTING_CLUSTER_DEFAULTS.loadBalancer).toBe(false);
    expect(library.CLUSTER_AUTOSCALER_DEFAULTS.nodeSelector).toEqual({});
    expect(library.SNAPSHOT_CLASS_DEFAULTS.className).toBe("kubeflow-platform-snapshots");
    expect(library.AWS_ENTRY_DEFAULTS.sslPolicy).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    expect(library.GCP_DATABASE_DEFAULTS.tier).toBe("db-custom-2-7680");
  });
});
