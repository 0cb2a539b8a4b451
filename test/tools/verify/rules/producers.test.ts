import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { K8sObject } from "../../../../components/kubeflow/types";
import {
  CA_BUNDLE_PATCHERS,
  caBundlePatcherOf,
  PRODUCERS,
  producerOf,
} from "../../../../tools/verify/rules/producers";
import { bundleDir, TEST_RELEASES } from "../../../harness/upstream";
import { deployment, setOf } from "./fixtures";

describe("producers registry", () => {
  it("gives every entry a producer and an https source as evidence", () => {
    for (const p of [...PRODUCERS, ...CA_BUNDLE_PATCHERS]) {
      expect(p.producer).not.toBe("");
      expect(p.source).toMatch(/^https:\/\//);
    }
  });

  it("creates kube-root-ca.crt and the default ServiceAccount in any namespace", () => {
    const set = setOf();
    expect(producerOf(set, "ConfigMap", "anything", "kube-root-ca.crt")?.producer).toContain(
      "kube-controller-manager",
    );
    expect(producerOf(set, "ServiceAccount", "anything", "default")).toBeDefined();
    expect(producerOf(set, "Secret", "anything", "kube-root-ca.crt")).toBeUndefined();
  });

  it("creates istio-ca-root-cert only with istiod in the set, and never in kube-system", () => {
    const istiod = deployment("istio-system", "istiod", { app: "istiod" });
    expect(producerOf(setOf(), "ConfigMap", "kubeflow", "istio-ca-root-cert")).toBeUndefined();
    expect(producerOf(setOf(istiod), "ConfigMap", "kubeflow", "istio-ca-root-cert")).toBeDefined();
    expect(
      producerOf(setOf(istiod), "ConfigMap", "kube-system", "istio-ca-root-cert"),
    ).toBeUndefined();
  });

  it("creates cert-manager-webhook-ca only beside a pod told to", () => {
    const webhook = deployment(
      "cert-manager",
      "cert-manager-webhook",
      { app: "webhook" },
      {
        containers: [
          {
            name: "w",
            image: "quay.io/jetstack/cert-manager-webhook:v1.19.6",
            args: ["--dynamic-serving-ca-secret-name=cert-manager-webhook-ca"],
          },
        ],
      },
    );
    expect(
      producerOf(setOf(webhook), "Secret", "cert-manager", "cert-manager-webhook-ca"),
    ).toBeDefined();
    expect(
      producerOf(setOf(webhook), "Secret", "kubeflow", "cert-manager-webhook-ca"),
    ).toBeUndefined();
  });

  it("names only CA-patched webhook configurations that a real bundle ships without caBundle or annotation", () => {
    // Every entry must match a configuration of some release: an entry nothing ships is dead weight.
    // Only the webhook configuration documents are parsed: the CRDs around them are most of the bytes.
    const shipped: K8sObject[] = [];
    for (const release of TEST_RELEASES) {
      for (const file of fs.readdirSync(bundleDir(release)).filter((f) => f.endsWith(".yaml"))) {
        const text = fs.readFileSync(path.join(bundleDir(release), file), "utf8");
        for (const doc of text.split(/^---$/m)) {
          if (!/^kind: (Mutating|Validating)WebhookConfiguration$/m.test(doc)) continue;
          const obj = parse(doc) as K8sObject;
          const annotations = Object.keys(obj.metadata.annotations ?? {});
          if (!annotations.some((a) => a.startsWith("cert-manager.io/inject-"))) shipped.push(obj);
        }
      }
    }
    const unused = CA_BUNDLE_PATCHERS.filter(
      (p) =>
        !shipped.some(
          (o) =>
            o.kind === p.kind &&
            (typeof p.name === "string"
              ? p.name === o.metadata.name
              : p.name.test(o.metadata.name)),
        ),
    ).map((p) => `${p.kind} ${String(p.name)}`);
    expect(unused).toEqual([]);
  });

  it("matches a webhook configuration by kind as well as name", () => {
    const cfg: K8sObject = {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "MutatingWebhookConfiguration",
      metadata: { name: "validator.trainer.kubeflow.org" },
    };
    expect(caBundlePatcherOf(setOf(), cfg)).toBeUndefined();
    expect(
      caBundlePatcherOf(setOf(), { ...cfg, kind: "ValidatingWebhookConfiguration" })?.producer,
    ).toContain("Trainer");
  });
});
