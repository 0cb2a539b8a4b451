import * as fc from "fast-check";
import {
  formatBytes,
  MAX_VOLUME_BYTES,
  parseQuantity,
  quantityProblems,
} from "../../../components/shared/quantity";

describe("parseQuantity", () => {
  it.each([
    ["16Gi", 16 * 1024 ** 3, "binary"],
    ["1.5Ki", 1536, "binary"],
    ["500m", 0.5, "decimal"],
    ["2k", 2000, "decimal"],
    ["1E", 1e18, "decimal"],
    ["1e3", 1000, "exponent"],
    ["12E-1", 1.2, "exponent"],
    [".5", 0.5, "none"],
    ["5.", 5, "none"],
    ["+4", 4, "none"],
    ["-1Gi", -(1024 ** 3), "binary"],
  ])("reads %s as the API server does", (text, value, form) => {
    const q = parseQuantity(text);
    expect(q?.value).toBeCloseTo(value, 6);
    expect(q?.form).toBe(form);
  });

  it.each(["", ".", "1.2.3", "10GB", "10gi", "1 Gi", "Gi", "1e", "0x10", "1Gi1"])(
    "refuses %j, which the API server refuses",
    (text) => {
      expect(parseQuantity(text)).toBeUndefined();
    },
  );

  it("reads every whole number with every binary suffix as number × 2^(10·n)", () => {
    const suffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    fc.assert(
      fc.property(fc.nat(100000), fc.integer({ min: 0, max: 5 }), (n, i) => {
        expect(parseQuantity(`${n}${suffixes[i]!}`)?.value).toBe(n * 2 ** (10 * (i + 1)));
      }),
    );
  });
});

describe("quantityProblems", () => {
  it("accepts the sizes and amounts the examples use", () => {
    for (const t of ["50Gi", "2Ti", "500Gi", "10G"]) {
      expect(quantityProblems(t, { kind: "bytes", max: MAX_VOLUME_BYTES })).toEqual([]);
    }
    for (const t of ["64", "500m", "0.5"]) expect(quantityProblems(t, { kind: "cpu" })).toEqual([]);
  });

  it("refuses a size without a unit, suggesting one", () => {
    expect(quantityProblems("10", { kind: "bytes" })).toEqual([
      "is 10 bytes, surely a missing or wrong unit: give at least 1M with a unit, e.g. 512Mi, 16Gi. Did you mean 10Mi or 10Gi?",
    ]);
  });

  it("refuses a size in thousandths of a byte, suggesting Mi", () => {
    expect(quantityProblems("512m", { kind: "bytes" })).toEqual([
      "is 0.512 bytes, surely a missing or wrong unit: give at least 1M with a unit, e.g. 512Mi, 16Gi. Did you mean 512Mi?",
    ]);
  });

  it("refuses zero unless allowed, and negative always", () => {
    expect(quantityProblems("0", { kind: "cpu" })).toEqual([
      "must be greater than zero (a zero amount is refused); give a positive quantity or remove the key",
    ]);
    expect(quantityProblems("0", { kind: "cpu", allowZero: true })).toEqual([]);
    expect(quantityProblems("-1", { kind: "cpu", allowZero: true })).toEqual([
      "must not be negative; give a positive quantity such as 500m, 2",
    ]);
  });

  it("refuses a volume beyond 64Ti, naming the bound", () => {
    expect(quantityProblems("65Ti", { kind: "bytes", max: MAX_VOLUME_BYTES })).toEqual([
      "must be at most 64Ti",
    ]);
    expect(quantityProblems("64Ti", { kind: "bytes", max: MAX_VOLUME_BYTES })).toEqual([]);
  });

  it("refuses a fraction of a count", () => {
    expect(quantityProblems("1.5", { kind: "count" })).toEqual([
      "must be a whole number (it counts objects)",
    ]);
  });

  it("formats byte bounds in their largest whole binary unit", () => {
    expect(formatBytes(MAX_VOLUME_BYTES)).toBe("64Ti");
    expect(formatBytes(1536)).toBe("1536");
  });
});
