/**
 * Outputs the mocks return for resource types whose outputs the program reads (ids, endpoints, generated
 * values), and answers for provider function calls. Keep one entry per type, with the real output names.
 */
type Inputs = Record<string, unknown>;

const outputsByType: Record<string, (name: string, inputs: Inputs) => Record<string, unknown>> = {
  "random:index/randomPassword:RandomPassword": (name, inputs) => ({
    result: `mock-password-${name}`.padEnd(Number(inputs.length ?? 16), "x"),
    bcryptHash: `$2a$10$mock-bcrypt-${name}`,
  }),
  "random:index/randomBytes:RandomBytes": (name) => ({
    base64: Buffer.from(`mock-bytes-${name}`.padEnd(32, "x").slice(0, 32)).toString("base64"),
    hex: Buffer.from(`mock-bytes-${name}`.padEnd(32, "x").slice(0, 32)).toString("hex"),
  }),
  // --- Cluster layer (gcp, aws): the outputs the kubeconfig, IRSA and node-group code read.
  "gcp:container/cluster:Cluster": (name, inputs) => ({
    name: inputs.name ?? name,
    endpoint: "203.0.113.10",
    masterAuth: { clusterCaCertificate: MOCK_CA_DATA },
    selfLink: `https://container.googleapis.com/v1/projects/mock/locations/${String(inputs.location)}/clusters/${String(inputs.name ?? name)}`,
    // GKE's default for a regional cluster without pinned node locations: three zones of the region.
    nodeLocations:
      (inputs.nodeLocations as string[] | undefined) ??
      ["a", "b", "c"].map((l) => `${String(inputs.location)}-${l}`),
  }),
  "gcp:container/nodePool:NodePool": (name, inputs) => ({ name: inputs.name ?? name }),
  "gcp:serviceaccount/account:Account": (name, inputs) => ({
    email: `${String(inputs.accountId ?? name)}@mock-project.iam.gserviceaccount.com`,
  }),
  "gcp:compute/router:Router": (name, inputs) => ({ name: inputs.name ?? name }),
  // --- Managed stores (gcp): the outputs the ManagedStores handle carries.
  "gcp:sql/databaseInstance:DatabaseInstance": (name, inputs) => ({
    name: inputs.name ?? `${name}-0a1b2c3`,
    privateIpAddress: "10.123.0.5",
    connectionName: `mock-project:${String(inputs.region)}:${String(inputs.name ?? name)}`,
  }),
  "gcp:compute/globalAddress:GlobalAddress": (name, inputs) => ({ name: inputs.name ?? name }),
  "aws:eks/cluster:Cluster": (name, inputs) => ({
    name: inputs.name ?? name,
    arn: `arn:aws:eks:eu-west-1:123456789012:cluster/${String(inputs.name ?? name)}`,
    endpoint: "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
    certificateAuthority: { data: MOCK_CA_DATA },
    identities: [
      {
        oidcs: [
          {
            issuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
          },
        ],
      },
    ],
  }),
  "aws:eks/nodeGroup:NodeGroup": (name) => ({
    resources: [{ autoscalingGroups: [{ name: `eks-${name}-0123abcd` }] }],
  }),
  "aws:iam/role:Role": (name, inputs) => ({
    name: inputs.name ?? name,
    arn: `arn:aws:iam::123456789012:role/${String(inputs.name ?? name)}`,
  }),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs) => ({
    arn: `arn:aws:iam::123456789012:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`,
  }),
  "aws:kms/key:Key": (name) => ({
    arn: `arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-${name.length.toString().padStart(12, "0")}`,
  }),
  "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
  "aws:s3/bucket:Bucket": (name, inputs) => ({
    bucket: inputs.bucket ?? name,
    arn: `arn:aws:s3:::${String(inputs.bucket ?? name)}`,
  }),
  "aws:rds/instance:Instance": (name, inputs) => ({
    address: `${String(inputs.identifier ?? name)}.c0ffee123456.eu-west-1.rds.amazonaws.com`,
    port: 3306,
  }),
  // --- AWS public entry: the certificate's DNS validation option, the records' FQDN, the policy's ARN, and
  // the ALB's DNS name as the controller writes it into the Ingress's status.
  "aws:acm/certificate:Certificate": (name, inputs) => ({
    arn: `arn:aws:acm:eu-west-1:123456789012:certificate/mock-${name}`,
    domainValidationOptions: [
      {
        domainName: inputs.domainName,
        resourceRecordName: `_0123456789abcdef.${String(inputs.domainName)}.`,
        resourceRecordType: "CNAME",
        resourceRecordValue: "_fedcba9876543210.mock.acm-validations.aws.",
      },
    ],
  }),
  "aws:route53/record:Record": (_name, inputs) => ({
    fqdn: String(inputs.name).replace(/\.$/, ""),
  }),
  "aws:iam/policy:Policy": (name, inputs) => ({
    arn: `arn:aws:iam::123456789012:policy/${String(inputs.name ?? name)}`,
  }),
  "kubernetes:networking.k8s.io/v1:Ingress": (name) => ({
    status: {
      loadBalancer: {
        ingress: [{ hostname: `k8s-${name}-0123456789.eu-west-1.elb.amazonaws.com` }],
      },
    },
  }),
};

/** A base64 PEM-looking CA bundle, as GKE and EKS return it. */
export const MOCK_CA_DATA = Buffer.from(
  "-----BEGIN CERTIFICATE-----\nMIIBmockCA\n-----END CERTIFICATE-----\n",
).toString("base64");

export function mockOutputs(type: string, name: string, inputs: Inputs): Record<string, unknown> {
  return outputsByType[type]?.(name, inputs) ?? {};
}

const callResults: Record<string, (inputs: Inputs) => Record<string, unknown>> = {
  // Cluster layer: zones and GPU offerings. Zone "f" lacks accelerator machines, and P-family instances are
  // offered in zones a and b only, so zone filtering is exercised.
  "gcp:compute/getZones:getZones": (inputs) => ({
    names: ["a", "b", "c", "f"].map((l) => `${String(inputs.region)}-${l}`),
  }),
  "gcp:compute/getMachineTypes:getMachineTypes": (inputs) => {
    const wanted = /name = "([^"]+)"/.exec(String(inputs.filter ?? ""))?.[1];
    const zone = String(inputs.zone);
    const offered = wanted !== undefined && !(zone.endsWith("-f") && /^(g2|a2|a3)-/.test(wanted));
    return { zone, machineTypes: offered ? [{ name: wanted }] : [] };
  },
  // Cloud DNS: the example stacks' zone serves their domain; "missing-zone" does not exist.
  "gcp:dns/getManagedZone:getManagedZone": (inputs) => {
    if (inputs.name === "missing-zone")
      throw new Error(`managed zone not found: ${String(inputs.name)}`);
    return {
      name: inputs.name,
      dnsName:
        inputs.name === "acme-ml-example"
          ? "acme-ml.example.com."
          : `${String(inputs.name)}.example.`,
      visibility: inputs.name === "internal-zone" ? "private" : "public",
    };
  },
  "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": () => ({
    emailAddress: "service-123456789012@gs-project-accounts.iam.gserviceaccount.com",
  }),
  "gcp:organizations/getProject:getProject": (inputs) => ({
    projectId: inputs.projectId,
    number: "123456789012",
  }),
  "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": (inputs) => {
    const filters = (inputs.filters ?? []) as Array<{ name: string; values: string[] }>;
    const type = filters.find((f) => f.name === "instance-type")?.values[0] ?? "";
    const letters = type.startsWith("p") ? ["a", "b"] : ["a", "b", "c", "d"];
    return { locations: letters.map((l) => `${String(inputs.region)}${l}`), instanceTypes: [type] };
  },
  // eks-example's zone id answers "acme.example.com"; any other "example.com" (public); the zone id
  // `ZPRIVATE...` is a private zone.
  "aws:route53/getZone:getZone": (inputs) => ({
    zoneId: inputs.zoneId,
    name: inputs.zoneId === "Z0ACME0EXAMPLE0KUBEFLOW" ? "acme.example.com." : "example.com.",
    privateZone: String(inputs.zoneId).startsWith("ZPRIVATE"),
  }),
  "aws:lb/getLoadBalancer:getLoadBalancer": (inputs) => ({
    name: inputs.name,
    arn: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/${String(inputs.name)}/0123456789abcdef`,
    zoneId: "Z32O12XQLNTSW2",
  }),
  "aws:ec2/getSubnet:getSubnet": (inputs) => ({
    id: inputs.id,
    availabilityZone: `${String(inputs.region)}${"abc"[String(inputs.id).length % 3]}`,
  }),
};

export function mockCall(token: string, inputs: Inputs): Record<string, unknown> {
  return callResults[token]?.(inputs) ?? inputs;
}
