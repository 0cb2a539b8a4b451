import { gcpEntrySchema, hostnameInZone } from "../../../stacks/config/entry-gcp";
import { entryProblems } from "../../../stacks/config/entry";

const entry = { dnsZone: "acme-ml-example", dnsZoneDomain: "acme-ml.example.com." };
const cfg = (istio: Record<string, unknown>, withEntry = true) => ({
  cluster: withEntry ? { entry } : {},
  services: { istio: { mode: "install", exposure: "ClusterIP", ...istio } },
});

describe("entryProblems", () => {
  it("accepts a ClusterIP gateway with a hostname inside the zone", () => {
    expect(entryProblems(cfg({ hostname: "kubeflow.acme-ml.example.com" }))).toEqual([]);
  });

  it("checks nothing without an entry", () => {
    expect(entryProblems(cfg({ exposure: "LoadBalancer", tls: "acme" }, false))).toEqual([]);
  });

  it("refuses a hostname outside the zone, naming the hostname and the zone", () => {
    expect(entryProblems(cfg({ hostname: "kubeflow.other.example.com" }))).toEqual([
      {
        path: ["services", "istio", "hostname"],
        message:
          '"kubeflow.other.example.com" is outside the zone of cluster.entry.dnsZone "acme-ml-example" ' +
          "(acme-ml.example.com.); use a name ending in .acme-ml.example.com or name the zone that holds it",
      },
    ]);
  });

  it("refuses an entry without a hostname", () => {
    expect(entryProblems(cfg({})).map((p) => p.path)).toEqual([["services", "istio", "hostname"]]);
  });

  it("refuses an existing gateway, a LoadBalancer gateway and a gateway certificate", () => {
    const found = entryProblems(
      cfg({
        hostname: "kubeflow.acme-ml.example.com",
        mode: "existing",
        exposure: "LoadBalancer",
        tls: "acme",
      }),
    );
    expect(found.map((p) => p.path.join("."))).toEqual([
      "services.istio.mode",
      "services.istio.exposure",
      "services.istio.tls",
    ]);
    expect(found[1]!.message).toBe(
      '"LoadBalancer" contradicts cluster.entry: the cloud load balancer is the only way in and the ' +
        'gateway Service stays ClusterIP behind it; remove exposure or set "ClusterIP"',
    );
  });
});

describe("hostnameInZone", () => {
  it.each([
    ["kf.acme.example", "acme.example.", true],
    ["acme.example", "acme.example", true],
    ["kfacme.example", "acme.example", false],
    ["kf.acme.example.org", "acme.example", false],
  ])("%s in %s is %s", (h, d, ok) => expect(hostnameInZone(h, d)).toBe(ok));
});

describe("gcpEntrySchema", () => {
  it("takes IAP with the Google-managed OAuth client (no brand, no support e-mail)", () => {
    const r = gcpEntrySchema.safeParse({ ...entry, identity: { type: "iap" } });
    expect(r.success && r.data.identity).toEqual({ type: "iap", members: [] });
  });

  it("refuses a custom OAuth client without its secret, and allUsers as a member", () => {
    const r = gcpEntrySchema.safeParse({
      ...entry,
      identity: { type: "iap", members: ["allUsers"], oauthClient: { clientId: "x" } },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual([
      "identity.members.0",
      "identity.oauthClient.clientSecretSecret",
    ]);
  });
});
