// `npm run test:unit`: the per-run scratch directory of every jest run, and an empty upstream directory in
// place of ../shared/upstream, so that a file of the unit layer that reads a bundle or a chart fails loudly
// instead of reading the real ones.
const fs = require("fs");
const path = require("path");
const { createRunDir, startBuilders } = require("./global-setup");

module.exports = async () => {
  createRunDir();
  const empty = path.join(process.env.KFP_TEST_RUN_DIR, "no-upstream");
  fs.mkdirSync(empty);
  process.env.KUBEFLOW_UPSTREAM_DIR = empty;
  startBuilders();
};
