/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }],
  },
  // The SDK's function serialisation loads TypeScript and npm's Arborist on import; no test uses it, so
  // they load on first use instead (test/stubs/lazy.js). The cloud providers' packages load their members
  // on first use too (test/stubs/provider-package.js).
  moduleNameMapper: {
    "^@pulumi/aws$": "<rootDir>/test/stubs/aws.js",
    "^@pulumi/gcp$": "<rootDir>/test/stubs/gcp.js",
    "^@npmcli/arborist$": "<rootDir>/test/stubs/arborist.js",
    "^(\\.\\./)+typescript-shim$": "<rootDir>/test/stubs/typescript.js",
  },
  // Pulumi's mocks are process-global; one worker per core keeps files isolated and memory bounded.
  maxWorkers: 2,
  testTimeout: 300000,
  globalSetup: "<rootDir>/test/global-setup.js",
  globalTeardown: "<rootDir>/test/global-teardown.js",
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
