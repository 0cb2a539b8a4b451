/**
 * Types of the whole-platform verification: the *platform object set* of a stack (what the cluster would hold
 * after `pulumi up`: the program's own objects, the contents of its ConfigGroups, and every Helm release
 * rendered by its real chart), the rules checked over it, and what they report.
 */
import { K8sObject } from "../../components/kubeflow/types";

/** Where an object of the set comes from, for messages: the resource, ConfigGroup or Helm release. */
export interface ObjectSource {
  /** `program` (a resource the program registers), `config-group` (inside a ConfigGroup) or `helm`. */
  via: "program" | "config-group" | "helm";
  /** Pulumi resource name of the resource, ConfigGroup or Release that holds the object. */
  resource: string;
  /** For `helm`: `<chart>@<version>`. */
  chart?: string;
  /**
   * Type token of the ComponentResource that registered the resource (`kubeflow:apps:Katib`), when known:
   * whose object it is (Kubeflow's own applications are `kubeflow:apps:*`).
   */
  component?: string;
}

/** One object of the platform, with its namespace filled in as the cluster would (Helm's release namespace). */
export interface PlatformObject {
  obj: K8sObject;
  source: ObjectSource;
}

/** The platform object set of one stack. */
export interface PlatformSet {
  /** Stack name, e.g. `dev`. */
  stack: string;
  /** Kubeflow release of the stack, e.g. `26.03`. */
  release: string;
  objects: PlatformObject[];
  /**
   * The stack asks for Kubeflow confined to the profile namespaces and its own (`kubeflow.confineToProfiles`):
   * what rule `webhooks-confined` holds the objects to. @default false
   */
  confineToProfiles?: boolean;
  /**
   * StorageClasses the cluster provides that are not objects of the set (GKE's own, EKS's gp2, the class an
   * existing cluster's config declares). @default - none
   */
  storageClasses?: string[];
  /**
   * Helm releases whose chart the offline chart set lacks by design (the catalog says why): their objects are
   * not in the set, so no rule sees them; the report lists them. @default - none
   */
  unrendered?: Array<{ release: string; chart: string; reason: string }>;
}

/** One broken fit between objects: what, where, and what to do. */
export interface Violation {
  /** Name of the rule (or journey) that found it. */
  rule: string;
  /** The object at fault: `Kind namespace/name` (or `Kind name` for cluster-scoped kinds). */
  object: string;
  /** What is wrong, with the values involved. */
  message: string;
  /** How to fix it. */
  fix: string;
}

/** A cross-object rule: a named pure function of the set. */
export interface Rule {
  name: string;
  /** One sentence: what the rule guarantees on the cluster. */
  description: string;
  check(set: PlatformSet): Violation[];
}
