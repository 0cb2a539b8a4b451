// kubeflow-platform: load the stack config, compose the platform, export its outputs.
import { runStack } from "./stacks/platform";

const outputs = runStack();

export const platform = outputs.platform;
export const clusterName = outputs.clusterName;
export const kubeconfig = outputs.kubeconfig;
