const fs = require("fs");

module.exports = async () => {
  const dir = process.env.KFP_TEST_RUN_DIR;
  if (dir !== undefined && dir !== "") fs.rmSync(dir, { recursive: true, force: true });
};
