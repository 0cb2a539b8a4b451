import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../offline/stack";

/**
 * Pure: where the offline tools find a stack's charts: its `services.charts.directory` (air-gapped installs
 * read the same folder), else `manifests/charts`, laid out `<chart>/<version>/`.
 */
export function defaultChartsDirOf(config: Record<string, unknown>, root = PROJECT_ROOT): string {
  const charts = (
    config.services as { charts?: { source?: string; directory?: string } } | undefined
  )?.charts;
  if (charts?.source === "directory" && charts.directory !== undefined) {
    return path.resolve(root, charts.directory);
  }
  return path.join(root, "manifests", "charts");
}

/** A pinned chart as the catalog gives it. */
export interface PinnedChart {
  chart: string;
  version: string;
  repo: string;
}

/** Pure but for reading the folder: the pinned charts (once each) not yet at `<dir>/<chart>/<version>/`. */
export function missingCharts(dir: string, pins: readonly PinnedChart[]): PinnedChart[] {
  const seen = new Set<string>();
  return pins.filter((p) => {
    const key = `${p.chart}/${p.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return !fs.existsSync(path.join(dir, p.chart, p.version, "Chart.yaml"));
  });
}
