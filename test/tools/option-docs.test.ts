/**
 * `npm run option-docs`: the generated constants are the TSDoc summaries of the `*Options` interfaces
 * (`X_OPTION_DOCS`) and of the types tagged `@optionDocs` (`Y_DOCS`) as they are now, and the generator
 * refuses a field or a tagged type it cannot document.
 */
import * as path from "path";
import {
  committedOptionDocs,
  componentSources,
  constantName,
  GENERATED_HEADER,
  generateOptionDocs,
  optionDocsFiles,
  readOptionDocs,
  staleOptionDocs,
  tsdocSummary,
} from "../../tools/option-docs/generate";

const COMPONENTS = path.resolve(__dirname, "..", "..", "components");

const sources = (files: Record<string, string>) => new Map(Object.entries(files));

describe("the committed option docs", () => {
  it("are exactly what the generator writes from the TSDoc now (run `npm run option-docs -- --write`)", () => {
    const wanted = generateOptionDocs(COMPONENTS);
    const committed = committedOptionDocs(COMPONENTS);
    expect(Object.fromEntries(committed)).toEqual(Object.fromEntries(wanted));
    expect(staleOptionDocs(wanted, committed)).toEqual([]);
    expect([...wanted.keys()].sort()).toEqual([
      "cloud/option-docs.ts",
      "cluster/option-docs.ts",
      "kubeflow/option-docs.ts",
      "profiles/option-docs.ts",
      "services/option-docs.ts",
      "shared/option-docs.ts",
    ]);
  });

  it("go stale when a summary changes without regenerating", () => {
    const edited = componentSources(COMPONENTS);
    const istio = edited.get("services/istio.ts")!;
    const before = "/** Annotations on the gateway Service (cloud load balancer settings).";
    expect(istio).toContain(before);
    edited.set(
      "services/istio.ts",
      istio.replace(before, "/** Annotations of the gateway Service."),
    );
    const wanted = optionDocsFiles(readOptionDocs(edited));
    expect(staleOptionDocs(wanted, committedOptionDocs(COMPONENTS))).toEqual([
      "services/option-docs.ts",
    ]);
  });

  it("name a generated file that no folder produces any more as stale", () => {
    const wanted = new Map([["a/option-docs.ts", "x\n"]]);
    const committed = new Map([
      ["a/option-docs.ts", "x\n"],
      ["b/option-docs.ts", "y\n"],
    ]);
    expect(staleOptionDocs(wanted, committed)).toEqual(["b/option-docs.ts"]);
  });
});

describe("tsdocSummary", () => {
  it.each([
    [
      "/** Replicas of istiod. @default ISTIO_DEFAULTS.istiodReplicas (1) */",
      "Replicas of istiod.",
    ],
    [
      '/**\n   * Revision label of this control plane.\n   * Changing it replaces istiod.\n   * @default "1-29"\n   */',
      "Revision label of this control plane. Changing it replaces istiod.",
    ],
    [
      "/**\n * Existing VPC.\n * @remarks May be an Output.\n * @see https://example.com\n */",
      "Existing VPC.",
    ],
    [
      "/** Login e-mail such as ops@example.com. @default - none */",
      "Login e-mail such as ops@example.com.",
    ],
    [
      "/** The `@default` tag in a code span stays. @default x */",
      "The `@default` tag in a code span stays.",
    ],
    ["/** See {@link planGpu} for the plan. */", "See {@link planGpu} for the plan."],
    ["/** @default 3 */", ""],
    ["/**   Spaces\t\tand\n\n   breaks   */", "Spaces and breaks"],
  ])("reads %j as %j", (comment, summary) => {
    expect(tsdocSummary(comment)).toBe(summary);
  });
});

describe("constantName", () => {
  it.each([
    ["IstioOptions", "ISTIO_OPTION_DOCS"],
    ["OAuth2ProxyOptions", "OAUTH2_PROXY_OPTION_DOCS"],
    ["GkeSystemPoolOptions", "GKE_SYSTEM_POOL_OPTION_DOCS"],
    ["KubeflowParamsOptions", "KUBEFLOW_PARAMS_OPTION_DOCS"],
    ["EksAcceleratorPoolArgs", "EKS_ACCELERATOR_POOL_ARGS_DOCS"],
    ["MirrorSpec", "MIRROR_SPEC_DOCS"],
    ["ProfileQuota", "PROFILE_QUOTA_DOCS"],
  ])("names %s's constant %s", (name, constant) => {
    expect(constantName(name)).toBe(constant);
  });
});

describe("readOptionDocs", () => {
  it("takes each field's summary without its tags, own fields first, then inherited ones", () => {
    const docs = readOptionDocs(
      sources({
        "services/base.ts": [
          "export interface BaseOptions {",
          "  /** Inherited field. @default true */",
          "  shared?: boolean;",
          "}",
        ].join("\n"),
        "services/thing.ts": [
          'import type { BaseOptions } from "./base";',
          "/** Not an options interface: skipped. */",
          "export interface ThingArgs { wiring: string }",
          "interface PrivateOptions { hidden: string }",
          "export interface ThingOptions extends BaseOptions {",
          "  /**",
          "   * Replicas of the thing,",
          "   * at least one.",
          "   * @default THING_DEFAULTS.replicas (1)",
          "   * @remarks Only for code.",
          "   */",
          "  replicas?: number;",
          '  /** Public hostname; "none" without. @default - none */',
          "  hostname?: string;",
          "}",
        ].join("\n"),
      }),
    );
    expect(docs).toEqual([
      {
        name: "BaseOptions",
        file: "services/base.ts",
        constant: "BASE_OPTION_DOCS",
        fields: [{ name: "shared", summary: "Inherited field." }],
      },
      {
        name: "ThingOptions",
        file: "services/thing.ts",
        constant: "THING_OPTION_DOCS",
        fields: [
          { name: "replicas", summary: "Replicas of the thing, at least one." },
          { name: "hostname", summary: 'Public hostname; "none" without.' },
          { name: "shared", summary: "Inherited field." },
        ],
      },
    ]);
  });

  it("reads the exported interfaces and object type aliases tagged @optionDocs, and no other", () => {
    const docs = readOptionDocs(
      sources({
        "cluster/pool.ts": [
          "/** Not tagged, not options: skipped. */",
          "export interface UntaggedArgs { wiring: string }",
          "/**",
          " * One GPU pool.",
          " * @optionDocs",
          " */",
          "export interface PoolArgs {",
          "  /** Stable key of the pool. */",
          "  name: string;",
          "}",
          "/** A quota. @optionDocs */",
          "export type QuotaSpec = {",
          "  /** Total CPU. @default - unlimited */",
          "  cpu?: string;",
          "};",
          "/** @optionDocs */",
          "export type PoolSpec = PoolArgs & {",
          "  /** Fewest nodes. */",
          "  min?: number;",
          "};",
        ].join("\n"),
      }),
    );
    expect(docs).toEqual([
      {
        name: "PoolArgs",
        file: "cluster/pool.ts",
        constant: "POOL_ARGS_DOCS",
        fields: [{ name: "name", summary: "Stable key of the pool." }],
      },
      {
        name: "QuotaSpec",
        file: "cluster/pool.ts",
        constant: "QUOTA_SPEC_DOCS",
        fields: [{ name: "cpu", summary: "Total CPU." }],
      },
      {
        name: "PoolSpec",
        file: "cluster/pool.ts",
        constant: "POOL_SPEC_DOCS",
        fields: [
          { name: "name", summary: "Stable key of the pool." },
          { name: "min", summary: "Fewest nodes." },
        ],
      },
    ]);
  });

  it("refuses a tagged type that is not exported, generic, a union or not declared here", () => {
    expect(() =>
      readOptionDocs(
        sources({
          "services/store.ts": [
            'import type { Elsewhere } from "some-package";',
            "/** @optionDocs */",
            "interface HiddenArgs { /** A field. */ a: string }",
            "/** @optionDocs */",
            "export interface BoxArgs<T> { /** Content. */ value: T }",
            "/** @optionDocs */",
            'export type Store = { type: "a" } | { type: "b" };',
            "/** @optionDocs */",
            "export type Foreign = Elsewhere;",
          ].join("\n"),
        }),
      ),
    ).toThrow(
      "option docs: 4 problem(s):\n" +
        "  components/services/store.ts: HiddenArgs carries @optionDocs but is not exported, so no constant can name it\n" +
        "  components/services/store.ts: BoxArgs has type parameters, which OptionDocs cannot name\n" +
        "  components/services/store.ts: Store is not one object type, so it has no one set of fields: tag each member, as an exported interface, with @optionDocs instead\n" +
        "  components/services/store.ts: Foreign is a type the sources do not declare, so its fields cannot be read",
    );
  });

  it("refuses fields without a summary, naming the interface, the field and the file", () => {
    expect(() =>
      readOptionDocs(
        sources({
          "cluster/pool.ts": [
            "export interface PoolOptions {",
            "  /** Fewest nodes. @default 0 */",
            "  min?: number;",
            "  max?: number;",
            "  /** @default false */",
            "  spot?: boolean;",
            "}",
          ].join("\n"),
        }),
      ),
    ).toThrow(
      "option docs: 2 problem(s):\n" +
        "  components/cluster/pool.ts: PoolOptions.max has no TSDoc summary (a /** ... */ sentence before the field, besides tags such as @default)\n" +
        "  components/cluster/pool.ts: PoolOptions.spot has no TSDoc summary (a /** ... */ sentence before the field, besides tags such as @default)",
    );
  });

  it("refuses a base interface it cannot read", () => {
    expect(() =>
      readOptionDocs(
        sources({
          "cloud/entry.ts": [
            'import type { Elsewhere } from "some-package";',
            "export interface EntryOptions extends Elsewhere {",
            "  /** Public hostname. */",
            "  hostname: string;",
            "}",
          ].join("\n"),
        }),
      ),
    ).toThrow(
      "option docs: 1 problem(s):\n" +
        "  components/cloud/entry.ts: EntryOptions extends Elsewhere, which is not an interface declared under components/, so its fields cannot be read",
    );
  });
});

describe("optionDocsFiles", () => {
  it("writes one file per folder: a constant per interface that satisfies OptionDocs of it", () => {
    const files = optionDocsFiles([
      {
        name: "ThingOptions",
        file: "services/thing.ts",
        constant: "THING_OPTION_DOCS",
        fields: [
          { name: "mode", summary: 'Install it, or use the cluster\'s "existing" one.' },
          {
            name: "hostname",
            summary:
              "Public hostname of the platform, which the gateway's certificate is for, and which login callbacks use.",
          },
        ],
      },
    ]);
    expect([...files.keys()]).toEqual(["services/option-docs.ts"]);
    expect(files.get("services/option-docs.ts")).toBe(
      [
        GENERATED_HEADER,
        "// Each constant holds the TSDoc summary of every field of one type (tags such as @default removed);",
        "// the stack schema (stacks/config) takes its parameter descriptions from here.",
        'import type { OptionDocs } from "../shared/option-docs-type";',
        'import type { ThingOptions } from "./thing";',
        "",
        "/** The summaries of `ThingOptions`'s fields (thing.ts). */",
        "export const THING_OPTION_DOCS = {",
        "  mode: 'Install it, or use the cluster\\'s \"existing\" one.',",
        "  hostname:",
        '    "Public hostname of the platform, which the gateway\'s certificate is for, and which login callbacks use.",',
        "} as const satisfies OptionDocs<ThingOptions>;",
        "",
      ].join("\n"),
    );
  });
});
