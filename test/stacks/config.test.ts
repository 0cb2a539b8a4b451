/**
 * The corpus of invalid stack configs: every case is rejected by loadConfig with exactly the expected
 * problems, all reported at once, before any resource is registered.
 */
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../stacks/config";
import { setupMocks, settle } from "../harness";
import { CorpusCase } from "./config-corpus/types";

const corpusDir = path.join(__dirname, "config-corpus");
const files = fs
  .readdirSync(corpusDir)
  .filter((f) => f.endsWith(".ts") && f !== "types.ts")
  .sort();

const corpus: Array<[string, CorpusCase]> = files.flatMap((f) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(corpusDir, f)) as { cases: CorpusCase[] };
  return mod.cases.map((c): [string, CorpusCase] => [`${f.replace(/\.ts$/, "")}: ${c.name}`, c]);
});

describe("invalid stack configs", () => {
  it("the corpus holds at least 40 cases with unique names", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map(([n]) => n)).size).toBe(corpus.length);
  });

  it.each(corpus)("%s", async (_name, c) => {
    const recorded = setupMocks(c.config, {
      ...(c.secrets ? { secrets: c.secrets } : {}),
      ...(c.extra ? { extra: c.extra } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runStack = require("../../index") as typeof import("../../index");
    let error: unknown;
    try {
      await runStack();
    } catch (e) {
      error = e;
    }
    await settle();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(c.problems);
    expect(recorded).toEqual([]);
    // A secret value never reaches a message (values short enough to occur by chance are not checked).
    for (const secret of Object.values(c.secrets ?? {}).filter((v) => v.length >= 8)) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
