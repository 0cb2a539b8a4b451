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
} from "../components/kubeflow/sync";

// ─── CATALOG IMPORT SITE (the only one) ──────────────────────────────────────────────────────────────
// Point this at components/catalog/ once it is merged: one SyncCatalogRelease per supported release,
// keyed by tag ({ tag, commit, paths, example, exampleComponents?, alternatives }).
const CATALOG: Readonly<Record<string, SyncCatalogRelease>> = {};
// ──────────────────────────────────────────────────────────────────────────────────────────────────────

async function main(argv: string[]): Promise<void> {
  const args = parseSyncArgs(argv);
  const plan = planFor(args.release, CATALOG);
  await sync(plan, { source: args.source, out: args.out, log: (line) => console.error(line) });
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof SyncError ? `sync: ${e.message}` : e);
  process.exitCode = 1;
});
