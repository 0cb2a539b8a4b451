/** The `kubeflow` key: the pinned release and its applications. */
import { notSupportedYet } from "./schema";

export const kubeflowSchema = notSupportedYet(
  "The kubeflow section (release bundles and applications)",
);
