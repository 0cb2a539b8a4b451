import { AcceleratorPool } from "../../../components/cluster/handle";
import { planProfile, ProfilePlanInput } from "../../../components/profiles/plan";
import { K8sObject } from "../../../components/kubeflow/types";
import { TEST_RELEASES } from "../../harness/upstream";
import { builtinErrors, crdValidator, errorsOf, loadCrds } from "./schemas";

const CRD_FILES = [
  "applications__profiles__pss.yaml",
  "applications__admission-webhook__upstream__overlays__cert-manager.yaml",
  "common__istio__istio-crds__base.yaml",
];
const crdsByRelease = new Map(TEST_RELEASES.map((r) => [r, loadCrds(r, CRD_FILES)] as const));

function validatorFor(obj: K8sObject, release: string = "26.03") {
  const [group, version] = obj.apiVersion.split("/") as [string, string];
  const crd = crdsByRelease
    .get(release as (typeof TEST_RELEASES)[number])!
    .get(`${group}/${obj.kind}`);
  if (!crd) throw new Error(`no CRD for ${group}/${obj.kind} in the ${release} bundle`);
  return crdValidator(crd, version);
}

const l4: AcceleratorPool = {
  name: "l4",
  vendor: "nvidia",
  type: "nvidia-l4",
  resourceName: "nvidia.com/gpu",
  nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" },
  taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
};
const mig: AcceleratorPool = {
  name: "a100-mig",
  vendor: "nvidia",
  resourceName: "nvidia.com/mig-1g.10gb",
  nodeSelector: {},
  taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }],
};

const full: ProfilePlanInput = {
  name: "team-vision",
  owner: { kind: "User", name: "alice@example.com" },
  contributors: [
    { kind: "User", name: "bob@example.com", role: "edit" },
    { kind: "User", name: "carol@example.com", role: "view" },
    { kind: "Group", name: "vision-readers", role: "view" },
  ],
  quota: { cpu: "32", memory: "128Gi", gpus: 4, storage: "1Ti", persistentVolumeClaims: 20 },
  clusterPools: [l4, mig],
};

describe("every object of a profile is valid against its schema (strict: unknown fields are errors)", () => {
  const plan = planProfile(full);
  const custom = [
    plan.profile,
    ...plan.access.map((a) => a.object),
    ...plan.podDefaults.map((p) => p.object),
  ].filter((o) => o.kind !== "RoleBinding");

  it.each(custom.map((o) => [`${o.kind} ${o.metadata.name}`, o] as const))(
    "%s matches its CRD in the 26.03 bundle",
    (_name, obj) => {
      expect(errorsOf(validatorFor(obj), obj)).toEqual([]);
    },
  );

  it.each(TEST_RELEASES.filter((r) => r !== "26.03"))(
    "the same objects match the CRDs of %s, so profiles survive a release change",
    (release) => {
      for (const obj of custom) expect(errorsOf(validatorFor(obj, release), obj)).toEqual([]);
    },
  );

  it("RoleBindings, the Namespace and the LimitRange match the Kubernetes models", () => {
    const builtins: Array<[K8sObject, string]> = [
      [plan.namespace, "V1Namespace"],
      [plan.limitRange!, "V1LimitRange"],
      ...plan.access
        .filter((a) => a.object.kind === "RoleBinding")
        .map((a): [K8sObject, string] => [a.object, "V1RoleBinding"]),
    ];
    expect(builtins).toHaveLength(5);
    for (const [obj, type] of builtins) expect(builtinErrors(obj, type)).toEqual([]);
  });

  it("the strict check catches a field the API server would prune", () => {
    const pd = plan.podDefaults[0]!.object;
    const withNodeSelector = { ...pd, spec: { ...(pd.spec as object), nodeSelector: { a: "b" } } };
    expect(errorsOf(validatorFor(pd), withNodeSelector).join()).toContain("additionalProperty");
    const rb = plan.access[0]!.object;
    expect(builtinErrors({ ...rb, roleref: {} }, "V1RoleBinding")).toEqual([
      ".roleref: unknown field of V1RoleBinding",
    ]);
  });
});
