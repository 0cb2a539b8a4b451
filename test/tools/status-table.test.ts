/** `npm run status`: its arguments, reading the stack outputs back, and the tables it prints. */
import * as path from "path";
import { PlatformStatus } from "../../stacks/status";
import {
  formatStatus,
  formatTable,
  parseStatusArgs,
  stackNameOf,
  statusFromOutputs,
} from "../../tools/status-table";

const STATUS: PlatformStatus = {
  release: "26.03",
  platform: "aws",
  cluster: "kubeflow",
  gateway: {
    url: "https://kf.example.com",
    access: "hostname",
    service: "istio-system/istio-ingressgateway",
    exposure: "LoadBalancer",
    loadBalancerAddress: "k8s-istio-abc.elb.eu-west-1.amazonaws.com",
  },
  applications: [
    { key: "core", name: "Core" },
    {
      key: "pipelines",
      name: "Pipelines",
      version: "2.16.0",
      mode: "argo, object store in-cluster, database in-cluster",
      url: "https://kf.example.com/pipeline/",
    },
  ],
  services: {
    certManager: { state: "installed", chart: "cert-manager", version: "v1.19.6" },
    istio: { state: "installed", chart: "istiod", version: "1.29.6", detail: "revision 1-29" },
    dex: { state: "existing" },
    oauth2Proxy: { state: "installed", chart: "oauth2-proxy", version: "10.7.0" },
    gpu: { state: "not installed", detail: "no accelerator pools" },
  },
};

describe("parseStatusArgs", () => {
  it("takes a stack and the options", () => {
    expect(parseStatusArgs(["dev"])).toEqual({ stack: "dev", offline: false, json: false });
    expect(parseStatusArgs(["--offline", "dev", "--json", "--bundles", "b"])).toEqual({
      stack: "dev",
      offline: true,
      json: true,
      bundles: path.resolve("b"),
    });
  });

  it("says what is wrong with bad arguments", () => {
    expect(parseStatusArgs([])).toEqual({
      error:
        "name one stack (Pulumi.<stack>.yaml)\nusage: npm run status -- <stack> [--offline] [--json] [--bundles <bundle dir>]",
    });
    expect(parseStatusArgs(["dev", "--bundles"])).toMatchObject({
      error: expect.stringMatching(/^--bundles needs a value\n/),
    });
    expect(parseStatusArgs(["dev", "--live"])).toMatchObject({
      error: expect.stringMatching(
        /^unknown option --live; options: --offline, --json, --bundles\n/,
      ),
    });
  });

  it("asks the Pulumi CLI for the stack a file names", () => {
    expect(stackNameOf("dev")).toBe("dev");
    expect(stackNameOf("./stacks/Pulumi.prod-eu.yaml")).toBe("prod-eu");
  });
});

describe("statusFromOutputs", () => {
  it("reads the status output of `pulumi stack output --json`", () => {
    expect(statusFromOutputs(JSON.stringify({ platform: "aws", status: STATUS }))).toEqual(STATUS);
  });

  it("explains a stack deployed before the status existed, and output that is not JSON", () => {
    expect(statusFromOutputs(JSON.stringify({ platform: "aws" }))).toMatchObject({
      error: expect.stringContaining("the stack has no `status` output"),
    });
    expect(statusFromOutputs("warning: x")).toMatchObject({
      error: expect.stringContaining("pulumi stack output did not print JSON"),
    });
  });
});

describe("formatTable", () => {
  it("pads every column to its widest cell, underlines the header and prints - for empty cells", () => {
    expect(
      formatTable(
        ["A", "BB", "C"],
        [
          ["long", "", "x"],
          ["s", "y", ""],
        ],
      ),
    ).toEqual(["A     BB  C", "----  --  -", "long  -   x", "s     y   -"]);
  });
});

describe("formatStatus", () => {
  const lines = formatStatus(STATUS, "stack outputs of prod");

  it("heads with the release, the platform and where the status comes from", () => {
    expect(lines[0]).toBe("Stack kubeflow (aws), Kubeflow 26.03 — stack outputs of prod");
  });

  it("gives the gateway URL, its Service and the load balancer address", () => {
    expect(lines).toContain("Gateway   https://kf.example.com/");
    expect(lines).toContain("          Service istio-system/istio-ingressgateway, LoadBalancer");
    expect(lines).toContain(
      "          load balancer address: k8s-istio-abc.elb.eu-west-1.amazonaws.com",
    );
  });

  it("prints a row per application and per service", () => {
    const row = (first: string) => lines.find((l) => l.startsWith(`${first} `));
    expect(row("Pipelines")?.split(/\s{2,}/)).toEqual([
      "Pipelines",
      "2.16.0",
      "argo, object store in-cluster, database in-cluster",
      "https://kf.example.com/pipeline/",
    ]);
    expect(row("Core")?.split(/\s{2,}/)).toEqual(["Core", "-", "-", "-"]);
    expect(row("Istio")?.split(/\s{2,}/)).toEqual([
      "Istio",
      "installed",
      "istiod 1.29.6",
      "revision 1-29",
    ]);
    expect(row("Dex")?.split(/\s{2,}/)).toEqual(["Dex", "existing", "-", "-"]);
    expect(row("GPU support")?.split(/\s{2,}/)).toEqual([
      "GPU support",
      "not installed",
      "-",
      "no accelerator pools",
    ]);
  });
});
