/**
 * Facts shared by producers and consumers across layers. Import these; never repeat the literal.
 * Each value is a contract that Kubeflow's upstream manifests (or a chart) expect.
 */

/** Namespaces the platform installs into. Kubeflow's own namespaces come from the release bundle. */
export const NAMESPACES = {
  certManager: "cert-manager",
  istio: "istio-system",
  auth: "auth",
  oauth2Proxy: "oauth2-proxy",
  kubeflow: "kubeflow",
  kubeflowSystem: "kubeflow-system",
  knativeServing: "knative-serving",
  gpu: "gpu-system",
} as const;

/** The extended resource and taint key NVIDIA's device plugin, GKE and EKS all use for GPUs. */
export const NVIDIA_GPU_RESOURCE = "nvidia.com/gpu";
export const NVIDIA_GPU_TAINT_KEY = "nvidia.com/gpu";

/** Label put on accelerator nodes by this program (all platforms) so PodDefaults can select a pool. */
export const ACCELERATOR_POOL_LABEL = "kubeflow-platform.io/accelerator-pool";
/** Label with the accelerator model (e.g. `nvidia-l4`) on accelerator nodes. */
export const ACCELERATOR_TYPE_LABEL = "kubeflow-platform.io/accelerator";

/** Name of the Istio ext-authz provider Kubeflow's AuthorizationPolicies reference (`provider.name`). */
export const EXT_AUTHZ_PROVIDER = "oauth2-proxy";

/** Issuer URL Kubeflow's RequestAuthentication and oauth2-proxy expect from Dex. */
export const DEX_ISSUER = "http://dex.auth.svc.cluster.local:5556/dex";

/** Selector of the ingress gateway that `kubeflow/kubeflow-gateway` selects. */
export const INGRESS_GATEWAY_SELECTOR = { istio: "ingressgateway" } as const;

/** Label key this program puts on every object it manages. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "kubeflow-platform";

/** ClusterIssuer Kubeflow's Certificates reference (common/cert-manager/overlays/kubeflow). */
export const KUBEFLOW_SELF_SIGNING_ISSUER = "kubeflow-self-signing-issuer";

/**
 * IngressClass of the Ingresses istiod serves on the ingress gateway: cert-manager's ACME HTTP-01 solver
 * creates its challenge Ingress with it. istiod (ingressControllerMode STRICT, the default) serves an Ingress
 * naming a class only if that IngressClass exists with istiod's controller name.
 */
export const ISTIO_INGRESS_CLASS = "istio";
export const ISTIO_INGRESS_CONTROLLER = "istio.io/ingress-controller";

/** Name of the ingress gateway Service (and Deployment) Kubeflow's NetworkPolicies and docs expect. */
export const INGRESS_GATEWAY_SERVICE = "istio-ingressgateway";

/**
 * ServiceAccount of the ingress gateway pods. Kubeflow's AuthorizationPolicies admit the gateway by this
 * principal (`cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account`, as upstream's
 * common/istio install names it); the gateway chart would otherwise name it after the release.
 */
export const INGRESS_GATEWAY_SERVICE_ACCOUNT = "istio-ingressgateway-service-account";

/** The mTLS principal of the ingress gateway, as AuthorizationPolicies name it. */
export const INGRESS_GATEWAY_PRINCIPAL = `cluster.local/ns/${NAMESPACES.istio}/sa/${INGRESS_GATEWAY_SERVICE_ACCOUNT}`;

/** The oauth2-proxy Service the mesh's ext-authz provider calls. */
export const OAUTH2_PROXY_SERVICE = {
  name: "oauth2-proxy",
  host: "oauth2-proxy.oauth2-proxy.svc.cluster.local",
  port: 80,
} as const;
