// kubeflow-platform. Pulumi calls the exported function and awaits it: it loads and checks the stack config,
// composes the platform, and returns the stack outputs.
import { runStack } from "./stacks/platform";

export = runStack;
