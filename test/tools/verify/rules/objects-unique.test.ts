import { K8sObject } from "../../../../components/kubeflow/types";
import { objectsUnique } from "../../../../tools/verify/rules/objects-unique";
import { verifySet } from "../../../../tools/verify/verify";
import { platformSet } from "../sets";
import { setOf } from "./fixtures";

const policy = (apiVersion: string, ns: string): K8sObject => ({
  apiVersion,
  kind: "AuthorizationPolicy",
  metadata: { name: "ml-pipeline", namespace: ns },
  spec: {},
});

describe("objects-unique", () => {
  it("reports one object produced twice, even under two API versions of its group", () => {
    const set = setOf(
      policy("security.istio.io/v1beta1", "kubeflow"),
      policy("security.istio.io/v1", "kubeflow"),
    );
    expect(objectsUnique.check(set)).toEqual([
      {
        rule: "objects-unique",
        object: "AuthorizationPolicy kubeflow/ml-pipeline",
        message: "is produced 2 times: by program ml-pipeline and program ml-pipeline",
        fix:
          "install it from one producer only: disable one of the applications " +
          "(kubeflow.applications.<app>.enabled: false) or the service that also renders it",
      },
    ]);
  });

  it("tells apart objects of the same name in other namespaces or groups", () => {
    const other: K8sObject = {
      ...policy("networking.istio.io/v1", "kubeflow"),
      kind: "AuthorizationPolicy",
    };
    expect(
      objectsUnique.check(
        setOf(
          policy("security.istio.io/v1", "kubeflow"),
          policy("security.istio.io/v1", "auth"),
          other,
        ),
      ),
    ).toEqual([]);
  });

  it.each(["v1.11.0", "26.03"])(
    "holds, with every other rule, for Training Operator v1 kept next to Trainer v2 at %s",
    async (release) => {
      // What an upgrade from v1.10.2 installs: the guard keeps Training Operator v1 enabled.
      const set = await platformSet("dev", release, {
        kubeflow: { applications: { trainingOperator: { enabled: true } } },
      });
      const kinds = new Set(set.objects.map((o) => `${o.obj.kind} ${o.obj.metadata.name}`));
      expect(kinds).toContain("CustomResourceDefinition pytorchjobs.kubeflow.org");
      expect(kinds).toContain("CustomResourceDefinition trainjobs.trainer.kubeflow.org");
      const { violations } = verifySet(set);
      expect(violations.map((v) => `${v.rule} | ${v.object} | ${v.message}`)).toEqual([]);
    },
  );
});
