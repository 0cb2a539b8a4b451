/**
 * Upstream objects that grant something to nobody: bindings whose subject no release creates. They do
 * nothing until someone creates an account of that name, which then silently gets the grant, so the
 * platform does not install them. Each entry was found by the whole-platform verification
 * (`service-accounts-exist`), and a test checks on the real bundles that its subject is still absent.
 */
import { K8sObject, ObjectTransform, objectKey } from "../types";

/** `objectKey`s of the objects dropped, with why. */
export const DANGLING_UPSTREAM_OBJECTS: ReadonlyMap<string, string> = new Map([
  [
    "rbac.authorization.k8s.io/RoleBinding/kubeflow/jupyter-web-app-jupyter-notebook-role-binding",
    "binds ServiceAccount kubeflow/jupyter-notebook, which no file of 26.03, v1.11.0 or v1.10.2 defines",
  ],
]);

/** The transform: the listed objects are dropped, every other object passes unchanged. */
export const dropDanglingUpstreamObjects: ObjectTransform = (obj: K8sObject) =>
  DANGLING_UPSTREAM_OBJECTS.has(objectKey(obj)) ? undefined : obj;
