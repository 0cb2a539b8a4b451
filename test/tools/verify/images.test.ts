import { execFileSync } from "child_process";
import * as path from "path";
import { imagesOf } from "../../../tools/verify/stack-set";
import { REPO_ROOT } from "../../harness/stackfile";
import { bundleDir, upstreamDir } from "../../harness/upstream";
import { EXAMPLE_STACKS, platformSet } from "./sets";

const MIRROR = "registry.corp.example/mirror";

describe("with kubeflow.imageRegistry set", () => {
  it.each(EXAMPLE_STACKS)(
    "no image of the %s platform, bundle or chart, names a public registry",
    async (stack) => {
      const set = await platformSet(stack, undefined, {
        kubeflow: { imageRegistry: { prefix: MIRROR } },
      });
      const images = imagesOf(set.objects.map((o) => o.obj));
      // Every chart renders pods: the list is the platform's, not an empty one.
      expect(images.length).toBeGreaterThan(50);
      expect(images.filter((i) => !i.startsWith(`${MIRROR}/`))).toEqual([]);
    },
  );
});

describe("imagesOf", () => {
  it("lists each image field once, sorted, leaving out Istio's injected `auto`", () => {
    expect(
      imagesOf([
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "a" },
          spec: {
            template: {
              spec: {
                containers: [{ image: "b:1" }, { image: "auto" }],
                initContainers: [{ image: "a:1" }, { image: "b:1" }],
              },
            },
          },
        },
      ]),
    ).toEqual(["a:1", "b:1"]);
  });
});

describe("npm run images", () => {
  it("prints every image of a stack's platform, one per line, for mirroring", () => {
    const out = execFileSync(
      process.execPath,
      [
        "-r",
        "@swc-node/register",
        "tools/images.ts",
        "dev",
        "--charts",
        path.join(upstreamDir(), "charts"),
        "--bundles",
        bundleDir("26.03"),
      ],
      { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines = out.trim().split("\n");
    expect(lines).toContain("docker.io/istio/pilot:1.29.6");
    expect(lines).toContain("ghcr.io/dexidp/dex:v2.45.1");
    expect(lines.some((l) => l.startsWith("ghcr.io/kubeflow/"))).toBe(true);
    expect([...lines].sort()).toEqual(lines);
  });
});
