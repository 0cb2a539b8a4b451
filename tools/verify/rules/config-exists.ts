/**
 * Rule `config-exists`: every Secret and ConfigMap a pod needs exists. A missing required volume source
 * leaves the pod in `ContainerCreating` (`MountVolume.SetUp failed ... not found`); a missing envFrom or
 * key reference fails it with `CreateContainerConfigError`.
 */
import { ofKind, PodTemplate, podTemplates } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import { field, fmtCandidates, fmtList, list, str, violation } from "./common";
import { producerOf } from "./producers";

const NAME = "config-exists";

/** One Secret or ConfigMap a pod template requires, and where it is referenced. */
export interface ConfigRef {
  kind: "Secret" | "ConfigMap";
  name: string;
  /** e.g. `volume certs`, `container manager envFrom`, `container manager env DB_PASSWORD`. */
  via: string;
}

const isOptional = (r: Record<string, unknown>): boolean => r.optional === true;

function containersOf(pod: PodTemplate): Record<string, unknown>[] {
  return [
    ...list(pod.spec, "initContainers"),
    ...list(pod.spec, "containers"),
    ...list(pod.spec, "ephemeralContainers"),
  ];
}

/**
 * The Secrets and ConfigMaps a pod template requires: volumes (`secret`, `configMap`, `projected`
 * sources), `envFrom` and `env[].valueFrom` references, except those marked `optional: true`.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#restriction-secret-must-exist
 */
export function requiredConfig(pod: PodTemplate): ConfigRef[] {
  const out: ConfigRef[] = [];
  const add = (
    kind: ConfigRef["kind"],
    ref: Record<string, unknown>,
    key: string,
    via: string,
  ): void => {
    const name = str(ref, key);
    if (name !== undefined && !isOptional(ref)) out.push({ kind, name, via });
  };
  for (const vol of list(pod.spec, "volumes")) {
    const v = `volume ${str(vol, "name") ?? "?"}`;
    if (vol.secret !== undefined) add("Secret", field(vol, "secret"), "secretName", v);
    if (vol.configMap !== undefined) add("ConfigMap", field(vol, "configMap"), "name", v);
    for (const src of list(field(vol, "projected"), "sources")) {
      if (src.secret !== undefined) add("Secret", field(src, "secret"), "name", v);
      if (src.configMap !== undefined) add("ConfigMap", field(src, "configMap"), "name", v);
    }
  }
  for (const c of containersOf(pod)) {
    const cname = `container ${str(c, "name") ?? "?"}`;
    for (const ef of list(c, "envFrom")) {
      if (ef.secretRef !== undefined)
        add("Secret", field(ef, "secretRef"), "name", `${cname} envFrom`);
      if (ef.configMapRef !== undefined)
        add("ConfigMap", field(ef, "configMapRef"), "name", `${cname} envFrom`);
    }
    for (const e of list(c, "env")) {
      const from = field(e, "valueFrom");
      const via = `${cname} env ${str(e, "name") ?? "?"}`;
      if (from.secretKeyRef !== undefined) add("Secret", field(from, "secretKeyRef"), "name", via);
      if (from.configMapKeyRef !== undefined)
        add("ConfigMap", field(from, "configMapKeyRef"), "name", via);
    }
  }
  return out;
}

/**
 * Secrets cert-manager writes for the Certificates of the set (`spec.secretName`), as `<ns>/<name>`.
 * @see https://cert-manager.io/docs/usage/certificate/
 */
export function certificateSecrets(set: PlatformSet): Set<string> {
  return new Set(
    ofKind(set, "Certificate", "cert-manager.io").flatMap((c) => {
      const name = str(c.spec, "secretName");
      return name !== undefined ? [`${c.metadata.namespace ?? "default"}/${name}`] : [];
    }),
  );
}

function check(set: PlatformSet): Violation[] {
  const held = new Set(
    [...ofKind(set, "Secret", ""), ...ofKind(set, "ConfigMap", "")].map(
      (o) => `${o.kind}/${o.metadata.namespace ?? "default"}/${o.metadata.name}`,
    ),
  );
  const fromCerts = certificateSecrets(set);
  const out: Violation[] = [];
  for (const pod of podTemplates(set)) {
    const ns = pod.namespace;
    const missing = new Map<string, ConfigRef[]>();
    for (const ref of requiredConfig(pod)) {
      if (held.has(`${ref.kind}/${ns}/${ref.name}`)) continue;
      if (ref.kind === "Secret" && fromCerts.has(`${ns}/${ref.name}`)) continue;
      if (producerOf(set, ref.kind, ns, ref.name)) continue;
      const key = `${ref.kind} ${ref.name}`;
      missing.set(key, [...(missing.get(key) ?? []), ref]);
    }
    for (const [key, refs] of missing) {
      const { kind, name } = refs[0]!;
      const present = ofKind(set, kind, "")
        .filter((o) => (o.metadata.namespace ?? "default") === ns)
        .map((o) => o.metadata.name);
      out.push(
        violation(
          NAME,
          pod.owner,
          `${fmtList(refs.map((r) => r.via))} ${refs.length > 1 ? "need" : "needs"} ${key} in namespace ` +
            `${ns}, which neither the set, a Certificate's secretName nor a known controller provides; ` +
            `${kind}s in ${ns}: ${fmtCandidates(name, present)}`,
          `create ${kind} ${ns}/${name} (or a Certificate with secretName ${name} for TLS material), mark ` +
            `the reference optional: true if the pod runs without it, or register the controller that ` +
            `creates it in tools/verify/rules/producers.ts`,
        ),
      );
    }
  }
  return out;
}

/** Every Secret and ConfigMap a pod template requires exists or is produced at run time. */
export const configExists: Rule = {
  name: NAME,
  description:
    "Every Secret and ConfigMap a pod template mounts or reads without optional: true exists in its " +
    "namespace, is a Certificate's secret, or is made by a known controller.",
  check,
};
