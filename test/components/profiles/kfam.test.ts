import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import {
  contributorAccess,
  contributorAuthorizationPolicy,
  contributorRoleBinding,
  DEFAULT_KFAM_SETTINGS,
  kfamBindingName,
  kfamSettingsFromConfigMap,
} from "../../../components/profiles/kfam";
import { bundleDir } from "../../harness/upstream";

describe("kfamBindingName (KFAM getBindingName)", () => {
  // The table of KFAM's own unit test (components/access-management/kfam/bindings_test.go, v1.10.0).
  it.each([
    ["lalith.vaka@zq.msds.kp.org", "user-lalith-vaka-zq-msds-kp-org-clusterrole-edit"],
    ["397401@zq.msds.kp.org", "user-397401-zq-msds-kp-org-clusterrole-edit"],
    ["lalith.397401@zq.msds.kp.org", "user-lalith-397401-zq-msds-kp-org-clusterrole-edit"],
    ["397401.vaka@zq.msds.kp.org", "user-397401-vaka-zq-msds-kp-org-clusterrole-edit"],
    ["i397401@zq.msds.kp.org", "user-i397401-zq-msds-kp-org-clusterrole-edit"],
  ])("names the binding of %s as KFAM does", (email, expected) => {
    expect(kfamBindingName({ kind: "User", name: email }, "edit")).toBe(expected);
  });

  it("keeps upper-case letters (lower-cased) and collapses runs of punctuation", () => {
    expect(kfamBindingName({ kind: "User", name: "Alice+ML..x@Example.com" }, "view")).toBe(
      "user-alice-ml-x-example-com-clusterrole-view",
    );
  });

  it("always gives a valid Kubernetes object name", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom("edit", "view"), (email, role) => {
        const name = kfamBindingName({ kind: "User", name: email }, role as "edit" | "view");
        expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        expect(name.endsWith(`-clusterrole-${role}`)).toBe(true);
      }),
    );
  });
});

describe("contributor access as KFAM creates it", () => {
  const bob = { kind: "User" as const, name: "bob@example.com" };

  it("binds the user to kubeflow-<role> with the annotations KFAM lists contributors by", () => {
    expect(contributorRoleBinding("team-a", bob, "edit")).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: {
        name: "user-bob-example-com-clusterrole-edit",
        namespace: "team-a",
        annotations: { user: "bob@example.com", role: "edit" },
      },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "kubeflow-edit",
      },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "bob@example.com" }],
    });
  });

  it("allows the user's requests from the ingress gateway and the Pipelines UI", () => {
    const ap = contributorAuthorizationPolicy("team-a", bob, "view");
    expect(ap.apiVersion).toBe("security.istio.io/v1beta1");
    expect(ap.metadata).toEqual({
      name: "user-bob-example-com-clusterrole-view",
      namespace: "team-a",
      annotations: { user: "bob@example.com", role: "view" },
    });
    expect(ap.spec).toEqual({
      rules: [
        {
          when: [{ key: "request.headers[kubeflow-userid]", values: ["bob@example.com"] }],
          from: [
            {
              source: {
                principals: [
                  "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account",
                  "cluster.local/ns/kubeflow/sa/ml-pipeline-ui",
                ],
              },
            },
          ],
        },
      ],
    });
  });

  it("prefixes the user id when the platform's header carries a prefix", () => {
    const settings = { ...DEFAULT_KFAM_SETTINGS, userIdHeader: "x-user", userIdPrefix: "idp:" };
    const ap = contributorAuthorizationPolicy("team-a", bob, "edit", settings);
    expect((ap.spec as { rules: Array<{ when: unknown }> }).rules[0]!.when).toEqual([
      { key: "request.headers[x-user]", values: ["idp:bob@example.com"] },
    ]);
  });

  it("gives a group a RoleBinding only, never a header rule that could not match", () => {
    const objects = contributorAccess("team-a", { kind: "Group", name: "ml-team" }, "edit");
    expect(objects.map((o) => o.kind)).toEqual(["RoleBinding"]);
    expect(objects[0]!.metadata.name).toBe("group-ml-team-clusterrole-edit");
    expect(objects[0]!.subjects).toEqual([
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ml-team" },
    ]);
  });

  it("gives a user both objects under the same name", () => {
    const objects = contributorAccess("team-a", bob, "edit");
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "RoleBinding/user-bob-example-com-clusterrole-edit",
      "AuthorizationPolicy/user-bob-example-com-clusterrole-edit",
    ]);
  });
});

describe("KFAM settings", () => {
  it("equal the profiles-config of Kubeflow 26.03", () => {
    const text = fs.readFileSync(
      path.join(bundleDir("26.03"), "applications__profiles__pss.yaml"),
      "utf8",
    );
    const cm = parseAllDocuments(text)
      .map(
        (d) =>
          d.toJS() as { kind?: string; metadata?: { name: string }; data?: Record<string, string> },
      )
      .find((o) => o.kind === "ConfigMap" && o.metadata!.name.startsWith("profiles-config"));
    expect(kfamSettingsFromConfigMap(cm!.data!)).toEqual(DEFAULT_KFAM_SETTINGS);
  });

  it("keep an empty prefix but fall back to defaults for other empty values", () => {
    expect(kfamSettingsFromConfigMap({ USERID_HEADER: "", USERID_PREFIX: "" })).toEqual(
      DEFAULT_KFAM_SETTINGS,
    );
    expect(kfamSettingsFromConfigMap({ USERID_PREFIX: "accounts.google.com:" }).userIdPrefix).toBe(
      "accounts.google.com:",
    );
  });
});
