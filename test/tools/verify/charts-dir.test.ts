import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CHARTS } from "../../../components/services/charts";
import { defaultChartsDirOf, missingCharts } from "../../../tools/verify/charts-dir";
import { upstreamDir } from "../../harness/upstream";

describe("the charts the offline commands render", () => {
  it("are all in the shared charts folder, so nothing is left to pull there", () => {
    expect(missingCharts(path.join(upstreamDir(), "charts"), Object.values(CHARTS))).toEqual([]);
  });

  it("are each listed once for an empty folder, with the repository to pull from", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-charts-"));
    const missing = missingCharts(empty, Object.values(CHARTS));
    fs.rmSync(empty, { recursive: true, force: true });
    expect(missing.map((m) => `${m.chart}@${m.version}`).sort()).toEqual(
      [...new Set(Object.values(CHARTS).map((c) => `${c.chart}@${c.version}`))].sort(),
    );
    expect(missing.every((m) => m.repo.startsWith("https://"))).toBe(true);
  });

  it("come from services.charts.directory when the stack installs from a directory, else manifests/charts", () => {
    expect(
      defaultChartsDirOf(
        { services: { charts: { source: "directory", directory: "vendor/charts" } } },
        "/p",
      ),
    ).toBe("/p/vendor/charts");
    expect(defaultChartsDirOf({}, "/p")).toBe("/p/manifests/charts");
    expect(
      defaultChartsDirOf({ services: { charts: { source: "oci", registry: "r" } } }, "/p"),
    ).toBe("/p/manifests/charts");
  });
});
