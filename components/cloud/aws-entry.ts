/**
 * The platform's public HTTPS entry on EKS: an ACM certificate for the hostname validated by DNS in the
 * Route 53 zone, an internet-facing ALB that the AWS Load Balancer Controller makes from an Ingress in the
 * gateway's namespace (TLS ends at the ALB; plain HTTP to the Istio gateway pods' IPs), and an alias record
 * from the hostname to the ALB. Optionally the ALB signs users in (Cognito or an OIDC IdP) and the mesh
 * verifies the access token it forwards (see aws-entry-plan.ts for why that token and not the ALB's own).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterHandle } from "../cluster/handle";
import { CloudIdentity, GatewayBackend, PublicEntry } from "../shared/cloud-entry";
import {
  AlbAuth,
  albGatewayBackend,
  albIngressAnnotations,
  albIngressSpec,
  AlbTlsPolicy,
  cognitoIdentity,
  isModernTlsPolicy,
  oidcIdentity,
} from "./aws-entry-plan";
import { awsClusterFacts } from "./cluster-facts";

export { awsClusterFacts } from "./cluster-facts";

/**
 * An Amazon Cognito user pool signs users in on the ALB.
 * @optionDocs
 */
export interface AwsEntryCognitoIdentity {
  /** Amazon Cognito user pool on the ALB. */
  type: "cognito";
  /** ARN of the Cognito user pool. */
  userPoolArn: string;
  /** App client id (with a client secret, callback https://<hostname>/oauth2/idpresponse). */
  userPoolClientId: string;
  /** Domain prefix or custom domain of the user pool's hosted UI. */
  userPoolDomain: string;
  /**
   * Claim of the access token holding the user's e-mail (mapped to kubeflow-userid); Cognito puts it in the
   * access token only through a pre-token-generation trigger.
   * @default AWS_ENTRY_DEFAULTS.emailClaim ("email")
   */
  emailClaim?: string;
}

/**
 * An OpenID Connect IdP signs users in on the ALB.
 * @optionDocs
 */
export interface AwsEntryOidcIdentity {
  /** An OpenID Connect IdP on the ALB. */
  type: "oidc";
  /** The IdP's issuer. */
  issuer: string;
  /** The IdP's authorization endpoint. */
  authorizationEndpoint: string;
  /** The IdP's token endpoint. */
  tokenEndpoint: string;
  /** The IdP's user info endpoint. */
  userInfoEndpoint: string;
  /** OIDC client id of the platform. */
  clientId: string;
  /** The OIDC client's secret. @remarks May be an Output (a Pulumi secret). */
  clientSecret: pulumi.Input<string>;
  /**
   * JWKS of the IdP's access tokens (which the ALB forwards); the IdP must issue JWT access tokens.
   */
  accessTokenJwksUri: string;
  /** `iss` of the access tokens. @default - issuer */
  accessTokenIssuer?: string;
  /** Accepted `aud` of the access tokens (e.g. the API audience the IdP puts in them). @default [] (any) */
  accessTokenAudiences?: readonly string[];
  /**
   * Claim of the access token holding the user's e-mail (mapped to kubeflow-userid); the IdP must put it in
   * the access token.
   * @default AWS_ENTRY_DEFAULTS.emailClaim ("email")
   */
  emailClaim?: string;
}

/** The ALB's authentication and what the mesh verifies behind it. */
export type AwsEntryIdentity = AwsEntryCognitoIdentity | AwsEntryOidcIdentity;

/** The Istio gateway the ALB sends to. */
export interface AwsEntryGateway {
  namespace: string;
  service: string;
  /** The gateway Service's plain-HTTP port. */
  port: number;
  ready: readonly pulumi.Resource[];
}

/** The defaults of `AwsPublicEntryOptions` (and of an identity's `emailClaim`), written once. */
export const AWS_ENTRY_DEFAULTS = {
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  inboundCidrs: ["0.0.0.0/0"],
  emailClaim: "email",
} as const satisfies {
  sslPolicy: AlbTlsPolicy;
  inboundCidrs: readonly string[];
  emailClaim: string;
};

/** Settings of the entry: everything but the wiring. Every default is in `AWS_ENTRY_DEFAULTS`. */
export interface AwsPublicEntryOptions {
  /**
   * Public hostname, in the zone `dnsZoneId`.
   * @remarks May be an Output (a name the same program computes).
   */
  hostname: pulumi.Input<string>;
  /**
   * Route 53 public hosted zone that holds the hostname (the stack's services.istio.hostname): certificate
   * validation and alias records.
   * @remarks Its id; may be an Output of a zone the caller creates.
   */
  dnsZoneId: pulumi.Input<string>;
  /** The ALB's name and Ingress group (≤ 32 characters). */
  loadBalancerName: string;
  /** CIDR blocks the ALB's requests reach the gateway from (its subnets). */
  sourceRanges: readonly string[];
  /** TLS policy of the ALB's HTTPS listener (TLS 1.3 and 1.2 policies only). @default AWS_ENTRY_DEFAULTS.sslPolicy ("ELBSecurityPolicy-TLS13-1-2-2021-06") */
  sslPolicy?: AlbTlsPolicy;
  /** Client CIDR blocks allowed to reach the ALB. @default AWS_ENTRY_DEFAULTS.inboundCidrs (["0.0.0.0/0"]) */
  inboundCidrs?: readonly string[];
  /**
   * Public subnets of the ALB. @default - the subnets tagged `kubernetes.io/role/elb: 1`
   * @remarks Their ids may be Outputs of subnets the same program creates.
   */
  publicSubnetIds?: readonly pulumi.Input<string>[];
  /**
   * Authentication on the ALB, verified again at the mesh: {type: cognito, ...} or {type: oidc, ...}.
   * @default - none (the platform's own login)
   */
  identity?: AwsEntryIdentity;
}

/** The entry's settings and its wiring: the cluster's handle, the gateway, the controller. */
export interface AwsPublicEntryArgs extends AwsPublicEntryOptions {
  /** The EKS cluster: its Kubernetes provider and its AWS facts (`cloud.kind` "aws"). */
  cluster: Pick<ClusterHandle, "provider" | "cloud">;
  gateway: AwsEntryGateway;
  /**
   * The AWS Load Balancer Controller that serves the Ingress (its webhooks must be up first).
   * @default - none waited for (a controller installed otherwise)
   */
  controller?: { readonly release: pulumi.Resource };
}

/** Pure: problems of the entry's args, as input property errors. */
export function awsEntryArgProblems(
  a: Pick<AwsPublicEntryArgs, "loadBalancerName" | "sslPolicy" | "inboundCidrs" | "sourceRanges">,
): { propertyPath: string; reason: string }[] {
  const out: { propertyPath: string; reason: string }[] = [];
  if (!/^[a-zA-Z0-9](-?[a-zA-Z0-9])*$/.test(a.loadBalancerName) || a.loadBalancerName.length > 32) {
    out.push({
      propertyPath: "loadBalancerName",
      reason: `"${a.loadBalancerName}" is not an ALB name: 1-32 letters, digits and inner hyphens`,
    });
  }
  if (a.sslPolicy !== undefined && !isModernTlsPolicy(a.sslPolicy)) {
    out.push({
      propertyPath: "sslPolicy",
      reason: `"${String(a.sslPolicy)}" allows TLS below 1.2; use ELBSecurityPolicy-TLS13-1-2-2021-06`,
    });
  }
  if (a.sourceRanges.length === 0) {
    out.push({ propertyPath: "sourceRanges", reason: "must list the ALB subnets' CIDRs" });
  }
  if (a.inboundCidrs !== undefined && a.inboundCidrs.length === 0) {
    out.push({ propertyPath: "inboundCidrs", reason: "must allow one client CIDR at least" });
  }
  return out;
}

/** Pure: the identity the mesh verifies for the ALB's authentication. */
export function awsEntryCloudIdentity(identity: AwsEntryIdentity): CloudIdentity {
  return identity.type === "cognito"
    ? cognitoIdentity(
        identity.userPoolArn,
        identity.userPoolClientId,
        identity.emailClaim ?? AWS_ENTRY_DEFAULTS.emailClaim,
      )
    : oidcIdentity({
        issuer: identity.issuer,
        accessTokenJwksUri: identity.accessTokenJwksUri,
        accessTokenAudiences: identity.accessTokenAudiences ?? [],
        emailClaim: identity.emailClaim ?? AWS_ENTRY_DEFAULTS.emailClaim,
        ...(identity.accessTokenIssuer !== undefined
          ? { accessTokenIssuer: identity.accessTokenIssuer }
          : {}),
      });
}

export class AwsPublicEntry extends pulumi.ComponentResource implements PublicEntry {
  public readonly url: pulumi.Output<string>;
  public readonly hostname: pulumi.Output<string>;
  public readonly address: pulumi.Output<string>;
  public readonly backend: GatewayBackend;
  public readonly identity?: CloudIdentity;
  public readonly ready: readonly pulumi.Resource[];
  public readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: AwsPublicEntryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cloud:AwsPublicEntry", name, {}, opts);
    const problems = awsEntryArgProblems(args);
    if (problems.length > 0) {
      throw new pulumi.InputPropertiesError({
        message: `AwsPublicEntry: ${problems.length} invalid argument(s)`,
        errors: problems,
      });
    }
    const cloud = awsClusterFacts(`AwsPublicEntry ${name}`, args.cluster);
    const awsOpts = { parent: this, provider: cloud.provider };
    const k8sOpts = { parent: this, provider: args.cluster.provider };
    const { hostname, gateway } = args;

    const certificate = new aws.acm.Certificate(
      `${name}-certificate`,
      { domainName: hostname, validationMethod: "DNS", tags: { "kubeflow-platform": hostname } },
      awsOpts,
    );
    // One name, so one validation option: read by index outside apply (no resource inside an apply).
    const dvo = certificate.domainValidationOptions[0];
    const validationRecord = new aws.route53.Record(
      `${name}-validation`,
      {
        zoneId: args.dnsZoneId,
        name: dvo.resourceRecordName,
        type: dvo.resourceRecordType,
        records: [dvo.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      },
      awsOpts,
    );
    const validation = new aws.acm.CertificateValidation(
      `${name}-validation`,
      { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] },
      awsOpts,
    );
    this.certificateArn = validation.certificateArn;

    let auth: AlbAuth | undefined;
    const before: pulumi.Resource[] = [
      ...gateway.ready,
      ...(args.controller !== undefined ? [args.controller.release] : []),
    ];
    const identity = args.identity;
    if (identity?.type === "cognito") {
      auth = { ...identity, type: "cognito" };
    } else if (identity?.type === "oidc") {
      // The controller reads the client's id and secret from this Secret in the Ingress's namespace.
      const secretName = `${args.loadBalancerName}-oidc`;
      const secret = new k8s.core.v1.Secret(
        `${name}-oidc`,
        {
          metadata: { name: secretName, namespace: gateway.namespace },
          type: "Opaque",
          stringData: {
            clientID: identity.clientId,
            clientSecret: pulumi.secret(identity.clientSecret),
          },
        },
        k8sOpts,
      );
      before.push(secret);
      auth = {
        type: "oidc",
        issuer: identity.issuer,
        authorizationEndpoint: identity.authorizationEndpoint,
        tokenEndpoint: identity.tokenEndpoint,
        userInfoEndpoint: identity.userInfoEndpoint,
        secretName,
      };
    }

    const ingress = new k8s.networking.v1.Ingress(
      `${name}-ingress`,
      {
        metadata: {
          name: args.loadBalancerName,
          namespace: gateway.namespace,
          annotations: pulumi
            .all([validation.certificateArn, pulumi.output([...(args.publicSubnetIds ?? [])])])
            .apply(([certificateArn, publicSubnetIds]) =>
              albIngressAnnotations({
                loadBalancerName: args.loadBalancerName,
                certificateArn,
                sslPolicy: args.sslPolicy ?? AWS_ENTRY_DEFAULTS.sslPolicy,
                inboundCidrs: args.inboundCidrs ?? AWS_ENTRY_DEFAULTS.inboundCidrs,
                ...(args.publicSubnetIds !== undefined ? { publicSubnetIds } : {}),
                ...(auth !== undefined ? { auth } : {}),
              }),
            ),
        },
        spec: albIngressSpec(hostname, gateway.service, gateway.port),
      },
      { ...k8sOpts, dependsOn: before },
    );
    // The provider waits for the Ingress's load balancer status; the ALB then exists, and its canonical
    // hosted zone (per region) comes from the ALB itself.
    this.address = ingress.status.loadBalancer.ingress[0].hostname;
    const alb = aws.lb.getLoadBalancerOutput(
      { name: args.loadBalancerName, region: cloud.region },
      { parent: this, provider: cloud.provider, dependsOn: [ingress] },
    );
    const alias = new aws.route53.Record(
      `${name}-alias`,
      {
        zoneId: args.dnsZoneId,
        name: hostname,
        type: "A",
        aliases: [{ name: this.address, zoneId: alb.zoneId, evaluateTargetHealth: true }],
        allowOverwrite: false,
      },
      awsOpts,
    );

    this.hostname = pulumi.output(hostname);
    this.url = pulumi.interpolate`https://${hostname}`;
    this.backend = albGatewayBackend(gateway.port, args.sourceRanges, identity?.type);
    if (identity !== undefined) this.identity = awsEntryCloudIdentity(identity);
    this.ready = [validation, ingress, alias];
    this.registerOutputs({
      url: this.url,
      address: this.address,
      certificateArn: this.certificateArn,
    });
  }
}
