/**
 * Composes the layers of one stack from its validated config. `index.ts` calls `runStack()`; the tests call
 * the same function with mocks, so what they inventory is exactly what `pulumi up` would register.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../components/cluster/handle";
import { ServicesHandle } from "../components/services/handle";
import { createCluster } from "./cluster";
import { ConfigError, loadConfig, PlatformConfig } from "./config";
import { InstalledApplications } from "../components/kubeflow/installed";
import { readDeployed, SetOnceRecord, setOnceValues } from "./guards";
import { bundleProblems, ClaimClass, createKubeflow, KubeflowHandle } from "./kubeflow";
import { kubeflowStorageClass } from "./config/kubeflow";
import { CloudIdentityAuth } from "../components/services/cloud-identity";
import { createEntry, createGatewayLbController, entryBackend } from "./entry";
import { createMetrics } from "./metrics";
import { cloudProblems } from "./preflight";
import { createProfiles } from "./profiles";
import { createServices } from "./services";
import { createStores, storesRequest } from "./stores";
import { gcpStoresRequestProblems } from "./stores-gcp";
import { ManagedStores } from "../components/shared/managed-stores";
import { platformStatus, PlatformStatus } from "./status";
import { stackStep } from "./upgrade-guard";

export interface StackOutputs {
  platform: string;
  clusterName: string;
  kubeconfig?: pulumi.Output<string>;
  /** Set-once parameters as deployed, read back by the guard on the next run. */
  setOnce: SetOnceRecord;
  /** The Kubeflow release deployed, read back by the upgrade guard on the next run. */
  kubeflowRelease?: string;
  /**
   * The Kubeflow applications installed and the objects of each registered with `protect`, read back by the
   * upgrade guard on the next run (an application the deployed run installed is kept or refused by name).
   */
  kubeflowApplications: InstalledApplications;
  /** The StorageClass named on Kubeflow's claims ("" for the cluster's default), kept by the next run. */
  kubeflowClaimClass: string;
  /**
   * The Dex user created with a generated password when no user or connector is configured; read the password
   * with `pulumi stack output initialUser --show-secrets`.
   */
  initialUser?: { email: string; password: pulumi.Output<string> };
  /**
   * What a platform team reads: the release, each application's version, mode and URL, the gateway address
   * and the platform services (`npm run status -- <stack>` prints it as a table). No secret in it.
   */
  status: PlatformStatus;
}

export interface Platform {
  config: PlatformConfig;
  cluster: ClusterHandle;
  services: ServicesHandle;
  /** The managed bucket and database beside the cluster; undefined when every store is in-cluster/external. */
  stores?: ManagedStores;
  kubeflow: KubeflowHandle;
  outputs: StackOutputs;
}

/**
 * Build every layer for a validated config. `claims.storageClass` is the StorageClass named on Kubeflow's claims, kept
 * from the deployed stack by the guard (`claimClassOf`).
 */
export function composePlatform(
  config: PlatformConfig,
  claims: ClaimClass = { storageClass: kubeflowStorageClass(config) },
): Platform {
  const cluster = createCluster(config);
  const services = createServices(config, cluster);
  createGatewayLbController(config, cluster);
  // The cloud's public entry, in front of the gateway once its Service (and the NEGs) exist.
  const backend = entryBackend(config, cluster);
  if (backend !== undefined) {
    const entry = createEntry(config, cluster, {
      ...services.istio.ingressGateway,
      port: backend.port,
      ready: [...services.istio.ready, ...(services.istio.gatewayReady ?? [])],
    });
    // The identity the entry asserts, verified by the gateway and mapped to kubeflow-userid.
    if (entry?.identity !== undefined) {
      new CloudIdentityAuth(
        `${cluster.name}-cloud-identity`,
        { identity: entry.identity, istio: services.istio },
        { providers: [cluster.provider] },
      );
    }
  }
  const stores = createStores(config, cluster);
  const kubeflow = createKubeflow(config, cluster, services, claims, stores);
  createProfiles(config, cluster, services, kubeflow, stores);
  createMetrics(config, cluster, services, kubeflow);
  return {
    config,
    cluster,
    services,
    ...(stores !== undefined ? { stores } : {}),
    kubeflow,
    outputs: {
      platform: config.platform,
      clusterName: cluster.name,
      ...(cluster.kubeconfig !== undefined ? { kubeconfig: cluster.kubeconfig } : {}),
      setOnce: setOnceValues(config),
      ...(kubeflow.release !== undefined ? { kubeflowRelease: kubeflow.release } : {}),
      kubeflowApplications: kubeflow.installed,
      kubeflowClaimClass: claims.storageClass ?? "",
      ...(services.auth.initialUser !== undefined
        ? { initialUser: services.auth.initialUser }
        : {}),
      status: platformStatus({ config, cluster, services, kubeflow }),
    },
  };
}

/**
 * Load the stack config (failing before any resource is registered), refuse changes the last deployment
 * rules out, and compose the platform. Pulumi calls this (index.ts exports it) and awaits the outputs.
 */
export async function runStack(): Promise<StackOutputs> {
  const config = loadConfig();
  // What only the files on disk (the bundle) and the cloud's data sources (zone offerings, which run at
  // preview and register nothing) can tell: refused before anything is registered, with the config key.
  const unusable = [
    ...bundleProblems(config),
    ...(config.platform === "gcp" ? gcpStoresRequestProblems(config, storesRequest(config)) : []),
    ...(await cloudProblems(config, pulumi.getProject())),
  ];
  if (unusable.length > 0) throw new ConfigError(unusable, pulumi.getProject());
  const deployed = await readDeployed();
  const step = stackStep(config, deployed, pulumi.getStack());
  if (step.problems.length > 0) {
    throw new ConfigError(
      step.problems,
      pulumi.getProject(),
      "The stack config changes what was deployed",
    );
  }
  return composePlatform(step.config, { storageClass: step.claimClass }).outputs;
}
