/**
 * Bench: the graph cost of profiles under Pulumi mocks — time and heap to plan and register 1, 100 and 1000
 * profiles (each: namespace, Profile, two contributors, LimitRange, one GPU PodDefault; 9 resources).
 * Runs precompiled: `npm run build && node dist/bench/profiles.js`. Prints figures, asserts nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import { AcceleratorPool } from "../components/cluster/handle";
import { planProfile } from "../components/profiles/plan";
import { Profiles, ProfileSpec } from "../components/profiles/profile";

// SDK internals, as the test harness uses them: drain the registrations the program started.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

const POOL: AcceleratorPool = {
  name: "l4",
  vendor: "nvidia",
  type: "nvidia-l4",
  resourceName: "nvidia.com/gpu",
  nodeSelector: { pool: "l4" },
  taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }],
};

function specs(n: number): Array<ProfileSpec & { name: string }> {
  return Array.from({ length: n }, (_, i) => ({
    name: `team-${i}`,
    owner: { kind: "User" as const, name: `owner-${i}@example.com` },
    contributors: [
      { kind: "User" as const, name: `dev-${i}@example.com`, role: "edit" as const },
      { kind: "Group" as const, name: `readers-${i}`, role: "view" as const },
    ],
    quota: { cpu: "16", memory: "64Gi", gpus: 2, storage: "1Ti" },
  }));
}

export interface BenchRow {
  profiles: number;
  resources: number;
  planMs: number;
  registerMs: number;
  msPerProfile: number;
  heapKiBPerProfile: number;
}

async function measure(n: number): Promise<BenchRow> {
  let resources = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources++;
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "kubeflow-platform",
    "bench",
    false,
  );
  const input = specs(n);

  const t0 = process.hrtime.bigint();
  for (const s of input) planProfile({ ...s, clusterPools: [POOL] });
  const planMs = Number(process.hrtime.bigint() - t0) / 1e6;

  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t1 = process.hrtime.bigint();
  new Profiles("bench", { profiles: input, clusterPools: [POOL] });
  await settings.waitForRPCs();
  const registerMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const heap1 = process.memoryUsage().heapUsed;

  return {
    profiles: n,
    resources,
    planMs: round(planMs),
    registerMs: round(registerMs),
    msPerProfile: round(registerMs / n),
    heapKiBPerProfile: round(Math.max(0, heap1 - heap0) / 1024 / n),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Measure each size in turn and print a table; returns the rows for `npm run bench`. */
export async function benchProfiles(sizes: number[] = [1, 100, 1000]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of sizes) rows.push(await measure(n));
  console.log(
    "profiles: graph cost under mocks (plan = pure planning, register = Pulumi registration)",
  );
  console.table(rows);
  if (global.gc === undefined) console.log("(heap figures without --expose-gc include garbage)");
  return rows;
}

if (require.main === module) {
  benchProfiles().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
