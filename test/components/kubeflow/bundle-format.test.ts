import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import {
  BundleIndex,
  countDocuments,
  decodePath,
  encodePath,
  entryFor,
  parseStream,
  sha256,
  verifyBundle,
} from "../../../components/kubeflow/bundle-format";

const RELEASE = "26.03";
const STREAM = Buffer.from(
  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n",
);

let base: string;
let counter = 0;

/** A valid one-path bundle in a fresh directory; `mutate` may break it. */
function bundle(mutate: (dir: string, index: BundleIndex) => void = () => undefined): string {
  const dir = path.join(base, `b${counter++}`);
  fs.mkdirSync(dir);
  const entry = entryFor("common/kubeflow-namespace/base", STREAM);
  fs.writeFileSync(path.join(dir, entry.file), STREAM);
  const index: BundleIndex = {
    format: 1,
    source: "https://github.com/kubeflow/community-distribution",
    ref: RELEASE,
    commit: "d68ebc7fab366ab40ddd1541d2ec22febb31bc83",
    commitDate: "2026-03-21",
    renderer: "kustomize v5.7.1 (kubectl v1.34.5)",
    paths: { "common/kubeflow-namespace/base": entry },
    example: ["common/kubeflow-namespace/base"],
    alternatives: [],
  };
  mutate(dir, index);
  fs.writeFileSync(path.join(dir, "bundle.json"), JSON.stringify(index));
  return dir;
}

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-format-"));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe("path names", () => {
  it("encodes a kustomize path as its file name and back", () => {
    expect(encodePath("applications/pipeline/overlays")).toBe(
      "applications__pipeline__overlays.yaml",
    );
    expect(decodePath("applications__pipeline__overlays.yaml")).toBe(
      "applications/pipeline/overlays",
    );
    expect(encodePath("./common/istio/istio-crds/base/")).toBe(
      "common__istio__istio-crds__base.yaml",
    );
  });

  it("decodes every path it accepts back to that path, so two paths never share a file", () => {
    const segment = fc.stringMatching(/^[a-z_.-]{1,6}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segs) => {
        const p = segs.join("/");
        let file: string;
        try {
          file = encodePath(p);
        } catch {
          return;
        }
        expect(decodePath(file)).toBe(p.replace(/^\.\/+/, ""));
      }),
    );
  });

  it("accepts every path of the shape upstream uses", () => {
    const segment = fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,10}[a-z0-9])?$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segs) => {
        fc.pre(!segs.includes(".."));
        expect(decodePath(encodePath(segs.join("/")))).toBe(segs.join("/"));
      }),
    );
  });

  it.each(["../x", "a/./b", "a//b", "a__b", "a_/b", ""])(
    "refuses %j, which would not decode to itself",
    (p) => {
      expect(() => encodePath(p)).toThrow(
        `kustomize path "${p}" cannot be encoded: it must be a relative path without "." or "..", empty segments, "__" or a segment ending in "_"`,
      );
    },
  );
});

describe("countDocuments", () => {
  it("counts what the YAML parser finds, without parsing", () => {
    const doc = fc.dictionary(
      fc.stringMatching(/^[a-z]{1,8}$/),
      fc.oneof(fc.string(), fc.integer(), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 })),
      { minKeys: 1, maxKeys: 5 },
    );
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 6 }), fc.boolean(), (docs, leading) => {
        const text = (leading ? "---\n" : "") + docs.map((d) => stringify(d)).join("---\n");
        expect(countDocuments(text)).toBe(parseStream(text, "t").length);
      }),
    );
  });

  it("does not count a document marker inside a block scalar's content nor empty documents", () => {
    const text = "a: |\n  ---\n  x\n---\n---\n# only a comment\n---\nb: 1\n";
    expect(countDocuments(text)).toBe(2);
    expect(parseStream(text, "t")).toEqual([{ a: "---\nx\n" }, { b: 1 }]);
  });
});

describe("verifyBundle", () => {
  it("returns the index of a bundle whose files match it", () => {
    const dir = bundle();
    expect(verifyBundle(dir, RELEASE).paths["common/kubeflow-namespace/base"]).toEqual({
      file: "common__kubeflow-namespace__base.yaml",
      sha256: sha256(STREAM),
      objects: 2,
      bytes: STREAM.length,
    });
  });

  it("refuses a directory without bundle.json", () => {
    const dir = path.join(base, "empty");
    fs.mkdirSync(dir);
    expect(() => verifyBundle(dir, RELEASE)).toThrow(
      `bundle of Kubeflow 26.03 not found: ${dir}/bundle.json does not exist; run \`npm run sync -- 26.03\``,
    );
  });

  it("refuses another format", () => {
    const dir = bundle((_d, i) => ((i as { format: number }).format = 2));
    expect(() => verifyBundle(dir, RELEASE)).toThrow(
      `${dir}/bundle.json has format 2, this program reads format 1; run \`npm run sync -- 26.03\``,
    );
  });

  it("refuses a bundle of another release", () => {
    const dir = bundle((_d, i) => (i.ref = "v1.11.0"));
    expect(() => verifyBundle(dir, RELEASE)).toThrow(
      `${dir}/bundle.json holds Kubeflow "v1.11.0", but 26.03 is configured; run \`npm run sync -- 26.03\`, or install release "v1.11.0" from it`,
    );
  });

  it("refuses a bundle.json that lists no path", () => {
    const dir = bundle((_d, i) => (i.paths = {}));
    expect(() => verifyBundle(dir, RELEASE)).toThrow(
      `bundle of Kubeflow 26.03 in ${dir} does not match its bundle.json:\n  - bundle.json lists no rendered path\nrun \`npm run sync -- 26.03\` to render it again`,
    );
  });

  it("refuses invalid JSON", () => {
    const dir = bundle();
    fs.writeFileSync(path.join(dir, "bundle.json"), "{");
    expect(() => verifyBundle(dir, RELEASE)).toThrow(
      new RegExp(
        `^${dir}/bundle\\.json is not valid JSON \\(.*\\); run \`npm run sync -- 26\\.03\`$`,
      ),
    );
  });

  it("lists a missing file, a changed file and a wrong object count together", () => {
    const dir = bundle((d, i) => {
      i.paths["gone"] = { ...entryFor("gone", STREAM) };
      const changed = Buffer.concat([STREAM, Buffer.from("# edited\n")]);
      fs.writeFileSync(path.join(d, "changed.yaml"), changed);
      i.paths["changed"] = { ...entryFor("changed", STREAM), bytes: changed.length };
      fs.writeFileSync(path.join(d, "miscounted.yaml"), STREAM);
      i.paths["miscounted"] = { ...entryFor("miscounted", STREAM), objects: 3 };
    });
    expect(() => verifyBundle(dir, RELEASE)).toThrow(
      [
        `bundle of Kubeflow 26.03 in ${dir} does not match its bundle.json:`,
        "  - gone.yaml (gone) is missing",
        `  - changed.yaml (changed) has sha256 ${sha256(Buffer.concat([STREAM, Buffer.from("# edited\n")]))}, bundle.json says ${sha256(STREAM)}`,
        "  - miscounted.yaml (miscounted) holds 2 objects, bundle.json says 3",
        "run `npm run sync -- 26.03` to render it again",
      ].join("\n"),
    );
  });
});
