import * as fc from "fast-check";
import {
  detectSecret,
  findSecrets,
  maskUrl,
  redact,
  SecretKind,
} from "../../../stacks/config/leaks";

const kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: ci\n";
const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJlX2hlcmU";

describe("detectSecret", () => {
  it.each<[string, string, string, SecretKind]>([
    ["a kubeconfig", "kubeconfigPath", kubeconfig, "a kubeconfig's text"],
    [
      "a kubeconfig with quoted kind",
      "context",
      'apiVersion: v1\nkind: "Config"\n',
      "a kubeconfig's text",
    ],
    [
      "a kubeconfig fragment with key data",
      "x",
      "users:\n- user:\n    client-key-data: LS0t",
      "a kubeconfig's text",
    ],
    ["a kubeconfig as JSON", "x", '{"kind":"Config","clusters":[]}', "a kubeconfig's text"],
    ["an RSA private key", "x", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", "a PEM private key"],
    ["a PKCS#8 private key", "x", "-----BEGIN PRIVATE KEY-----\nMIIE", "a PEM private key"],
    ["an OpenSSH private key", "x", "-----BEGIN OPENSSH PRIVATE KEY-----", "a PEM private key"],
    ["a certificate", "caBundle", "-----BEGIN CERTIFICATE-----\nMIID", "a PEM certificate"],
    [
      "a GCP service-account key",
      "credentials",
      '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----"}',
      "a GCP service-account key",
    ],
    [
      "a URL with user:password",
      "endpoint",
      "https://user:pass@host.example.com/x",
      "a URL with a user:password",
    ],
    [
      "a database URL with a password",
      "url",
      "postgres://kf:s3cret@db:5432/kf",
      "a URL with a user:password",
    ],
    [
      "a URL with ?token=",
      "issuer",
      "https://example.com/?token=abc123",
      "a URL with a token in its query",
    ],
    [
      "a presigned S3 URL",
      "x",
      "https://b.s3.amazonaws.com/o?X-Amz-Signature=ab12",
      "a URL with a token in its query",
    ],
    [
      "a URL with &api_key=",
      "x",
      "https://example.com/v1?a=1&api_key=xyz",
      "a URL with a token in its query",
    ],
    ["a JWT", "x", jwt, "a JWT bearer token"],
    ["a bearer header", "header", `Bearer ${jwt}`, "a JWT bearer token"],
    ["an AWS access key id", "x", "AKIAIOSFODNN7EXAMPLE", "an AWS access key id"],
    ["an AWS session key id in text", "x", "id=ASIAIOSFODNN7EXAMPLE;", "an AWS access key id"],
    [
      "an AWS secret key in a credential key",
      "secretAccessKey",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "an AWS secret access key",
    ],
    [
      "an AWS secret key in a ...Secret field",
      "secretKeySecret",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "an AWS secret access key",
    ],
    ["a classic GitHub token", "x", `ghp_${"a1B2".repeat(9)}`, "a GitHub token"],
    [
      "a fine-grained GitHub token",
      "x",
      `github_pat_${"11ABCDEFG0".repeat(3)}_x`,
      "a GitHub token",
    ],
    ["a Slack bot token", "x", "xoxb-123456789012-1234567890123-AbCdEfGhIjKl", "a Slack token"],
    [
      "a Slack webhook",
      "x",
      "https://hooks.slack.com/services/T000/B000/XXXX",
      "a Slack webhook URL",
    ],
  ])("flags %s", (_name, key, value, kind) => {
    expect(detectSecret(value, key)).toBe(kind);
  });

  it.each<[string, string, string]>([
    ["a Pod manifest", "x", "apiVersion: v1\nkind: Pod\n"],
    ["a public key", "x", "-----BEGIN PUBLIC KEY-----\nMIIB"],
    ["a path to a kubeconfig", "kubeconfigPath", "/home/ci/.kube/config"],
    ["a URL with a user only", "x", "ssh://git@github.com/org/repo.git"],
    ["a URL with a harmless query", "x", "https://example.com/search?page=2&q=token"],
    ["a port after the host", "x", "https://example.com:8443/path"],
    ["a short eyJ string", "x", "eyJhbGciOi"],
    ["a dotted name starting eyJ", "x", "eyJ.a.b"],
    ["AKIA too short", "x", "AKIAIOSFODNN7"],
    ["a 40-character string in a plain key", "image", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
    [
      "a git commit in a credential key",
      "tokenRevision",
      "0123456789abcdef0123456789abcdef01234567",
    ],
    [
      "a 40-character config key name in a ...Secret field",
      "accessKeySecret",
      "kubeflowPipelinesObjectStoreAccessKey1AB",
    ],
    ["a ghp_ prefix alone", "x", "ghp_short"],
    [
      "a KMS key ARN",
      "secretsEncryptionKeyArn",
      "arn:aws:kms:eu-west-1:123456789012:key/0a1b-2c3d",
    ],
    ["a Slack channel name", "x", "xoxb-team"],
  ])("leaves %s alone", (_name, key, value) => {
    expect(detectSecret(value, key)).toBeUndefined();
  });

  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?$/);
  const benign = fc.oneof(
    fc.domain(),
    fc.emailAddress(),
    fc.webUrl(),
    fc.ipV4(),
    fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
    fc
      .array(fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/), { minLength: 1, maxLength: 6 })
      .map((segments) => `/${segments.join("/")}`),
    fc
      .tuple(fc.domain(), label, fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,19}$/))
      .map(([registry, name, tag]) => `${registry}/${name}:${tag}`),
    fc
      .tuple(fc.domain(), label, fc.stringMatching(/^[0-9a-f]{64}$/))
      .map(([registry, name, digest]) => `${registry}/${name}@sha256:${digest}`),
  );

  it("never flags hostnames, e-mails, URLs, addresses, CIDRs, paths or image refs", () => {
    fc.assert(
      fc.property(
        benign,
        fc.constantFrom("hostname", "image", "path", "cidr", "email", "passwordSecret"),
        (v, key) => {
          expect(detectSecret(v, key)).toBeUndefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("flags a secret wherever it sits in a longer value", () => {
    fc.assert(
      fc.property(benign, benign, (before, after) => {
        expect(detectSecret(`${before} ${jwt} ${after}`)).toBe("a JWT bearer token");
        expect(detectSecret(`${before}\n-----BEGIN EC PRIVATE KEY-----\n${after}`)).toBe(
          "a PEM private key",
        );
      }),
    );
  });
});

describe("findSecrets", () => {
  it("walks nested maps and lists and reports each path", () => {
    const config = {
      platform: "existing",
      cluster: {
        kubeconfigPath: kubeconfig,
        accelerators: [{ name: "l4", nodeSelector: { t: jwt } }],
      },
      profiles: [{ name: "a", owner: { user: "a@example.com" } }],
    };
    expect(findSecrets(config)).toEqual([
      { path: ["cluster", "kubeconfigPath"], kind: "a kubeconfig's text" },
      { path: ["cluster", "accelerators", 0, "nodeSelector", "t"], kind: "a JWT bearer token" },
    ]);
  });

  it("reports nothing for a config without secret material", () => {
    expect(findSecrets({ a: [1, true, null, "x", { b: "https://example.com" }] })).toEqual([]);
  });
});

describe("redact", () => {
  it("replaces only the strings at the given paths", () => {
    expect(
      redact({ a: { b: "secret", c: "ok" }, l: ["x", "y"] }, [
        ["a", "b"],
        ["l", 1],
      ]),
    ).toEqual({
      a: { b: "<redacted>", c: "ok" },
      l: ["x", "<redacted>"],
    });
  });
});

describe("maskUrl", () => {
  it.each([
    ["https://user:pass@host.example.com/x", "https://<credentials>@host.example.com/x"],
    ["https://example.com/?a=1&token=abc&b=2", "https://example.com/?a=1&token=<masked>&b=2"],
    [
      "postgres://kf:s3cret@db:5432/kf?password=x",
      "postgres://<credentials>@db:5432/kf?password=<masked>",
    ],
    [`https://example.com/?q=${jwt}`, undefined],
    ["not a url user:pass@host", undefined],
  ])("masks %s", (url, expected) => {
    expect(maskUrl(url)).toBe(expected);
  });
});
