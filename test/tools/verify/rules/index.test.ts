import { RULES } from "../../../../tools/verify/rules";

describe("RULES", () => {
  it("holds each cross-object rule once, by name, with a description", () => {
    expect(RULES.map((r) => r.name)).toEqual([
      "service-selects-pods",
      "service-accounts-exist",
      "gateway-selects-pods",
      "routes-resolve",
      "webhooks-resolve",
      "config-exists",
      "certificates-resolve",
      "claims-bind",
      "kserve-mode-served",
      "pod-security",
    ]);
    for (const r of RULES) expect(r.description).toMatch(/\.$/);
  });
});
