/**
 * Cluster configs only the cloud can refuse — which zones offer a pool's instance or machine type, where an
 * existing VPC's subnets are — asked with data sources in `runStack` before the first resource (at preview
 * too), and reported as config problems. Not loadConfig's (test/stacks/config/cluster.test.ts runs that one
 * alone): only the corpus test, which runs the whole program under the mocks, runs these. The mocks offer P
 * instances in zones a and b only, no G2 machine in zone f, and put a subnet in a zone by its id's length.
 */
import { CorpusCase } from "./types";

const gcp = (cluster: Record<string, unknown>) => ({ platform: "gcp", cluster });
const aws = (cluster: Record<string, unknown>) => ({ platform: "aws", cluster });
const gke = { project: "acme-ml", region: "europe-west4" };
const eks = { region: "eu-west-1" };

export const cases: CorpusCase[] = [
  {
    name: "EKS: a GPU instance type no zone of the cluster offers (asked at preview)",
    config: aws({
      ...eks,
      network: { availabilityZones: ["eu-west-1c", "eu-west-1d"] },
      accelerators: [{ name: "a100", instanceType: "p4d.24xlarge" }],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].instanceType: p4d.24xlarge (pool "a100") is not offered in any of the cluster\'s zones (eu-west-1c, eu-west-1d); this region offers it in eu-west-1a, eu-west-1b. Choose another instance type, or add an offering zone to the cluster (got "p4d.24xlarge")',
    ],
  },
  {
    name: "EKS: a GPU pool limited to a zone the existing VPC's subnets are not in (asked at preview)",
    config: aws({
      ...eks,
      network: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a", "subnet-0ab"] },
      accelerators: [{ name: "l4", instanceType: "g6.xlarge", zones: ["eu-west-1c"] }],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].zones: g6.xlarge (pool "l4") is not offered in any of the cluster\'s zones (eu-west-1a, eu-west-1b) limited to eu-west-1c; this region offers it in eu-west-1a, eu-west-1b, eu-west-1c, eu-west-1d. Choose another instance type or zones, or add an offering zone to the cluster (got ["eu-west-1c"])',
    ],
  },
  {
    name: "GKE: a pool zone that does not offer its machine type (asked at preview)",
    config: gcp({
      ...gke,
      accelerators: [
        {
          name: "l4",
          type: "nvidia-l4",
          machineType: "g2-standard-8",
          zones: ["europe-west4-a", "europe-west4-f"],
        },
      ],
    }),
    problems: [
      'kubeflow-platform:cluster.accelerators[0].zones[1]: zone "europe-west4-f" does not offer machine type g2-standard-8 (pool "l4"), or is not a zone of the region; list zones that offer it (gcloud compute machine-types list --filter="name=g2-standard-8") (got "europe-west4-f")',
    ],
  },
];
