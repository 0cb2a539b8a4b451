import { z } from "zod";
import { awsClusterSchema, gcpClusterSchema } from "../../../stacks/config/cluster";
import { params } from "../../../stacks/config/schema";

/** The object schema inside wrappers (default, optional, prefault, array, refinements), if any. */
function innerObject(s: z.ZodType): z.ZodObject | undefined {
  let cur: z.ZodType = s;
  for (let i = 0; i < 10; i++) {
    if (cur instanceof z.ZodObject) return cur;
    const def = (cur as unknown as { def: Record<string, unknown> }).def;
    const next = (def.innerType ?? def.element ?? def.in) as z.ZodType | undefined;
    if (!next) return undefined;
    cur = next;
  }
  return undefined;
}

/** Paths of object keys that carry no class and description. */
function unclassified(obj: z.ZodObject, path: string): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(obj.shape)) {
    const here = `${path}.${key}`;
    const meta = params.get(child as z.ZodType);
    if (!meta || !meta.description) out.push(here);
    const inner = innerObject(child as z.ZodType);
    if (inner) out.push(...unclassified(inner, here));
  }
  return out;
}

describe("the cloud cluster schemas", () => {
  it.each([
    ["gcp", gcpClusterSchema],
    ["aws", awsClusterSchema],
  ] as const)(
    "give every %s parameter, nested ones too, a class and a description",
    (_p, schema) => {
      const root = innerObject(schema);
      expect(root).toBeDefined();
      expect(unclassified(root!, "cluster")).toEqual([]);
    },
  );

  it("classify identity as set-once and pool sizes as upgrade-safe", () => {
    const gcp = innerObject(gcpClusterSchema)!.shape;
    for (const k of ["name", "project", "region", "network", "secretsEncryptionKey"] as const) {
      expect(params.get(gcp[k])?.class).toBe("set-once");
    }
    const pool = innerObject(gcp.accelerators)!.shape;
    expect(params.get(pool.name)?.class).toBe("set-once");
    expect(params.get(pool.min)?.class).toBe("upgrade-safe");
    expect(params.get(pool.max)?.class).toBe("upgrade-safe");
    const aws = innerObject(awsClusterSchema)!.shape;
    for (const k of ["name", "region", "network", "secretsEncryptionKeyArn"] as const) {
      expect(params.get(aws[k])?.class).toBe("set-once");
    }
  });
});
