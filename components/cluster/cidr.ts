/**
 * IPv4 CIDR arithmetic shared by the network plans of EksVpc and GkeCluster and by the config checks that
 * run them before any resource exists: parsing, canonical form, containment and overlap.
 */

/** A parsed IPv4 CIDR block: its first address as a number, and its prefix length. */
export interface Cidr {
  base: number;
  prefix: number;
}

export function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** Pure: the block `a.b.c.d/n`, or undefined when the text is not one. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (m === null || !m.slice(1, 5).every((o) => Number(o) <= 255) || Number(m[5]) > 32) {
    return undefined;
  }
  return { base: ipToInt(m.slice(1, 5).join(".")), prefix: Number(m[5]) };
}

/** Number of addresses in a block. */
export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Pure: the block written with its host bits cleared (`10.0.1.0/16` → `10.0.0.0/16`). */
export function canonicalCidr(text: string): string | undefined {
  const c = parseCidr(text);
  if (c === undefined) return undefined;
  return `${intToIp(c.base - (c.base % cidrSize(c)))}/${c.prefix}`;
}

/** Pure: whether two blocks share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(canonicalCidr(a) ?? "");
  const y = parseCidr(canonicalCidr(b) ?? "");
  if (x === undefined || y === undefined) return false;
  return x.base < y.base + cidrSize(y) && y.base < x.base + cidrSize(x);
}

/**
 * Pure: the problem of a block written with host bits set, which clouds either refuse or store differently
 * from what was given (a diff on every preview); undefined when it is canonical or not a block at all.
 */
export function hostBitsProblem(text: string): string | undefined {
  const canonical = canonicalCidr(text);
  if (canonical === undefined || canonical === text) return undefined;
  return `has host bits set: the block is ${canonical}; write it as ${canonical}`;
}
