/**
 * Contributor access exactly as Kubeflow Access Management (KFAM) creates it when an owner adds a contributor
 * in the central dashboard's "Manage contributors". Declaring the same objects keeps the dashboard truthful:
 * KFAM lists contributors by reading the `user` and `role` annotations of RoleBindings, so bindings made
 * here show up (and can be removed) there, and a binding the dashboard made has the same name as ours.
 *
 * Source: kubeflow/kubeflow v1.10.0 (the KFAM image of Kubeflow 26.03, `ghcr.io/kubeflow/kubeflow/kfam:v1.10.0`),
 * components/access-management/kfam/bindings.go — `getBindingName`, `getAuthorizationPolicy`, `Create` — and
 * components/centraldashboard/app/api_workgroup.ts `mapSimpleBindingToWorkgroupBinding` (the request the
 * dashboard sends: subject kind User, roleRef kind ClusterRole, role "edit"). Unchanged in kubeflow/dashboard.
 * https://github.com/kubeflow/kubeflow/blob/v1.10.0/components/access-management/kfam/bindings.go
 */
import { K8sObject } from "../shared/k8s-object";
import { INGRESS_GATEWAY_PRINCIPAL } from "../shared/constants";

/** A subject of a binding: a user (email) or a group of the identity provider. */
export interface Subject {
  /** Whether the subject is a user or a group of the identity provider. */
  kind: "User" | "Group";
  /** The user's e-mail, or the group's name as the identity provider's `groups` claim spells it. */
  name: string;
}

/** The roles KFAM knows; the annotation carries these, the RoleBinding refers to `kubeflow-<role>`. */
/** The roles a contributor can have, for a schema to take. */
export const CONTRIBUTOR_ROLES = ["edit", "view"] as const;
export type ContributorRole = (typeof CONTRIBUTOR_ROLES)[number];

/**
 * What KFAM reads from the profile controller's `profiles-config` ConfigMap (environment of the kfam
 * container): the identity header and prefix, and the principals allowed to forward it.
 */
export interface KfamSettings {
  /** Header carrying the authenticated user. @default "kubeflow-userid" */
  userIdHeader: string;
  /** Prefix stripped from the header value. @default "" */
  userIdPrefix: string;
  /** Principal of the ingress gateway. @default "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account" */
  ingressGatewayPrincipal: string;
  /** Principal of the Pipelines UI, which forwards the header. @default "cluster.local/ns/kubeflow/sa/ml-pipeline-ui" */
  kfpUiPrincipal: string;
}

/** KFAM's own defaults (`GetEnvDefault`), which are also the values of Kubeflow 26.03's `profiles-config`. */
export const DEFAULT_KFAM_SETTINGS: Readonly<KfamSettings> = {
  userIdHeader: "kubeflow-userid",
  userIdPrefix: "",
  ingressGatewayPrincipal: INGRESS_GATEWAY_PRINCIPAL,
  kfpUiPrincipal: "cluster.local/ns/kubeflow/sa/ml-pipeline-ui",
};

/** Read KFAM's settings from the `data` of the bundle's `profiles-config` ConfigMap; absent keys keep defaults. */
export function kfamSettingsFromConfigMap(data: Readonly<Record<string, string>>): KfamSettings {
  // KFAM's GetEnvDefault treats an empty variable as unset, except for the prefix, which is read as is.
  const set = (k: string): string | undefined => (data[k] === "" ? undefined : data[k]);
  return {
    userIdHeader: set("USERID_HEADER") ?? DEFAULT_KFAM_SETTINGS.userIdHeader,
    // An empty prefix is a value, not an absence (Kubeflow sets USERID_PREFIX: "").
    userIdPrefix: data.USERID_PREFIX ?? DEFAULT_KFAM_SETTINGS.userIdPrefix,
    ingressGatewayPrincipal:
      set("ISTIO_INGRESS_GATEWAY_PRINCIPAL") ?? DEFAULT_KFAM_SETTINGS.ingressGatewayPrincipal,
    kfpUiPrincipal: set("KFP_UI_PRINCIPAL") ?? DEFAULT_KFAM_SETTINGS.kfpUiPrincipal,
  };
}

/** The roleRef kind the dashboard sends. */
const ROLE_REF_KIND = "ClusterRole";
const RBAC_GROUP = "rbac.authorization.k8s.io";

/**
 * KFAM's `getBindingName`: subject kind, subject name with every run of non-alphanumerics replaced by "-"
 * (then URL query-escaped, a no-op on that alphabet), roleRef kind and role, joined by "-", lower-cased, and
 * non-alphanumeric runs collapsed again. `alice@example.com`, edit → `user-alice-example-com-clusterrole-edit`.
 */
export function kfamBindingName(subject: Subject, role: ContributorRole): string {
  const nonAlnum = /[^a-zA-Z0-9]+/g;
  const raw = [subject.kind, subject.name.replace(nonAlnum, "-"), ROLE_REF_KIND, role]
    .join("-")
    .toLowerCase();
  return raw.replace(nonAlnum, "-");
}

/**
 * The RoleBinding KFAM creates for a contributor. The API server defaults `roleRef.apiGroup` and the
 * subject's `apiGroup` to rbac.authorization.k8s.io; they are spelled out so the declared object equals the
 * stored one and previews show no drift.
 */
export function contributorRoleBinding(
  namespace: string,
  subject: Subject,
  role: ContributorRole,
): K8sObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: {
      name: kfamBindingName(subject, role),
      namespace,
      annotations: { user: subject.name, role },
    },
    roleRef: { apiGroup: RBAC_GROUP, kind: ROLE_REF_KIND, name: `kubeflow-${role}` },
    subjects: [{ apiGroup: RBAC_GROUP, kind: subject.kind, name: subject.name }],
  };
}

/**
 * The Istio AuthorizationPolicy KFAM creates beside the RoleBinding: requests that the ingress gateway or the
 * Pipelines UI forward with the user's id header may reach every workload of the namespace. No action (ALLOW)
 * and no selector (all workloads), as KFAM writes it.
 */
export function contributorAuthorizationPolicy(
  namespace: string,
  subject: Subject,
  role: ContributorRole,
  settings: KfamSettings = DEFAULT_KFAM_SETTINGS,
): K8sObject {
  return {
    apiVersion: "security.istio.io/v1beta1",
    kind: "AuthorizationPolicy",
    metadata: {
      name: kfamBindingName(subject, role),
      namespace,
      annotations: { user: subject.name, role },
    },
    spec: {
      rules: [
        {
          when: [
            {
              key: `request.headers[${settings.userIdHeader}]`,
              values: [settings.userIdPrefix + subject.name],
            },
          ],
          from: [
            {
              source: {
                principals: [settings.ingressGatewayPrincipal, settings.kfpUiPrincipal],
              },
            },
          ],
        },
      ],
    },
  };
}

/**
 * The objects granting one contributor access. KFAM supports users only: its AuthorizationPolicy matches
 * the single `kubeflow-userid` header, which carries a user, never a group. A group contributor therefore
 * gets the RoleBinding only (Kubernetes RBAC with a Group subject, used by kubectl through OIDC groups and
 * by SubjectAccessReviews that pass groups) and no AuthorizationPolicy: an Istio rule on a groups header
 * cannot be written exactly (the header joins all of a user's groups), and a loose one would over-grant.
 */
export function contributorAccess(
  namespace: string,
  subject: Subject,
  role: ContributorRole,
  settings: KfamSettings = DEFAULT_KFAM_SETTINGS,
): K8sObject[] {
  const binding = contributorRoleBinding(namespace, subject, role);
  if (subject.kind === "Group") return [binding];
  return [binding, contributorAuthorizationPolicy(namespace, subject, role, settings)];
}
