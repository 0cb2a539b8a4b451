/**
 * Schemas of built-in Kubernetes kinds, from the generated models of @kubernetes/client-node 1.4
 * (Kubernetes 1.34 API). Each model class has a static `getAttributeTypeMap()`; the package is ESM-only
 * and jest's CommonJS runtime cannot load it, so the same maps are read from the model files' text (they
 * are JSON literals). test/validation/validator.test.ts checks that this equals what getAttributeTypeMap()
 * returns when Node itself loads the package.
 */
import * as fs from "fs";
import * as path from "path";

/** One attribute of a generated model: JSON field name and the TypeScript type string the generator wrote. */
export interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

const MODELS_DIR = path.join(
  path.dirname(require.resolve("@kubernetes/client-node/package.json")),
  "dist",
  "gen",
  "models",
);

let models: Map<string, Attribute[]> | undefined;

/** Every model class name -> its attribute type map (read once per process). */
export function modelTypeMaps(): Map<string, Attribute[]> {
  if (models) return models;
  models = new Map();
  // all.js re-exports the models of this API version; the folder also holds stale files of older ones
  // (V1alpha1ServiceCIDR, ...) that the package no longer exports.
  const index = fs.readFileSync(path.join(MODELS_DIR, "all.js"), "utf8");
  for (const [, file] of index.matchAll(/export \* from '\.\.\/models\/(\w+\.js)';/g)) {
    const text = fs.readFileSync(path.join(MODELS_DIR, file!), "utf8");
    const m = /\n(\w+)\.attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(text);
    if (!m)
      throw new Error(`${file}: no attributeTypeMap literal; the client-node model layout changed`);
    models.set(m[1]!, JSON.parse(m[2]!) as Attribute[]);
  }
  return models;
}

/**
 * Kinds of each built-in API group of Kubernetes 1.34 (group "" is core). Only these map to models: a
 * custom resource called `Service` in `serving.knative.dev` must not be checked as a core Service.
 */
export const BUILTIN_KINDS: Readonly<Record<string, readonly string[]>> = {
  "": [
    "Binding",
    "ComponentStatus",
    "ConfigMap",
    "Endpoints",
    "Event",
    "LimitRange",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Pod",
    "PodTemplate",
    "ReplicationController",
    "ResourceQuota",
    "Secret",
    "Service",
    "ServiceAccount",
  ],
  "admissionregistration.k8s.io": [
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
  ],
  "apiextensions.k8s.io": ["CustomResourceDefinition"],
  "apiregistration.k8s.io": ["APIService"],
  apps: ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"],
  autoscaling: ["HorizontalPodAutoscaler"],
  batch: ["CronJob", "Job"],
  "certificates.k8s.io": ["CertificateSigningRequest", "ClusterTrustBundle"],
  "coordination.k8s.io": ["Lease", "LeaseCandidate"],
  "discovery.k8s.io": ["EndpointSlice"],
  "events.k8s.io": ["Event"],
  "flowcontrol.apiserver.k8s.io": ["FlowSchema", "PriorityLevelConfiguration"],
  "internal.apiserver.k8s.io": ["StorageVersion"],
  "networking.k8s.io": ["IPAddress", "Ingress", "IngressClass", "NetworkPolicy", "ServiceCIDR"],
  "node.k8s.io": ["RuntimeClass"],
  policy: ["PodDisruptionBudget"],
  "rbac.authorization.k8s.io": ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
  "resource.k8s.io": [
    "DeviceClass",
    "DeviceTaintRule",
    "ResourceClaim",
    "ResourceClaimTemplate",
    "ResourceSlice",
  ],
  "scheduling.k8s.io": ["PriorityClass"],
  "storage.k8s.io": [
    "CSIDriver",
    "CSINode",
    "CSIStorageCapacity",
    "StorageClass",
    "VolumeAttachment",
    "VolumeAttributesClass",
  ],
  "storagemigration.k8s.io": ["StorageVersionMigration"],
};

/** `apps/v1` -> { group: "apps", version: "v1" }; `v1` -> core. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The model class of a built-in apiVersion/kind (e.g. apps/v1 Deployment -> V1Deployment, v1 Event ->
 * CoreV1Event), `undefined` when the group is not built in, or `null` when the group is built in but
 * Kubernetes 1.34 does not serve that version of the kind.
 */
export function builtinModel(apiVersion: string, kind: string): string | null | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  const kinds = BUILTIN_KINDS[group];
  if (!kinds) return undefined;
  if (!kinds.includes(kind) || !/^v\d+((alpha|beta)\d+)?$/.test(version)) return null;
  const v = `V${version.slice(1)}`;
  // The generator prefixes a class with its group when two groups share a kind name (CoreV1Event).
  const label = group === "" ? "core" : group.split(".")[0]!;
  const prefixed = `${label[0]!.toUpperCase()}${label.slice(1)}${v}${kind}`;
  const maps = modelTypeMaps();
  if (maps.has(prefixed)) return prefixed;
  return maps.has(`${v}${kind}`) ? `${v}${kind}` : null;
}

/**
 * Fields of type `resource.Quantity`. The generator types them as plain `string`, but the API server
 * accepts a number too (`cpu: 1`), so the walker must know them.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go (UnmarshalJSON)
 */
export const QUANTITY_FIELDS: ReadonlySet<string> = new Set([
  "V1ResourceRequirements.limits",
  "V1ResourceRequirements.requests",
  "V1VolumeResourceRequirements.limits",
  "V1VolumeResourceRequirements.requests",
  "V1EmptyDirVolumeSource.sizeLimit",
  "V1LimitRangeItem.default",
  "V1LimitRangeItem.defaultRequest",
  "V1LimitRangeItem.max",
  "V1LimitRangeItem.maxLimitRequestRatio",
  "V1LimitRangeItem.min",
  "V1ResourceQuotaSpec.hard",
  "V1ResourceQuotaStatus.hard",
  "V1ResourceQuotaStatus.used",
  "V1PersistentVolumeSpec.capacity",
  "V1PersistentVolumeClaimStatus.capacity",
  "V1PersistentVolumeClaimStatus.allocatedResources",
  "V1NodeStatus.allocatable",
  "V1NodeStatus.capacity",
  "V1PodSpec.overhead",
  "V1Overhead.podFixed",
  "V1ContainerStatus.allocatedResources",
  "V1ResourceFieldSelector.divisor",
  "V2MetricTarget.averageValue",
  "V2MetricTarget.value",
  "V2MetricValueStatus.averageValue",
  "V2MetricValueStatus.value",
  "V1CSIStorageCapacity.capacity",
  "V1CSIStorageCapacity.maximumVolumeSize",
]);

/**
 * Fields the generator types as `any` although their Go type has a schema: a CRD's nested schemas under
 * `items` and `additionalProperties` would otherwise escape strict checking. The pseudo types are resolved
 * by the walker.
 */
export const TYPE_OVERRIDES: ReadonlyMap<string, string> = new Map([
  ["V1JSONSchemaProps.items", "JSONSchemaPropsOrArray"],
  ["V1JSONSchemaProps.additionalItems", "JSONSchemaPropsOrBool"],
  ["V1JSONSchemaProps.additionalProperties", "JSONSchemaPropsOrBool"],
  ["V1JSONSchemaProps.dependencies", "{ [key: string]: JSONSchemaPropsOrStringArray; }"],
  // CustomResourceSubresourceStatus is an empty struct: `status: {}` enables the subresource.
  ["V1CustomResourceSubresources.status", "EmptyObject"],
]);
