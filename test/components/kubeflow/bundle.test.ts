import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseStream, readBundle } from "../../../components/kubeflow/bundle";
import { KubeflowRelease } from "../../../components/kubeflow/release";
import { settle, setupMocks } from "../../harness";
import { bundleDir } from "../../harness/upstream";

/** A copy of a few files of the real 26.03 bundle in a temp dir, with its own bundle.json. */
function fixture(paths: string[], edit?: (index: Record<string, unknown>) => void): string {
  const src = bundleDir("26.03");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-test-"));
  const index = JSON.parse(fs.readFileSync(path.join(src, "bundle.json"), "utf8")) as {
    paths: Record<string, { file: string }>;
  } & Record<string, unknown>;
  index.paths = Object.fromEntries(paths.map((p) => [p, index.paths[p]!]));
  for (const p of paths) {
    fs.copyFileSync(path.join(src, index.paths[p]!.file), path.join(dir, index.paths[p]!.file));
  }
  edit?.(index);
  fs.writeFileSync(path.join(dir, "bundle.json"), JSON.stringify(index));
  return dir;
}

const PROFILES = "applications/profiles/pss";
const ROLES = "common/kubeflow-roles/base";

describe("readBundle", () => {
  it("reads a verified bundle and parses each path's objects in kustomize's order", () => {
    const dir = fixture([PROFILES, ROLES]);
    const b = readBundle(dir, "26.03", [PROFILES], { cacheDir: false });
    const objs = b.objects(ROLES);
    expect(objs).toHaveLength(6);
    expect(objs.every((o) => o.kind === "ClusterRole")).toBe(true);
  });

  it("gives the same objects from its parse cache as from the YAML", () => {
    const dir = fixture([ROLES]);
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-cache-"));
    const first = readBundle(dir, "26.03", [], { cacheDir: cache }).objects(ROLES);
    expect(fs.readdirSync(cache)).toHaveLength(1);
    const second = readBundle(dir, "26.03", [], { cacheDir: cache }).objects(ROLES);
    expect(second).toEqual(first);
  });

  it("refuses a missing bundle, saying what to run", () => {
    const dir = path.join(os.tmpdir(), "no-such-bundle-dir");
    expect(() => readBundle(dir, "26.03", [])).toThrow(
      `No Kubeflow 26.03 bundle at ${dir} (${dir}/bundle.json does not exist). ` +
        "Run `npm run sync -- 26.03` to render it, or set bundleDir to the directory that holds it",
    );
  });

  it("refuses a bundle of another release", () => {
    const dir = fixture([ROLES], (i) => (i.ref = "v1.11.0"));
    expect(() => readBundle(dir, "26.03", [])).toThrow(
      `${dir}/bundle.json is a bundle of Kubeflow v1.11.0, but release is 26.03. ` +
        "Run `npm run sync -- 26.03`, or point bundleDir at the 26.03 bundle",
    );
  });

  it("names the settings by the caller's keys when given (the stack passes its config keys)", () => {
    const dir = fixture([ROLES], (i) => (i.ref = "v1.11.0"));
    expect(() =>
      readBundle(dir, "26.03", [], {
        keys: { release: "kubeflow.version", bundleDir: "kubeflow.bundleDir" },
      }),
    ).toThrow(
      "but kubeflow.version is 26.03. Run `npm run sync -- 26.03`, or point kubeflow.bundleDir at the 26.03 bundle",
    );
  });

  it("refuses another bundle format", () => {
    const dir = fixture([ROLES], (i) => (i.format = 2));
    expect(() => readBundle(dir, "26.03", [])).toThrow(
      `${dir}/bundle.json has format 2; this program reads format 1. ` +
        "Run `npm run sync -- 26.03` to render it again",
    );
  });

  it("refuses a tampered file, naming both hashes, before parsing anything", () => {
    const dir = fixture([ROLES, PROFILES]);
    const file = path.join(dir, "common__kubeflow-roles__base.yaml");
    const expected = (
      JSON.parse(fs.readFileSync(path.join(dir, "bundle.json"), "utf8")) as {
        paths: Record<string, { sha256: string }>;
      }
    ).paths[ROLES]!.sha256;
    fs.appendFileSync(file, "# edited\n");
    const actual = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    expect(() => readBundle(dir, "26.03", [PROFILES])).toThrow(
      `The Kubeflow 26.03 bundle at ${dir} is not usable:\n` +
        `  - ${file} (render of ${ROLES}) has sha256 ${actual}, but bundle.json records ${expected}: ` +
        "the file changed after it was rendered\n" +
        "Run `npm run sync -- 26.03` to render it again (never edit a bundle by hand; transformations " +
        "belong in the program)",
    );
  });

  it("refuses a bundle without a path the release needs, and a listed file that is missing", () => {
    const dir = fixture([ROLES]);
    fs.rmSync(path.join(dir, "common__kubeflow-roles__base.yaml"));
    expect(() => readBundle(dir, "26.03", [PROFILES])).toThrow(
      `The Kubeflow 26.03 bundle at ${dir} is not usable:\n` +
        `  - ${dir}/bundle.json has no render of ${PROFILES}, which Kubeflow 26.03 needs\n` +
        `  - ${dir}/common__kubeflow-roles__base.yaml (render of ${ROLES}) is listed in bundle.json but missing\n`,
    );
  });

  it("refuses a path whose object count differs from bundle.json", () => {
    const dir = fixture([ROLES], (i) => {
      (i.paths as Record<string, { objects: number }>)[ROLES]!.objects = 7;
    });
    expect(() => readBundle(dir, "26.03", [], { cacheDir: false }).objects(ROLES)).toThrow(
      `${dir}/common__kubeflow-roles__base.yaml holds 6 objects, but bundle.json records 7. ` +
        "Run `npm run sync -- 26.03`",
    );
  });
});

describe("KubeflowRelease on a tampered bundle", () => {
  it("fails before any Kubernetes resource is registered", async () => {
    const dir = fixture(["common/kubeflow-namespace/base", ROLES]);
    fs.appendFileSync(path.join(dir, "common__kubeflow-roles__base.yaml"), "# edited\n");
    const recorded = setupMocks();
    expect(
      () =>
        new KubeflowRelease("kubeflow", {
          bundleDir: dir,
          applications: { centralDashboard: { enabled: false } },
          services: {
            certManager: { ready: [], clusterIssuer: "kubeflow-self-signing-issuer" },
            istio: { ready: [], ingressGateway: { namespace: "istio-system", service: "x" } },
            auth: { ready: [] },
            gpu: { ready: [] },
          },
        }),
    ).toThrow(
      /common__kubeflow-roles__base.yaml \(render of common\/kubeflow-roles\/base\) has sha256/,
    );
    await settle();
    expect(recorded.filter((r) => r.type.startsWith("kubernetes:"))).toEqual([]);
  });
});

describe("parseStream", () => {
  it("skips empty documents and refuses a document that is not a Kubernetes object", () => {
    expect(
      parseStream("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n"),
    ).toHaveLength(1);
    expect(() => parseStream("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", "f.yaml")).toThrow(
      "f.yaml: document 1 is not a Kubernetes object",
    );
  });
});
