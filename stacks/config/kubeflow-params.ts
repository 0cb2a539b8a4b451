/**
 * Upgrade-safe and set-once parameters of the Kubeflow applications (image mirror, replicas, notebooks,
 * pipelines storage, KServe, PVC storage). Spread into the `kubeflow` section's schema.
 */
export const kubeflowParamsShape = {};
