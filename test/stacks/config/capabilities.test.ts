import { capabilityProblems } from "../../../stacks/config/capabilities";

const istio = (
  exposure: "ClusterIP" | "LoadBalancer",
  tls?: "none" | "self-signed" | "acme",
  mode: "install" | "existing" = "install",
) => ({
  services: { istio: { mode, exposure, ...(tls ? { tls, hostname: "kf.example.com" } : {}) } },
});

describe("capabilityProblems", () => {
  it("lets a LoadBalancer gateway run where the cluster has load balancers", () => {
    expect(capabilityProblems({ platform: "gcp", ...istio("LoadBalancer", "acme") })).toEqual([]);
    expect(capabilityProblems({ platform: "aws", ...istio("LoadBalancer") })).toEqual([]);
    expect(
      capabilityProblems({
        platform: "existing",
        declaredLoadBalancer: true,
        ...istio("LoadBalancer"),
      }),
    ).toEqual([]);
  });

  it("refuses a LoadBalancer gateway on an existing cluster not declared to have load balancers", () => {
    expect(
      capabilityProblems({ platform: "existing", ...istio("LoadBalancer") }).map((p) => p.path),
    ).toEqual([["services", "istio", "exposure"]]);
  });

  it("refuses ACME for a gateway kept inside the cluster, and accepts a self-signed one", () => {
    expect(
      capabilityProblems({ platform: "gcp", ...istio("ClusterIP", "acme") }).map((p) => p.path),
    ).toEqual([["services", "istio", "tls"]]);
    expect(capabilityProblems({ platform: "gcp", ...istio("ClusterIP", "self-signed") })).toEqual(
      [],
    );
  });

  it("leaves an existing Istio's gateway alone", () => {
    expect(
      capabilityProblems({ platform: "existing", ...istio("LoadBalancer", "acme", "existing") }),
    ).toEqual([]);
  });
});
