/**
 * `cluster.entry` on platform "aws": bad input refused before any resource, each problem naming the key,
 * the value, what is allowed and the fix; the hosted zone asked with a data source (preflight).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- preflight loads after the mocks are set */
import { ConfigError, loadConfig } from "../../../stacks/config";
import { PROJECT, setupMocks } from "../../harness";

function problemsOf(
  config: Record<string, unknown>,
  secrets: Record<string, string> = {},
  plain: Record<string, string> = {},
): string[] {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    values[`${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  for (const [k, v] of Object.entries({ ...secrets, ...plain })) values[`${PROJECT}:${k}`] = v;
  const isSecret = (k: string) => Object.keys(secrets).some((s) => k === `${PROJECT}:${s}`);
  try {
    loadConfig({ namespace: PROJECT, values, isSecret });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

const ZONE = "Z0123456789ABCDEFGHIJ";
const withEntry = (
  entry: unknown,
  services: unknown = { istio: { hostname: "kubeflow.example.com" } },
  network: unknown = {},
) => ({ platform: "aws", cluster: { region: "eu-west-1", network, entry }, services });
const oidc = {
  type: "oidc",
  issuer: "https://idp.example.com",
  authorizationEndpoint: "https://idp.example.com/authorize",
  tokenEndpoint: "https://idp.example.com/token",
  userInfoEndpoint: "https://idp.example.com/userinfo",
  clientId: "kubeflow",
  clientSecretSecret: "oidcClientSecret",
  accessTokenJwksUri: "https://idp.example.com/jwks",
};

describe("cluster.entry (aws) refused before any resource", () => {
  it("needs services.istio.hostname", () => {
    expect(problemsOf(withEntry({ dnsZone: ZONE }, {}))).toEqual([
      "kubeflow-platform:services.istio.hostname: is required by cluster.entry: the load balancer's certificate and DNS record are for it; set a hostname inside the zone of cluster.entry.dnsZone, or remove cluster.entry (got nothing)",
    ]);
  });

  it("refuses a LoadBalancer gateway beside the ALB", () => {
    const services = { istio: { hostname: "kubeflow.example.com", exposure: "LoadBalancer" } };
    expect(problemsOf(withEntry({ dnsZone: ZONE }, services))).toEqual([
      'kubeflow-platform:services.istio.exposure: "LoadBalancer" contradicts cluster.entry: the cloud load balancer is the only way in and the gateway Service stays ClusterIP behind it; remove exposure or set "ClusterIP" (got "LoadBalancer")',
    ]);
  });

  it("needs the ALB subnets' CIDRs with an existing VPC", () => {
    const network = { vpcId: "vpc-0a1b2c3d", privateSubnetIds: ["subnet-0a", "subnet-0b"] };
    expect(problemsOf(withEntry({ dnsZone: ZONE }, undefined, network))).toEqual([
      'kubeflow-platform:cluster.entry.sourceRanges: is required with an existing VPC (cluster.network.vpcId "vpc-0a1b2c3d"): set the CIDR blocks of the ALB\'s public subnets (got nothing)',
    ]);
  });

  it("refuses a malformed zone id, a long ALB name and a TLS policy below TLS 1.3/1.2, at once", () => {
    const problems = problemsOf(
      withEntry({
        dnsZone: "zone-1",
        loadBalancerName: "x".repeat(33),
        sslPolicy: "ELBSecurityPolicy-2016-08",
      }),
    );
    expect(problems.slice(0, 2)).toEqual([
      'kubeflow-platform:cluster.entry.dnsZone: must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (got "zone-1")',
      `kubeflow-platform:cluster.entry.loadBalancerName: must be 32 characters or fewer (an ALB name) (got "${"x".repeat(33)}")`,
    ]);
    expect(problems[2]).toMatch(
      /^kubeflow-platform:cluster\.entry\.sslPolicy: got "ELBSecurityPolicy-2016-08"; allowed: "ELBSecurityPolicy-TLS13-1-2-2021-06", /,
    );
    expect(problems).toHaveLength(3);
  });

  it("refuses an IdP over plain HTTP and a malformed Cognito pool ARN", () => {
    expect(
      problemsOf(
        withEntry({ dnsZone: ZONE, identity: { ...oidc, issuer: "http://idp.example.com" } }),
        {
          oidcClientSecret: "x",
        },
      ),
    ).toEqual([
      'kubeflow-platform:cluster.entry.identity.issuer: must be an https:// URL (the ALB calls the IdP over TLS only) (got "http://idp.example.com")',
    ]);
    const cognito = {
      type: "cognito",
      userPoolArn: "arn:aws:cognito-idp:eu-west-1:123:userpool/x",
      userPoolClientId: "abc",
      userPoolDomain: "acme",
    };
    expect(problemsOf(withEntry({ dnsZone: ZONE, identity: cognito }))).toEqual([
      'kubeflow-platform:cluster.entry.identity.userPoolArn: must be a Cognito user pool ARN such as arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123 (got "arn:aws:cognito-idp:eu-west-1:123:userpool/x")',
    ]);
  });

  it("refuses an OIDC IdP without the JWKS the mesh verifies its access token with", () => {
    const noJwks: Record<string, unknown> = { ...oidc };
    delete noJwks.accessTokenJwksUri;
    expect(
      problemsOf(withEntry({ dnsZone: ZONE, identity: noJwks }), { oidcClientSecret: "x" }),
    ).toEqual([
      "kubeflow-platform:cluster.entry.identity.accessTokenJwksUri: is required (a string)",
    ]);
  });

  it("refuses the OIDC client secret in plain text", () => {
    expect(
      problemsOf(withEntry({ dnsZone: ZONE, identity: oidc }), {}, { oidcClientSecret: "x" }),
    ).toEqual([
      "kubeflow-platform:oidcClientSecret: holds a secret in plain text (named by kubeflow-platform:cluster.entry.identity.clientSecretSecret). Run `pulumi config set --secret oidcClientSecret <value>` to encrypt it, and rotate it",
    ]);
  });

  it("accepts a complete entry, with the modern TLS policy and the default ALB name", () => {
    expect(
      problemsOf(withEntry({ dnsZone: ZONE, identity: oidc }), { oidcClientSecret: "x" }),
    ).toEqual([]);
  });
});

describe("the hosted zone, asked before any resource", () => {
  async function zoneProblems(hostname: string, zone: string): Promise<string[]> {
    const config = withEntry({ dnsZone: zone }, { istio: { hostname } });
    setupMocks(config);
    const { cloudProblems } =
      require("../../../stacks/preflight") as typeof import("../../../stacks/preflight");
    const cfg = loadConfig();
    return cloudProblems(cfg, PROJECT);
  }

  it("refuses a hostname outside the zone (the mocks' zones hold example.com)", async () => {
    expect(await zoneProblems("kubeflow.example.org", ZONE)).toEqual([
      `kubeflow-platform:cluster.entry.dnsZone: holds example.com, not services.istio.hostname: "kubeflow.example.org" is not in the hosted zone "example.com"; use a name ending in .example.com, or name the zone that holds it (got "${ZONE}")`,
    ]);
  });

  it("refuses a private zone, which ACM cannot validate through", async () => {
    expect(await zoneProblems("kubeflow.example.com", "ZPRIVATE0123456789")).toEqual([
      'kubeflow-platform:cluster.entry.dnsZone: is a private hosted zone; the public entry needs a public zone (ACM validates the certificate through it) (got "ZPRIVATE0123456789")',
    ]);
  });

  it("lets a hostname in the zone through, and the zone's apex", async () => {
    expect(await zoneProblems("kubeflow.example.com", ZONE)).toEqual([]);
    expect(await zoneProblems("example.com", ZONE)).toEqual([]);
  });
});
