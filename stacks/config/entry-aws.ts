/**
 * `cluster.entry` for platform "aws": the public HTTPS entry (ACM certificate, an internet-facing ALB made by
 * the AWS Load Balancer Controller, a Route 53 alias) and, optionally, the ALB's authentication (Cognito or
 * an OIDC IdP) whose token the mesh verifies. The ALB's annotations the fields map onto:
 * https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/guide/ingress/annotations.md
 */
import { z } from "zod";
import {
  AWS_ENTRY_DEFAULTS,
  AwsEntryIdentity,
  AwsPublicEntryOptions,
} from "../../components/cloud/aws-entry";
import { ALB_TLS_POLICIES } from "../../components/cloud/aws-entry-plan";
import {
  AWS_ENTRY_COGNITO_IDENTITY_DOCS as COGNITO,
  AWS_ENTRY_OIDC_IDENTITY_DOCS as OIDC,
  AWS_PUBLIC_ENTRY_OPTION_DOCS as ENTRY,
} from "../../components/cloud/option-docs";
import { ipv4Cidr } from "./cluster-common";
import { setOnce, strict, upgradeSafe, type Fits } from "./schema";
import { secretRef } from "./secrets";

const httpsUrl = z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, {
  error: "must be an https:// URL (the ALB calls the IdP over TLS only)",
});

const emailClaim = (description: string) =>
  upgradeSafe(
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_:./-]*$/, { error: "must be a JWT claim name such as email" })
      .default(AWS_ENTRY_DEFAULTS.emailClaim),
    description,
  );

export const cognitoIdentitySchema = strict({
  type: upgradeSafe(z.literal("cognito"), COGNITO.type),
  userPoolArn: upgradeSafe(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[a-z0-9-]+_[A-Za-z0-9]+$/, {
        error:
          "must be a Cognito user pool ARN such as arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123",
      }),
    COGNITO.userPoolArn,
  ),
  userPoolClientId: upgradeSafe(
    z.string().regex(/^[a-z0-9]{1,128}$/, { error: "must be a Cognito app client id" }),
    COGNITO.userPoolClientId,
  ),
  userPoolDomain: upgradeSafe(
    z.string().regex(/^([a-z0-9](-?[a-z0-9])*|([a-z0-9-]+\.)+[a-z]{2,63})$/, {
      error:
        "must be the user pool's domain prefix (my-prefix) or custom domain (auth.example.com)",
    }),
    COGNITO.userPoolDomain,
  ),
  emailClaim: emailClaim(COGNITO.emailClaim),
});

export const oidcIdentitySchema = strict({
  type: upgradeSafe(z.literal("oidc"), OIDC.type),
  issuer: upgradeSafe(httpsUrl, OIDC.issuer),
  authorizationEndpoint: upgradeSafe(httpsUrl, OIDC.authorizationEndpoint),
  tokenEndpoint: upgradeSafe(httpsUrl, OIDC.tokenEndpoint),
  userInfoEndpoint: upgradeSafe(httpsUrl, OIDC.userInfoEndpoint),
  clientId: upgradeSafe(z.string().min(1), OIDC.clientId),
  clientSecretSecret: secretRef("Config key holding the OIDC client secret."),
  accessTokenJwksUri: upgradeSafe(httpsUrl, OIDC.accessTokenJwksUri),
  accessTokenIssuer: upgradeSafe(httpsUrl.optional(), OIDC.accessTokenIssuer, "- issuer"),
  accessTokenAudiences: upgradeSafe(
    z.array(z.string().min(1)).default([]),
    OIDC.accessTokenAudiences,
    "[] (any)",
  ),
  emailClaim: emailClaim(OIDC.emailClaim),
});

export const awsEntrySchema = strict({
  dnsZone: setOnce(
    z.string().regex(/^Z[0-9A-Z]{1,32}$/, {
      error: "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
    }),
    ENTRY.dnsZoneId,
  ),
  loadBalancerName: setOnce(
    z
      .string()
      .regex(/^[a-zA-Z0-9](-?[a-zA-Z0-9])*$/, {
        error: "must be letters, digits and inner hyphens",
      })
      .max(32, { error: "must be 32 characters or fewer (an ALB name)" })
      .optional(),
    ENTRY.loadBalancerName,
    "- <cluster.name, first 23 characters>-kubeflow",
  ),
  sslPolicy: upgradeSafe(
    z.enum(ALB_TLS_POLICIES).default(AWS_ENTRY_DEFAULTS.sslPolicy),
    ENTRY.sslPolicy,
  ),
  inboundCidrs: upgradeSafe(
    z
      .array(ipv4Cidr)
      .min(1)
      .default(() => [...AWS_ENTRY_DEFAULTS.inboundCidrs]),
    ENTRY.inboundCidrs,
  ),
  publicSubnetIds: upgradeSafe(
    z
      .array(
        z
          .string()
          .regex(/^subnet-[0-9a-f]+$/, { error: "must be a subnet id such as subnet-0a1b2c3d" }),
      )
      .min(2, { error: "must list public subnets in two zones or more (an ALB needs two)" })
      .optional(),
    ENTRY.publicSubnetIds,
    "- the subnets tagged kubernetes.io/role/elb=1 (the new VPC's public subnets are)",
  ),
  sourceRanges: upgradeSafe(
    z.array(ipv4Cidr).min(1).optional(),
    ENTRY.sourceRanges,
    "- the new VPC's CIDR; required with an existing VPC",
  ),
  identity: upgradeSafe(
    z.discriminatedUnion("type", [cognitoIdentitySchema, oidcIdentitySchema]).optional(),
    ENTRY.identity,
    "- none (Dex and oauth2-proxy)",
  ),
});

export type AwsEntryConfig = z.output<typeof awsEntrySchema>;
export type AwsEntryIdentityConfig = NonNullable<AwsEntryConfig["identity"]>;

interface Problem {
  path: (string | number)[];
  message: string;
}

/**
 * Pure: problems of `cluster.entry` that need other keys (the hostname, the VPC), by key path from the
 * root. Empty when the stack has no entry.
 */
export function awsEntryConfigProblems(cfg: {
  cluster: { entry?: AwsEntryConfig; network: { vpcId?: string } };
  services: { istio: { hostname?: string; exposure: string } };
}): Problem[] {
  const entry = cfg.cluster.entry;
  if (entry === undefined) return [];
  const out: Problem[] = [];
  // The hostname and a LoadBalancer gateway beside the entry are checked cloud-neutrally (config/entry.ts).
  if (cfg.cluster.network.vpcId !== undefined && entry.sourceRanges === undefined) {
    out.push({
      path: ["cluster", "entry", "sourceRanges"],
      message: `is required with an existing VPC (cluster.network.vpcId "${cfg.cluster.network.vpcId}"): set the CIDR blocks of the ALB's public subnets`,
    });
  }
  return out;
}

/**
 * Compile-time check: the settings the section shares with `AwsPublicEntryOptions` fit it (the stack maps
 * `dnsZone` to `dnsZoneId`, derives `loadBalancerName` and `sourceRanges`, and resolves `clientSecretSecret`).
 */
export type AwsEntryOptionsFit = Fits<
  Pick<AwsEntryConfig, "sslPolicy" | "inboundCidrs" | "publicSubnetIds">,
  Pick<AwsPublicEntryOptions, "sslPolicy" | "inboundCidrs" | "publicSubnetIds">
>;
export type AwsEntryCognitoFit = Fits<
  Extract<AwsEntryIdentityConfig, { type: "cognito" }>,
  Extract<AwsEntryIdentity, { type: "cognito" }>
>;
