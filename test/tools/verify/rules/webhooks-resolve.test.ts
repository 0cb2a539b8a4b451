import { K8sObject } from "../../../../components/kubeflow/types";
import { webhooksResolve } from "../../../../tools/verify/rules/webhooks-resolve";
import { bundleFileSet, deployment, service, setOf } from "./fixtures";

const controller = deployment("kubeflow", "katib-controller", {
  "katib.kubeflow.org/component": "controller",
});
const webhookService = service(
  "kubeflow",
  "katib-controller",
  { "katib.kubeflow.org/component": "controller" },
  [
    { name: "webhook", port: 443, targetPort: 8443 },
    { name: "metrics", port: 8080 },
  ],
);
const certificate: K8sObject = {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: { name: "katib-webhook-cert", namespace: "kubeflow" },
  spec: {
    secretName: "katib-webhook-cert",
    issuerRef: { kind: "Issuer", name: "katib-selfsigned-issuer" },
  },
};

function config(
  annotations: Record<string, string>,
  ref: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  name = "katib.kubeflow.org",
): K8sObject {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name, annotations },
    webhooks: [
      {
        name: "validator.experiment.katib.kubeflow.org",
        clientConfig: { service: ref, ...extra },
        admissionReviewVersions: ["v1"],
        sideEffects: "None",
      },
    ],
  };
}

const injected = { "cert-manager.io/inject-ca-from": "kubeflow/katib-webhook-cert" };
const ref = { name: "katib-controller", namespace: "kubeflow", path: "/validate-experiment" };

describe("webhooks-resolve", () => {
  it("accepts a webhook whose Service exists on 443 with pods and whose CA comes from a Certificate", () => {
    expect(
      webhooksResolve.check(setOf(controller, webhookService, certificate, config(injected, ref))),
    ).toEqual([]);
  });

  it("reports a webhook calling a Service the set does not hold", () => {
    const cfg = config(injected, { ...ref, name: "katib-webhook" });
    expect(webhooksResolve.check(setOf(controller, webhookService, certificate, cfg))).toEqual([
      {
        rule: "webhooks-resolve",
        object: "ValidatingWebhookConfiguration katib.kubeflow.org",
        message:
          "webhook validator.experiment.katib.kubeflow.org calls Service kubeflow/katib-webhook, which the set does not hold",
        fix: "point clientConfig.service at the Service of the webhook server, or install it",
      },
    ]);
  });

  it("reports a webhook port the Service does not expose (the port defaults to 443)", () => {
    const svc = service(
      "kubeflow",
      "katib-controller",
      { "katib.kubeflow.org/component": "controller" },
      [{ name: "webhook", port: 8443 }],
    );
    expect(
      webhooksResolve
        .check(setOf(controller, svc, certificate, config(injected, ref)))
        .map((v) => v.message),
    ).toEqual([
      "webhook validator.experiment.katib.kubeflow.org calls Service kubeflow/katib-controller on port 443, which it does not expose (ports 8443)",
    ]);
  });

  it("reports a webhook whose Service selects no pod", () => {
    expect(
      webhooksResolve
        .check(setOf(webhookService, certificate, config(injected, ref)))
        .map((v) => v.message),
    ).toEqual([
      "webhook validator.experiment.katib.kubeflow.org calls Service kubeflow/katib-controller, which selects no pod (see service-selects-pods)",
    ]);
  });

  it("reports an inject-ca-from annotation naming no Certificate", () => {
    const cfg = config({ "cert-manager.io/inject-ca-from": "kubeflow/katib-cert" }, ref);
    expect(webhooksResolve.check(setOf(controller, webhookService, certificate, cfg))).toEqual([
      expect.objectContaining({
        object: "ValidatingWebhookConfiguration katib.kubeflow.org",
        message:
          "annotation cert-manager.io/inject-ca-from: kubeflow/katib-cert names no Certificate of the set; " +
          "Certificates: kubeflow/katib-webhook-cert",
      }),
    ]);
  });

  it("reports a webhook with neither a caBundle nor anything that injects one", () => {
    expect(webhooksResolve.check(setOf(controller, webhookService, config({}, ref)))).toEqual([
      {
        rule: "webhooks-resolve",
        object: "ValidatingWebhookConfiguration katib.kubeflow.org",
        message:
          "webhooks validator.experiment.katib.kubeflow.org have no caBundle and nothing injects one (no " +
          "cert-manager.io/inject-ca-from/cert-manager.io/inject-ca-from-secret annotation, no known controller " +
          "patches it), so the API server cannot verify the webhook's certificate",
        fix: expect.stringContaining(
          "add cert-manager.io/inject-ca-from: <ns>/<certificate>",
        ) as string,
      },
    ]);
  });

  it("accepts a literal caBundle, and a configuration a registered controller patches", () => {
    const literal = config({}, ref, { caBundle: "LS0tLS1CRUdJTi..." });
    const jobset = config({}, ref, {}, "jobset-validating-webhook-configuration");
    expect(webhooksResolve.check(setOf(controller, webhookService, literal))).toEqual([]);
    expect(webhooksResolve.check(setOf(controller, webhookService, jobset))).toEqual([]);
  });

  it("accepts istiod's webhooks only when an istiod of the configuration's revision is in the set", () => {
    const istiod = deployment("istio-system", "istiod-1-29", {
      app: "istiod",
      "istio.io/rev": "1-29",
    });
    const istiodService = service(
      "istio-system",
      "istiod-1-29",
      { app: "istiod", "istio.io/rev": "1-29" },
      [{ name: "https-webhook", port: 443, targetPort: 15017 }],
    );
    const validator = (rev: string): K8sObject => ({
      ...config(
        {},
        { name: "istiod-1-29", namespace: "istio-system", path: "/validate" },
        {},
        "istio-validator-1-29-istio-system",
      ),
      metadata: { name: "istio-validator-1-29-istio-system", labels: { "istio.io/rev": rev } },
    });
    expect(webhooksResolve.check(setOf(istiod, istiodService, validator("1-29")))).toEqual([]);
    expect(
      webhooksResolve.check(setOf(istiod, istiodService, validator("1-28"))).map((v) => v.message),
    ).toEqual([expect.stringContaining("have no caBundle and nothing injects one")]);
  });

  it("accepts inject-ca-from-secret naming the CA Secret that cert-manager's webhook creates beside itself", () => {
    const webhook = deployment(
      "cert-manager",
      "cert-manager-webhook",
      { app: "webhook" },
      {
        containers: [
          {
            name: "cert-manager-webhook",
            image: "quay.io/jetstack/cert-manager-webhook:v1.19.6",
            args: ["--dynamic-serving-ca-secret-name=cert-manager-webhook-ca"],
          },
        ],
      },
    );
    const svc = service("cert-manager", "cert-manager-webhook", { app: "webhook" }, [
      { name: "https", port: 443, targetPort: "https" },
    ]);
    const cfg = config(
      { "cert-manager.io/inject-ca-from-secret": "cert-manager/cert-manager-webhook-ca" },
      { name: "cert-manager-webhook", namespace: "cert-manager", path: "/validate" },
      {},
      "cert-manager-webhook",
    );
    expect(webhooksResolve.check(setOf(webhook, svc, cfg))).toEqual([]);
    expect(webhooksResolve.check(setOf(svc, cfg)).map((v) => v.message)).toEqual([
      "webhook validator.experiment.katib.kubeflow.org calls Service cert-manager/cert-manager-webhook, which selects no pod (see service-selects-pods)",
      "annotation cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca names a Secret that neither the set, a Certificate of the set nor a known controller provides",
    ]);
  });

  it("resolves both webhook configurations of the real Katib bundle", () => {
    const set = bundleFileSet(
      "26.03",
      "applications__katib__upstream__installs__katib-with-kubeflow.yaml",
    );
    expect(set.objects.filter((o) => o.obj.kind.endsWith("WebhookConfiguration"))).toHaveLength(2);
    expect(webhooksResolve.check(set)).toEqual([]);
  });

  it("resolves all eight webhook configurations of the real KServe bundle", () => {
    const set = bundleFileSet("26.03", "applications__kserve__kserve.yaml");
    expect(set.objects.filter((o) => o.obj.kind.endsWith("WebhookConfiguration"))).toHaveLength(8);
    expect(webhooksResolve.check(set)).toEqual([]);
  });

  it("resolves the real Trainer bundle through the JobSet and Trainer controllers' own CA patching", () => {
    const set = bundleFileSet("26.03", "applications__trainer__overlays.yaml");
    expect(webhooksResolve.check(set)).toEqual([]);
  });
});
