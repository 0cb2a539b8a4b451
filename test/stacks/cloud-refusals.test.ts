/**
 * The stack layer's cloud factories (entry, stores) refuse a config they cannot compose as a ConfigError that
 * names the config keys, never as a plain Error: the same convention as the schema's refusals.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the component loads after the mocks are set */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../../components/cluster/handle";
import type { CloudConfig, GatewayTarget } from "../../stacks/cloud-factories";
import { ConfigError, PlatformConfig } from "../../stacks/config";
import { awsEntry } from "../../stacks/entry-aws";
import { gcpEntry } from "../../stacks/entry-gcp";
import { createStores } from "../../stacks/stores";
import { awsStores } from "../../stacks/stores-aws";
import { gcpStores } from "../../stacks/stores-gcp";
import { setupMocks } from "../harness";

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("accepted");
}

const NS = pulumi.getProject();
const GATEWAY: GatewayTarget = { namespace: "istio-system", service: "gw", port: 80, ready: [] };
const EXISTING = { name: "lab", platform: "existing", ready: [] } as unknown as ClusterHandle;
const REQUEST = { objectStore: true, bucketPrincipals: [], databases: {} };

describe("the stack's cloud factories refuse what they cannot compose, naming config keys", () => {
  it("the AWS entry without cluster.entry and services.istio.hostname names both keys", () => {
    const cfg = {
      cluster: { name: "kf" },
      services: { istio: {} },
    } as unknown as CloudConfig<"aws">;
    expect(configError(() => awsEntry.create(cfg, EXISTING, GATEWAY)).problems).toEqual([
      `${NS}:cluster.entry: is not set; the AWS entry needs it`,
      `${NS}:services.istio.hostname: is not set; the AWS entry needs the public hostname`,
    ]);
  });

  it("the AWS entry on a cluster without AWS facts names cluster.entry", () => {
    const cfg = {
      cluster: { name: "kf", entry: { dnsZone: "Z1" }, network: {} },
      services: { istio: { hostname: "kf.example.com" } },
      kubeflow: {},
    } as unknown as CloudConfig<"aws">;
    expect(configError(() => awsEntry.create(cfg, EXISTING, GATEWAY)).problems).toEqual([
      `${NS}:cluster.entry: needs an EKS cluster this program created; the cluster handle "lab" has no AWS facts`,
    ]);
  });

  it("the GCP entry on a cluster without GCP facts names the platform", () => {
    const cfg = {
      cluster: { entry: { dnsZone: "zone" } },
      services: { istio: { hostname: "kf.example.com" } },
    } as unknown as CloudConfig<"gcp">;
    expect(configError(() => gcpEntry.create(cfg, EXISTING, GATEWAY)).problems).toEqual([
      `${NS}:platform: the GCP entry needs a GKE cluster this program created; the cluster handle "lab" has no GCP facts`,
    ]);
  });

  it("the GCP stores without a bucket for Pipelines name cluster.stores.bucket", () => {
    const cfg = { cluster: {} } as unknown as CloudConfig<"gcp">;
    expect(configError(() => gcpStores.create(cfg, EXISTING, REQUEST)).problems).toEqual([
      "cluster.stores.bucket: Kubeflow asks for a managed bucket but none is configured; set " +
        "cluster.stores.bucket.name to a globally unique GCS bucket name",
    ]);
  });

  it("the GCP and AWS stores on a cluster without cloud facts name cluster.stores", () => {
    const gcp = { cluster: { stores: { bucket: { name: "b" } } } } as unknown as CloudConfig<"gcp">;
    expect(configError(() => gcpStores.create(gcp, EXISTING, REQUEST)).problems).toEqual([
      `${NS}:cluster.stores: managed stores on GCP need a GKE cluster this program created (cloud kind "gcp"); got none`,
    ]);
    const aws = { cluster: { stores: { bucket: { name: "b" } } } } as unknown as CloudConfig<"aws">;
    expect(configError(() => awsStores.create(aws, EXISTING, REQUEST)).problems).toEqual([
      `${NS}:cluster.stores: the AWS managed stores need an EKS cluster this program created`,
    ]);
  });

  it("managed stores on a platform without a factory name the platform key", () => {
    const cfg = {
      platform: "existing",
      kubeflow: {
        pipelines: { objectStore: { type: "in-cluster" }, database: { type: "in-cluster" } },
      },
    } as unknown as PlatformConfig;
    const e = configError(() => createStores(cfg, EXISTING, REQUEST, {}));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatch(
      new RegExp(`^${NS}:platform: managed stores on platform "existing": no stores factory`),
    );
  });
});

describe("GcpPublicEntry given a cluster handle without GCP facts", () => {
  it("refuses it on cluster.cloud, as an InputPropertiesError", () => {
    setupMocks();
    const { GcpPublicEntry } =
      require("../../components/cloud/gcp-entry") as typeof import("../../components/cloud/gcp-entry");
    let error: unknown;
    try {
      new GcpPublicEntry("entry", {
        cluster: EXISTING,
        gateway: GATEWAY,
        hostname: "kf.example.com",
        dnsZone: "zone",
      });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      {
        propertyPath: "cluster.cloud",
        reason:
          'the cluster handle has no GCP facts (cloud.kind "gcp"); pass the handle of a GkeCluster, or ' +
          "one with the GKE cluster's facts",
      },
    ]);
  });
});
