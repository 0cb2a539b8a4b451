/**
 * How the stack composes a cloud's public entry and managed stores: one factory per cloud (GCP, AWS), each in
 * its own `stacks/entry-<cloud>.ts` / `stacks/stores-<cloud>.ts`, over components in `components/cloud/`. The
 * stack picks the factory by `platform` (as it picks the cluster component); everything above reads the
 * cloud-neutral contracts of `components/shared/cloud-entry.ts` and `components/shared/managed-stores.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../components/cluster/handle";
import { GatewayBackend, PublicEntry } from "../components/shared/cloud-entry";
import { ManagedStores, WorkloadPrincipal } from "../components/shared/managed-stores";
import { ConfigError, PlatformConfig } from "./config";

export type CloudPlatform = "gcp" | "aws";
export type CloudConfig<P extends CloudPlatform> = Extract<PlatformConfig, { platform: P }>;

/** The Istio ingress gateway the cloud's load balancer sends to, once it exists. */
export interface GatewayTarget {
  namespace: string;
  service: string;
  /** The gateway Service's port that serves plain HTTP (the backend's `port`). */
  port: number;
  ready: readonly pulumi.Resource[];
}

export interface CloudEntryFactory<P extends CloudPlatform> {
  /**
   * Pure: the gateway Service's facts for this cloud's load balancer, from the config alone (Istio is created
   * with them, before the entry exists). Undefined when the stack has no cloud entry (`cluster.entry` unset).
   */
  backend(cfg: CloudConfig<P>, cluster: ClusterHandle): GatewayBackend | undefined;
  /** The entry's resources (address, DNS record, certificate, load balancer, identity), after the gateway. */
  create(cfg: CloudConfig<P>, cluster: ClusterHandle, gateway: GatewayTarget): PublicEntry;
}

/** What the Kubeflow layer needs of the managed stores (computed from the config and the release). */
export interface StoresRequest {
  /** A bucket for Pipelines' artifacts. */
  objectStore: boolean;
  /** The Kubernetes ServiceAccounts that read and write the bucket (exactly these get access). */
  bucketPrincipals: readonly WorkloadPrincipal[];
  /** Database names to create on the managed MySQL server, by application key; empty: no server. */
  databases: Readonly<Record<string, string>>;
}

export interface CloudStoresFactory<P extends CloudPlatform> {
  /** The stores' resources; undefined members of the result are stores not requested. */
  create(cfg: CloudConfig<P>, cluster: ClusterHandle, request: StoresRequest): ManagedStores;
}

/** A config key of the stack (`cluster.entry`) and what is wrong with the stack's config there. */
export interface ConfigProblem {
  key: string;
  message: string;
}

/**
 * The stack layer's refusal of a config the cloud factories cannot compose (a combination the schema lets
 * through only for a library caller of the factory): one ConfigError naming each config key.
 */
export function configRefusal(problems: readonly ConfigProblem[]): ConfigError {
  const namespace = pulumi.getProject();
  return new ConfigError(
    problems.map((p) => `${namespace}:${p.key}: ${p.message}`),
    namespace,
  );
}
