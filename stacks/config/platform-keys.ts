/**
 * Keys of the wrong platform and plain-text secrets where a `...Secret` field exists: both need to know which
 * keys the schema has at a path, for each platform.
 */
import { z } from "zod";
import { paramRows } from "./docs";
import { Platform, PLATFORMS } from "./cluster";
import { rootSchema } from "./root";

type Path = ReadonlyArray<PropertyKey>;

/** What a platform's cluster is called in messages. */
export const PLATFORM_LABEL: Record<Platform, string> = {
  gcp: "GKE",
  aws: "EKS",
  existing: "existing-cluster",
};

/**
 * Keys of one platform's cluster with the same role under another's, by the key's place in the cluster
 * section (`[]` for a list item): the equivalent is a sibling of the key.
 */
const EQUIVALENTS: Record<string, Partial<Record<Platform, string>>> = {
  privateEndpoint: { aws: "endpointPublicAccess (false for a private endpoint only)" },
  masterAuthorizedNetworks: { aws: "publicAccessCidrs" },
  secretsEncryptionKey: { aws: "secretsEncryptionKeyArn" },
  "network.network": { aws: "vpcId" },
  "network.subnetwork": { aws: "privateSubnetIds" },
  "network.nodesCidr": { aws: "vpcCidr" },
  "systemPool.machineType": { aws: "instanceTypes" },
  "accelerators[].machineType": { aws: "instanceType" },
  endpointPublicAccess: { gcp: "privateEndpoint (true for a private endpoint only)" },
  publicAccessCidrs: { gcp: "masterAuthorizedNetworks" },
  secretsEncryptionKeyArn: { gcp: "secretsEncryptionKey" },
  "network.vpcId": { gcp: "network" },
  "network.privateSubnetIds": { gcp: "subnetwork" },
  "network.vpcCidr": { gcp: "nodesCidr" },
  "systemPool.instanceTypes": { gcp: "machineType" },
  "accelerators[].instanceType": { gcp: "machineType", existing: "type" },
};

// zod 4 keeps each schema's definition in `_zod.def`; only the fields read here are typed.
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  values?: unknown[];
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "catch"]);

function core(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const d = defOf(s);
    if (WRAPPERS.has(d.type) && d.innerType) s = d.innerType;
    else if (d.type === "pipe" && d.in) s = d.in;
    else return s;
  }
}

/** The keys of the map at `path` in a platform's config, or undefined where there is no plain map. */
export function keysAt(platform: Platform, path: Path): string[] | undefined {
  let s: z.ZodType | undefined = rootSchema.options.find(
    (o) => defOf(core(o.shape.platform as z.ZodType)).values?.[0] === platform,
  );
  for (const seg of path) {
    if (s === undefined) return undefined;
    const d = defOf(core(s));
    if (typeof seg === "number") s = d.type === "array" ? d.element : undefined;
    else s = d.type === "object" ? d.shape?.[String(seg)] : undefined;
  }
  if (s === undefined) return undefined;
  const d = defOf(core(s));
  return d.type === "object" ? Object.keys(d.shape ?? {}) : undefined;
}

/** A path with list indices as `[]` and without the leading section, e.g. `accelerators[].type`. */
function pattern(path: Path): string {
  return path
    .map((p) => (typeof p === "number" ? "[]" : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

export interface ForeignKey {
  /** The platforms whose cluster has the key. */
  owners: Platform[];
  /** The sibling key that plays its role on this stack's platform, if any. */
  equivalent?: string;
}

/**
 * Whether `key`, unknown in the map at `path` of a `platform` config, is a key of another platform's cluster
 * at the same place. Only the `cluster` section differs between platforms.
 */
export function foreignKey(platform: Platform, path: Path, key: string): ForeignKey | undefined {
  if (path[0] !== "cluster") return undefined;
  const owners = PLATFORMS.filter((p) => p !== platform && (keysAt(p, path) ?? []).includes(key));
  if (owners.length === 0) return undefined;
  const equivalent = EQUIVALENTS[pattern([...path.slice(1), key])]?.[platform];
  return { owners, ...(equivalent ? { equivalent } : {}) };
}

let secretFields: Array<{ key: string; platforms: string[] }> | undefined;

/**
 * The `...Secret` field for `path` (a key holding a secret in plain text) on `platform`: the key itself,
 * `<key>Secret`,
 * the key without a `Path`/`Url`/`File`/`Data` suffix plus `Secret`, or `preferred` (e.g. kubeconfigSecret
 * for a kubeconfig's text, whatever key it was put in).
 */
export function secretFieldFor(
  platform: string,
  path: Path,
  preferred?: string,
): string | undefined {
  secretFields ??= paramRows()
    .filter((r) => r.type === "secret config key")
    .map((r) => ({ key: r.key, platforms: r.platforms }));
  const key = path[path.length - 1];
  if (typeof key !== "string") return undefined;
  const parent = pattern(path.slice(0, -1));
  const siblings = secretFields
    .filter((f) => f.platforms.includes(platform))
    .map((f) => f.key)
    .filter((k) => k.startsWith(`${parent}.`) && !/[.[]/.test(k.slice(parent.length + 1)))
    .map((k) => k.slice(parent.length + 1));
  const stem = key.replace(/(Path|Url|URL|File|Data|Text)$/, "");
  return (
    siblings.find((s) => s === key || s === `${key}Secret` || s === `${stem}Secret`) ??
    siblings.find((s) => s === preferred)
  );
}
