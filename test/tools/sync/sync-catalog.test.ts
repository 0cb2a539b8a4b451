import * as fs from "fs";
import * as path from "path";
import { CATALOG } from "../../../components/catalog";
import { syncReleaseOf } from "../../../tools/sync/sync";
import { bundleDir, TEST_RELEASES } from "../../harness/upstream";

describe.each(TEST_RELEASES)("what `npm run sync -- %s` renders", (tag) => {
  const bundle = JSON.parse(fs.readFileSync(path.join(bundleDir(tag), "bundle.json"), "utf8")) as {
    paths: Record<string, unknown>;
    example: string[];
    commit: string;
  };
  const plan = syncReleaseOf(CATALOG[tag]!);

  it("is every path of upstream's real render of that release, at its commit", () => {
    expect([...plan.paths].sort()).toEqual(Object.keys(bundle.paths).sort());
    expect(plan.commit).toBe(bundle.commit);
  });

  it("puts the catalogued applications' default paths in the example install", () => {
    for (const p of plan.example) expect(bundle.example).toContain(p);
    expect(plan.alternatives.filter((p) => plan.example.includes(p))).toEqual([]);
  });
});
