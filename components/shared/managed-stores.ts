/**
 * The contract between a cloud's managed stores (a component under `components/cloud/`: GCS + Cloud SQL, or
 * S3 + RDS) and the Kubeflow applications that keep their state there. Kubeflow never branches on the cloud.
 */
import type * as pulumi from "@pulumi/pulumi";

/** A Kubernetes ServiceAccount a workload runs as, which the cloud's workload identity can bind. */
export interface WorkloadPrincipal {
  namespace: string;
  serviceAccount: string;
  /**
   * The object key prefixes the account may read and write (e.g. a profile's `private-artifacts/<ns>/`);
   * listing names stays bucket-wide (KFP's launcher lists directories). @default - the whole bucket
   */
  prefixes?: readonly string[];
}

/** The ServiceAccount annotations one principal needs to act as its cloud identity. */
export interface PrincipalIdentity {
  principal: WorkloadPrincipal;
  /** e.g. `eks.amazonaws.com/role-arn`; empty where the binding is direct (GKE). */
  annotations: Record<string, pulumi.Input<string>>;
}

/** A managed bucket reached through workload identity (no static keys). */
export interface ManagedObjectStore {
  /** "gcs" or "s3": the protocol Kubeflow's clients speak to it. */
  kind: "gcs" | "s3";
  bucket: pulumi.Output<string>;
  /** The bucket's name as the config chose it (known at preview; `bucket` resolves to the same). */
  bucketName: string;
  /** Host of its S3-compatible or GCS API, e.g. `s3.eu-west-1.amazonaws.com`, `storage.googleapis.com`. */
  endpoint: string;
  region: string;
  /**
   * Each principal granted access (exactly those asked for) with the annotations its ServiceAccount needs to
   * act as the identity the bucket trusts (EKS: its IRSA role's `eks.amazonaws.com/role-arn`; GKE: none,
   * the federation principal is bound directly).
   */
  identities: readonly PrincipalIdentity[];
}

/** A managed MySQL server on a private address, with one database per application. */
export interface ManagedDatabase {
  host: pulumi.Output<string>;
  /** What `host` is: an IPv4 address (Cloud SQL's private IP) or a DNS name (an RDS endpoint). */
  addressType: "IPv4" | "FQDN";
  port: number;
  user: string;
  /** Generated; always a secret. */
  password: pulumi.Output<string>;
  /** Database name per application key (`pipelines`, `katib`, `model-registry`). */
  databases: Readonly<Record<string, string>>;
}

export interface ManagedStores {
  objectStore?: ManagedObjectStore;
  database?: ManagedDatabase;
  /** Resources that must exist before a workload uses the stores. */
  ready: readonly pulumi.Resource[];
}
