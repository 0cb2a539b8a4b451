/**
 * The example program stops with a message naming its config key before it registers any resource when the
 * bundle directory or a user's password is missing.
 */
import * as fs from "fs";
import * as path from "path";
import { installMocks, RecordedResource, settle } from "../../tools/offline/run";
import { REPO_ROOT } from "../harness/stackfile";
import { bundleDir } from "../harness/upstream";

const EXAMPLE = path.join(REPO_ROOT, "examples/existing-cluster");
const PROJECT = /^name:\s*(\S+)/m.exec(
  fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8"),
)![1]!;
const ALL_PASSWORDS = {
  "password-alice": "alice-Secret-7f3a9c",
  "password-bob": "bob-Secret-2d8e41",
  "password-carol": "carol-Secret-95b0c6",
};

/** Load the program under the mocks with this config; what it threw and what it registered. */
async function load(
  config: Record<string, string>,
  secrets: Record<string, string>,
): Promise<{ error: string; recorded: RecordedResource[] }> {
  const recorded = installMocks(config, PROJECT, { secrets });
  let error = "";
  jest.isolateModules(() => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require("../../examples/existing-cluster");
    } catch (e) {
      error = (e as Error).message;
    }
  });
  await settle();
  return { error, recorded };
}

describe("example: config problems stop it before the first resource", () => {
  const saved = process.env.KUBEFLOW_BUNDLE_DIR;
  beforeEach(() => delete process.env.KUBEFLOW_BUNDLE_DIR);
  afterAll(() => {
    if (saved !== undefined) process.env.KUBEFLOW_BUNDLE_DIR = saved;
  });

  it("names bundleDir when no bundle is given", async () => {
    const { error, recorded } = await load({}, ALL_PASSWORDS);
    expect(error).toBe(
      `${PROJECT}:bundleDir (not set): no rendered Kubeflow 26.03 bundle there; set it (or env KUBEFLOW_BUNDLE_DIR) to the directory \`npm run sync -- 26.03\` wrote`,
    );
    expect(recorded).toEqual([]);
  });

  it("names bundleDir when it holds no bundle", async () => {
    const { error, recorded } = await load({ bundleDir: EXAMPLE }, ALL_PASSWORDS);
    expect(error).toContain(`${PROJECT}:bundleDir (${EXAMPLE}): no rendered Kubeflow 26.03 bundle`);
    expect(recorded).toEqual([]);
  });

  it("takes the bundle from KUBEFLOW_BUNDLE_DIR and names a missing password", async () => {
    process.env.KUBEFLOW_BUNDLE_DIR = bundleDir("26.03");
    const { error, recorded } = await load(
      {},
      { "password-alice": ALL_PASSWORDS["password-alice"] },
    );
    expect(error).toContain(`${PROJECT}:password-bob`);
    expect(recorded).toEqual([]);
  });
});
