import { describeRelease } from "./conformance";

/** The annotation client-side apply writes, limited with all annotations to 256 KiB by the API server. */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const KIB_256 = 256 * 1024;

describeRelease("26.03", (get) => {
  it("applies the eight CRDs of the default install over 256 KiB server-side, in a CRD group, without a last-applied annotation", () => {
    const t = get();
    const big = t.objects.filter(
      (o) => o.obj.kind === "CustomResourceDefinition" && JSON.stringify(o.obj).length > KIB_256,
    );
    // The default install's eight (the Training Operator alternative adds two more).
    const inDefault = big.filter(
      (o) => !o.res.parent.includes("$kubeflow:apps:TrainingOperator::"),
    );
    expect(inDefault.map((o) => o.obj.metadata.name).sort()).toEqual([
      "clustertrainingruntimes.trainer.kubeflow.org",
      "inferenceservices.serving.kserve.io",
      "jobsets.jobset.x-k8s.io",
      "llminferenceserviceconfigs.serving.kserve.io",
      "llminferenceservices.serving.kserve.io",
      "scheduledsparkapplications.sparkoperator.k8s.io",
      "sparkapplications.sparkoperator.k8s.io",
      "trainingruntimes.trainer.kubeflow.org",
    ]);
    const provider = t.inv.get("pulumi:providers:kubernetes", "kubeflow-k8s");
    expect(provider.inputs.enableServerSideApply).toBe("true");
    for (const o of big) {
      expect(o.res.type).toBe("kubernetes:yaml/v2:ConfigGroup");
      expect(o.res.provider.startsWith(`${provider.urn}::`)).toBe(true);
      expect(o.obj.metadata.annotations?.[LAST_APPLIED]).toBeUndefined();
    }
  });
});
