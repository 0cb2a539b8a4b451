import fc from "fast-check";
import {
  GKE_NODE_OAUTH_SCOPES,
  gkeNodeAccountId,
  GKE_NODE_ROLES,
  gkeDiskType,
  gkeNodeSecurity,
  planGkeGpuPool,
  roleKey,
  listedZonesProblem,
  poolZonesOffering,
} from "../../../components/cluster/gke-plan";
import {
  ACCELERATOR_POOL_LABEL,
  ACCELERATOR_TYPE_LABEL,
  NVIDIA_GPU_TAINT_KEY,
} from "../../../components/shared/constants";

describe("planGkeGpuPool", () => {
  const plan = planGkeGpuPool({ name: "l4", type: "nvidia-l4", machineType: "g2-standard-24" });

  it("scales a pool from zero by default and starts no node", () => {
    expect(plan.min).toBe(0);
    expect(plan.initialNodeCount).toBe(0);
  });

  it("starts one node per zone when min is above zero", () => {
    expect(
      planGkeGpuPool({ name: "x", type: "nvidia-l4", machineType: "g2-standard-8", min: 2 })
        .initialNodeCount,
    ).toBe(1);
  });

  it("lets GKE install the driver and attaches the machine type's GPU count", () => {
    expect(plan.guestAccelerator).toEqual({
      type: "nvidia-l4",
      count: 2,
      gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" },
    });
  });

  it("taints and labels the nodes, and tells the handle how pods reach them", () => {
    expect(plan.taints).toEqual([
      { key: NVIDIA_GPU_TAINT_KEY, value: "present", effect: "NO_SCHEDULE" },
    ]);
    expect(plan.labels).toEqual({
      [ACCELERATOR_POOL_LABEL]: "l4",
      [ACCELERATOR_TYPE_LABEL]: "nvidia-l4",
    });
    expect(plan.handle).toEqual({
      name: "l4",
      vendor: "nvidia",
      type: "nvidia-l4",
      resourceName: "nvidia.com/gpu",
      countPerNode: 2,
      nodeSelector: { [ACCELERATOR_POOL_LABEL]: "l4" },
      taints: [{ key: NVIDIA_GPU_TAINT_KEY, value: "present", effect: "NoSchedule" }],
    });
  });

  it("uses Hyperdisk on A3 Ultra, which has no Persistent Disk", () => {
    expect(gkeDiskType("a3-ultragpu-8g")).toBe("hyperdisk-balanced");
    expect(gkeDiskType("g2-standard-8")).toBe("pd-balanced");
  });
});

describe("node security settings", () => {
  it("use the given account, narrow scopes, Shielded VM and the GKE metadata server", () => {
    const s = gkeNodeSecurity("nodes@p.iam.gserviceaccount.com");
    expect(s.serviceAccount).toBe("nodes@p.iam.gserviceaccount.com");
    expect(s.oauthScopes).not.toContain("https://www.googleapis.com/auth/cloud-platform");
    expect(s.oauthScopes).toEqual([...GKE_NODE_OAUTH_SCOPES]);
    expect(s.shieldedInstanceConfig).toEqual({
      enableSecureBoot: true,
      enableIntegrityMonitoring: true,
    });
    expect(s.workloadMetadataConfig.mode).toBe("GKE_METADATA");
    expect(s.metadata["disable-legacy-endpoints"]).toBe("true");
  });

  it("grant the node account no editor or owner role", () => {
    for (const r of GKE_NODE_ROLES) expect(r).not.toMatch(/roles\/(editor|owner)$/);
    expect(GKE_NODE_ROLES.map(roleKey)).toEqual([
      "container-defaultnodeserviceaccount",
      "artifactregistry-reader",
    ]);
  });
});

describe("poolZonesOffering", () => {
  const pool = { name: "l4", machineType: "g2-standard-8" };

  it("keeps the zones whose listing has the machine type, sorted", () => {
    expect(
      poolZonesOffering(pool, 0, [
        { zone: "r-c", machineTypes: [{ name: "g2-standard-8" }] },
        { zone: "r-f", machineTypes: [] },
        { zone: "r-a", machineTypes: [{ name: "g2-standard-8" }] },
      ]),
    ).toEqual({ zones: ["r-a", "r-c"] });
  });

  it("names the pool's machine type and the fix when no zone offers it", () => {
    expect(
      poolZonesOffering({ name: "h200", machineType: "a3-ultragpu-8g" }, 1, [
        { zone: "r-a", machineTypes: [] },
      ]),
    ).toEqual({
      problem: {
        path: ["accelerators", 1, "machineType"],
        message:
          'no zone of the cluster\'s region offers machine type a3-ultragpu-8g (pool "h200"); ' +
          "choose another machine type or region, or list the pool's zones",
      },
    });
  });
});

describe("listedZonesProblem", () => {
  const listings = [
    { zone: "r-a", machineTypes: [{ name: "g2-standard-8" }] },
    { zone: "r-f", machineTypes: [] },
  ];

  it("accepts zones that all offer the machine type", () => {
    expect(
      listedZonesProblem({ name: "l4", machineType: "g2-standard-8", zones: ["r-a"] }, 0, listings),
    ).toBeUndefined();
  });

  it("names the first zone that does not offer it", () => {
    expect(
      listedZonesProblem(
        { name: "l4", machineType: "g2-standard-8", zones: ["r-a", "r-f"] },
        3,
        listings,
      )?.path,
    ).toEqual(["accelerators", 3, "zones", 1]);
  });
});

describe("gkeNodeAccountId", () => {
  it("is a valid IAM account id for every valid GKE cluster name", () => {
    const name = fc
      .tuple(
        fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"),
        fc.array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"), { maxLength: 38 }),
        fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"),
      )
      .map(([a, mid, z]) => `${a}${mid.join("")}${z}`);
    fc.assert(
      fc.property(name, (n) => /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/.test(gkeNodeAccountId(n))),
    );
    expect(gkeNodeAccountId("kubeflow")).toBe("kubeflow-nodes");
  });
});
