/**
 * The AWS public entry as the stack composes it (`awsEntry` of stacks/entry-aws.ts), built directly under
 * the mocks with a literal cluster handle and gateway: what the AWS Load Balancer Controller, ACM and
 * Route 53 need to make the entry serve.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- modules load after the mocks are set */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../../../components/cluster/handle";
import type { PublicEntry } from "../../../components/shared/cloud-entry";
import {
  Inventory,
  RecordedResource,
  SECRET_SIG,
  settle,
  setupMocks,
  SPECIAL_SIG_KEY,
  valueOf,
} from "../../harness";
import { base, build, eksClusterHandle, ISSUER, OIDC_ARN, POOL_ARN } from "./run";

type Obj = Record<string, unknown>;

const ann = (r: RecordedResource): Record<string, string> =>
  (r.inputs.metadata as Obj).annotations as Record<string, string>;

describe("the AWS public entry with Cognito", () => {
  let inv: Inventory;
  let entry: PublicEntry;
  beforeAll(async () => {
    ({ inv, entry } = await build(
      base({
        dnsZone: "Z0123456789ABCDEFGHIJ",
        identity: {
          type: "cognito",
          userPoolArn: POOL_ARN,
          userPoolClientId: "1example23456789abcdefghij",
          userPoolDomain: "acme-kubeflow",
        },
      }),
    ));
  });

  it("gives the controller's role a trust policy naming only its ServiceAccount and STS", () => {
    const role = inv.get("aws:iam/role:Role", "kubeflow-lb-controller-role");
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as {
      Statement: Array<{ Principal: Obj; Action: string; Condition: Obj }>;
    };
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0].Principal).toEqual({ Federated: OIDC_ARN });
    expect(trust.Statement[0].Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: {
        [`${ISSUER.slice(8)}:sub`]:
          "system:serviceaccount:kube-system:aws-load-balancer-controller",
        [`${ISSUER.slice(8)}:aud`]: "sts.amazonaws.com",
      },
    });
    const attachment = inv.get(
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "kubeflow-lb-controller-policy",
    );
    expect(attachment.inputs.role).toBe("kubeflow-lb-controller-role");
    expect(attachment.inputs.policyArn).toBe(
      "arn:aws:iam::123456789012:policy/kubeflow-lb-controller-policy",
    );
  });

  it("installs the pinned controller chart for this cluster, its ServiceAccount bound to the role", () => {
    const release = inv.get("kubernetes:helm.sh/v3:Release", "kubeflow-lb-controller-chart");
    expect(release.inputs.chart).toBe("aws-load-balancer-controller");
    expect(release.inputs.version).toBe("3.5.0");
    expect(release.inputs.namespace).toBe("kube-system");
    expect((release.inputs.repositoryOpts as Obj).repo).toBe("https://aws.github.io/eks-charts");
    expect(release.inputs.values).toMatchObject({
      clusterName: "kubeflow",
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d",
      serviceAccount: {
        create: true,
        name: "aws-load-balancer-controller",
        annotations: {
          "eks.amazonaws.com/role-arn":
            "arn:aws:iam::123456789012:role/kubeflow-lb-controller-role",
        },
      },
      ingressClass: "alb",
      enableServiceMutatorWebhook: false,
    });
  });

  it("requests a DNS-validated certificate for the hostname, validated in the zone", () => {
    const cert = inv.get("aws:acm/certificate:Certificate", "kubeflow-entry-certificate");
    expect(cert.inputs.domainName).toBe("kubeflow.example.com");
    expect(cert.inputs.validationMethod).toBe("DNS");
    expect(cert.inputs.subjectAlternativeNames).toBeUndefined();
    const record = inv.get("aws:route53/record:Record", "kubeflow-entry-validation");
    expect(record.inputs).toMatchObject({
      zoneId: "Z0123456789ABCDEFGHIJ",
      name: "_0123456789abcdef.kubeflow.example.com.",
      type: "CNAME",
      records: ["_fedcba9876543210.mock.acm-validations.aws."],
    });
    const validation = inv.get(
      "aws:acm/certificateValidation:CertificateValidation",
      "kubeflow-entry-validation",
    );
    expect(validation.inputs.validationRecordFqdns).toEqual([
      "_0123456789abcdef.kubeflow.example.com",
    ]);
  });

  it("asks the controller for one internet-facing ALB to the gateway pods, HTTPS only, healthy on 15021", () => {
    const ingress = inv.get("kubernetes:networking.k8s.io/v1:Ingress", "kubeflow-entry-ingress");
    expect((ingress.inputs.metadata as Obj).namespace).toBe("istio-system");
    expect((ingress.inputs.metadata as Obj).name).toBe("kubeflow-kubeflow");
    expect(ingress.inputs.spec).toEqual({
      ingressClassName: "alb",
      rules: [
        {
          host: "kubeflow.example.com",
          http: {
            paths: [
              {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: "istio-ingressgateway", port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    });
    expect(ann(ingress)).toMatchObject({
      "alb.ingress.kubernetes.io/load-balancer-name": "kubeflow-kubeflow",
      "alb.ingress.kubernetes.io/group.name": "kubeflow-kubeflow",
      "alb.ingress.kubernetes.io/scheme": "internet-facing",
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
      "alb.ingress.kubernetes.io/ssl-redirect": "443",
      "alb.ingress.kubernetes.io/certificate-arn":
        "arn:aws:acm:eu-west-1:123456789012:certificate/mock-kubeflow-entry-certificate",
      "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "alb.ingress.kubernetes.io/inbound-cidrs": "0.0.0.0/0",
      "alb.ingress.kubernetes.io/healthcheck-port": "15021",
      "alb.ingress.kubernetes.io/healthcheck-path": "/healthz/ready",
    });
    const release = inv.get("kubernetes:helm.sh/v3:Release", "kubeflow-lb-controller-chart");
    expect(ingress.dependsOn).toContain(release.urn);
  });

  it("signs users in with the Cognito pool on the ALB", () => {
    const ingress = inv.get("kubernetes:networking.k8s.io/v1:Ingress", "kubeflow-entry-ingress");
    expect(ann(ingress)).toMatchObject({
      "alb.ingress.kubernetes.io/auth-type": "cognito",
      "alb.ingress.kubernetes.io/auth-scope": "openid email",
      "alb.ingress.kubernetes.io/auth-on-unauthenticated-request": "authenticate",
    });
    expect(JSON.parse(ann(ingress)["alb.ingress.kubernetes.io/auth-idp-cognito"])).toEqual({
      userPoolARN: POOL_ARN,
      userPoolClientID: "1example23456789abcdefghij",
      userPoolDomain: "acme-kubeflow",
    });
  });

  it("points the hostname at the ALB the Ingress reports, in the ALB's own hosted zone", async () => {
    const alias = inv.get("aws:route53/record:Record", "kubeflow-entry-alias");
    expect(alias.inputs).toMatchObject({
      zoneId: "Z0123456789ABCDEFGHIJ",
      name: "kubeflow.example.com",
      type: "A",
      aliases: [
        {
          name: "k8s-kubeflow-entry-ingress-0123456789.eu-west-1.elb.amazonaws.com",
          zoneId: "Z32O12XQLNTSW2",
          evaluateTargetHealth: true,
        },
      ],
    });
    expect(await valueOf(entry.address)).toBe(
      "k8s-kubeflow-entry-ingress-0123456789.eu-west-1.elb.amazonaws.com",
    );
    expect(await valueOf(entry.url)).toBe("https://kubeflow.example.com");
    expect(await valueOf(entry.hostname)).toBe("kubeflow.example.com");
  });

  it("gives the mesh the Cognito access token to verify, bound to the platform's app client", () => {
    expect(entry.identity).toEqual({
      provider: "alb-cognito",
      issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
      jwksUri:
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json",
      audiences: [],
      fromHeader: "x-amzn-oidc-accesstoken",
      emailClaim: "email",
      requiredClaims: { client_id: "1example23456789abcdefghij", token_use: "access" },
    });
    expect(entry.backend).toEqual({
      serviceType: "ClusterIP",
      serviceAnnotations: {},
      port: 80,
      sourceRanges: ["10.40.0.0/16"],
      identityProvider: "alb-cognito",
    });
  });
});

describe("the AWS public entry with an OIDC IdP", () => {
  let inv: Inventory;
  let entry: PublicEntry;
  beforeAll(async () => {
    ({ inv, entry } = await build(
      base({
        dnsZone: "Z0123456789ABCDEFGHIJ",
        loadBalancerName: "kf-prod",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
        inboundCidrs: ["198.51.100.0/24"],
        identity: {
          type: "oidc",
          issuer: "https://idp.example.com",
          authorizationEndpoint: "https://idp.example.com/authorize",
          tokenEndpoint: "https://idp.example.com/token",
          userInfoEndpoint: "https://idp.example.com/userinfo",
          clientId: "kubeflow",
          clientSecretSecret: "oidcClientSecret",
          accessTokenJwksUri: "https://idp.example.com/.well-known/jwks.json",
          accessTokenAudiences: ["https://kubeflow.example.com"],
        },
      }),
      { oidcClientSecret: "s3cr3t-client-value" },
    ));
  });

  it("holds the client's id and secret in a Secret of the Ingress's namespace, the secret encrypted", () => {
    const secret = inv.get("kubernetes:core/v1:Secret", "kubeflow-entry-oidc");
    expect(secret.inputs.metadata).toMatchObject({
      name: "kf-prod-oidc",
      namespace: "istio-system",
    });
    const wire = secret.wireInputs as Obj;
    // The provider sends the whole stringData as one secret, since a member of it is.
    expect((wire.stringData as Obj)[SPECIAL_SIG_KEY]).toBe(SECRET_SIG);
    expect(((wire.stringData as Obj).value as Obj).clientID).toBe("kubeflow");
    expect(inv.plaintext(["s3cr3t-client-value"])).toEqual([]);
  });

  it("names that Secret and the IdP's endpoints in the ALB's OIDC settings", () => {
    const ingress = inv.get("kubernetes:networking.k8s.io/v1:Ingress", "kubeflow-entry-ingress");
    const a = ann(ingress);
    expect(a["alb.ingress.kubernetes.io/auth-type"]).toBe("oidc");
    expect(JSON.parse(a["alb.ingress.kubernetes.io/auth-idp-oidc"])).toEqual({
      issuer: "https://idp.example.com",
      authorizationEndpoint: "https://idp.example.com/authorize",
      tokenEndpoint: "https://idp.example.com/token",
      userInfoEndpoint: "https://idp.example.com/userinfo",
      secretName: "kf-prod-oidc",
    });
    expect(a["alb.ingress.kubernetes.io/load-balancer-name"]).toBe("kf-prod");
    expect(a["alb.ingress.kubernetes.io/ssl-policy"]).toBe("ELBSecurityPolicy-TLS13-1-3-2021-06");
    expect(a["alb.ingress.kubernetes.io/inbound-cidrs"]).toBe("198.51.100.0/24");
    const secret = inv.get("kubernetes:core/v1:Secret", "kubeflow-entry-oidc");
    expect(ingress.dependsOn).toContain(secret.urn);
  });

  it("gives the mesh the IdP's access token with its JWKS and audience", () => {
    expect(entry.identity).toEqual({
      provider: "alb-oidc",
      issuer: "https://idp.example.com",
      jwksUri: "https://idp.example.com/.well-known/jwks.json",
      audiences: ["https://kubeflow.example.com"],
      fromHeader: "x-amzn-oidc-accesstoken",
      emailClaim: "email",
    });
  });
});

describe("the AWS entry factory's backend", () => {
  it("is undefined without cluster.entry, and ClusterIP from the ALB's subnets with one", () => {
    setupMocks(base({ dnsZone: "Z0123456789ABCDEFGHIJ", sourceRanges: ["10.40.96.0/22"] }));
    const { loadConfig } =
      require("../../../stacks/config") as typeof import("../../../stacks/config");
    const { awsEntry } =
      require("../../../stacks/entry-aws") as typeof import("../../../stacks/entry-aws");
    const cfg = loadConfig();
    if (cfg.platform !== "aws") throw new Error("expected an aws config");
    const handle = {} as ClusterHandle;
    expect(awsEntry.backend(cfg, handle)).toEqual({
      serviceType: "ClusterIP",
      serviceAnnotations: {},
      port: 80,
      sourceRanges: ["10.40.96.0/22"],
    });
    expect(
      awsEntry.backend({ ...cfg, cluster: { ...cfg.cluster, entry: undefined } }, handle),
    ).toBeUndefined();
  });

  it("names the ALB's identity provider when the entry authenticates users, so oauth2-proxy leaves the path", () => {
    const providerOf = (identity: Obj) => {
      const secrets: Record<string, string> =
        identity.type === "oidc" ? { oidcClientSecret: "s3cr3t-client-value" } : {};
      setupMocks(base({ dnsZone: "Z0123456789ABCDEFGHIJ", identity }), { secrets });
      const { loadConfig } =
        require("../../../stacks/config") as typeof import("../../../stacks/config");
      const { awsEntry } =
        require("../../../stacks/entry-aws") as typeof import("../../../stacks/entry-aws");
      const cfg = loadConfig();
      if (cfg.platform !== "aws") throw new Error("expected an aws config");
      return awsEntry.backend(cfg, {} as ClusterHandle)?.identityProvider;
    };
    expect(
      providerOf({
        type: "cognito",
        userPoolArn: POOL_ARN,
        userPoolClientId: "1example23456789abcdefghij",
        userPoolDomain: "acme-kubeflow",
      }),
    ).toBe("alb-cognito");
    expect(
      providerOf({
        type: "oidc",
        issuer: "https://idp.example.com",
        authorizationEndpoint: "https://idp.example.com/authorize",
        tokenEndpoint: "https://idp.example.com/token",
        userInfoEndpoint: "https://idp.example.com/userinfo",
        clientId: "kubeflow",
        clientSecretSecret: "oidcClientSecret",
        accessTokenJwksUri: "https://idp.example.com/.well-known/jwks.json",
      }),
    ).toBe("alb-oidc");
  });
});

describe("AwsPublicEntry's own checks", () => {
  it("refuses an ALB name longer than 32 characters and a TLS policy below 1.2, by property", () => {
    const { awsEntryArgProblems } =
      require("../../../components/cloud/aws-entry") as typeof import("../../../components/cloud/aws-entry");
    expect(
      awsEntryArgProblems({
        loadBalancerName: "a-very-long-load-balancer-name-for-kubeflow",
        sslPolicy: "ELBSecurityPolicy-2016-08" as never,
        sourceRanges: ["10.0.0.0/16"],
      }),
    ).toEqual([
      {
        propertyPath: "loadBalancerName",
        reason:
          '"a-very-long-load-balancer-name-for-kubeflow" is not an ALB name: 1-32 letters, digits and inner hyphens',
      },
      {
        propertyPath: "sslPolicy",
        reason:
          '"ELBSecurityPolicy-2016-08" allows TLS below 1.2; use ELBSecurityPolicy-TLS13-1-2-2021-06',
      },
    ]);
  });
});

describe("when the stack needs the AWS Load Balancer Controller", () => {
  it("is with an entry, and with the gateway's NLB annotations, never for a plain ClusterIP gateway", () => {
    const { loadConfig } =
      require("../../../stacks/config") as typeof import("../../../stacks/config");
    const { awsLbControllerNeeded } =
      require("../../../stacks/entry-aws") as typeof import("../../../stacks/entry-aws");
    const needed = (config: Record<string, unknown>) => {
      setupMocks(config);
      const cfg = loadConfig();
      if (cfg.platform !== "aws") throw new Error("expected an aws config");
      return awsLbControllerNeeded(cfg);
    };
    const cluster = { region: "eu-west-1" };
    expect(needed(base({ dnsZone: "Z0123456789ABCDEFGHIJ" }))).toBe(true);
    expect(needed({ platform: "aws", cluster })).toBe(false);
    const nlb = (type: string) => ({
      platform: "aws",
      cluster,
      services: {
        istio: {
          exposure: "LoadBalancer",
          serviceAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-type": type },
        },
      },
    });
    expect(needed(nlb("external"))).toBe(true);
    expect(needed(nlb("nlb"))).toBe(false);
  });
});

describe("AwsPublicEntry refuses bad arguments before any child", () => {
  it("throws an input property error naming loadBalancerName", () => {
    setupMocks({});
    const { AwsPublicEntry } =
      require("../../../components/cloud/aws-entry") as typeof import("../../../components/cloud/aws-entry");
    let error: unknown;
    try {
      new AwsPublicEntry("bad", {
        cluster: { provider: {} as never },
        hostname: "kubeflow.example.com",
        dnsZoneId: "Z1",
        loadBalancerName: "kubeflow_entry",
        gateway: {
          namespace: "istio-system",
          service: "istio-ingressgateway",
          port: 80,
          ready: [],
        },
        sourceRanges: ["10.0.0.0/16"],
      });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      {
        propertyPath: "loadBalancerName",
        reason: '"kubeflow_entry" is not an ALB name: 1-32 letters, digits and inner hyphens',
      },
    ]);
  });
});

describe("the AWS cloud components given a cluster handle without AWS facts", () => {
  const gateway = {
    namespace: "istio-system",
    service: "istio-ingressgateway",
    port: 80,
    ready: [],
  };
  const reason =
    'the cluster handle has no AWS facts (cloud.kind "aws"); pass the handle of an EksCluster, or one ' +
    "with the EKS cluster's facts";

  it("AwsPublicEntry refuses it on cluster.cloud, before any child", async () => {
    const recorded = setupMocks({});
    const { AwsPublicEntry } =
      require("../../../components/cloud/aws-entry") as typeof import("../../../components/cloud/aws-entry");
    let error: unknown;
    try {
      new AwsPublicEntry("entry", {
        cluster: { provider: {} as never, cloud: { kind: "gcp" } as never },
        hostname: "kubeflow.example.com",
        dnsZoneId: "Z1",
        loadBalancerName: "kubeflow",
        gateway,
        sourceRanges: ["10.0.0.0/16"],
      });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      { propertyPath: "cluster.cloud", reason },
    ]);
    await settle();
    expect(recorded.map((r) => r.type)).toEqual(["kubeflow:cloud:AwsPublicEntry"]);
  });

  it("AwsLoadBalancerController refuses it on cluster.cloud, before any child", async () => {
    const recorded = setupMocks({});
    const { AwsLoadBalancerController } =
      require("../../../components/cloud/aws-lb-controller") as typeof import("../../../components/cloud/aws-lb-controller");
    let error: unknown;
    try {
      new AwsLoadBalancerController("lbc", { cluster: { provider: {} as never, ready: [] } });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      { propertyPath: "cluster.cloud", reason },
    ]);
    await settle();
    expect(recorded.map((r) => r.type)).toEqual(["kubeflow:cloud:AwsLoadBalancerController"]);
  });
});

describe("AwsPublicEntry given a hostname and subnets the same program computes (Outputs)", () => {
  let inv: Inventory;
  let entry: PublicEntry;
  beforeAll(async () => {
    const recorded = setupMocks({});
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const { AwsPublicEntry } =
      require("../../../components/cloud/aws-entry") as typeof import("../../../components/cloud/aws-entry");
    const cluster = eksClusterHandle();
    const zone = new aws.route53.Zone("zone", { name: "example.com" });
    const subnet = new aws.ec2.Subnet("public-a", {
      vpcId: "vpc-0a1b2c3d",
      cidrBlock: "10.0.0.0/24",
    });
    entry = new AwsPublicEntry("entry", {
      cluster,
      hostname: zone.name.apply((z) => `kubeflow.${z}`),
      dnsZoneId: zone.zoneId,
      loadBalancerName: "kubeflow",
      gateway: { namespace: "istio-system", service: "istio-ingressgateway", port: 80, ready: [] },
      sourceRanges: ["10.0.0.0/16"],
      publicSubnetIds: [subnet.id, "subnet-0literal"],
    });
    await valueOf(entry.address);
    await settle();
    inv = new Inventory(recorded, []);
  });

  it("certifies, routes and points at the name once known", async () => {
    expect(inv.get("aws:acm/certificate:Certificate", "entry-certificate").inputs).toMatchObject({
      domainName: "kubeflow.example.com",
      tags: { "kubeflow-platform": "kubeflow.example.com" },
    });
    const ingress = inv.get("kubernetes:networking.k8s.io/v1:Ingress", "entry-ingress");
    expect((ingress.inputs.spec as { rules: Array<{ host: string }> }).rules[0].host).toBe(
      "kubeflow.example.com",
    );
    expect(inv.get("aws:route53/record:Record", "entry-alias").inputs.name).toBe(
      "kubeflow.example.com",
    );
    expect(await valueOf(entry.url)).toBe("https://kubeflow.example.com");
  });

  it("puts the ALB in the given subnets, computed or literal, in their order", () => {
    const ingress = inv.get("kubernetes:networking.k8s.io/v1:Ingress", "entry-ingress");
    expect(ann(ingress)["alb.ingress.kubernetes.io/subnets"]).toBe("public-a-id,subnet-0literal");
  });
});
