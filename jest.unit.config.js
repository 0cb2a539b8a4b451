// `npm run test:unit`: the test files that need neither the release bundles nor the charts of
// ../shared/upstream (test/unit-files.js lists them), run against an empty upstream directory.
const base = require("./jest.config");
const { UNIT_FILES } = require("./test/unit-files");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: UNIT_FILES.map((f) => `<rootDir>/${f}`),
  globalSetup: "<rootDir>/test/global-setup-unit.js",
};
