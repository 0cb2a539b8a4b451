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
