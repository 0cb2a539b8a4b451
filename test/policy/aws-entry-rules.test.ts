/**
 * The policy rules of the AWS public entry, on the resources the entry registers (stacks/entry-aws.ts under
 * the mocks): they pass as built, and each fails on a broken copy.
 */
import {
  albInternetFacingOnlyForEntry,
  albTlsPolicyModern,
  irsaTrustScopedToServiceAccount,
  PolicyResource,
  RULES,
  StackFacts,
} from "../../policy/rules";
import { Inventory, RecordedResource } from "../harness";
import { base, build, ISSUER } from "../components/cloud/run";

type Obj = Record<string, unknown>;
const HOST = ISSUER.slice(8);
let inv: Inventory;
const facts: StackFacts = { publicEntry: true };

beforeAll(async () => {
  ({ inv } = await build(base({ dnsZone: "Z0123456789ABCDEFGHIJ" })));
});

function broken(r: RecordedResource, edit: (copy: RecordedResource) => void): PolicyResource {
  const copy = structuredClone(r);
  edit(copy);
  return copy;
}
const role = () => inv.get("aws:iam/role:Role", "kubeflow-lb-controller-role");
const ingress = () => inv.get("kubernetes:networking.k8s.io/v1:Ingress", "kubeflow-entry-ingress");
const annotations = (r: RecordedResource) => (r.inputs.metadata as Obj).annotations as Obj;
const withTrust = (condition: Obj) =>
  broken(role(), (c) => {
    c.inputs.assumeRolePolicy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/x" },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: condition,
        },
      ],
    });
  });

it("every rule passes on the entry's resources as built", () => {
  const violations = inv.resources.flatMap((r) => RULES.flatMap((rule) => rule.check(r, facts)));
  expect(violations).toEqual([]);
  expect(inv.resources.length).toBeGreaterThan(8);
});

describe("irsa-trust-scoped-to-service-account", () => {
  it("refuses a trust of every ServiceAccount of a namespace (StringLike wildcard)", () => {
    const r = withTrust({
      StringLike: { [`${HOST}:sub`]: "system:serviceaccount:kube-system:*" },
      StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" },
    });
    expect(irsaTrustScopedToServiceAccount.check(r, facts)).toEqual([
      expect.stringMatching(/trusts web identities beyond one ServiceAccount; use StringEquals/),
    ]);
  });

  it("refuses a trust without the STS audience", () => {
    const r = withTrust({
      StringEquals: {
        [`${HOST}:sub`]: "system:serviceaccount:kube-system:aws-load-balancer-controller",
      },
    });
    expect(irsaTrustScopedToServiceAccount.check(r, facts)).toEqual([
      `${r.urn}: web-identity trust without StringEquals <issuer>:aud = sts.amazonaws.com.`,
    ]);
  });

  it("refuses a trust with no condition at all (any identity of the issuer)", () => {
    expect(irsaTrustScopedToServiceAccount.check(withTrust({}), facts)).toHaveLength(2);
  });
});

describe("alb-internet-facing-only-for-entry", () => {
  it("refuses an internet-facing ALB in a stack without a public entry", () => {
    expect(albInternetFacingOnlyForEntry.check(ingress(), {})).toEqual([
      `${ingress().urn}: an internet-facing ALB, but the stack has no public entry (cluster.entry); make it internal or configure the entry.`,
    ]);
  });

  it("refuses an internet-facing ALB serving plain HTTP only", () => {
    const r = broken(ingress(), (c) => {
      const a = annotations(c);
      a["alb.ingress.kubernetes.io/listen-ports"] = '[{"HTTP":80}]';
      delete a["alb.ingress.kubernetes.io/certificate-arn"];
      delete a["alb.ingress.kubernetes.io/ssl-redirect"];
    });
    expect(albInternetFacingOnlyForEntry.check(r, facts)).toEqual([
      `${r.urn}: an internet-facing ALB without an HTTPS listener and certificate.`,
      `${r.urn}: an internet-facing ALB serving plain HTTP; set ssl-redirect: "443".`,
    ]);
  });

  it("lets an internal ALB through without an entry", () => {
    const r = broken(ingress(), (c) => {
      annotations(c)["alb.ingress.kubernetes.io/scheme"] = "internal";
    });
    expect(albInternetFacingOnlyForEntry.check(r, {})).toEqual([]);
  });
});

describe("alb-tls-policy-modern", () => {
  it("refuses a TLS 1.0 policy and the controller's default", () => {
    const old = broken(ingress(), (c) => {
      annotations(c)["alb.ingress.kubernetes.io/ssl-policy"] =
        "ELBSecurityPolicy-TLS13-1-0-2021-06";
    });
    expect(albTlsPolicyModern.check(old, facts)).toEqual([
      `${old.urn}: ALB TLS policy "ELBSecurityPolicy-TLS13-1-0-2021-06" allows old TLS; use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer.`,
    ]);
    const unset = broken(ingress(), (c) => {
      delete annotations(c)["alb.ingress.kubernetes.io/ssl-policy"];
    });
    expect(albTlsPolicyModern.check(unset, facts)).toEqual([
      `${unset.urn}: ALB TLS policy "ELBSecurityPolicy-2016-08 (the default)" allows old TLS; use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer.`,
    ]);
  });
});
