import fc from "fast-check";
import {
  canonicalCidr,
  cidrsOverlap,
  hostBitsProblem,
  parseCidr,
} from "../../../components/cluster/cidr";

describe("CIDR arithmetic", () => {
  it("parses blocks and refuses what is not one", () => {
    expect(parseCidr("10.0.0.0/16")).toEqual({ base: 10 * 2 ** 24, prefix: 16 });
    for (const bad of ["10.0.0/16", "10.0.0.256/16", "10.0.0.0/33", "10.0.0.0"]) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });

  it.each([
    ["10.0.1.0/16", "10.0.0.0/16"],
    ["198.51.100.7/24", "198.51.100.0/24"],
    ["172.16.0.0/28", "172.16.0.0/28"],
    ["10.1.2.3/0", "0.0.0.0/0"],
  ])("writes %s canonically as %s", (given, canonical) => {
    expect(canonicalCidr(given)).toBe(canonical);
  });

  it("reports host bits only for blocks that have them", () => {
    expect(hostBitsProblem("10.0.1.0/16")).toBe(
      "has host bits set: the block is 10.0.0.0/16; write it as 10.0.0.0/16",
    );
    expect(hostBitsProblem("10.0.0.0/16")).toBeUndefined();
    expect(hostBitsProblem("not a block")).toBeUndefined();
  });

  it.each([
    ["10.0.0.0/16", "10.0.128.0/17", true],
    ["10.0.0.0/16", "10.1.0.0/16", false],
    ["172.16.0.0/28", "172.16.0.16/28", false],
    ["172.16.0.0/28", "172.16.0.15/32", true],
  ])("%s and %s overlap: %s", (a, b, want) => {
    expect(cidrsOverlap(a, b)).toBe(want);
    expect(cidrsOverlap(b, a)).toBe(want);
  });

  it("finds two blocks disjoint exactly when neither holds the other's first address", () => {
    const block = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 30 }))
      .map(([n, p]) => ({
        n,
        p,
        text: `${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".")}/${p}`,
      }));
    fc.assert(
      fc.property(block, block, (a, b) => {
        const start = (x: { n: number; p: number }) => x.n - (x.n % 2 ** (32 - x.p));
        const holds = (x: { n: number; p: number }, ip: number) =>
          ip >= start(x) && ip < start(x) + 2 ** (32 - x.p);
        const expected = holds(a, start(b)) || holds(b, start(a));
        return cidrsOverlap(a.text, b.text) === expected;
      }),
    );
  });
});
