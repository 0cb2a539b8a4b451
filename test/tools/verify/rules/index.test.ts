import { RULES } from "../../../../tools/verify/rules";

describe("RULES", () => {
  it("holds each cross-object rule once, by name, with a description", () => {
    expect(RULES.map((r) => r.name)).toEqual([
      "objects-unique",
      "service-selects-pods",
      "service-accounts-exist",
      "gateway-selects-pods",
      "routes-resolve",
      "webhooks-resolve",
      "webhooks-confined",
      "config-exists",
      "hosts-resolve",
      "certificates-resolve",
      "acme-solvers-served",
      "claims-bind",
      "kserve-mode-served",
      "pod-security",
      "snapshots-fit",
      "status-urls-routed",
      "monitors-scrape",
    ]);
    for (const r of RULES) expect(r.description).toMatch(/\.$/);
  });
});
