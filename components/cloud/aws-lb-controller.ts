/**
 * The AWS Load Balancer Controller: makes ALBs from Ingresses of class `alb` and NLBs from Services annotated
 * `service.beta.kubernetes.io/aws-load-balancer-type: external`. Installed from its chart with IRSA: its
 * ServiceAccount's role trusts only `system:serviceaccount:kube-system:aws-load-balancer-controller` and
 * holds upstream's IAM policy of the same tag.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AWS_LB_CONTROLLER_CHART, AWS_LB_CONTROLLER_IMAGE } from "../catalog/charts";
import { ClusterHandle } from "../cluster/handle";
import { irsaTrustPolicy } from "../cluster/eks-plan";
import { MirrorSpec, rewriteImage } from "../shared/image-ref";
import {
  AWS_LB_CONTROLLER_NAMESPACE,
  AWS_LB_CONTROLLER_SERVICE_ACCOUNT,
  lbControllerValues,
} from "./aws-entry-plan";
import { awsClusterFacts } from "./aws-entry";
import { AWS_LB_CONTROLLER_POLICY } from "./aws-lb-controller-policy";

/** Settings of the controller: everything but the wiring. */
export interface AwsLoadBalancerControllerOptions {
  /** Registry mirror the image is pulled from (air-gapped installs). @default - public.ecr.aws */
  imageMirror?: MirrorSpec;
}

/** The controller's settings and the cluster it runs in. */
export interface AwsLoadBalancerControllerArgs extends AwsLoadBalancerControllerOptions {
  /**
   * The EKS cluster: its Kubernetes provider, the resources that must exist first (node groups, add-ons) and
   * its AWS facts (name, region, VPC, OIDC provider, AWS provider; `cloud.kind` "aws").
   */
  cluster: Pick<ClusterHandle, "provider" | "ready" | "cloud">;
}

export class AwsLoadBalancerController extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;
  public readonly release: k8s.helm.v3.Release;

  constructor(
    name: string,
    args: AwsLoadBalancerControllerArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("kubeflow:cloud:AwsLoadBalancerController", name, {}, opts);
    const cloud = awsClusterFacts(`AwsLoadBalancerController ${name}`, args.cluster);
    const awsOpts = { parent: this, provider: cloud.provider };

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: pulumi
          .all([cloud.oidcProviderArn, cloud.oidcIssuer])
          .apply(([arn, issuer]) =>
            irsaTrustPolicy(
              arn,
              issuer,
              AWS_LB_CONTROLLER_NAMESPACE,
              AWS_LB_CONTROLLER_SERVICE_ACCOUNT,
            ),
          ),
        description: "AWS Load Balancer Controller (IRSA)",
      },
      awsOpts,
    );
    const policy = new aws.iam.Policy(
      `${name}-policy`,
      {
        description: "AWS Load Balancer Controller v3.5.0 (upstream docs/install/iam_policy.json)",
        policy: JSON.stringify(AWS_LB_CONTROLLER_POLICY),
      },
      awsOpts,
    );
    const attachment = new aws.iam.RolePolicyAttachment(
      `${name}-policy`,
      { role: role.name, policyArn: policy.arn },
      awsOpts,
    );

    const image =
      args.imageMirror === undefined
        ? undefined
        : rewriteImage(AWS_LB_CONTROLLER_IMAGE.repository, args.imageMirror);
    this.release = new k8s.helm.v3.Release(
      `${name}-chart`,
      {
        name: AWS_LB_CONTROLLER_CHART.chart,
        chart: AWS_LB_CONTROLLER_CHART.chart,
        version: AWS_LB_CONTROLLER_CHART.version,
        repositoryOpts: { repo: AWS_LB_CONTROLLER_CHART.repo },
        namespace: AWS_LB_CONTROLLER_NAMESPACE,
        values: pulumi
          .all([cloud.clusterName, cloud.vpcId, role.arn])
          .apply(([clusterName, vpcId, roleArn]) =>
            lbControllerValues({
              clusterName,
              region: cloud.region,
              vpcId,
              roleArn,
              ...(image !== undefined ? { imageRepository: image } : {}),
            }),
          ),
        // The webhooks must serve before an Ingress or a Service it mutates is applied.
        waitForJobs: true,
      },
      {
        parent: this,
        provider: args.cluster.provider,
        dependsOn: [...args.cluster.ready, attachment],
      },
    );
    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
