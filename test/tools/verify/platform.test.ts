/**
 * The done-when of the whole-platform verification: every example stack, at every catalogued release, has
 * zero violations of every rule and journey on the real renders.
 */
import { allChecks, verifySet } from "../../../tools/verify/verify";
import { EXAMPLE_STACKS, platformSet, TEST_RELEASES } from "./sets";

const cases = EXAMPLE_STACKS.flatMap((stack) =>
  TEST_RELEASES.map((release) => [stack, release] as const),
);

describe("the whole platform, verified as a cluster would run it", () => {
  it("runs every cross-object rule and every journey", () => {
    const names = allChecks().map((c) => c.name);
    expect(names.filter((n) => n.startsWith("journey: "))).toHaveLength(9);
    expect(names.filter((n) => !n.startsWith("journey: ")).length).toBeGreaterThanOrEqual(11);
  });

  it.each(cases)("%s at Kubeflow %s has no violation", async (stack, release) => {
    const set = await platformSet(stack, release);
    // The set is the whole platform: the program's objects, its ConfigGroups and every chart's render.
    const via = new Set(set.objects.map((o) => o.source.via));
    expect([...via].sort()).toEqual(["config-group", "helm", "program"]);
    const { violations } = verifySet(set);
    expect(violations.map((v) => `${v.rule} | ${v.object} | ${v.message}`)).toEqual([]);
  });
});
