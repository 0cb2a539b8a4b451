import {
  albName,
  cognitoPool,
  hostnameOutsideZone,
  isModernTlsPolicy,
  lbControllerValues,
  ALB_TLS_POLICIES,
} from "../../../components/cloud/aws-entry-plan";
import { AWS_LB_CONTROLLER_POLICY } from "../../../components/cloud/aws-lb-controller-policy";

describe("the hosted zone holds the hostname", () => {
  it.each([
    ["kubeflow.example.com", "example.com."],
    ["kubeflow.example.com", "example.com"],
    ["example.com", "example.com."],
    ["a.b.example.com", "Example.COM."],
  ])("%s is in zone %s", (host, zone) => {
    expect(hostnameOutsideZone(host, zone)).toBeUndefined();
  });

  it("refuses a name that only ends with the zone's letters", () => {
    expect(hostnameOutsideZone("kubeflowexample.com", "example.com.")).toBe(
      '"kubeflowexample.com" is not in the hosted zone "example.com"; use a name ending in .example.com, or name the zone that holds it',
    );
  });
});

describe("the ALB's name", () => {
  it("fits the 32-character ALB limit for the longest cluster name, without a hyphen run", () => {
    const name = albName("a-forty-character-cluster-name-for-tests");
    expect(name).toBe("a-forty-character-clust-kubeflow");
    expect(name.length).toBeLessThanOrEqual(32);
    expect(albName("kubeflow-prod-cluster-xx-yy")).toBe("kubeflow-prod-cluster-x-kubeflow");
    expect(albName("kubeflow", "kf-prod")).toBe("kf-prod");
  });
});

describe("TLS policies", () => {
  it("allows only TLS 1.3 policies with 1.2 at least, and every listed one is allowed", () => {
    for (const p of ALB_TLS_POLICIES) expect(isModernTlsPolicy(p)).toBe(true);
    expect(isModernTlsPolicy("ELBSecurityPolicy-2016-08")).toBe(false);
    expect(isModernTlsPolicy("ELBSecurityPolicy-TLS13-1-0-2021-06")).toBe(false);
    expect(isModernTlsPolicy("ELBSecurityPolicy-TLS13-1-1-2021-06")).toBe(false);
    expect(isModernTlsPolicy("ELBSecurityPolicy-TLS-1-2-2017-01")).toBe(false);
  });
});

describe("Cognito pool ARNs", () => {
  it("give the pool's region and id (the issuer's parts)", () => {
    expect(
      cognitoPool("arn:aws:cognito-idp:us-east-2:123456789012:userpool/us-east-2_Abc123"),
    ).toEqual({ region: "us-east-2", poolId: "us-east-2_Abc123" });
  });
});

describe("the controller's chart values", () => {
  it("name the cluster, region, VPC and the IRSA role, and leave other LoadBalancer Services alone", () => {
    expect(
      lbControllerValues({
        clusterName: "kf",
        region: "eu-west-1",
        vpcId: "vpc-1",
        roleArn: "arn:aws:iam::1:role/r",
        imageRepository: "mirror.example.com/public.ecr.aws/eks/aws-load-balancer-controller",
      }),
    ).toEqual({
      clusterName: "kf",
      region: "eu-west-1",
      vpcId: "vpc-1",
      replicaCount: 2,
      serviceAccount: {
        create: true,
        name: "aws-load-balancer-controller",
        annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/r" },
      },
      ingressClass: "alb",
      createIngressClassResource: true,
      enableServiceMutatorWebhook: false,
      image: { repository: "mirror.example.com/public.ecr.aws/eks/aws-load-balancer-controller" },
    });
  });
});

describe("the controller's IAM policy (upstream v3.5.0)", () => {
  type Statement = { Action: string | readonly string[]; Condition?: unknown };
  const statements: readonly Statement[] = AWS_LB_CONTROLLER_POLICY.Statement;
  const actions = (s: Statement): readonly string[] =>
    typeof s.Action === "string" ? [s.Action] : s.Action;

  it("limits deleting load balancers and target groups to those the controller tagged", () => {
    const deleting = statements.filter((s) =>
      actions(s).some((a) => a === "elasticloadbalancing:DeleteLoadBalancer"),
    );
    expect(deleting.length).toBeGreaterThan(0);
    for (const s of deleting) {
      expect(JSON.stringify(s.Condition)).toContain("aws:ResourceTag/elbv2.k8s.aws/cluster");
    }
  });

  it("grants what the entry needs: ALB listeners with ACM certificates and Cognito sign-in", () => {
    const all = statements.flatMap(actions);
    for (const a of [
      "elasticloadbalancing:CreateLoadBalancer",
      "elasticloadbalancing:CreateListener",
      "acm:DescribeCertificate",
      "cognito-idp:DescribeUserPoolClient",
      "ec2:AuthorizeSecurityGroupIngress",
    ]) {
      expect(all).toContain(a);
    }
  });
});
