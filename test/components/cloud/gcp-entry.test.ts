/**
 * The GCP public entry built directly under the mocks with a literal cluster handle: a hostname the same
 * program computes (an Output) reaches the DNS record, the managed certificate and the entry's URL.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- modules load after the mocks are set */
import type { PublicEntry } from "../../../components/shared/cloud-entry";
import { Inventory, settle, setupMocks, valueOf } from "../../harness";
import { handle } from "./gcp-fixture";

describe("GcpPublicEntry given a hostname and a zone the same program creates (Outputs)", () => {
  let inv: Inventory;
  let entry: PublicEntry;
  beforeAll(async () => {
    const recorded = setupMocks({});
    const gcp = require("@pulumi/gcp") as typeof import("@pulumi/gcp");
    const { GcpPublicEntry } =
      require("../../../components/cloud/gcp-entry") as typeof import("../../../components/cloud/gcp-entry");
    const provider = new gcp.Provider("gcp", { project: "acme-ml-prod" });
    const zone = new gcp.dns.ManagedZone("zone", { name: "ml-zone", dnsName: "ml.example.com." });
    entry = new GcpPublicEntry("entry", {
      cluster: handle(provider),
      hostname: zone.dnsName.apply((d) => `kubeflow.${d.replace(/\.$/, "")}`),
      dnsZone: zone.name,
      zones: ["europe-west4-a", "europe-west4-b"],
      gateway: { ready: [] },
    }).entry;
    await valueOf(entry.url);
    await settle();
    inv = new Inventory(recorded, []);
  });

  it("names the A record and the managed certificate for it once known, in the zone it is given", () => {
    const record = inv.get("gcp:dns/recordSet:RecordSet", "entry-record");
    expect(record.inputs).toMatchObject({
      name: "kubeflow.ml.example.com.",
      type: "A",
      managedZone: "ml-zone",
    });
    expect(
      inv.get("gcp:compute/managedSslCertificate:ManagedSslCertificate", "entry-certificate").inputs
        .managed,
    ).toEqual({ domains: ["kubeflow.ml.example.com."] });
  });

  it("gives its URL and hostname as Outputs of the computed name", async () => {
    expect(await valueOf(entry.url)).toBe("https://kubeflow.ml.example.com");
    expect(await valueOf(entry.hostname)).toBe("kubeflow.ml.example.com");
  });
});
