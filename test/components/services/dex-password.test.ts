/**
 * Dex's check of its static users' passwords, for both audiences. A library caller is told the property path
 * (`staticUsers[i].password`) and never the password: at once when it is a plain string, and, when it is an
 * Output, as soon as its value is known, which for a secret such as a config secret is during the preview.
 * A stack is told the config key that holds the password, when the config loads.
 *
 * A password given as an Output fails the program from inside an `apply`, as an unhandled rejection: those
 * runs happen in a process of their own (dex-password-run.ts), which reports what the engine would see.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the program loads after the mocks are set */
import { spawnSync } from "child_process";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Dex } from "../../../components/services/dex";
import { ConfigError } from "../../../stacks/config";
import { setupMocks } from "../../harness";
import { libraryRun } from "../../harness/library";
import type { Outcome, Scenario } from "./dex-password-run";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const RUNNER = path.join(__dirname, "dex-password-run.ts");
const BAD = "s3cr3t";
const REASON =
  "the password of bob@example.com is shorter than 8 characters; give a password of 8 to 72 bytes";

function deploy(scenario: Scenario): Outcome {
  const run = spawnSync(
    process.execPath,
    ["-r", "@swc-node/register", RUNNER, JSON.stringify(scenario)],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  // The exit status says nothing: the SDK's leak detector exits 1 after a failed registration (its waiting
  // promises never settle), as the program would.
  const line = run.stdout.split("\n").find((l) => l.startsWith("{"));
  if (line === undefined) throw new Error(`dex-password-run printed no outcome: ${run.stderr}`);
  return JSON.parse(line) as Outcome;
}

/** Children of Dex that wait for the password hashes: its config Secret and, through its checksum, the chart. */
const WAITING = ["dex-config", "dex-chart"];

describe("Dex given a password as a plain string", () => {
  it("refuses a bad one at staticUsers[i].password before registering any child", async () => {
    let error: unknown;
    const inv = await libraryRun(() => {
      try {
        new Dex("dex", {
          cluster: { ready: [] },
          istio: { ready: [] },
          staticUsers: [
            { email: "ada@example.com", password: "correct horse battery" },
            { email: "bob@example.com", password: BAD },
            { email: "eve@example.com", password: "x".repeat(73) },
          ],
        });
      } catch (e) {
        error = e;
      }
    });
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    const e = error as pulumi.InputPropertiesError;
    expect(e.errors).toEqual([
      { propertyPath: "staticUsers[1].password", reason: REASON },
      {
        propertyPath: "staticUsers[2].password",
        reason:
          "the password of eve@example.com is longer than 72 bytes, which bcrypt would truncate; " +
          "give a password of 8 to 72 bytes",
      },
    ]);
    expect(e.message).not.toContain(BAD);
    expect(e.message).not.toContain("x".repeat(73));
    expect(inv.resources.map((r) => r.type)).toEqual(["kubeflow:services:Dex"]);
  });

  it("takes a good one, stored only as a hash inside a secret", async () => {
    const inv = await libraryRun(() => {
      new Dex("dex", {
        cluster: { ready: [] },
        istio: { ready: [] },
        staticUsers: [{ email: "ada@example.com", password: "correct horse battery" }],
      });
    });
    expect(inv.get("kubernetes:core/v1:Secret", "dex-config")).toBeDefined();
    expect(inv.plaintext(["correct horse battery"])).toEqual([]);
  });
});

describe("Dex given a password as an Output", () => {
  it("fails a first preview when the password is a known secret, naming staticUsers[i].password", () => {
    // The salts are new, so unknown at this preview; the check does not wait for them.
    const outcome = deploy({ preview: true, password: "secret", value: BAD });
    expect(outcome.thrown).toBeNull();
    expect(outcome.failed).toHaveLength(1);
    const [failure] = outcome.failed;
    expect(failure!.inputPropertiesError).toBe(true);
    expect(failure!.errors).toEqual([{ propertyPath: "staticUsers[1].password", reason: REASON }]);
    expect(failure!.message).toContain(
      `Dex dex: 1 invalid input:\n  - staticUsers[1].password: ${REASON}`,
    );
    expect(failure!.message).not.toContain(BAD);
    // What waits for the hashes is never registered; the rest of Dex is (a preview changes nothing).
    for (const name of WAITING) expect(outcome.registered).not.toContain(name);
    expect(outcome.registered).toContain("dex-namespace");
  });

  it("fails an update the same way", () => {
    const outcome = deploy({ preview: false, password: "secret", value: BAD });
    expect(outcome.failed.map((f) => f.errors)).toEqual([
      [{ propertyPath: "staticUsers[1].password", reason: REASON }],
    ]);
    for (const name of WAITING) expect(outcome.registered).not.toContain(name);
  });

  it("passes a preview when the password is unknown there, and fails the update once it is known", () => {
    const preview = deploy({ preview: true, password: "unknown", value: "shrt" });
    expect(preview.failed).toEqual([]);
    for (const name of WAITING) expect(preview.registered).toContain(name);
    const update = deploy({ preview: false, password: "unknown", value: "shrt" });
    expect(update.failed.map((f) => f.errors)).toEqual([
      [{ propertyPath: "staticUsers[1].password", reason: REASON }],
    ]);
    for (const name of WAITING) expect(update.registered).not.toContain(name);
  });

  it("passes a preview with good passwords", () => {
    const outcome = deploy({ preview: true, password: "secret", value: "long enough" });
    expect(outcome.failed).toEqual([]);
    for (const name of WAITING) expect(outcome.registered).toContain(name);
  });
});

describe("the stack given a bad password in a config secret", () => {
  it.each([
    [
      "services.dex.staticUsers",
      {
        services: {
          dex: { staticUsers: [{ email: "bob@example.com", passwordSecret: "bobPassword" }] },
        },
      },
      "services.dex.staticUsers[0].passwordSecret",
    ],
    [
      "a profile owner",
      {
        profiles: [
          {
            name: "team-b",
            owner: { user: "bob@example.com", passwordSecret: "bobPassword" },
          },
        ],
      },
      "profiles[0].owner.passwordSecret",
    ],
  ])(
    "stops a preview before any resource, naming the key that names the secret (%s)",
    async (_what, config, key) => {
      const recorded = setupMocks(
        { platform: "existing", ...config },
        { preview: true, secrets: { bobPassword: BAD } },
      );
      const runStack = require("../../../index") as typeof import("../../../index");
      let error: unknown;
      try {
        await runStack();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        `kubeflow-platform:${key}: config key "bobPassword": the password of bob@example.com is ` +
          "shorter than 8 characters. Set a password of 8 to 72 bytes with " +
          "`pulumi config set --secret bobPassword <password>`",
      ]);
      expect((error as ConfigError).message).not.toContain(BAD);
      expect(recorded).toEqual([]);
    },
  );
});
