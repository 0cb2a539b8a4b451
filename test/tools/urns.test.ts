/**
 * The URN baseline: a deployed stack's resources keep their identity across changes of the code. Each
 * example stack's URNs now are held to the committed baseline (test/fixtures/urns/<stack>.txt); the pure
 * functions are held to what Pulumi itself does with real registrations under the SDK's mocks.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, RecordedResource, settle } from "../../tools/offline/run";
import { PROJECT } from "../../tools/offline/stack";
import { baselineFile } from "../../tools/offline/stack-urns";
import {
  baselineText,
  compareUrns,
  createUrn,
  formatComparison,
  hasUrnProblem,
  parseBaseline,
  providerChildren,
  ResourceUrns,
  resourceUrns,
} from "../../tools/offline/urns";
import { REPO_ROOT } from "../harness/stackfile";
import { bundleDir, upstreamDir } from "../harness/upstream";
import { EXAMPLE_STACKS, stackRelease, stackRun } from "./verify/sets";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkResource = require("@pulumi/pulumi/resource") as {
  allAliases(
    childAliases: Array<string | pulumi.Alias>,
    childName: string,
    childType: string,
    parent: pulumi.Resource,
    parentName: string,
  ): pulumi.Output<string>[];
};

describe("example stacks against their URN baseline", () => {
  it.each(EXAMPLE_STACKS)(
    "%s: every baseline URN is still registered or aliased, none twice",
    async (stack) => {
      const baseline = parseBaseline(fs.readFileSync(baselineFile(stack), "utf8"));
      expect(baseline.length).toBeGreaterThan(100);
      // The run of `stackUrns(stack, upstreamDir())`, shared with the other files of the jest run.
      const now = resourceUrns(
        (await stackRun(stack, { bundleDir: bundleDir(stackRelease(stack)) })).resources,
        PROJECT,
        stack,
      );
      const c = compareUrns(baseline, now);
      if (c.added.length > 0) {
        console.log(
          `${stack}: ${c.added.length} URNs added since the baseline:\n${c.added.join("\n")}`,
        );
      }
      const problems = formatComparison(stack, { ...c, aliased: [], added: [] });
      expect(problems).toEqual([]);
      expect(hasUrnProblem(c)).toBe(false);
    },
  );

  it("the baseline files are the sorted URNs, one a line, of this project and of their stack", () => {
    for (const stack of EXAMPLE_STACKS) {
      const text = fs.readFileSync(baselineFile(stack), "utf8");
      const urns = parseBaseline(text);
      expect(text).toBe(urns.join("\n") + "\n");
      expect([...urns].sort()).toEqual(urns);
      const foreign = urns.filter((u) => !u.startsWith(`urn:pulumi:${stack}::kubeflow-platform::`));
      expect(foreign).toEqual([]);
    }
  });
});

// --- the pure functions, on real registrations ------------------------------------------------------

class Comp extends pulumi.ComponentResource {
  constructor(type: string, name: string, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
  }
}

/** Register a body's resources under the mocks of stack `s`, project `p`; their real URNs. */
async function registered(body: () => void): Promise<ResourceUrns[]> {
  const rec: RecordedResource[] = installMocks({}, "p", { stack: "s" });
  body();
  await settle();
  return resourceUrns(rec, "p", "s");
}

const urnsOf = (rs: ResourceUrns[]): string[] => rs.map((r) => r.urn);

describe("resourceUrns", () => {
  it("chains the type of every ancestor, as the engine does (the mocks keep only the parent's)", async () => {
    const rec = installMocks({}, "p", { stack: "s" });
    const outer = new Comp("x:m:Outer", "o");
    const inner = new Comp("x:m:Inner", "i", { parent: outer });
    new Comp("x:m:Leaf", "l", { parent: inner });
    await settle();
    expect(urnsOf(resourceUrns(rec, "p", "s"))).toEqual([
      "urn:pulumi:s::p::x:m:Outer::o",
      "urn:pulumi:s::p::x:m:Outer$x:m:Inner::i",
      "urn:pulumi:s::p::x:m:Outer$x:m:Inner$x:m:Leaf::l",
    ]);
    // What the mocks gave the leaf: not its deployed URN (why this module exists).
    expect(rec[2].urn).toBe("urn:pulumi:s::p::x:m:Inner$x:m:Leaf::l");
  });

  it("a top-level resource and a child of the stack carry no parent type", () => {
    expect(createUrn("a", "x:m:T", undefined, "p", "s")).toBe("urn:pulumi:s::p::x:m:T::a");
    expect(createUrn("a", "x:m:T", "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", "p", "s")).toBe(
      "urn:pulumi:s::p::x:m:T::a",
    );
  });

  it("a parent the run did not register is an error, not a guess", () => {
    expect(() =>
      resourceUrns(
        [
          {
            urn: "urn:pulumi:s::p::x:m:T::a",
            type: "x:m:T",
            name: "a",
            parent: "urn:pulumi:s::p::x:m:P::gone",
            aliases: [],
          },
        ],
        "p",
        "s",
      ),
    ).toThrow("x:m:T::a: its parent urn:pulumi:s::p::x:m:P::gone was not registered before it");
  });
});

describe("compareUrns: mutations of a deployed program", () => {
  const before = (): Promise<ResourceUrns[]> =>
    registered(() => {
      const app = new Comp("x:m:App", "app");
      const db = new Comp("x:m:Db", "app-db", { parent: app });
      new Comp("x:m:Disk", "app-db-disk", { parent: db });
      new Comp("x:m:Other", "other");
    });

  it("an unchanged program keeps every URN", async () => {
    const baseline = parseBaseline(baselineText(await before()));
    const c = compareUrns(baseline, await before());
    expect(hasUrnProblem(c)).toBe(false);
    expect(c.added).toEqual([]);
  });

  it("a renamed resource without an alias fails, naming its URN and the fix", async () => {
    const baseline = parseBaseline(baselineText(await before()));
    const after = await registered(() => {
      const app = new Comp("x:m:App", "app");
      const db = new Comp("x:m:Db", "app-db", { parent: app });
      new Comp("x:m:Disk", "app-db-disk", { parent: db });
      new Comp("x:m:Other", "renamed");
    });
    const c = compareUrns(baseline, after);
    expect(c.missing).toEqual(["urn:pulumi:s::p::x:m:Other::other"]);
    expect(c.added).toEqual(["urn:pulumi:s::p::x:m:Other::renamed"]);
    expect(hasUrnProblem(c)).toBe(true);
    expect(formatComparison("s", c)[0]).toBe(
      "s: urn:pulumi:s::p::x:m:Other::other is no longer registered and no resource aliases it, so " +
        "`pulumi up` would delete it: add an alias to the resource that replaces it, or, if the removal is " +
        "intended and its data is protected, refresh the baseline with `npm run urns -- s --write`",
    );
  });

  it("a renamed resource with aliases: [{ name: old }] passes", async () => {
    const baseline = parseBaseline(baselineText(await before()));
    const after = await registered(() => {
      const app = new Comp("x:m:App", "app");
      const db = new Comp("x:m:Db", "app-db", { parent: app });
      new Comp("x:m:Disk", "app-db-disk", { parent: db });
      new Comp("x:m:Other", "renamed", { aliases: [{ name: "other" }] });
    });
    const c = compareUrns(baseline, after);
    expect(hasUrnProblem(c)).toBe(false);
    expect(c.aliased).toEqual([
      ["urn:pulumi:s::p::x:m:Other::other", "urn:pulumi:s::p::x:m:Other::renamed"],
    ]);
  });

  it("a retyped resource with aliases: [{ type: old }] passes; with the wrong old type it fails", async () => {
    const baseline = parseBaseline(baselineText(await before()));
    const program = (oldType: string) => () => {
      const app = new Comp("x:m:App", "app");
      const db = new Comp("x:m:Db", "app-db", { parent: app });
      new Comp("x:m:Disk", "app-db-disk", { parent: db });
      new Comp("x:n:Other", "other", { aliases: [{ type: oldType }] });
    };
    expect(hasUrnProblem(compareUrns(baseline, await registered(program("x:m:Other"))))).toBe(
      false,
    );
    expect(compareUrns(baseline, await registered(program("x:m:Wrong"))).missing).toEqual([
      "urn:pulumi:s::p::x:m:Other::other",
    ]);
  });

  it("a moved resource (new parent) fails without an alias and passes with aliases: [{ parent: oldParent }]", async () => {
    const baseline = parseBaseline(baselineText(await before()));
    const moved = (withAlias: boolean) => () => {
      const app = new Comp("x:m:App", "app");
      const db = new Comp("x:m:Db", "app-db", { parent: app });
      const store = new Comp("x:m:Store", "store", { parent: app });
      new Comp("x:m:Disk", "app-db-disk", {
        parent: store,
        ...(withAlias ? { aliases: [{ parent: db }] } : {}),
      });
      new Comp("x:m:Other", "other");
    };
    const without = compareUrns(baseline, await registered(moved(false)));
    expect(without.missing).toEqual(["urn:pulumi:s::p::x:m:App$x:m:Db$x:m:Disk::app-db-disk"]);
    const withIt = compareUrns(baseline, await registered(moved(true)));
    expect(hasUrnProblem(withIt)).toBe(false);
    expect(withIt.aliased).toEqual([
      [
        "urn:pulumi:s::p::x:m:App$x:m:Db$x:m:Disk::app-db-disk",
        "urn:pulumi:s::p::x:m:App$x:m:Store$x:m:Disk::app-db-disk",
      ],
    ]);
  });

  it("a resource moved out of its component passes with aliases: [{ parent: undefined }] (no parent) or a URN string", async () => {
    const baseline = parseBaseline(
      baselineText(
        await registered(() => {
          new Comp("x:m:Loose", "loose");
        }),
      ),
    );
    for (const alias of [{ parent: undefined }, "urn:pulumi:s::p::x:m:Loose::loose"]) {
      const c = compareUrns(
        baseline,
        await registered(() => {
          const app = new Comp("x:m:App", "app");
          new Comp("x:m:Loose", "loose", { parent: app, aliases: [alias] });
        }),
      );
      expect(hasUrnProblem(c)).toBe(false);
      expect(c.aliased).toEqual([
        ["urn:pulumi:s::p::x:m:Loose::loose", "urn:pulumi:s::p::x:m:App$x:m:Loose::loose"],
      ]);
    }
  });

  it("a parent renamed with an alias carries its children and their children, prefix-renamed", async () => {
    const baseline = parseBaseline(baselineText(await before()));
    const after = await registered(() => {
      const app = new Comp("x:m:App", "web", { aliases: [{ name: "app" }] });
      const db = new Comp("x:m:Db", "web-db", { parent: app });
      new Comp("x:m:Disk", "web-db-disk", { parent: db });
      new Comp("x:m:Other", "other");
    });
    const c = compareUrns(baseline, after);
    expect(c.missing).toEqual([]);
    expect(c.aliased).toEqual([
      [
        "urn:pulumi:s::p::x:m:App$x:m:Db$x:m:Disk::app-db-disk",
        "urn:pulumi:s::p::x:m:App$x:m:Db$x:m:Disk::web-db-disk",
      ],
      ["urn:pulumi:s::p::x:m:App$x:m:Db::app-db", "urn:pulumi:s::p::x:m:App$x:m:Db::web-db"],
      ["urn:pulumi:s::p::x:m:App::app", "urn:pulumi:s::p::x:m:App::web"],
    ]);
    // Without the parent's alias nothing is carried.
    const bare = await registered(() => {
      const app = new Comp("x:m:App", "web");
      const db = new Comp("x:m:Db", "web-db", { parent: app });
      new Comp("x:m:Disk", "web-db-disk", { parent: db });
      new Comp("x:m:Other", "other");
    });
    expect(compareUrns(baseline, bare).missing).toHaveLength(3);
  });

  it("a child's inherited aliases are those the SDK's own allAliases computes", async () => {
    let sdk: pulumi.Output<string>[] = [];
    const rs = await registered(() => {
      const app = new Comp("x:m:App", "web", {
        aliases: [{ name: "app" }, { type: "x:m:OldApp" }],
      });
      const childAliases = [{ name: "web-olddb" }];
      new Comp("x:m:Db", "web-db", { parent: app, aliases: childAliases });
      sdk = sdkResource.allAliases(childAliases, "web-db", "x:m:Db", app, "web");
    });
    const fromSdk = await Promise.all(
      sdk.map((o) => new Promise<string>((resolve) => o.apply((v) => resolve(v)))),
    );
    expect(fromSdk.length).toBe(5); // N + M(1 + N) with N = 1 own alias, M = 2 parent aliases
    const db = rs.find((r) => r.name === "web-db")!;
    expect([...db.aliases].sort()).toEqual([...new Set(fromSdk)].sort());
  });

  it("two resources with one URN are a problem the mocks would not show", async () => {
    const rs = await registered(() => {
      new Comp("x:m:T", "same");
      new Comp("x:m:T", "same");
    });
    const c = compareUrns([], rs);
    expect(c.duplicates).toEqual(["urn:pulumi:s::p::x:m:T::same"]);
    expect(hasUrnProblem(c)).toBe(true);
  });

  it("one old URN claimed by two resources' aliases is a problem", async () => {
    const baseline = ["urn:pulumi:s::p::x:m:T::old"];
    const rs = await registered(() => {
      new Comp("x:m:T", "a", { aliases: [{ name: "old" }] });
      new Comp("x:m:T", "b", { aliases: [{ name: "old" }] });
    });
    expect(compareUrns(baseline, rs).contested).toEqual(baseline);
  });
});

describe("children the Kubernetes provider registers for a yaml/v2 ConfigGroup", () => {
  const crd = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.x.io" },
  };
  const map = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "m", namespace: "ns" } };
  const yaml = [crd, map].map((o) => JSON.stringify(o)).join("\n---\n");

  it("are named <group name>:<namespace/>name under the group, as the provider names them", async () => {
    const rs = await registered(() => {
      const app = new Comp("x:m:App", "app");
      new k8s.yaml.v2.ConfigGroup("app-crds", { yaml }, { parent: app });
    });
    expect(urnsOf(rs)).toEqual([
      "urn:pulumi:s::p::x:m:App::app",
      "urn:pulumi:s::p::x:m:App$kubernetes:yaml/v2:ConfigGroup::app-crds",
      "urn:pulumi:s::p::x:m:App$kubernetes:yaml/v2:ConfigGroup$kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition::app-crds:widgets.x.io",
      "urn:pulumi:s::p::x:m:App$kubernetes:yaml/v2:ConfigGroup$kubernetes:core/v1:ConfigMap::app-crds:ns/m",
    ]);
  });

  it("are the same whether the group's yaml is JSON documents (read as JSON) or block YAML", async () => {
    const block = [
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.x.io",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m, namespace: ns}",
    ].join("\n---\n");
    const children = (text: string) =>
      providerChildren("kubernetes:yaml/v2:ConfigGroup", "g", { yaml: text });
    expect(children(yaml)).toEqual(children(block));
    expect(children(yaml)).toEqual([
      ["kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "g:widgets.x.io"],
      ["kubernetes:core/v1:ConfigMap", "g:ns/m"],
    ]);
  });

  it("take resourcePrefix instead of the group's name (none when it is empty)", async () => {
    const rs = await registered(() => {
      new k8s.yaml.v2.ConfigGroup("g", { objs: [crd], resourcePrefix: "pre" });
      new k8s.yaml.v2.ConfigGroup("h", { objs: [map], resourcePrefix: "" });
    });
    expect(urnsOf(rs).filter((u) => !u.includes("ConfigGroup::"))).toEqual([
      "urn:pulumi:s::p::kubernetes:yaml/v2:ConfigGroup$kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition::pre:widgets.x.io",
      "urn:pulumi:s::p::kubernetes:yaml/v2:ConfigGroup$kubernetes:core/v1:ConfigMap::ns/m",
    ]);
  });

  it("a CRD dropped from its group fails; a group renamed with an alias carries its CRDs", async () => {
    const program =
      (name: string, objs: object[], aliases: pulumi.Alias[] = []) =>
      () => {
        new k8s.yaml.v2.ConfigGroup(name, { objs }, { aliases });
      };
    const baseline = parseBaseline(baselineText(await registered(program("kf-crds", [crd, map]))));
    const dropped = compareUrns(baseline, await registered(program("kf-crds", [map])));
    expect(dropped.missing).toEqual([
      "urn:pulumi:s::p::kubernetes:yaml/v2:ConfigGroup$kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition::kf-crds:widgets.x.io",
    ]);
    const renamed = compareUrns(
      baseline,
      await registered(program("kubeflow-crds", [crd, map], [{ name: "kf-crds" }])),
    );
    expect(renamed.missing).toEqual([]);
    expect(renamed.aliased).toHaveLength(3);
  });
});

describe("npm run urns", () => {
  const urns = (...args: string[]) =>
    spawnSync(process.execPath, ["-r", "@swc-node/register", "tools/urns.ts", ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, KUBEFLOW_UPSTREAM_DIR: upstreamDir() },
    });

  it("without a stack prints its usage and exits 2", () => {
    const r = urns();
    expect(r.stderr.trim()).toBe(
      "usage: npm run urns -- <stack>... [--write] [--upstream <dir>] [--baselines <dir>]",
    );
    expect(r.status).toBe(2);
  });

  it("exits 1 naming a baseline URN the stack lost and the fix; --write records the current URNs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-urns-"));
    const lost =
      "urn:pulumi:dev::kubeflow-platform::kubeflow:kubeflow:GeneratedSecrets::kubeflow-old-secrets";
    const committed = fs.readFileSync(baselineFile("dev"), "utf8");
    fs.writeFileSync(path.join(dir, "dev.txt"), `${lost}\n${committed}`);
    const r = urns("dev", "--baselines", dir);
    expect(r.stdout.split("\n")[0]).toBe(
      `dev: ${lost} is no longer registered and no resource aliases it, so \`pulumi up\` would delete ` +
        "it: add an alias to the resource that replaces it, or, if the removal is intended and its data " +
        "is protected, refresh the baseline with `npm run urns -- dev --write`",
    );
    expect(r.status).toBe(1);

    const w = urns("dev", "--baselines", dir, "--write");
    expect(w.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "dev.txt"), "utf8")).toBe(committed);
    fs.rmSync(dir, { recursive: true });
  });
});
