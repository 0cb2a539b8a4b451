/**
 * One Dex deployment under Pulumi's mocks, in a process of its own, run by dex-password.test.ts: a password
 * given as an Output is checked inside an `apply`, so a bad one fails the program the way the engine sees it,
 * as an unhandled rejection of the registrations that wait for it (jest's VM gives a test no hold on those).
 *
 * `node -r @swc-node/register dex-password-run.ts '<scenario JSON>'` prints one JSON line: the resources
 * registered, the error the constructor threw, and the errors the program failed with, deduplicated by
 * identity as the Node language host does (@pulumi/pulumi/cmd/run/run.js).
 *
 * The mocks stand for a first deployment: in a preview, a resource this deployment creates has unknown
 * outputs (the salts of the hashes, a RandomPassword), as the random provider previews them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Dex } from "../../../components/services/dex";

export interface Scenario {
  preview: boolean;
  /** `secret`: a known `pulumi.secret(value)`, as a config secret is; `unknown`: a RandomPassword's result. */
  password: "secret" | "unknown";
  value: string;
}

/** An error as a test reads it: whether it is an InputPropertiesError, its message and its property paths. */
export interface SeenError {
  inputPropertiesError: boolean;
  message: string;
  errors: Array<{ propertyPath: string; reason: string }>;
}

export interface Outcome {
  registered: string[];
  thrown: SeenError | null;
  failed: SeenError[];
}

function seen(e: unknown): SeenError {
  const ipe = pulumi.InputPropertiesError.isInstance(e);
  return {
    inputPropertiesError: ipe,
    message: e instanceof Error ? e.message : String(e),
    errors: ipe ? e.errors.map((x) => ({ propertyPath: x.propertyPath, reason: x.reason })) : [],
  };
}

async function main(scenario: Scenario): Promise<Outcome> {
  const registered: string[] = [];
  const failures = new Set<unknown>();
  const fail = (e: unknown) => failures.add(e);
  process.on("unhandledRejection", fail);
  process.on("uncaughtException", fail);

  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args.name);
        const state: Record<string, unknown> = { ...args.inputs };
        if (!scenario.preview) {
          if (args.type === "random:index/randomBytes:RandomBytes")
            state.base64 = Buffer.from(`salt-${args.name}`.padEnd(16, "x")).toString("base64");
          if (args.type === "random:index/randomPassword:RandomPassword")
            state.result = args.name === "generated" ? scenario.value : "x".repeat(32);
        }
        return { id: `${args.name}-id`, state };
      },
      call: () => ({}),
    },
    "dex-password",
    "test",
    scenario.preview,
  );

  const password =
    scenario.password === "secret"
      ? pulumi.secret(scenario.value)
      : pulumi.secret(new random.RandomPassword("generated", { length: 16 }).result);
  let thrown: SeenError | null = null;
  try {
    new Dex("dex", {
      cluster: { ready: [] },
      istio: { ready: [] },
      staticUsers: [
        { email: "ada@example.com", password: pulumi.secret("correct horse battery") },
        { email: "bob@example.com", password },
      ],
    });
  } catch (e) {
    thrown = seen(e);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { registered, thrown, failed: [...failures].map(seen) };
}

main(JSON.parse(process.argv[2]!) as Scenario).then(
  (outcome) => {
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    process.exit();
  },
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
