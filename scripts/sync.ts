/**
 * `npm run sync -- <release> [--source <git url or local checkout>] [--out <dir>]`
 * Renders the catalogued kustomize paths of a Kubeflow release into manifests/kubeflow/<release>/.
 */
import {
  parseSyncArgs,
  planFor,
  sync,
  SyncCatalogRelease,
  SyncError,
  syncReleaseOf,
} from "../tools/sync/sync";
import { CATALOG as RELEASES } from "../components/catalog";

// What to render for each catalogued release, derived from the catalog.
const CATALOG: Readonly<Record<string, SyncCatalogRelease>> = Object.fromEntries(
  Object.entries(RELEASES).map(([tag, release]) => [tag, syncReleaseOf(release)]),
);

async function main(argv: string[]): Promise<void> {
  const args = parseSyncArgs(argv);
  const plan = planFor(args.release, CATALOG);
  await sync(plan, { source: args.source, out: args.out, log: (line) => console.error(line) });
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof SyncError ? `sync: ${e.message}` : e);
  process.exitCode = 1;
});
