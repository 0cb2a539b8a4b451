/**
 * `npm run status` as pure functions: its arguments, reading the `status` stack output back from
 * `pulumi stack output --json`, and printing it as tables a platform team reads.
 */
import * as path from "path";
import { PlatformStatus, SERVICE_KEYS, ServiceKey, ServiceStatus } from "../stacks/status";

export interface StatusArgs {
  stack: string;
  /** Compute the outputs from the stack file under mocks instead of asking the Pulumi CLI. */
  offline: boolean;
  /** Print the status as JSON instead of tables. */
  json: boolean;
  /** Release bundle directory for offline runs; default: the stack's `kubeflow.bundleDir`. */
  bundles?: string;
}

export const STATUS_USAGE =
  "usage: npm run status -- <stack> [--offline] [--json] [--bundles <bundle dir>]";

/** Pure: parse the arguments of `npm run status`, or say what is wrong. */
export function parseStatusArgs(argv: readonly string[]): StatusArgs | { error: string } {
  const out: StatusArgs = { stack: "", offline: false, json: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--offline") out.offline = true;
    else if (a === "--json") out.json = true;
    else if (a === "--bundles") {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) {
        return { error: `--bundles needs a value\n${STATUS_USAGE}` };
      }
      out.bundles = path.resolve(v);
      i++;
    } else if (a.startsWith("--")) {
      return {
        error: `unknown option ${a}; options: --offline, --json, --bundles\n${STATUS_USAGE}`,
      };
    } else rest.push(a);
  }
  if (rest.length !== 1) return { error: `name one stack (Pulumi.<stack>.yaml)\n${STATUS_USAGE}` };
  return { ...out, stack: rest[0]! };
}

/** Pure: the Pulumi stack name of a stack argument (`dev`, or a path to `Pulumi.dev.yaml`). */
export function stackNameOf(stack: string): string {
  const m = /^Pulumi\.(.+)\.yaml$/.exec(path.basename(stack));
  return m !== null ? m[1]! : stack;
}

/**
 * Pure: the `status` output from the JSON `pulumi stack output --json` prints, or an error saying why it is
 * not there (a stack last deployed by a version without it).
 */
export function statusFromOutputs(json: string): PlatformStatus | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    return { error: `pulumi stack output did not print JSON (${(e as Error).message})` };
  }
  const status = (parsed as { status?: unknown } | null)?.status;
  if (status === null || typeof status !== "object") {
    return {
      error:
        "the stack has no `status` output: it was last deployed by a version of this program without " +
        "it. Run `pulumi up`, or `npm run status -- <stack> --offline` to compute it from the stack file",
    };
  }
  return status as PlatformStatus;
}

/** Pure: the first line's account of an offline status (`--offline`, or no Pulumi CLI on the PATH). */
export function offlineSource(why: "--offline" | "no Pulumi CLI found"): string {
  return `offline (${why}): computed from the stack file under mocks; addresses are known after \`pulumi up\``;
}

/** Pure: rows as columns padded to the widest cell, the header underlined. Empty cells print `-`. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>) {
  const cells = [header, ...rows].map((r) => header.map((_, i) => (r[i] ?? "") || "-"));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(cells[0]!), line(widths.map((w) => "-".repeat(w))), ...cells.slice(1).map(line)];
}

const SERVICE_TITLES: Record<ServiceKey, string> = {
  certManager: "cert-manager",
  istio: "Istio",
  dex: "Dex",
  oauth2Proxy: "oauth2-proxy",
  gpu: "GPU support",
};

function serviceRow(key: ServiceKey, s: ServiceStatus): string[] {
  if (s.state === "installed") {
    return [SERVICE_TITLES[key], s.state, `${s.chart} ${s.version}`, s.detail ?? ""];
  }
  return [SERVICE_TITLES[key], s.state, "", s.detail ?? ""];
}

/** Pure: the status as the lines `npm run status` prints. */
export function formatStatus(status: PlatformStatus, source: string): string[] {
  const g = status.gateway;
  const gateway = [
    `Gateway   ${g.url}/`,
    ...(g.portForward !== undefined ? [`          reach it with: ${g.portForward}`] : []),
    `          Service ${g.service}${g.exposure !== undefined ? `, ${g.exposure}` : ""}`,
    ...(g.loadBalancerAddress !== undefined
      ? [`          load balancer address: ${String(g.loadBalancerAddress)}`]
      : []),
  ];
  return [
    `Stack ${status.cluster} (${status.platform}), Kubeflow ${status.release} — ${source}`,
    "",
    ...gateway,
    "",
    ...formatTable(
      ["APPLICATION", "VERSION", "MODE", "URL"],
      status.applications.map((a) => [a.name, a.version ?? "", a.mode ?? "", a.url ?? ""]),
    ),
    "",
    ...formatTable(
      ["SERVICE", "STATUS", "CHART", "DETAIL"],
      SERVICE_KEYS.map((k) => serviceRow(k, status.services[k])),
    ),
  ];
}
