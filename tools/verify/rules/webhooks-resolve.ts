/**
 * Rule `webhooks-resolve`: the API server can call every admission webhook of the set. A webhook whose
 * Service, port, pods or CA is missing fails every request it intercepts (with `failurePolicy: Fail`, the
 * whole kind cannot be created: `failed calling webhook ... no endpoints available for service`).
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { ofKind } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import {
  field,
  findService,
  fmtList,
  list,
  serviceSelector,
  servicePods,
  servicePorts,
  str,
  violation,
} from "./common";
import { certificateSecrets } from "./config-exists";
import { caBundlePatcherOf, producerOf } from "./producers";

const NAME = "webhooks-resolve";

/**
 * cert-manager's cainjector annotation: inject the CA of the Certificate `<ns>/<name>`.
 * @see https://cert-manager.io/docs/concepts/ca-injector/
 */
export const INJECT_CA_FROM = "cert-manager.io/inject-ca-from";
/** cainjector annotation: inject the CA of the Secret `<ns>/<name>` (`ca.crt`). */
export const INJECT_CA_FROM_SECRET = "cert-manager.io/inject-ca-from-secret";
/** cainjector annotation (`"true"`): inject the API server's own CA. */
export const INJECT_APISERVER_CA = "cert-manager.io/inject-apiserver-ca";

/** `<ns>/<name>` as a pair, or undefined when malformed. */
function splitRef(ref: string): [string, string] | undefined {
  const parts = ref.split("/");
  return parts.length === 2 && parts[0] !== "" && parts[1] !== ""
    ? [parts[0]!, parts[1]!]
    : undefined;
}

/** Problems with how the API server trusts the webhook's certificate, once per configuration. */
function caProblems(
  set: PlatformSet,
  config: K8sObject,
  webhooks: Record<string, unknown>[],
): Violation[] {
  const annotations = config.metadata.annotations ?? {};
  const fromCert = annotations[INJECT_CA_FROM];
  if (fromCert !== undefined) {
    const ref = splitRef(fromCert);
    const certs = ofKind(set, "Certificate", "cert-manager.io");
    if (ref && certs.some((c) => c.metadata.namespace === ref[0] && c.metadata.name === ref[1]))
      return [];
    return [
      violation(
        NAME,
        config,
        `annotation ${INJECT_CA_FROM}: ${fromCert} names no Certificate of the set; Certificates: ` +
          `${fmtList(certs.map((c) => `${c.metadata.namespace ?? "default"}/${c.metadata.name}`).sort())}`,
        `set the annotation to <namespace>/<name> of the Certificate that issues the webhook's serving ` +
          `certificate, or add that Certificate`,
      ),
    ];
  }
  const fromSecret = annotations[INJECT_CA_FROM_SECRET];
  if (fromSecret !== undefined) {
    const ref = splitRef(fromSecret);
    if (
      ref &&
      (ofKind(set, "Secret", "").some(
        (s) => s.metadata.namespace === ref[0] && s.metadata.name === ref[1],
      ) ||
        certificateSecrets(set).has(`${ref[0]}/${ref[1]}`) ||
        producerOf(set, "Secret", ref[0], ref[1]) !== undefined)
    )
      return [];
    return [
      violation(
        NAME,
        config,
        `annotation ${INJECT_CA_FROM_SECRET}: ${fromSecret} names a Secret that neither the set, a ` +
          `Certificate of the set nor a known controller provides`,
        `point the annotation at the Secret holding the webhook's CA (<namespace>/<name>)`,
      ),
    ];
  }
  if (annotations[INJECT_APISERVER_CA] === "true") return [];
  if (caBundlePatcherOf(set, config) !== undefined) return [];
  const bare = webhooks.filter(
    (w) =>
      Object.keys(field(field(w, "clientConfig"), "service")).length > 0 &&
      (str(field(w, "clientConfig"), "caBundle") ?? "") === "",
  );
  if (bare.length === 0) return [];
  return [
    violation(
      NAME,
      config,
      `webhooks ${fmtList(bare.map((w) => str(w, "name") ?? "?"))} have no caBundle and nothing injects ` +
        `one (no ${INJECT_CA_FROM}/${INJECT_CA_FROM_SECRET} annotation, no known controller patches it), ` +
        `so the API server cannot verify the webhook's certificate`,
      `add ${INJECT_CA_FROM}: <ns>/<certificate> with a cert-manager Certificate for the webhook ` +
        `Service, or register the controller that patches caBundle in tools/verify/rules/producers.ts`,
    ),
  ];
}

function serviceProblems(
  set: PlatformSet,
  config: K8sObject,
  webhook: Record<string, unknown>,
): Violation[] {
  const ref = field(field(webhook, "clientConfig"), "service");
  const name = str(ref, "name");
  const namespace = str(ref, "namespace");
  if (name === undefined || namespace === undefined) return [];
  // The port defaults to 443.
  // https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#service-reference
  const port = typeof ref.port === "number" ? ref.port : 443;
  const label = `webhook ${str(webhook, "name") ?? "?"}`;
  const svc = findService(set, namespace, name);
  if (svc === undefined)
    return [
      violation(
        NAME,
        config,
        `${label} calls Service ${namespace}/${name}, which the set does not hold`,
        `point clientConfig.service at the Service of the webhook server, or install it`,
      ),
    ];
  const ports = servicePorts(svc).map((p) => p.port);
  if (!ports.includes(port))
    return [
      violation(
        NAME,
        config,
        `${label} calls Service ${namespace}/${name} on port ${port}, which it does not expose ` +
          `(ports ${fmtList(ports.map(String))})`,
        `set clientConfig.service.port to the Service's webhook port, or add port ${port} to the Service`,
      ),
    ];
  if (Object.keys(serviceSelector(svc)).length > 0 && servicePods(set, svc).length === 0)
    return [
      violation(
        NAME,
        config,
        `${label} calls Service ${namespace}/${name}, which selects no pod (see service-selects-pods)`,
        `fix the Service's selector so that it selects the webhook server's pods`,
      ),
    ];
  return [];
}

function check(set: PlatformSet): Violation[] {
  const out: Violation[] = [];
  for (const kind of ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]) {
    for (const config of ofKind(set, kind, "admissionregistration.k8s.io")) {
      const webhooks = Array.isArray(config.webhooks) ? list(config, "webhooks") : [];
      for (const w of webhooks) out.push(...serviceProblems(set, config, w));
      out.push(...caProblems(set, config, webhooks));
    }
  }
  return out;
}

/** Every admission webhook's Service, port, pods and CA resolve within the set. */
export const webhooksResolve: Rule = {
  name: NAME,
  description:
    "Every admission webhook calls a Service of the set on a port it exposes, that Service has pods, and " +
    "the webhook's CA is set or injected from a Certificate or a controller that patches it.",
  check,
};
