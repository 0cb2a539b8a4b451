/**
 * EC2 GPU instance types a Kubeflow pool may use on EKS, with their GPU model and count. Pure data and
 * checks, used by the config schema (before any resource) and by EksCluster.
 *
 * Facts from https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html (accelerated computing).
 * Every type here is x86_64 and supported by the EKS AL2023 and Bottlerocket NVIDIA AMIs.
 */

export interface Ec2GpuInstance {
  instanceType: string;
  /** GPU model shown to users, also the `kubeflow-platform.io/accelerator` label value. */
  gpu: string;
  count: number;
}

function family(prefix: string, gpu: string, sizes: Record<string, number>): Ec2GpuInstance[] {
  return Object.entries(sizes).map(([size, count]) => ({
    instanceType: `${prefix}.${size}`,
    gpu,
    count,
  }));
}

const ONE_TO_EIGHT = {
  xlarge: 1,
  "2xlarge": 1,
  "4xlarge": 1,
  "8xlarge": 1,
  "16xlarge": 1,
  "12xlarge": 4,
  "24xlarge": 4,
  "48xlarge": 8,
};

export const EC2_GPU_INSTANCES: readonly Ec2GpuInstance[] = [
  ...family("g4dn", "nvidia-t4", {
    xlarge: 1,
    "2xlarge": 1,
    "4xlarge": 1,
    "8xlarge": 1,
    "16xlarge": 1,
    "12xlarge": 4,
    metal: 8,
  }),
  ...family("g5", "nvidia-a10g", ONE_TO_EIGHT),
  ...family("g6", "nvidia-l4", ONE_TO_EIGHT),
  ...family("g6e", "nvidia-l40s", ONE_TO_EIGHT),
  ...family("p4d", "nvidia-a100-40gb", { "24xlarge": 8 }),
  ...family("p4de", "nvidia-a100-80gb", { "24xlarge": 8 }),
  ...family("p5", "nvidia-h100-80gb", { "4xlarge": 1, "48xlarge": 8 }),
  ...family("p5e", "nvidia-h200-141gb", { "48xlarge": 8 }),
  ...family("p5en", "nvidia-h200-141gb", { "48xlarge": 8 }),
  ...family("p6-b200", "nvidia-b200", { "48xlarge": 8 }),
];

export function ec2GpuInstance(instanceType: string): Ec2GpuInstance | undefined {
  return EC2_GPU_INSTANCES.find((i) => i.instanceType === instanceType);
}

/** The message for an instance type missing from the catalog, with the family's valid sizes when known. */
export function unknownInstanceMessage(instanceType: string): string {
  const fam = instanceType.split(".")[0];
  const sameFamily = EC2_GPU_INSTANCES.filter((i) => i.instanceType.startsWith(`${fam}.`));
  const families = [...new Set(EC2_GPU_INSTANCES.map((i) => i.instanceType.split(".")[0]))];
  return sameFamily.length > 0
    ? `"${instanceType}" is not a GPU instance type; ${fam} sizes are ${sameFamily.map((i) => i.instanceType.split(".")[1]).join(", ")}`
    : `"${instanceType}" is not a supported GPU instance type; use one of the families ${families.join(", ")}`;
}

/** EKS AMI type for a GPU pool's OS choice (https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html). */
export const GPU_AMI_TYPES = {
  al2023: "AL2023_x86_64_NVIDIA",
  bottlerocket: "BOTTLEROCKET_x86_64_NVIDIA",
} as const;
export type GpuNodeOs = keyof typeof GPU_AMI_TYPES;
