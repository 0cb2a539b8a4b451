/**
 * Rule `certificates-resolve`: every cert-manager Certificate names an issuer the set installs. A
 * Certificate whose issuer is missing stays `Ready=False` (`IssuerNotFound`), its Secret is never written,
 * and every pod mounting it hangs in `ContainerCreating`.
 */
import { ofKind } from "../objects";
import { PlatformSet, Rule, Violation } from "../types";
import { field, fmtList, str, violation } from "./common";

const NAME = "certificates-resolve";

/** The API group of cert-manager's own issuers; other groups are external issuers this rule cannot see. */
export const CERT_MANAGER_GROUP = "cert-manager.io";

function check(set: PlatformSet): Violation[] {
  const issuers = ofKind(set, "Issuer", CERT_MANAGER_GROUP);
  const clusterIssuers = ofKind(set, "ClusterIssuer", CERT_MANAGER_GROUP);
  const out: Violation[] = [];
  for (const cert of ofKind(set, "Certificate", CERT_MANAGER_GROUP)) {
    const ref = field(cert.spec, "issuerRef");
    const name = str(ref, "name");
    // issuerRef.kind defaults to Issuer and group to cert-manager.io.
    // https://cert-manager.io/docs/reference/api-docs/#meta.cert-manager.io/v1.IssuerReference
    const kind = str(ref, "kind") ?? "Issuer";
    const group = str(ref, "group") ?? CERT_MANAGER_GROUP;
    if (name === undefined || group !== CERT_MANAGER_GROUP) continue;
    const ns = cert.metadata.namespace ?? "default";
    if (kind === "ClusterIssuer") {
      if (clusterIssuers.some((i) => i.metadata.name === name)) continue;
      out.push(
        violation(
          NAME,
          cert,
          `issuerRef names ClusterIssuer ${name}, which the set does not hold; ClusterIssuers: ` +
            `${fmtList(clusterIssuers.map((i) => i.metadata.name).sort())}`,
          `name an existing ClusterIssuer, or add ClusterIssuer ${name}`,
        ),
      );
      continue;
    }
    if (kind !== "Issuer") {
      out.push(
        violation(
          NAME,
          cert,
          `issuerRef kind ${kind} is not an issuer kind of group ${CERT_MANAGER_GROUP} (Issuer or ClusterIssuer)`,
          `set issuerRef.kind to Issuer or ClusterIssuer, or set issuerRef.group for an external issuer`,
        ),
      );
      continue;
    }
    if (issuers.some((i) => i.metadata.name === name && i.metadata.namespace === ns)) continue;
    const here = issuers.filter((i) => i.metadata.namespace === ns).map((i) => i.metadata.name);
    const elsewhere = issuers
      .filter((i) => i.metadata.name === name)
      .map((i) => i.metadata.namespace ?? "default");
    out.push(
      violation(
        NAME,
        cert,
        `issuerRef names Issuer ${name}, which namespace ${ns} does not hold (an Issuer serves only its ` +
          `own namespace); Issuers in ${ns}: ${fmtList(here.sort())}` +
          (elsewhere.length > 0
            ? `; an Issuer ${name} exists in ${fmtList(elsewhere.sort())}`
            : ""),
        `add Issuer ${name} to namespace ${ns}, or refer to a ClusterIssuer (issuerRef.kind: ClusterIssuer)`,
      ),
    );
  }
  return out;
}

/** Every cert-manager Certificate's issuerRef names an Issuer of its namespace or a ClusterIssuer. */
export const certificatesResolve: Rule = {
  name: NAME,
  description:
    "Every cert-manager Certificate's issuerRef names an Issuer in its namespace or a ClusterIssuer of " +
    "the set.",
  check,
};
