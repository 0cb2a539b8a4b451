import { K8sObject } from "../../../../components/kubeflow/types";
import {
  accountRefs,
  parsePrincipal,
  serviceAccountsExist,
} from "../../../../tools/verify/rules/service-accounts-exist";
import { platformNamespaces } from "../../../../tools/verify/objects";
import { bundleFileSet, deployment, namespace, serviceAccount, setOf } from "./fixtures";

const kubeflow = namespace("kubeflow");
const pipelines = deployment(
  "kubeflow",
  "ml-pipeline",
  { app: "ml-pipeline" },
  {
    serviceAccountName: "ml-pipeline",
    containers: [
      { name: "ml-pipeline-api-server", image: "ghcr.io/kubeflow/kfp-api-server:2.15.0" },
    ],
  },
);

function binding(
  kind: "RoleBinding" | "ClusterRoleBinding",
  subject: Record<string, string>,
): K8sObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    metadata: { name: "ml-pipeline", ...(kind === "RoleBinding" ? { namespace: "kubeflow" } : {}) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "ml-pipeline" },
    subjects: [{ kind: "ServiceAccount", ...subject }],
  };
}

function policy(rules: unknown[]): K8sObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: "ml-pipeline", namespace: "kubeflow" },
    spec: { selector: { matchLabels: { app: "ml-pipeline" } }, rules },
  };
}

describe("service-accounts-exist", () => {
  it("reports a pod template whose serviceAccountName the set does not hold, with the closest names", () => {
    expect(
      serviceAccountsExist.check(
        setOf(kubeflow, pipelines, serviceAccount("kubeflow", "ml-pipeline-ui")),
      ),
    ).toEqual([
      {
        rule: "service-accounts-exist",
        object: "Deployment kubeflow/ml-pipeline",
        message:
          "serviceAccountName names ServiceAccount kubeflow/ml-pipeline, which the set does not hold; " +
          "ServiceAccounts in kubeflow: ml-pipeline-ui",
        fix: "create ServiceAccount ml-pipeline in namespace kubeflow, or correct the reference to an existing account",
      },
    ]);
  });

  it("reads a RoleBinding subject without a namespace as the binding's namespace", () => {
    const [v] = serviceAccountsExist.check(
      setOf(kubeflow, binding("RoleBinding", { name: "pipeline-runner" })),
    );
    expect(v).toMatchObject({
      object: "RoleBinding kubeflow/ml-pipeline",
      message: expect.stringMatching(
        /^subjects\[0\] names ServiceAccount kubeflow\/pipeline-runner, which/,
      ) as string,
    });
  });

  it("reports a ClusterRoleBinding subject and an AuthorizationPolicy principal naming missing accounts", () => {
    const set = setOf(
      kubeflow,
      binding("ClusterRoleBinding", {
        name: "ml-pipeline-persistenceagent",
        namespace: "kubeflow",
      }),
      policy([
        { from: [{ source: { principals: ["cluster.local/ns/kubeflow/sa/ml-pipeline-ui"] } }] },
        {
          when: [
            {
              key: "source.principal",
              values: ["cluster.local/ns/kubeflow/sa/ml-pipeline-scheduledworkflow"],
            },
          ],
        },
      ]),
    );
    expect(serviceAccountsExist.check(set).map((v) => [v.object, v.message.split(",")[0]])).toEqual(
      [
        [
          "ClusterRoleBinding ml-pipeline",
          "subjects[0] names ServiceAccount kubeflow/ml-pipeline-persistenceagent",
        ],
        [
          "AuthorizationPolicy kubeflow/ml-pipeline",
          "rules[0].from.source.principals cluster.local/ns/kubeflow/sa/ml-pipeline-ui names ServiceAccount kubeflow/ml-pipeline-ui",
        ],
        [
          "AuthorizationPolicy kubeflow/ml-pipeline",
          "rules[1].when[source.principal].values cluster.local/ns/kubeflow/sa/ml-pipeline-scheduledworkflow names " +
            "ServiceAccount kubeflow/ml-pipeline-scheduledworkflow",
        ],
      ],
    );
  });

  it("accepts references to accounts the set holds, to `default`, and into namespaces the platform does not create", () => {
    const set = setOf(
      kubeflow,
      pipelines,
      serviceAccount("kubeflow", "ml-pipeline"),
      deployment("kubeflow", "cache-deployer", { app: "cache-deployer" }),
      binding("ClusterRoleBinding", { name: "gatekeeper", namespace: "gatekeeper-system" }),
      policy([
        {
          from: [
            {
              source: {
                principals: [
                  "cluster.local/ns/kubeflow/sa/ml-pipeline",
                  "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account",
                  "cluster.local/ns/kubeflow/sa/*",
                ],
              },
            },
          ],
        },
      ]),
    );
    expect(serviceAccountsExist.check(set)).toEqual([]);
  });

  it("skips wildcard principals and parses exact ones", () => {
    expect(parsePrincipal("cluster.local/ns/kubeflow/sa/ml-pipeline")).toEqual({
      namespace: "kubeflow",
      name: "ml-pipeline",
    });
    expect(parsePrincipal("*")).toBeUndefined();
    expect(parsePrincipal("cluster.local/ns/kubeflow/sa/ml-*")).toBeUndefined();
    expect(parsePrincipal("*/ns/kubeflow/sa/ml-pipeline")).toBeUndefined();
  });

  it("accepts the profile controller's default-editor in a profile's namespace only", () => {
    const profile: K8sObject = {
      apiVersion: "kubeflow.org/v1",
      kind: "Profile",
      metadata: { name: "alice" },
      spec: { owner: { kind: "User", name: "alice@example.com" } },
    };
    const notebookBinding = (ns: string): K8sObject => ({
      ...binding("RoleBinding", { name: "default-editor", namespace: ns }),
      metadata: { name: "notebooks", namespace: ns },
    });
    const set = setOf(
      namespace("alice"),
      namespace("bob"),
      profile,
      notebookBinding("alice"),
      notebookBinding("bob"),
    );
    expect(serviceAccountsExist.check(set).map((v) => v.object)).toEqual([
      "RoleBinding bob/notebooks",
    ]);
  });

  it("finds every account of the real cert-manager bundle", () => {
    const set = bundleFileSet("26.03", "common__cert-manager__overlays__kubeflow.yaml");
    const ns = platformNamespaces(set);
    expect(accountRefs(set).filter((r) => ns.has(r.namespace)).length).toBeGreaterThan(10);
    expect(serviceAccountsExist.check(set)).toEqual([]);
  });

  it("reports the jupyter-web-app RoleBinding to jupyter-notebook, an account no Kubeflow path creates", () => {
    // The bundle file with the kubeflow Namespace that common/kubeflow-namespace creates: upstream binds
    // a Role to ServiceAccount kubeflow/jupyter-notebook, which no rendered path of any release defines.
    const set = bundleFileSet(
      "26.03",
      "applications__jupyter__jupyter-web-app__upstream__overlays__istio.yaml",
    );
    set.objects.push({ obj: kubeflow, source: { via: "program", resource: "kubeflow" } });
    expect(serviceAccountsExist.check(set)).toEqual([
      expect.objectContaining({
        object: "RoleBinding kubeflow/jupyter-web-app-jupyter-notebook-role-binding",
        message:
          "subjects[0] names ServiceAccount kubeflow/jupyter-notebook, which the set does not hold; " +
          "ServiceAccounts in kubeflow: jupyter-web-app-service-account",
      }),
    ]);
  });
});
