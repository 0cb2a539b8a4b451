/**
 * Rule `hosts-resolve`: every in-cluster address the platform's configuration names is a Service of the set,
 * with the port it names. A client pointed at `seaweedfs.kubeflow:8333` after the object store was moved out
 * of the cluster gets `NXDOMAIN` (or a refused port) on every request: its pods run and report nothing wrong
 * until a user's pipeline fails. Addresses are read where Kubeflow's clients read them: container `env`
 * values, ConfigMap values that are an address, and `endpoint:` lines inside ConfigMap documents (Argo's
 * artifact repository).
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { ofKind, podTemplates } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import {
  fmtCandidates,
  knownNamespaces,
  list,
  servicePorts,
  services,
  str,
  violation,
} from "./common";

const NAME = "hosts-resolve";

/** An in-cluster Service address: `<service>.<namespace>[.svc[.cluster.local]]`, with its port if named. */
export interface ServiceAddress {
  service: string;
  namespace: string;
  /** The port named or implied by the scheme (http 80, https 443); undefined when neither says. */
  port?: number;
}

const LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
const ADDRESS = new RegExp(
  `^(?:(https?|grpcs?|tcp|mysql)://)?(${LABEL})\\.(${LABEL})(?:\\.svc(?:\\.cluster\\.local)?)?(?::([0-9]{1,5}))?(?:/\\S*)?$`,
);
const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443 };

/**
 * Pure: the Service address a value names, when the value is one address whose second label is one of
 * `namespaces` (so `s3.amazonaws.com` or `example.com`, whose "namespace" the set does not hold, are not
 * read as in-cluster), with no scheme or a network one (http, https, grpc, tcp, mysql: bucket URLs such as
 * `gs://` or `minio://` name buckets, not hosts). Undefined for anything else.
 */
export function parseServiceAddress(
  value: string,
  namespaces: ReadonlySet<string>,
): ServiceAddress | undefined {
  const m = ADDRESS.exec(value.trim());
  if (!m) return undefined;
  const [, scheme, service, , namespace, , port] = m;
  if (!namespaces.has(namespace!)) return undefined;
  const implied = scheme !== undefined ? SCHEME_PORTS[scheme.toLowerCase()] : undefined;
  const p = port !== undefined ? Number(port) : implied;
  return { service: service!, namespace: namespace!, ...(p !== undefined ? { port: p } : {}) };
}

/** One address a configuration names, and where. */
export interface AddressRef {
  from: K8sObject;
  via: string;
  value: string;
  address: ServiceAddress;
}

/** Every in-cluster address of the set's env values and ConfigMaps. */
export function addressRefs(set: PlatformSet): AddressRef[] {
  const namespaces = knownNamespaces(set);
  const out: AddressRef[] = [];
  const add = (from: K8sObject, via: string, value: string): void => {
    const address = parseServiceAddress(value, namespaces);
    if (address) out.push({ from, via, value, address });
  };
  for (const pod of podTemplates(set)) {
    for (const c of [...list(pod.spec, "initContainers"), ...list(pod.spec, "containers")]) {
      for (const e of list(c, "env")) {
        const value = str(e, "value");
        if (value !== undefined)
          add(pod.owner, `container ${str(c, "name") ?? "?"} env ${str(e, "name") ?? "?"}`, value);
      }
    }
  }
  for (const cm of ofKind(set, "ConfigMap", "")) {
    for (const [key, value] of Object.entries((cm.data ?? {}) as Record<string, unknown>)) {
      if (typeof value !== "string") continue;
      add(cm, `data.${key}`, value);
      for (const m of value.matchAll(/^\s*endpoint:\s*["']?([^"'\s]+)["']?\s*$/gm))
        add(cm, `data.${key} endpoint`, m[1]!);
    }
  }
  return out;
}

function check(set: PlatformSet): Violation[] {
  const all = services(set);
  const out: Violation[] = [];
  for (const ref of addressRefs(set)) {
    const { service, namespace, port } = ref.address;
    const svc = all.find(
      (s) => s.metadata.name === service && (s.metadata.namespace ?? "default") === namespace,
    );
    if (svc === undefined) {
      const others = all
        .filter((s) => (s.metadata.namespace ?? "default") === namespace)
        .map((s) => s.metadata.name);
      out.push(
        violation(
          NAME,
          ref.from,
          `${ref.via} is "${ref.value}", Service ${namespace}/${service}, which the set does not hold ` +
            `(the name does not resolve); Services in ${namespace}: ${fmtCandidates(service, others)}`,
          `point ${ref.via} at a Service the platform installs, or keep the workload that serves ` +
            `${service}.${namespace}`,
        ),
      );
      continue;
    }
    const ports = servicePorts(svc).map((p) => p.port);
    if (port !== undefined && !ports.includes(port)) {
      out.push(
        violation(
          NAME,
          ref.from,
          `${ref.via} is "${ref.value}": Service ${namespace}/${service} has no port ${port} ` +
            `(ports: ${ports.join(", ") || "none"})`,
          `use one of the Service's ports in ${ref.via}`,
        ),
      );
    }
  }
  return out;
}

/** Every in-cluster address an env value or ConfigMap names is a Service of the set, with that port. */
export const hostsResolve: Rule = {
  name: NAME,
  description:
    "Every in-cluster address (<service>.<namespace>[.svc.cluster.local][:port]) named by a container env " +
    "value, a ConfigMap value or an endpoint line of a ConfigMap document is a Service of the set with that port.",
  check,
};
