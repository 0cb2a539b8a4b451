/**
 * Kubernetes quantities (`500m`, `16Gi`, `1e3`), parsed as the API server parses them, so that a size or a
 * quota is checked for what it means before anything is created. Grammar:
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 *
 *   <quantity> ::= <signedNumber><suffix>
 *   <suffix>   ::= Ki | Mi | Gi | Ti | Pi | Ei | m | "" | k | M | G | T | P | E | e<signedNumber> | E<signedNumber>
 *   <number>   ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 */

/** The binary suffixes and their multipliers. */
export const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The decimal SI suffixes (the empty suffix is 1) and their multipliers. */
export const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A parsed quantity: its value in base units (cores, bytes, items) and how its suffix was written. */
export interface Quantity {
  /** The text as given. */
  text: string;
  /** The value in base units; a double, exact enough for bounds and sign (not for arithmetic on state). */
  value: number;
  /** `""` when the number has no suffix or exponent: a plain count (bytes, for a size). */
  suffix: string;
  /** How the suffix scales: binary (Ki…Ei), decimal (m, k…E), exponent (e3), or none. */
  form: "binary" | "decimal" | "exponent" | "none";
}

const NUMBER = "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)";
const QUANTITY = new RegExp(`^(${NUMBER})(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|m|k|M|G|T|P|E)?$`);

/** Parse a quantity as the API server does; `undefined` when the text is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = QUANTITY.exec(text);
  if (m === null) return undefined;
  const number = Number(m[1]);
  const suffix = m[2] ?? "";
  if (suffix in BINARY_SUFFIXES) {
    return { text, value: number * BINARY_SUFFIXES[suffix]!, suffix, form: "binary" };
  }
  if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    return { text, value: number * 10 ** Number(suffix.slice(1)), suffix, form: "exponent" };
  }
  return {
    text,
    value: number * DECIMAL_SUFFIXES[suffix]!,
    suffix,
    form: suffix === "" ? "none" : "decimal",
  };
}

/** Bytes in a readable binary form for messages: 70368744177664 → "64Ti". */
export function formatBytes(bytes: number): string {
  const units = ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"] as const;
  for (const u of units) {
    const n = bytes / BINARY_SUFFIXES[u]!;
    if (n >= 1 && Number.isInteger(n)) return `${n}${u}`;
  }
  return String(bytes);
}

/**
 * The largest PersistentVolumeClaim the platform accepts: 64 TiB, the largest single block volume of
 * the clouds it creates (GCE Persistent Disk, https://cloud.google.com/compute/docs/disks#introduction, and
 * EBS io2 Block Express, https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html; gp3 stops at
 * 16 TiB). A larger claim would stay Pending forever.
 */
export const MAX_VOLUME_BYTES = 64 * 2 ** 40;

/**
 * Byte quantities below 1M (a megabyte) are surely a missing unit (`"10"` is ten bytes, `"512m"` half a
 * byte): no volume, memory limit or storage quota that small is meant.
 */
export const MIN_BYTES = 1e6;

/** What a quantity measures, which decides the checks: cores, bytes, or a whole count. */
export type QuantityKind = "cpu" | "bytes" | "count";

export interface QuantityRules {
  kind: QuantityKind;
  /** Zero allowed (a request of 0 is; a volume of 0 is not). @default false */
  allowZero?: boolean;
  /** Largest value in base units. @default - none */
  max?: number;
  /** Why `max` is the bound, for the message. @default - none */
  maxReason?: string;
}

/** Example values per kind, for messages. */
const EXAMPLES: Record<QuantityKind, string> = {
  cpu: "500m, 2",
  bytes: "512Mi, 16Gi",
  count: "10",
};

/**
 * Every problem of a quantity under `rules`, as sentences (key path and value are added by the caller);
 * empty when the quantity is fine.
 */
export function quantityProblems(text: string, rules: QuantityRules): string[] {
  const q = parseQuantity(text);
  if (q === undefined) {
    return [
      `must be a Kubernetes quantity: a number with an optional suffix (binary Ki, Mi, Gi, Ti, Pi, Ei; ` +
        `decimal m, k, M, G, T, P, E; or an exponent such as 1e3), e.g. ${EXAMPLES[rules.kind]}`,
    ];
  }
  if (q.value < 0 || (q.value === 0 && !rules.allowZero)) {
    return [
      q.value < 0
        ? `must not be negative; give a positive quantity such as ${EXAMPLES[rules.kind]}`
        : `must be greater than zero (a zero ${rules.kind === "bytes" ? "size" : "amount"} is refused); ` +
          "give a positive quantity or remove the key",
    ];
  }
  const problems: string[] = [];
  if (rules.kind === "bytes" && q.value > 0 && q.value < MIN_BYTES) {
    const number = text.slice(0, text.length - q.suffix.length);
    const hint =
      q.form === "none"
        ? ` Did you mean ${number}Mi or ${number}Gi?`
        : q.suffix === "m"
          ? ` Did you mean ${number}Mi?`
          : "";
    problems.push(
      `is ${q.value} byte${q.value === 1 ? "" : "s"}, surely a missing or wrong unit: give at least 1M ` +
        `with a unit, e.g. ${EXAMPLES.bytes}.${hint}`,
    );
  } else if (rules.kind === "bytes" && !Number.isInteger(q.value)) {
    problems.push("must be a whole number of bytes (the m suffix means thousandths)");
  }
  if (rules.kind === "count" && !Number.isInteger(q.value)) {
    problems.push("must be a whole number (it counts objects)");
  }
  if (rules.max !== undefined && q.value > rules.max) {
    const max = rules.kind === "bytes" ? formatBytes(rules.max) : String(rules.max);
    problems.push(`must be at most ${max}${rules.maxReason ? ` (${rules.maxReason})` : ""}`);
  }
  return problems;
}
