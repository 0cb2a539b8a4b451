import fc from "fast-check";
import { planProfile } from "../../../components/profiles/plan";
import { ConfigError, loadConfig } from "../../../stacks/config";
import { RESERVED_NAMESPACES } from "../../../stacks/config/profiles";
import { profileSpec } from "../../../stacks/profiles";
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

describe("any well-formed profiles list", () => {
  const label = fc
    .stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/)
    .filter((n) => !RESERVED_NAMESPACES.includes(n));
  const user = fc.stringMatching(/^[a-z]{1,8}$/).map((u) => `${u}@example.com`);
  const profile = fc.record({
    name: label,
    owner: fc.record({ user }),
    contributors: fc.uniqueArray(fc.record({ user, role: fc.constantFrom("edit", "view") }), {
      selector: (c) => c.user,
      maxLength: 4,
    }),
    quota: fc.option(fc.record({ cpu: fc.constantFrom("1", "500m"), gpus: fc.nat(8) }), {
      nil: undefined,
    }),
  });

  it("loads, and every profile plans without error", () => {
    fc.assert(
      fc.property(fc.uniqueArray(profile, { selector: (p) => p.name, maxLength: 5 }), (list) => {
        const profiles = list.map((p) => ({
          ...p,
          contributors: p.contributors.filter((c) => c.user !== p.owner.user),
          ...(p.quota === undefined ? {} : { quota: p.quota }),
        }));
        const cfg = loadConfig(
          source({
            platform: "existing",
            cluster: { accelerators: [{ name: "l4" }] },
            profiles,
          }),
        );
        expect(cfg.profiles.map((p) => p.name)).toEqual(profiles.map((p) => p.name));
        const pools = [
          {
            name: "l4",
            vendor: "nvidia" as const,
            resourceName: "nvidia.com/gpu",
            nodeSelector: {},
            taints: [],
          },
        ];
        for (const p of cfg.profiles) {
          const plan = planProfile({ ...profileSpec(p), clusterPools: pools });
          expect(plan.access).toHaveLength(p.contributors.length * 2);
        }
      }),
      { numRuns: 40 },
    );
  });
});
