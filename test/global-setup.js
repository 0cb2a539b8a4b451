// One scratch directory per jest run, shared by its workers: the platform object sets of the example stacks
// are built once per run (by whichever test file needs one first) and read back by the others.
const fs = require("fs");
const os = require("os");
const path = require("path");

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-test-run-"));
  process.env.KFP_TEST_RUN_DIR = dir;
};
