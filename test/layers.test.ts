/**
 * The test layers (README, "Test layers"): `npm run test:unit` runs the files test/unit-files.js lists
 * against an empty upstream directory, so a listed file that reads a bundle or a chart fails loudly there;
 * here, the list itself is kept honest.
 */
import * as fs from "fs";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UNIT_FILES } = require("./unit-files") as { UNIT_FILES: string[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const unitConfig = require("../jest.unit.config") as { testMatch: string[]; globalSetup: string };

const ROOT = path.resolve(__dirname, "..");

describe("the unit layer (npm run test:unit)", () => {
  it("lists existing test files, sorted, each once", () => {
    expect(UNIT_FILES.length).toBeGreaterThan(0);
    const missing = UNIT_FILES.filter((f) => !fs.existsSync(path.join(ROOT, f)));
    expect(missing).toEqual([]);
    expect(UNIT_FILES.filter((f) => !/^test\/.+\.test\.ts$/.test(f))).toEqual([]);
    expect([...new Set(UNIT_FILES)].sort()).toEqual(UNIT_FILES);
  });

  it("runs exactly those files, with the upstream directory emptied", () => {
    expect(unitConfig.testMatch).toEqual(UNIT_FILES.map((f) => `<rootDir>/${f}`));
    expect(unitConfig.globalSetup).toBe("<rootDir>/test/global-setup-unit.js");
  });

  it("holds no file that reads the shared object sets or the upstream data by name", () => {
    const reads = UNIT_FILES.filter((f) =>
      /from "(\.\.\/)+(tools\/verify\/)?sets"|harness\/upstream"/.test(
        fs.readFileSync(path.join(ROOT, f), "utf8"),
      ),
    );
    expect(reads).toEqual([]);
  });
});
