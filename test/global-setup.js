// One scratch directory per jest run, shared by its workers: the platform object sets of the example stacks
// are built once per run (by whichever test file needs one first) and read back by the others.
// Two builders (test/harness/builder.ts, plain Node) build those shared results for the workers; with
// KFP_TEST_BUILDERS=0 the workers build them themselves.
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const BUILDERS = 2;

function createRunDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-test-run-"));
  process.env.KFP_TEST_RUN_DIR = dir;
}

/** Start the builders of the run (after the environment they inherit is final). */
function startBuilders() {
  if (process.env.KFP_TEST_BUILDERS === "0") return;
  const dir = process.env.KFP_TEST_RUN_DIR;
  const root = path.resolve(__dirname, "..");
  for (let i = 0; i < BUILDERS; i++) {
    const log = fs.openSync(path.join(dir, `builder-${i}.log`), "a");
    const child = spawn(
      process.execPath,
      [
        "-r",
        "@swc-node/register",
        path.join(__dirname, "harness", "builder.ts"),
        dir,
        String(process.pid),
      ],
      { cwd: root, env: process.env, stdio: ["ignore", log, log] },
    );
    child.unref();
    fs.closeSync(log);
  }
}

module.exports = async () => {
  createRunDir();
  startBuilders();
};
module.exports.createRunDir = createRunDir;
module.exports.startBuilders = startBuilders;
