import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT, StackConfig } from ".";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** The plain (non-secret) config of `Pulumi.<stack>.yaml`, keyed by short key, as the harness takes it. */
export function readStackFile(stack: string): StackConfig {
  const file = path.join(REPO_ROOT, `Pulumi.${stack}.yaml`);
  const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
  const out: StackConfig = {};
  for (const [k, v] of Object.entries(doc.config ?? {})) {
    if (!k.startsWith(`${PROJECT}:`)) continue;
    if (v !== null && typeof v === "object" && "secure" in v) {
      throw new Error(`Pulumi.${stack}.yaml: ${k} is a secret; pass it to the harness as a secret`);
    }
    out[k.slice(PROJECT.length + 1)] = v;
  }
  return out;
}
