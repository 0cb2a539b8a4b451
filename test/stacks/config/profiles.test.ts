import { ConfigError, loadConfig } from "../../../stacks/config";
import { PROJECT, runProgram } from "../../harness";
import { cases } from "../config-corpus/profiles";

function source(config: Record<string, unknown>, secrets: Record<string, string> = {}) {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    values[`${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  for (const [k, v] of Object.entries(secrets)) values[`${PROJECT}:${k}`] = v;
  const secretKeys = new Set(Object.keys(secrets).map((k) => `${PROJECT}:${k}`));
  return { namespace: PROJECT, values, isSecret: (k: string) => secretKeys.has(k) };
}

describe("invalid profiles configs", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s: rejected with exact problems", (_n, c) => {
    let problems: string[] | undefined;
    try {
      loadConfig(source(c.config, c.secrets));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual(c.problems);
  });

  it("stops the whole program with the ConfigError", async () => {
    const c = cases.find((x) => x.name === "an accelerator pool the cluster does not have")!;
    await expect(runProgram(c.config, { secrets: c.secrets ?? {} })).rejects.toThrow(ConfigError);
  });
});

describe("valid profiles configs", () => {
  it("get the documented defaults", () => {
    const cfg = loadConfig(
      source({
        platform: "existing",
        profiles: [
          { name: "team-a", owner: { user: "alice@example.com" }, contributors: [{ group: "ml" }] },
        ],
      }),
    );
    expect(cfg.profiles).toEqual([
      {
        name: "team-a",
        owner: { user: "alice@example.com" },
        contributors: [{ group: "ml", role: "edit" }],
        allowDeletion: false,
      },
    ]);
  });

  it("default to no profiles", () => {
    expect(loadConfig(source({ platform: "existing" })).profiles).toEqual([]);
  });
});
