import * as pulumi from "@pulumi/pulumi";
import * as bcrypt from "bcryptjs";
import * as fc from "fast-check";
import { parse } from "yaml";
import {
  DEX_CONFIG_SECRET,
  dexConfig,
  dexConfigYaml,
  dexValues,
  passwordProblems,
  stableBcrypt,
  staticUserId,
} from "../../../components/services/dex-config";
import { userKey } from "../../../components/services/dex";

const salt = (n: number) => Buffer.alloc(16, n).toString("base64");

describe("stable password hashes", () => {
  it("gives the same hash for the same password and salt, so a preview shows no diff", () => {
    expect(stableBcrypt("correct horse", salt(1))).toBe(stableBcrypt("correct horse", salt(1)));
  });

  it("gives a hash Dex accepts for the password and no other", () => {
    const hash = stableBcrypt("correct horse", salt(2));
    expect(bcrypt.compareSync("correct horse", hash)).toBe(true);
    expect(bcrypt.compareSync("wrong horse", hash)).toBe(false);
    expect(hash.startsWith("$2b$12$")).toBe(true);
  });

  it("changes the hash when the salt or the password changes", () => {
    const a = stableBcrypt("correct horse", salt(3));
    expect(stableBcrypt("correct horse", salt(4))).not.toBe(a);
    expect(stableBcrypt("correct horsf", salt(3))).not.toBe(a);
  });

  it("refuses a salt shorter than 16 bytes", () => {
    expect(() => stableBcrypt("x", Buffer.alloc(8).toString("base64"))).toThrow(
      "bcrypt salt needs 16 random bytes",
    );
  });

  it("names too short and too long passwords without showing them", () => {
    expect(passwordProblems("a@b.io", "short")).toEqual([
      "the password of a@b.io is shorter than 8 characters",
    ]);
    expect(passwordProblems("a@b.io", "x".repeat(73))).toEqual([
      "the password of a@b.io is longer than 72 bytes, which bcrypt would truncate",
    ]);
    expect(passwordProblems("a@b.io", "long enough")).toEqual([]);
  });
});

describe("Dex config", () => {
  const connectors = [
    {
      type: "oidc" as const,
      id: "corp",
      name: "Corp",
      issuer: "https://login.example.com",
      clientId: "kf",
      clientSecret: "oidc-s3cret",
      groups: true,
    },
    {
      type: "google" as const,
      id: "google",
      name: "Google",
      clientId: "g",
      clientSecret: "g-s3cret",
    },
    {
      type: "github" as const,
      id: "gh",
      name: "GitHub",
      clientId: "h",
      clientSecret: "h-s3cret",
      orgs: [{ name: "acme" }],
    },
    {
      type: "ldap" as const,
      id: "ldap",
      name: "LDAP",
      host: "ldap.example.com:636",
      bindDN: "cn=dex",
      bindPassword: "ldap-s3cret",
      userSearch: {
        baseDN: "ou=people",
        username: "mail",
        idAttr: "uid",
        emailAttr: "mail",
        nameAttr: "cn",
      },
      groupSearch: { baseDN: "ou=groups", userAttr: "DN", groupAttr: "member", nameAttr: "cn" },
    },
  ];

  it("puts each connector's secret and the platform callback into its config", () => {
    const c = dexConfig({
      staticUsers: [],
      connectors,
      oauth2ProxyClientSecret: "client-s3cret",
      publicUrl: "https://kf.example.com",
    });
    expect(c.connectors.map((x) => [x.type, x.id])).toEqual([
      ["oidc", "corp"],
      ["google", "google"],
      ["github", "gh"],
      ["ldap", "ldap"],
    ]);
    const text = JSON.stringify(c);
    for (const s of ["oidc-s3cret", "g-s3cret", "h-s3cret", "ldap-s3cret", "client-s3cret"]) {
      expect(text).toContain(s);
    }
    expect((c.connectors[0]!.config as { redirectURI: string }).redirectURI).toBe(
      "https://kf.example.com/dex/callback",
    );
    expect((c.connectors[0]!.config as { scopes: string[] }).scopes).toContain("groups");
    expect(c.staticClients[0]!.redirectURIs).toEqual([
      "/oauth2/callback",
      "https://kf.example.com/oauth2/callback",
    ]);
  });

  it("refuses connectors without a public URL for their callback, naming the publicUrl input", () => {
    let error: unknown;
    try {
      dexConfig({ staticUsers: [], connectors, oauth2ProxyClientSecret: "s" });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      {
        propertyPath: "publicUrl",
        reason:
          "is required by connectors, whose callback is <publicUrl>/dex/callback: set it to the " +
          "platform's public URL (https://<gateway hostname>)",
      },
    ]);
  });

  it("lists static users with stable ids and turns the password DB off without them", () => {
    const users = [{ email: "Ada@Example.com", hash: "$2b$12$h" }];
    const c = dexConfig({ staticUsers: users, connectors: [], oauth2ProxyClientSecret: "s" });
    expect(c.enablePasswordDB).toBe(true);
    expect(c.staticPasswords).toEqual([
      {
        email: "Ada@Example.com",
        hash: "$2b$12$h",
        username: "Ada",
        userID: staticUserId("ada@example.com"),
      },
    ]);
    expect(
      dexConfig({ staticUsers: [], connectors: [], oauth2ProxyClientSecret: "s" }).enablePasswordDB,
    ).toBe(false);
  });

  it("writes YAML Dex can read back", () => {
    const text = dexConfigYaml({ staticUsers: [], connectors: [], oauth2ProxyClientSecret: "s" });
    expect((parse(text) as { storage: { type: string } }).storage.type).toBe("kubernetes");
  });

  it("keeps user ids stable and distinct per e-mail", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.emailAddress(), (a, b) => {
        expect(staticUserId(a)).toBe(staticUserId(a.toUpperCase()));
        if (a.toLowerCase() !== b.toLowerCase()) expect(staticUserId(a)).not.toBe(staticUserId(b));
      }),
    );
  });

  it("derives resource keys from e-mails that differ when the e-mails differ in letters or digits", () => {
    expect(userKey("Ada.Lovelace@example.com")).toBe("ada-lovelace-example-com");
  });
});

describe("Dex chart values", () => {
  it("mount the config Secret and hold no credential", () => {
    const v = dexValues({ configChecksum: "abc" });
    expect(v.configSecret).toEqual({ create: false, name: DEX_CONFIG_SECRET });
    expect(v.config).toBeUndefined();
    expect(v.image).toEqual({ tag: "v2.45.1" });
    expect(v.podAnnotations).toEqual({ "checksum/config": "abc" });
  });
});
