const fs = require("fs");
const path = require("path");

module.exports = async () => {
  const dir = process.env.KFP_TEST_RUN_DIR;
  if (dir === undefined || dir === "") return;
  // The builders (test/global-setup.js) exit when the directory is gone; stop them now all the same.
  const builders = path.join(dir, "builders");
  for (const pid of fs.existsSync(builders) ? fs.readdirSync(builders) : []) {
    try {
      process.kill(Number(pid));
    } catch {
      // already gone
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
};
