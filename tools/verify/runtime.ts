/**
 * Objects Kubeflow's controllers create at run time, which no install holds but every journey through a
 * user's namespace meets: what the profile controller makes for a Profile, and what the notebook controller
 * makes for a Notebook. Modelled from their source, so the journeys see what the cluster will.
 */
import { K8sObject } from "../../components/kubeflow/types";
import { profileNamespace } from "../../components/profiles/namespace";
import { ofKind } from "./objects";
import { PlatformObject, PlatformSet } from "./types";

/** A profile as the journeys need it: its namespace and who may use it. */
export interface ProfileFacts {
  namespace: string;
  owner: string;
  /** Users the set grants access through KFAM's per-contributor AuthorizationPolicies. */
  contributors: string[];
}

/**
 * Pure: the profiles of the set (Profile objects with a user owner) and their contributors, read from KFAM's
 * RoleBindings (the `user` annotation): who the stack grants access, whether or not the mesh lets them in.
 */
export function profilesOf(set: PlatformSet): ProfileFacts[] {
  return ofKind(set, "Profile", "kubeflow.org").flatMap((p) => {
    const owner = (p.spec as { owner?: { kind?: string; name?: string } } | undefined)?.owner;
    if (owner?.kind !== "User" || owner.name === undefined) return [];
    const ns = p.metadata.name;
    const contributors = ofKind(set, "RoleBinding", "rbac.authorization.k8s.io")
      .filter((rb) => rb.metadata.namespace === ns && rb.metadata.annotations?.user !== undefined)
      .map((rb) => rb.metadata.annotations!.user!)
      .filter((u) => u !== owner.name && u.includes("@"));
    return [{ namespace: ns, owner: owner.name, contributors }];
  });
}

/**
 * Pure: what the profile controller creates in a profile's namespace: the owner's AuthorizationPolicy
 * (`getAuthorizationPolicy`: the owner's header, the namespace's own workloads, and Knative's probe paths)
 * and the `default-editor` / `default-viewer` ServiceAccounts.
 * @see https://github.com/kubeflow/kubeflow/blob/v1.10.0/components/profile-controller/controllers/profile_controller.go
 */
export function profileControllerObjects(
  profile: { namespace: string; owner: string },
  userIdHeader = "kubeflow-userid",
  userIdPrefix = "",
): K8sObject[] {
  const ns = profile.namespace;
  return [
    {
      apiVersion: "security.istio.io/v1beta1",
      kind: "AuthorizationPolicy",
      metadata: {
        name: "ns-owner-access-istio",
        namespace: ns,
        annotations: { user: profile.owner, role: "admin" },
      },
      spec: {
        action: "ALLOW",
        rules: [
          {
            when: [
              { key: `request.headers[${userIdHeader}]`, values: [userIdPrefix + profile.owner] },
            ],
          },
          { when: [{ key: "source.namespace", values: [ns] }] },
          { to: [{ operation: { paths: ["/healthz", "/metrics", "/wait-for-drain"] } }] },
        ],
      },
    },
    ...["default-editor", "default-viewer"].map((name): K8sObject => ({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name, namespace: ns },
    })),
  ];
}

/**
 * Pure: what the notebook controller creates for a Notebook `name` in `ns`: a StatefulSet whose pods carry
 * `statefulset` and `notebook-name` labels and run as `default-editor`, a Service on port 80 to 8888, and a
 * VirtualService under `/notebook/<ns>/<name>/` on Kubeflow's gateway.
 * @see https://github.com/kubeflow/kubeflow/blob/v1.10.0/components/notebook-controller/controllers/notebook_controller.go
 */
export function notebookObjects(
  ns: string,
  name: string,
  gateway = "kubeflow/kubeflow-gateway",
): K8sObject[] {
  const labels = { statefulset: name, "notebook-name": name };
  const prefix = `/notebook/${ns}/${name}/`;
  return [
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name, namespace: ns },
      spec: {
        selector: { matchLabels: { statefulset: name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: "default-editor",
            containers: [
              { name, image: "notebook", ports: [{ name: "notebook-port", containerPort: 8888 }] },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: ns },
      spec: {
        selector: { statefulset: name },
        ports: [{ name: `http-${name}`, port: 80, targetPort: 8888, protocol: "TCP" }],
      },
    },
    {
      apiVersion: "networking.istio.io/v1beta1",
      kind: "VirtualService",
      metadata: { name: `notebook-${ns}-${name}`, namespace: ns },
      spec: {
        hosts: ["*"],
        gateways: [gateway],
        http: [
          {
            match: [{ uri: { prefix } }],
            rewrite: { uri: prefix },
            route: [
              { destination: { host: `${name}.${ns}.svc.cluster.local`, port: { number: 80 } } },
            ],
          },
        ],
      },
    },
  ];
}

/**
 * The set as it is once users work in it: each profile's controller-made objects, and a notebook in each
 * profile. When the stack declares no profile, one is added as a user would through the dashboard
 * (`kubeflow-user-example-com`, owned by `owner`), with the namespace labels the platform gives profiles.
 */
export function withUserWorkloads(
  set: PlatformSet,
  owner = "user@example.com",
): { set: PlatformSet; profiles: ProfileFacts[] } {
  let profiles = profilesOf(set);
  const added: PlatformObject[] = [];
  const source = { via: "program" as const, resource: "runtime model (controllers)" };
  if (profiles.length === 0) {
    const ns = "kubeflow-user-example-com";
    profiles = [{ namespace: ns, owner, contributors: [] }];
    added.push({ obj: profileNamespace(ns, owner), source });
  }
  for (const p of profiles) {
    for (const obj of [...profileControllerObjects(p), ...notebookObjects(p.namespace, "nb")]) {
      added.push({ obj, source });
    }
  }
  return { set: { ...set, objects: [...set.objects, ...added] }, profiles };
}
