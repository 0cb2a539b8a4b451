import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GeneratedSecrets } from "../../../../components/kubeflow/secure-defaults/generated-secrets";
import {
  bcryptKey,
  CREDENTIAL_RULES,
  credentialRule,
  GENERATED_SECRETS,
  KEPT_SECRET_FIELDS,
  planGeneratedSecrets,
  secureDefaults,
} from "../../../../components/kubeflow/secure-defaults/plan";
import { K8sObject, TransformContext } from "../../../../components/kubeflow/types";
import { runProgram, SECRET_SIG, SPECIAL_SIG_KEY } from "../../../harness";
import { TEST_RELEASES } from "../../../harness/upstream";
import { bundleObjects, contextFor, deepFreeze, strings } from "../transforms/bundles";
import { DISTINCTIVE, UPSTREAM_DEFAULTS } from "./upstream-defaults";

const fakeSecrets: TransformContext["secrets"] = Object.fromEntries(
  Object.values(GENERATED_SECRETS).flatMap((s) => [
    [s.key, pulumi.output(`generated-${s.key}`)],
    [bcryptKey(s.key), pulumi.output(`generated-${s.key}-bcrypt`)],
  ]),
);

function fieldValue(obj: K8sObject, field: string): unknown {
  const stringData = (obj.stringData ?? {}) as Record<string, unknown>;
  const data = (obj.data ?? {}) as Record<string, unknown>;
  if (field in stringData) return stringData[field];
  const b64 = data[field];
  return typeof b64 === "string" ? Buffer.from(b64, "base64").toString("utf8") : b64;
}

function literalFields(obj: K8sObject): Array<{ field: string; value: string }> {
  const fields = [
    ...Object.keys((obj.data ?? {}) as object),
    ...Object.keys((obj.stringData ?? {}) as object),
  ];
  return fields
    .map((field) => ({ field, value: fieldValue(obj, field) }))
    .filter((f): f is { field: string; value: string } => typeof f.value === "string");
}

const kept = (obj: K8sObject, field: string) =>
  KEPT_SECRET_FIELDS.some(
    (k) =>
      k.field === field &&
      (typeof k.secret === "string"
        ? k.secret === obj.metadata.name
        : k.secret.test(obj.metadata.name)),
  );

describe.each(TEST_RELEASES)("secure defaults on release %s", (release) => {
  const objects = bundleObjects(release);
  const transform = secureDefaults();
  const out = objects.map((b) =>
    transform(deepFreeze(b.obj), contextFor(release, b, fakeSecrets))!,
  );

  it("knows every literal field of every Secret: a credential to replace, or kept with a reason", () => {
    const unknown = objects.flatMap(({ obj }) =>
      obj.kind !== "Secret"
        ? []
        : literalFields(obj)
            .filter((f) => f.value !== "" || f.field === "password")
            .filter((f) => !credentialRule(obj, f.field) && !kept(obj, f.field))
            .map((f) => `${obj.metadata.namespace ?? ""}/${obj.metadata.name}.${f.field}`),
    );
    expect(unknown).toEqual([]);
  });

  it("leaves no upstream default in a credential field, and replaces each with its generated secret", () => {
    const leftovers: string[] = [];
    out.forEach((obj) => {
      if (obj.kind !== "Secret") return;
      for (const field of Object.keys({ ...(obj.data as object), ...(obj.stringData as object) })) {
        const rule = credentialRule(obj, field);
        if (!rule) continue;
        const v = fieldValue(obj, field);
        if (!pulumi.Output.isInstance(v)) leftovers.push(`${obj.metadata.name}.${field}`);
      }
    });
    expect(leftovers).toEqual([]);
  });

  it("leaves no distinctive default value anywhere, in plain text or base64", () => {
    const needles = DISTINCTIVE.flatMap((d) => [d, Buffer.from(d).toString("base64")]);
    const hits = out.flatMap((obj) =>
      strings(obj)
        .filter((s) => needles.some((n) => s.value.includes(n)))
        .map((s) => `${obj.kind}/${obj.metadata.name} ${s.at}`),
    );
    expect(hits).toEqual([]);
  });

  it("has no literal credential in any env var named like a password, secret, key or token", () => {
    // Env vars whose names look like credentials but hold settings, each with the reason.
    const settings: Record<string, string> = {
      PILOT_JWT_PUB_KEY_REFRESH_INTERVAL: "an Istio refresh interval",
      SECRET_NAME: "the name of KServe's webhook certificate Secret",
      SECRETS_PATH: "a mount path",
      ENABLE_SECRET_INFORMER_FILTERING_BY_CERT_UID: "a Knative feature flag",
    };
    const hits: string[] = [];
    for (const obj of out) {
      for (const s of strings(obj)) {
        const m = /^(.*\.env\[\d+\])\.name$/.exec(s.at);
        if (!m || !/PASSWORD|SECRET|_KEY$|TOKEN|CREDENTIAL/i.test(s.value)) continue;
        const literal = strings(obj).find((x) => x.at === `${m[1]}.value`);
        if (literal && !(s.value in settings)) {
          hits.push(`${obj.kind}/${obj.metadata.name} ${s.value}=${literal.value}`);
        }
      }
    }
    expect(hits).toEqual([]);
  });

  it("starts no MySQL with an empty root password", () => {
    const hits = out.flatMap((obj) =>
      strings(obj)
        .filter((s) => s.value === "MYSQL_ALLOW_EMPTY_PASSWORD")
        .map((s) => `${obj.kind}/${obj.metadata.name} ${s.at}`),
    );
    expect(hits).toEqual([]);
  });

  it("gives the Pipelines MySQL the root password its clients read from mysql-secret", () => {
    const mysql = out.filter(
      (o) => o.kind === "Deployment" && o.metadata.name === "mysql",
    ) as Array<
      K8sObject & { spec: { template: { spec: { containers: Array<{ env: unknown[] }> } } } }
    >;
    expect(mysql.length).toBeGreaterThan(0);
    for (const d of mysql) {
      expect(d.spec.template.spec.containers[0]!.env).toContainEqual({
        name: "MYSQL_ROOT_PASSWORD",
        valueFrom: { secretKeyRef: { name: "mysql-secret", key: "password" } },
      });
    }
  });

  it("plans exactly the generated secrets the release's credentials use", () => {
    const planned = planGeneratedSecrets(objects.map((b) => b.obj)).map((s) => s.key);
    const used = new Set(
      objects.flatMap(({ obj }) =>
        obj.kind === "Secret"
          ? literalFields(obj).flatMap((f) => credentialRule(obj, f.field)?.key ?? [])
          : [],
      ),
    );
    expect(planned).toEqual([...used].sort());
    expect(planned).toEqual(
      expect.arrayContaining([
        "katib-mysql-password",
        "oauth2-proxy-cookie-secret",
        "oidc-client-secret",
        "pipelines-mysql-password",
        "pipelines-object-store-access-key",
        "pipelines-object-store-secret-key",
      ]),
    );
  });
});

describe("secure defaults: details", () => {
  it("lists the model registry databases in 26.03 only", () => {
    const keys = (r: string) =>
      planGeneratedSecrets(bundleObjects(r).map((b) => b.obj)).map((s) => s.key);
    expect(keys("26.03")).toEqual(
      expect.arrayContaining(["model-registry-mysql-password", "model-catalog-postgres-password"]),
    );
    expect(keys("v1.11.0")).not.toContain("model-registry-mysql-password");
  });

  it("does not generate secrets the user provides", () => {
    const objs = bundleObjects("26.03").map((b) => b.obj);
    const keys = planGeneratedSecrets(objs, new Set(["pipelines-object-store-access-key"])).map(
      (s) => s.key,
    );
    expect(keys).not.toContain("pipelines-object-store-access-key");
    expect(keys).toContain("pipelines-object-store-secret-key");
  });

  it("fails with a clear message when a planned secret was not passed in", () => {
    const b = bundleObjects("26.03").find(
      (o) => o.obj.kind === "Secret" && o.obj.metadata.name === "katib-mysql-secrets",
    )!;
    expect(() => secureDefaults()(b.obj, contextFor("26.03", b, {}))).toThrow(
      'secure defaults: no value for secret "katib-mysql-password" (object from applications/katib/upstream/installs/katib-with-kubeflow); plan the generated secrets with planGeneratedSecrets() over the same objects',
    );
  });

  it("has a generated-secret spec for every rule, with a length oauth2-proxy accepts for its cookie", () => {
    for (const r of CREDENTIAL_RULES) expect(GENERATED_SECRETS[r.key]).toBeDefined();
    expect([16, 24, 32]).toContain(GENERATED_SECRETS["oauth2-proxy-cookie-secret"]!.length);
  });
});

describe("generated secrets on the wire", () => {
  it("registers one RandomPassword per key and sends every replaced credential as a secret", async () => {
    const objects = bundleObjects("26.03").filter((b) => b.obj.kind === "Secret");
    const plan = planGeneratedSecrets(objects.map((b) => b.obj));
    const inv = await runProgram({}, {}, () => {
      const generated = new GeneratedSecrets("kubeflow-secrets", { secrets: plan });
      objects.forEach((b) => {
        const obj = secureDefaults()(b.obj, contextFor("26.03", b, generated.values))!;
        const name = `${b.path.replace(/\//g, "-")}-${obj.metadata.name}`;
        new k8s.core.v1.Secret(name, obj as k8s.core.v1.SecretArgs);
      });
    });
    const passwords = inv.byType("random:index/randomPassword:RandomPassword");
    expect(passwords.map((p) => p.name).sort()).toEqual(
      plan.map((s) => `kubeflow-secrets-${s.key}`).sort(),
    );
    const mockValues = passwords.map((p) => `mock-password-${p.name}`);
    expect(
      inv.plaintext([...mockValues, ...DISTINCTIVE, UPSTREAM_DEFAULTS.minioSecretKey]),
    ).toEqual([]);
    const katib = inv
      .byType("kubernetes:core/v1:Secret")
      .find((r) => r.name.endsWith("katib-mysql-secrets"))!;
    // The provider marks the whole stringData secret once any value in it is.
    const wire = katib.wireInputs.stringData as Record<string, unknown>;
    expect(wire[SPECIAL_SIG_KEY]).toBe(SECRET_SIG);
  });
});
