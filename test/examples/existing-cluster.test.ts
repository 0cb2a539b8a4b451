/**
 * The example platform-team program (examples/existing-cluster) run under the mocks, as `pulumi up` would run
 * it: the applications it selects and only those, its two profiles with their contributors' access, no
 * upstream default credential, no duplicate URN.
 */
import * as fs from "fs";
import * as path from "path";
import { APPLICATION_KEYS } from "../../components/catalog/types";
import { duplicateUrns, installMocks, RecordedResource, settle } from "../../tools/offline/run";
import { Inventory, SECRET_SIG, SPECIAL_SIG_KEY } from "../harness";
import { REPO_ROOT } from "../harness/stackfile";
import { bundleDir, chartDir } from "../harness/upstream";
import { buildPlatformSet } from "../../tools/verify/object-set";
import { verifySet } from "../../tools/verify/verify";
import { DISTINCTIVE } from "../components/kubeflow/secure-defaults/upstream-defaults";

const EXAMPLE = path.join(REPO_ROOT, "examples/existing-cluster");
/** The project name of the example's own Pulumi.yaml: its config keys live under it. */
const PROJECT = /^name:\s*(\S+)/m.exec(
  fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8"),
)![1]!;
const PASSWORDS = {
  "password-alice": "alice-Secret-7f3a9c",
  "password-bob": "bob-Secret-2d8e41",
  "password-carol": "carol-Secret-95b0c6",
};

let inv: Inventory;
let duplicates: string[];
let example: typeof import("../../examples/existing-cluster");

beforeAll(async () => {
  const recorded: RecordedResource[] = installMocks({ bundleDir: bundleDir("26.03") }, PROJECT, {
    secrets: PASSWORDS,
  });
  // Loaded after the mocks, as the Pulumi language host loads the program.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  example = require("../../examples/existing-cluster") as typeof example;
  await settle();
  duplicates = duplicateUrns(recorded);
  inv = new Inventory(recorded, duplicates);
});

/** Kubernetes objects with the given kind in a namespace. */
const inNamespace = (kind: string, ns: string) =>
  inv.k8s(kind).filter((r) => (r.inputs.metadata as { namespace?: string }).namespace === ns);

describe("example: a platform team's program on its existing cluster", () => {
  it("registers every resource under a distinct URN", () => {
    expect(inv.resources.length).toBeGreaterThan(100);
    expect(duplicates).toEqual([]);
  });

  it("installs the applications it selects and no other", () => {
    const selected = Object.entries(example.applications)
      .filter(([, c]) => c?.enabled === true)
      .map(([k]) => k);
    // The example makes a choice for every application of the catalog, so none is left to a default.
    expect(Object.keys(example.applications).sort()).toEqual([...APPLICATION_KEYS].sort());
    const release = inv.get("kubeflow:apps:KubeflowRelease", "kubeflow");
    const apps = inv
      .children(release)
      .filter((r) => !r.custom && r.type.startsWith("kubeflow:apps:"))
      .map((r) => r.name);
    expect(apps.sort()).toEqual(selected.map((k) => `kubeflow-${k}`).sort());
    expect(apps).toEqual(expect.arrayContaining(["kubeflow-notebooks", "kubeflow-pipelines"]));
    for (const absent of ["kserve", "knative", "katib"]) {
      expect(inv.resources.filter((r) => r.name.startsWith(`kubeflow-${absent}`))).toEqual([]);
    }
  });

  it.each([
    ["team-a", "alice@example.com", [["bob@example.com", "edit"]]],
    [
      "team-b",
      "carol@example.com",
      [
        ["alice@example.com", "view"],
        ["bob@example.com", "edit"],
      ],
    ],
  ])(
    "creates profile %s owned by %s with its contributors' RoleBindings and AuthorizationPolicies",
    (ns, owner, contributors) => {
      const profile = inv
        .k8s("Profile")
        .find((r) => (r.inputs.metadata as { name: string }).name === ns);
      expect(profile?.inputs.spec).toMatchObject({ owner: { kind: "User", name: owner } });
      for (const [user, role] of contributors) {
        const bindings = inNamespace("RoleBinding", ns).filter((r) =>
          ((r.inputs.subjects ?? []) as Array<{ name: string }>).some((s) => s.name === user),
        );
        expect(bindings.map((b) => (b.inputs.roleRef as { name: string }).name)).toEqual([
          `kubeflow-${role}`,
        ]);
        const policies = inNamespace("AuthorizationPolicy", ns).filter((r) =>
          JSON.stringify(r.inputs.spec).includes(user),
        );
        expect(policies).toHaveLength(1);
      }
    },
  );

  it("leaves no upstream default credential and no password in plain text", () => {
    const generated = inv
      .byType("random:index/randomPassword:RandomPassword")
      .map((p) => `mock-password-${p.name}`);
    // The pipelines' object store and database get generated credentials, as do Dex and oauth2-proxy.
    expect(generated.length).toBeGreaterThan(0);
    expect(inv.plaintext([...DISTINCTIVE, ...generated, ...Object.values(PASSWORDS)])).toEqual([]);
    const secret = (name: string) =>
      inv.k8s("Secret").find((r) => (r.inputs.metadata as { name: string }).name === name);
    const mysql = secret("mysql-secret");
    const minio = secret("mlpipeline-minio-artifact");
    expect(mysql).toBeDefined();
    expect(minio).toBeDefined();
    // Each is sent as a secret (encrypted in state), holding the generated values: MySQL's upstream password
    // is empty and MinIO's is minio123.
    const sealed = (r: RecordedResource) => {
      const wire = r.wireInputs.stringData as Record<string, unknown>;
      expect(wire[SPECIAL_SIG_KEY]).toBe(SECRET_SIG);
      return wire.value as Record<string, string>;
    };
    expect(sealed(mysql!).password).toBe("mock-password-kubeflow-secrets-pipelines-mysql-password");
    expect(sealed(minio!)).toEqual({
      accesskey: "mock-password-kubeflow-secrets-pipelines-object-store-access-key",
      secretkey: "mock-password-kubeflow-secrets-pipelines-object-store-secret-key",
    });
  });

  it("fits as a cluster would run it: the whole-platform verification finds no violation", () => {
    // Its objects plus its helm releases (cert-manager, Istio, Dex, oauth2-proxy) rendered by their pinned charts.
    const set = buildPlatformSet(PROJECT, "26.03", inv.resources, {
      chartsDir: path.dirname(chartDir("dex")),
    });
    const fromHelm = new Set(
      set.objects.filter((o) => o.source.via === "helm").map((o) => o.source.chart),
    );
    expect([...fromHelm].map((c) => c?.split("@")[0]).sort()).toEqual([
      "base",
      "cert-manager",
      "cni",
      "dex",
      "gateway",
      "istiod",
      "oauth2-proxy",
    ]);
    const result = verifySet({ ...set, storageClasses: ["standard"] });
    expect(result.checks.length).toBeGreaterThan(10);
    expect(result.violations).toEqual([]);
  });
});
