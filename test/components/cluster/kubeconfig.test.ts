import { parse } from "yaml";
import {
  eksKubeconfig,
  gkeKubeconfig,
  gkeOidcIssuer,
} from "../../../components/cluster/kubeconfig";

interface Kubeconfig {
  "current-context": string;
  clusters: Array<{
    name: string;
    cluster: { server: string; "certificate-authority-data": string };
  }>;
  users: Array<{ name: string; user: Record<string, unknown> & { exec: Record<string, unknown> } }>;
}

describe("generated kubeconfigs", () => {
  it("reach GKE through gke-gcloud-auth-plugin, with no credential inside", () => {
    const k = parse(
      gkeKubeconfig({
        project: "p",
        location: "europe-west4",
        clusterName: "kubeflow",
        endpoint: "203.0.113.10",
        caData: "Q0E=",
      }),
    ) as Kubeconfig;
    expect(k["current-context"]).toBe("gke_p_europe-west4_kubeflow");
    expect(k.clusters[0]!.cluster).toEqual({
      server: "https://203.0.113.10",
      "certificate-authority-data": "Q0E=",
    });
    expect(k.users[0]!.user.exec).toMatchObject({
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "gke-gcloud-auth-plugin",
      provideClusterInfo: true,
    });
    expect(Object.keys(k.users[0]!.user)).toEqual(["exec"]);
  });

  it("reach EKS through `aws eks get-token` for the cluster and region", () => {
    const k = parse(
      eksKubeconfig({
        clusterName: "kubeflow",
        region: "eu-west-1",
        endpoint: "https://X.gr7.eu-west-1.eks.amazonaws.com",
        caData: "Q0E=",
      }),
    ) as Kubeconfig;
    expect(k.clusters[0]!.cluster.server).toBe("https://X.gr7.eu-west-1.eks.amazonaws.com");
    expect(k.users[0]!.user.exec).toMatchObject({
      command: "aws",
      args: [
        "eks",
        "get-token",
        "--cluster-name",
        "kubeflow",
        "--region",
        "eu-west-1",
        "--output",
        "json",
      ],
    });
    expect(k.users[0]!.user.exec.env).toBeUndefined();
    expect(Object.keys(k.users[0]!.user)).toEqual(["exec"]);
  });

  it("name GKE's service-account token issuer by project, location and cluster", () => {
    expect(gkeOidcIssuer("p", "europe-west4", "kubeflow")).toBe(
      "https://container.googleapis.com/v1/projects/p/locations/europe-west4/clusters/kubeflow",
    );
  });
});
