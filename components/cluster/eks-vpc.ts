import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  eksNetworkProblems,
  eksVpcCidrFormProblems,
  eksZoneNameProblems,
  planSubnets,
  PRIVATE_SUBNET_TAGS,
  PUBLIC_SUBNET_TAGS,
} from "./eks-plan";
import { EKS_VPC_DEFAULTS } from "./eks-options";
import { throwArgProblems } from "./problems";

export interface EksVpcArgs {
  /** CIDR of the VPC. @default EKS_VPC_DEFAULTS.cidr ("10.0.0.0/16") */
  cidr?: string;
  /** Availability zones, two or more, suffixes a-f. */
  availabilityZones: string[];
  /** One NAT gateway for all zones instead of one per zone. @default EKS_VPC_DEFAULTS.singleNatGateway (false) */
  singleNatGateway?: boolean;
  /** AWS provider (region) for the children. */
  provider: aws.Provider;
}

/**
 * A VPC for an EKS cluster: private subnets for nodes and pods in each zone, public subnets for NAT gateways
 * and internet-facing load balancers, and a default security group with no rules. Children are keyed by zone,
 * so adding a zone adds resources and reordering the list changes nothing.
 */
export class EksVpc extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  /** Private subnets with their zone (a plain string, known at plan time). */
  public readonly privateSubnets: Array<{ id: pulumi.Output<string>; az: string }>;

  constructor(name: string, args: EksVpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:cluster:EksVpc", name, {}, opts);
    const cidr = args.cidr ?? EKS_VPC_DEFAULTS.cidr;
    const o = { parent: this, provider: args.provider };
    // The region only shapes messages about GPU pool zones, which this component does not take.
    throwArgProblems(
      `EksVpc ${name}`,
      [
        ...eksVpcCidrFormProblems({ network: { vpcCidr: cidr } }),
        ...eksZoneNameProblems("", args.availabilityZones),
        ...eksNetworkProblems({
          region: "",
          network: { vpcCidr: cidr, availabilityZones: args.availabilityZones },
        }),
      ].map((p) => ({ ...p, path: p.path[1] === "vpcCidr" ? ["cidr"] : p.path.slice(1) })),
    );
    const plan = planSubnets(cidr, args.availabilityZones);
    const single = args.singleNatGateway ?? EKS_VPC_DEFAULTS.singleNatGateway;

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: cidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: name },
      },
      o,
    );
    // CIS AWS 5.4: the default security group allows nothing.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id }, o);
    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: { Name: name } },
      o,
    );
    const publicRt = new aws.ec2.RouteTable(
      `${name}-public`,
      { vpcId: vpc.id, tags: { Name: `${name}-public` } },
      o,
    );
    new aws.ec2.Route(
      `${name}-public-default`,
      { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
      o,
    );

    // With one NAT gateway, it sits in the first zone and every private route table uses it.
    let sharedNat: aws.ec2.NatGateway | undefined;
    this.privateSubnets = plan.map((s) => {
      const pub = new aws.ec2.Subnet(
        `${name}-public-${s.az}`,
        {
          vpcId: vpc.id,
          cidrBlock: s.publicCidr,
          availabilityZone: s.az,
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-public-${s.az}`, ...PUBLIC_SUBNET_TAGS },
        },
        o,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${s.az}`,
        { subnetId: pub.id, routeTableId: publicRt.id },
        o,
      );
      if (!single || sharedNat === undefined) {
        const eip = new aws.ec2.Eip(
          `${name}-nat-${s.az}`,
          { domain: "vpc", tags: { Name: `${name}-nat-${s.az}` } },
          o,
        );
        const nat = new aws.ec2.NatGateway(
          `${name}-nat-${s.az}`,
          { allocationId: eip.id, subnetId: pub.id, tags: { Name: `${name}-nat-${s.az}` } },
          { ...o, dependsOn: [igw] },
        );
        sharedNat = nat;
      }
      const natForZone = sharedNat;
      const priv = new aws.ec2.Subnet(
        `${name}-private-${s.az}`,
        {
          vpcId: vpc.id,
          cidrBlock: s.privateCidr,
          availabilityZone: s.az,
          tags: { Name: `${name}-private-${s.az}`, ...PRIVATE_SUBNET_TAGS },
        },
        o,
      );
      const rt = new aws.ec2.RouteTable(
        `${name}-private-${s.az}`,
        { vpcId: vpc.id, tags: { Name: `${name}-private-${s.az}` } },
        o,
      );
      new aws.ec2.Route(
        `${name}-private-${s.az}-default`,
        { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: natForZone.id },
        o,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${s.az}`,
        { subnetId: priv.id, routeTableId: rt.id },
        o,
      );
      return { id: priv.id, az: s.az };
    });

    this.vpcId = vpc.id;
    this.registerOutputs({ vpcId: this.vpcId });
  }
}
