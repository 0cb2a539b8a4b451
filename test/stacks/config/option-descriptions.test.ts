/**
 * Each stack-config parameter that is a component option, or a field of a nested type the options hold,
 * takes its description from the TSDoc (the generated X_OPTION_DOCS and Y_DOCS constants of
 * components/<folder>/option-docs.ts): written once, in the component. Keys no component field has (secret
 * references, the platform, sections that only group keys, keys the stack composes or spells its own way)
 * keep a description of their own, and are listed here with the reason.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as library from "../../../components";
import {
  ACCELERATOR_POOL_BASE_ARGS_DOCS,
  ACME_ISSUER_ARGS_DOCS,
  APPLICATION_CHOICE_DOCS,
  APPLICATION_PARAMS_DOCS,
  APP_DATABASE_CHOICE_DOCS,
  AWS_BUCKET_OPTION_DOCS,
  AWS_DATABASE_OPTION_DOCS,
  AWS_PUBLIC_ENTRY_OPTION_DOCS,
  CERT_MANAGER_OPTION_DOCS,
  CLUSTER_AUTOSCALER_OPTION_DOCS,
  CLUSTER_PROTECTION_OPTION_DOCS,
  CONTAINER_RESOURCES_DOCS,
  CONTRIBUTOR_DOCS,
  DEX_OPTION_DOCS,
  DEX_STATIC_USER_DOCS,
  EKS_ACCELERATOR_POOL_ARGS_DOCS,
  EKS_ADDON_VERSIONS_DOCS,
  EKS_CLUSTER_ADMIN_DOCS,
  EKS_CLUSTER_AUTOSCALER_ARGS_DOCS,
  EKS_CLUSTER_OPTION_DOCS,
  EKS_NETWORK_OPTION_DOCS,
  EKS_SYSTEM_POOL_OPTION_DOCS,
  EXISTING_ACCELERATOR_ARGS_DOCS,
  EXISTING_CLUSTER_OPTION_DOCS,
  EXISTING_ISTIO_ARGS_DOCS,
  EXTERNAL_DATABASE_PARAMS_DOCS,
  GCP_BUCKET_OPTION_DOCS,
  GCP_DATABASE_OPTION_DOCS,
  GCP_IAP_OAUTH_CLIENT_DOCS,
  GCP_PUBLIC_ENTRY_IAP_DOCS,
  GCP_PUBLIC_ENTRY_OPTION_DOCS,
  GKE_ACCELERATOR_POOL_ARGS_DOCS,
  GKE_AUTHORIZED_NETWORK_DOCS,
  GKE_CLUSTER_OPTION_DOCS,
  GKE_NETWORK_OPTION_DOCS,
  GKE_SYSTEM_POOL_OPTION_DOCS,
  GPU_SUPPORT_OPTION_DOCS,
  IN_CLUSTER_DATABASE_PARAMS_DOCS,
  IN_CLUSTER_OBJECT_STORE_PARAMS_DOCS,
  ISTIO_CHART_VALUES_DOCS,
  ISTIO_OPTION_DOCS,
  KSERVE_PARAMS_DOCS,
  KUBEFLOW_PARAMS_OPTION_DOCS,
  KUBEFLOW_RELEASE_OPTION_DOCS,
  MANAGED_DATABASE_PARAMS_DOCS,
  MANAGED_OBJECT_STORE_PARAMS_DOCS,
  MIRROR_SPEC_DOCS,
  MTLS_EXCEPTION_DOCS,
  NOTEBOOKS_PARAMS_DOCS,
  NOTEBOOK_CULLING_PARAMS_DOCS,
  OAUTH2_PROXY_OPTION_DOCS,
  PROFILE_OPTION_DOCS,
  PROFILE_QUOTA_DOCS,
  PROMETHEUS_OPERATOR_OPTION_DOCS,
  S3_OBJECT_STORE_PARAMS_DOCS,
  SCHEDULING_PARAMS_DOCS,
  STORAGE_PARAMS_DOCS,
} from "../../../components";
import { paramRows } from "../../../stacks/config/docs";
import { componentSources, readOptionDocs } from "../../../tools/option-docs/generate";

const rows = paramRows();
const platformsOf = (r: { platforms: string[] }) => r.platforms.join(", ");

/** Every generated constant (X_OPTION_DOCS and Y_DOCS) the library exports, by name. */
const DOCS = Object.fromEntries(
  Object.entries(library).filter(([name]) => /_DOCS$/.test(name)),
) as Record<string, Record<string, string>>;

/** Every description of the library, from every generated constant it exports. */
const OPTION_TEXTS = new Set(Object.values(DOCS).flatMap((docs) => Object.values(docs)));

/**
 * The config keys whose description is a component's: an option, or a field of a nested type the options
 * hold (tagged @optionDocs), with the platforms that have them, and the field.
 */
const FROM_OPTIONS: ReadonlyArray<readonly [string, string, string]> = [
  ["cluster.context", "existing", EXISTING_CLUSTER_OPTION_DOCS.context],
  ["cluster.kubeconfigPath", "existing", EXISTING_CLUSTER_OPTION_DOCS.kubeconfigPath],
  ["cluster.storageClass", "existing", EXISTING_CLUSTER_OPTION_DOCS.storageClass],
  ["cluster.loadBalancer", "existing", EXISTING_CLUSTER_OPTION_DOCS.loadBalancer],
  ["cluster.kubernetesVersion", "existing", EXISTING_CLUSTER_OPTION_DOCS.kubernetesVersion],
  ["cluster.accelerators", "existing", EXISTING_CLUSTER_OPTION_DOCS.accelerators],
  ["cluster.accelerators[].name", "existing", EXISTING_ACCELERATOR_ARGS_DOCS.name],
  ["cluster.accelerators[].vendor", "existing", EXISTING_ACCELERATOR_ARGS_DOCS.vendor],
  ["cluster.accelerators[].type", "existing", EXISTING_ACCELERATOR_ARGS_DOCS.type],
  ["cluster.accelerators[].resourceName", "existing", EXISTING_ACCELERATOR_ARGS_DOCS.resourceName],
  ["cluster.accelerators[].nodeSelector", "existing", EXISTING_ACCELERATOR_ARGS_DOCS.nodeSelector],
  ["cluster.accelerators[].tainted", "existing", EXISTING_ACCELERATOR_ARGS_DOCS.tainted],
  ["cluster.snapshots.driver", "existing", EXISTING_CLUSTER_OPTION_DOCS.snapshotDriver],
  ["services.certManager.mode", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.mode],
  ["services.certManager.replicas", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.replicas],
  ["services.certManager.resources", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.resources],
  [
    "services.certManager.resources.requests",
    "existing, gcp, aws",
    CONTAINER_RESOURCES_DOCS.requests,
  ],
  ["services.certManager.resources.limits", "existing, gcp, aws", CONTAINER_RESOURCES_DOCS.limits],
  [
    "services.certManager.clusterIssuer",
    "existing, gcp, aws",
    CERT_MANAGER_OPTION_DOCS.existingClusterIssuer,
  ],
  ["services.certManager.acme", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.acme],
  ["services.certManager.acme.email", "existing, gcp, aws", ACME_ISSUER_ARGS_DOCS.email],
  ["services.certManager.acme.server", "existing, gcp, aws", ACME_ISSUER_ARGS_DOCS.server],
  ["services.certManager.values", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.values],
  ["services.istio.mode", "existing, gcp, aws", ISTIO_OPTION_DOCS.mode],
  ["services.istio.revision", "existing, gcp, aws", ISTIO_OPTION_DOCS.revision],
  ["services.istio.mtls.mode", "existing, gcp, aws", ISTIO_OPTION_DOCS.mtlsMode],
  ["services.istio.mtls.exceptions", "existing, gcp, aws", ISTIO_OPTION_DOCS.mtlsExceptions],
  ["services.istio.mtls.exceptions[].name", "existing, gcp, aws", MTLS_EXCEPTION_DOCS.name],
  [
    "services.istio.mtls.exceptions[].namespace",
    "existing, gcp, aws",
    MTLS_EXCEPTION_DOCS.namespace,
  ],
  ["services.istio.mtls.exceptions[].selector", "existing, gcp, aws", MTLS_EXCEPTION_DOCS.selector],
  ["services.istio.mtls.exceptions[].ports", "existing, gcp, aws", MTLS_EXCEPTION_DOCS.ports],
  ["services.istio.exposure", "existing, gcp, aws", ISTIO_OPTION_DOCS.exposure],
  ["services.istio.hostname", "existing, gcp, aws", ISTIO_OPTION_DOCS.hostname],
  ["services.istio.tls", "existing, gcp, aws", ISTIO_OPTION_DOCS.tls],
  ["services.istio.serviceAnnotations", "existing, gcp, aws", ISTIO_OPTION_DOCS.serviceAnnotations],
  ["services.istio.istiod.replicas", "existing, gcp, aws", ISTIO_OPTION_DOCS.istiodReplicas],
  ["services.istio.istiod.resources", "existing, gcp, aws", ISTIO_OPTION_DOCS.istiodResources],
  [
    "services.istio.istiod.resources.requests",
    "existing, gcp, aws",
    CONTAINER_RESOURCES_DOCS.requests,
  ],
  ["services.istio.istiod.resources.limits", "existing, gcp, aws", CONTAINER_RESOURCES_DOCS.limits],
  ["services.istio.gateway.replicas", "existing, gcp, aws", ISTIO_OPTION_DOCS.gatewayReplicas],
  ["services.istio.gateway.resources", "existing, gcp, aws", ISTIO_OPTION_DOCS.gatewayResources],
  [
    "services.istio.gateway.resources.requests",
    "existing, gcp, aws",
    CONTAINER_RESOURCES_DOCS.requests,
  ],
  [
    "services.istio.gateway.resources.limits",
    "existing, gcp, aws",
    CONTAINER_RESOURCES_DOCS.limits,
  ],
  ["services.istio.values", "existing, gcp, aws", ISTIO_OPTION_DOCS.values],
  ["services.istio.values.base", "existing, gcp, aws", ISTIO_CHART_VALUES_DOCS.base],
  ["services.istio.values.istiod", "existing, gcp, aws", ISTIO_CHART_VALUES_DOCS.istiod],
  ["services.istio.values.cni", "existing, gcp, aws", ISTIO_CHART_VALUES_DOCS.cni],
  ["services.istio.values.gateway", "existing, gcp, aws", ISTIO_CHART_VALUES_DOCS.gateway],
  ["services.istio.existing", "existing, gcp, aws", ISTIO_OPTION_DOCS.existing],
  ["services.istio.existing.namespace", "existing, gcp, aws", EXISTING_ISTIO_ARGS_DOCS.namespace],
  ["services.istio.existing.service", "existing, gcp, aws", EXISTING_ISTIO_ARGS_DOCS.service],
  ["services.dex.mode", "existing, gcp, aws", DEX_OPTION_DOCS.mode],
  ["services.dex.replicas", "existing, gcp, aws", DEX_OPTION_DOCS.replicas],
  ["services.dex.resources", "existing, gcp, aws", DEX_OPTION_DOCS.resources],
  ["services.dex.resources.requests", "existing, gcp, aws", CONTAINER_RESOURCES_DOCS.requests],
  ["services.dex.resources.limits", "existing, gcp, aws", CONTAINER_RESOURCES_DOCS.limits],
  ["services.dex.staticUsers", "existing, gcp, aws", DEX_OPTION_DOCS.staticUsers],
  ["services.dex.staticUsers[].email", "existing, gcp, aws", DEX_STATIC_USER_DOCS.email],
  ["services.dex.staticUsers[].username", "existing, gcp, aws", DEX_STATIC_USER_DOCS.username],
  ["services.dex.initialUser", "existing, gcp, aws", DEX_OPTION_DOCS.initialUser],
  ["services.dex.connectors", "existing, gcp, aws", DEX_OPTION_DOCS.connectors],
  ["services.dex.values", "existing, gcp, aws", DEX_OPTION_DOCS.values],
  ["services.dex.existing", "existing, gcp, aws", DEX_OPTION_DOCS.existing],
  ["services.oauth2Proxy.mode", "existing, gcp, aws", OAUTH2_PROXY_OPTION_DOCS.mode],
  ["services.oauth2Proxy.replicas", "existing, gcp, aws", OAUTH2_PROXY_OPTION_DOCS.replicas],
  ["services.oauth2Proxy.resources", "existing, gcp, aws", OAUTH2_PROXY_OPTION_DOCS.resources],
  [
    "services.oauth2Proxy.resources.requests",
    "existing, gcp, aws",
    CONTAINER_RESOURCES_DOCS.requests,
  ],
  ["services.oauth2Proxy.resources.limits", "existing, gcp, aws", CONTAINER_RESOURCES_DOCS.limits],
  ["services.oauth2Proxy.values", "existing, gcp, aws", OAUTH2_PROXY_OPTION_DOCS.values],
  ["services.gpu.mode", "existing, gcp, aws", GPU_SUPPORT_OPTION_DOCS.mode],
  ["services.gpu.kind", "existing, gcp, aws", GPU_SUPPORT_OPTION_DOCS.kind],
  ["services.gpu.dcgmExporter", "existing, gcp, aws", GPU_SUPPORT_OPTION_DOCS.dcgmExporter],
  ["services.gpu.values", "existing, gcp, aws", GPU_SUPPORT_OPTION_DOCS.values],
  [
    "services.metrics.prometheusNamespace",
    "existing, gcp, aws",
    PROMETHEUS_OPERATOR_OPTION_DOCS.namespace,
  ],
  [
    "services.metrics.monitorLabels",
    "existing, gcp, aws",
    PROMETHEUS_OPERATOR_OPTION_DOCS.monitorLabels,
  ],
  ["kubeflow.version", "existing, gcp, aws", KUBEFLOW_RELEASE_OPTION_DOCS.release],
  ["kubeflow.applications.<app>.enabled", "existing, gcp, aws", APPLICATION_CHOICE_DOCS.enabled],
  ["kubeflow.applications.<app>.mode", "existing, gcp, aws", APPLICATION_CHOICE_DOCS.mode],
  ["kubeflow.applications.<app>.replicas", "existing, gcp, aws", APPLICATION_PARAMS_DOCS.replicas],
  [
    "kubeflow.applications.<app>.resources",
    "existing, gcp, aws",
    APPLICATION_PARAMS_DOCS.resources,
  ],
  [
    "kubeflow.applications.<app>.nodeSelector",
    "existing, gcp, aws",
    APPLICATION_PARAMS_DOCS.nodeSelector,
  ],
  [
    "kubeflow.applications.<app>.tolerations",
    "existing, gcp, aws",
    APPLICATION_PARAMS_DOCS.tolerations,
  ],
  [
    "kubeflow.applications.<app>.workloads",
    "existing, gcp, aws",
    APPLICATION_PARAMS_DOCS.workloads,
  ],
  ["kubeflow.imageRegistry.prefix", "existing, gcp, aws", MIRROR_SPEC_DOCS.prefix],
  [
    "kubeflow.imageRegistry.includeSourceRegistry",
    "existing, gcp, aws",
    MIRROR_SPEC_DOCS.includeSourceRegistry,
  ],
  ["kubeflow.imageRegistry.mapping", "existing, gcp, aws", MIRROR_SPEC_DOCS.mapping],
  ["kubeflow.scheduling.nodeSelector", "existing, gcp, aws", SCHEDULING_PARAMS_DOCS.nodeSelector],
  ["kubeflow.scheduling.tolerations", "existing, gcp, aws", SCHEDULING_PARAMS_DOCS.tolerations],
  ["kubeflow.notebooks.images", "existing, gcp, aws", NOTEBOOKS_PARAMS_DOCS.images],
  ["kubeflow.notebooks.defaultImage", "existing, gcp, aws", NOTEBOOKS_PARAMS_DOCS.defaultImage],
  ["kubeflow.notebooks.gpuVendors", "existing, gcp, aws", NOTEBOOKS_PARAMS_DOCS.gpuVendors],
  [
    "kubeflow.notebooks.culling.enabled",
    "existing, gcp, aws",
    NOTEBOOK_CULLING_PARAMS_DOCS.enabled,
  ],
  [
    "kubeflow.notebooks.culling.idleMinutes",
    "existing, gcp, aws",
    NOTEBOOK_CULLING_PARAMS_DOCS.idleMinutes,
  ],
  [
    "kubeflow.notebooks.culling.checkPeriodMinutes",
    "existing, gcp, aws",
    NOTEBOOK_CULLING_PARAMS_DOCS.checkPeriodMinutes,
  ],
  [
    "kubeflow.pipelines.objectStore.type",
    "existing, gcp, aws",
    IN_CLUSTER_OBJECT_STORE_PARAMS_DOCS.type,
  ],
  ["kubeflow.pipelines.objectStore.type", "existing, gcp, aws", S3_OBJECT_STORE_PARAMS_DOCS.type],
  [
    "kubeflow.pipelines.objectStore.endpoint",
    "existing, gcp, aws",
    S3_OBJECT_STORE_PARAMS_DOCS.endpoint,
  ],
  [
    "kubeflow.pipelines.objectStore.bucket",
    "existing, gcp, aws",
    S3_OBJECT_STORE_PARAMS_DOCS.bucket,
  ],
  [
    "kubeflow.pipelines.objectStore.region",
    "existing, gcp, aws",
    S3_OBJECT_STORE_PARAMS_DOCS.region,
  ],
  [
    "kubeflow.pipelines.objectStore.secure",
    "existing, gcp, aws",
    S3_OBJECT_STORE_PARAMS_DOCS.secure,
  ],
  [
    "kubeflow.pipelines.objectStore.type",
    "existing, gcp, aws",
    MANAGED_OBJECT_STORE_PARAMS_DOCS.type,
  ],
  ["kubeflow.pipelines.database.type", "existing, gcp, aws", IN_CLUSTER_DATABASE_PARAMS_DOCS.type],
  ["kubeflow.pipelines.database.type", "existing, gcp, aws", EXTERNAL_DATABASE_PARAMS_DOCS.type],
  ["kubeflow.pipelines.database.host", "existing, gcp, aws", EXTERNAL_DATABASE_PARAMS_DOCS.host],
  ["kubeflow.pipelines.database.port", "existing, gcp, aws", EXTERNAL_DATABASE_PARAMS_DOCS.port],
  ["kubeflow.pipelines.database.user", "existing, gcp, aws", EXTERNAL_DATABASE_PARAMS_DOCS.user],
  ["kubeflow.pipelines.database.type", "existing, gcp, aws", MANAGED_DATABASE_PARAMS_DOCS.type],
  ["kubeflow.katib.database.type", "existing, gcp, aws", APP_DATABASE_CHOICE_DOCS.type],
  ["kubeflow.modelRegistry.database.type", "existing, gcp, aws", APP_DATABASE_CHOICE_DOCS.type],
  ["kubeflow.kserve.deploymentMode", "existing, gcp, aws", KSERVE_PARAMS_DOCS.deploymentMode],
  ["kubeflow.kserve.ingressDomain", "existing, gcp, aws", KSERVE_PARAMS_DOCS.ingressDomain],
  ["kubeflow.storage.storageClassName", "existing, gcp, aws", STORAGE_PARAMS_DOCS.storageClassName],
  ["kubeflow.storage.sizes", "existing, gcp, aws", STORAGE_PARAMS_DOCS.sizes],
  [
    "kubeflow.confineToProfiles",
    "existing, gcp, aws",
    KUBEFLOW_PARAMS_OPTION_DOCS.confineToProfiles,
  ],
  ["kubeflow.dataProtection", "existing, gcp, aws", KUBEFLOW_RELEASE_OPTION_DOCS.dataProtection],
  ["profiles[].owner", "existing, gcp, aws", PROFILE_OPTION_DOCS.owner],
  ["profiles[].contributors", "existing, gcp, aws", PROFILE_OPTION_DOCS.contributors],
  ["profiles[].contributors[].role", "existing, gcp, aws", CONTRIBUTOR_DOCS.role],
  ["profiles[].quota", "existing, gcp, aws", PROFILE_OPTION_DOCS.quota],
  ["profiles[].quota.cpu", "existing, gcp, aws", PROFILE_QUOTA_DOCS.cpu],
  ["profiles[].quota.memory", "existing, gcp, aws", PROFILE_QUOTA_DOCS.memory],
  ["profiles[].quota.gpus", "existing, gcp, aws", PROFILE_QUOTA_DOCS.gpus],
  ["profiles[].quota.storage", "existing, gcp, aws", PROFILE_QUOTA_DOCS.storage],
  [
    "profiles[].quota.persistentVolumeClaims",
    "existing, gcp, aws",
    PROFILE_QUOTA_DOCS.persistentVolumeClaims,
  ],
  ["profiles[].accelerators", "existing, gcp, aws", PROFILE_OPTION_DOCS.accelerators],
  ["profiles[].allowDeletion", "existing, gcp, aws", PROFILE_OPTION_DOCS.allowDeletion],
  ["cluster.project", "gcp", GKE_CLUSTER_OPTION_DOCS.project],
  ["cluster.region", "gcp", GKE_CLUSTER_OPTION_DOCS.region],
  ["cluster.releaseChannel", "gcp", GKE_CLUSTER_OPTION_DOCS.releaseChannel],
  ["cluster.kubernetesVersion", "gcp", GKE_CLUSTER_OPTION_DOCS.kubernetesVersion],
  ["cluster.network", "gcp", GKE_CLUSTER_OPTION_DOCS.network],
  ["cluster.network.network", "gcp", GKE_NETWORK_OPTION_DOCS.network],
  ["cluster.network.subnetwork", "gcp", GKE_NETWORK_OPTION_DOCS.subnetwork],
  ["cluster.network.nodesCidr", "gcp", GKE_NETWORK_OPTION_DOCS.nodesCidr],
  ["cluster.network.podsCidr", "gcp", GKE_NETWORK_OPTION_DOCS.podsCidr],
  ["cluster.network.servicesCidr", "gcp", GKE_NETWORK_OPTION_DOCS.servicesCidr],
  ["cluster.network.podsRangeName", "gcp", GKE_NETWORK_OPTION_DOCS.podsRangeName],
  ["cluster.network.servicesRangeName", "gcp", GKE_NETWORK_OPTION_DOCS.servicesRangeName],
  ["cluster.network.masterCidr", "gcp", GKE_NETWORK_OPTION_DOCS.masterCidr],
  ["cluster.privateEndpoint", "gcp", GKE_CLUSTER_OPTION_DOCS.privateEndpoint],
  ["cluster.masterAuthorizedNetworks", "gcp", GKE_CLUSTER_OPTION_DOCS.masterAuthorizedNetworks],
  ["cluster.masterAuthorizedNetworks[].name", "gcp", GKE_AUTHORIZED_NETWORK_DOCS.name],
  ["cluster.masterAuthorizedNetworks[].cidr", "gcp", GKE_AUTHORIZED_NETWORK_DOCS.cidr],
  ["cluster.dataplaneV2", "gcp", GKE_CLUSTER_OPTION_DOCS.dataplaneV2],
  ["cluster.secretsEncryptionKey", "gcp", GKE_CLUSTER_OPTION_DOCS.secretsEncryptionKey],
  ["cluster.managedPrometheus", "gcp", GKE_CLUSTER_OPTION_DOCS.managedPrometheus],
  ["cluster.deletionProtection", "gcp, aws", CLUSTER_PROTECTION_OPTION_DOCS.deletionProtection],
  ["cluster.protect", "gcp, aws", CLUSTER_PROTECTION_OPTION_DOCS.protect],
  ["cluster.systemPool", "gcp", GKE_CLUSTER_OPTION_DOCS.systemPool],
  ["cluster.systemPool.machineType", "gcp", GKE_SYSTEM_POOL_OPTION_DOCS.machineType],
  ["cluster.systemPool.min", "gcp", GKE_SYSTEM_POOL_OPTION_DOCS.min],
  ["cluster.systemPool.max", "gcp", GKE_SYSTEM_POOL_OPTION_DOCS.max],
  ["cluster.systemPool.diskSizeGb", "gcp", GKE_SYSTEM_POOL_OPTION_DOCS.diskSizeGb],
  ["cluster.accelerators", "gcp", GKE_CLUSTER_OPTION_DOCS.accelerators],
  ["cluster.accelerators[].name", "gcp, aws", ACCELERATOR_POOL_BASE_ARGS_DOCS.name],
  ["cluster.accelerators[].type", "gcp", GKE_ACCELERATOR_POOL_ARGS_DOCS.type],
  ["cluster.accelerators[].machineType", "gcp", GKE_ACCELERATOR_POOL_ARGS_DOCS.machineType],
  ["cluster.accelerators[].count", "gcp", GKE_ACCELERATOR_POOL_ARGS_DOCS.count],
  ["cluster.accelerators[].min", "gcp, aws", ACCELERATOR_POOL_BASE_ARGS_DOCS.min],
  ["cluster.accelerators[].max", "gcp, aws", ACCELERATOR_POOL_BASE_ARGS_DOCS.max],
  ["cluster.accelerators[].spot", "gcp", GKE_ACCELERATOR_POOL_ARGS_DOCS.spot],
  ["cluster.accelerators[].zones", "gcp", GKE_ACCELERATOR_POOL_ARGS_DOCS.zones],
  ["cluster.accelerators[].diskSizeGb", "gcp", GKE_ACCELERATOR_POOL_ARGS_DOCS.diskSizeGb],
  ["cluster.accelerators[].driverVersion", "gcp", GKE_ACCELERATOR_POOL_ARGS_DOCS.driverVersion],
  ["cluster.stores.bucket.name", "gcp", GCP_BUCKET_OPTION_DOCS.name],
  ["cluster.stores.bucket.location", "gcp", GCP_BUCKET_OPTION_DOCS.location],
  ["cluster.stores.bucket.kmsKey", "gcp", GCP_BUCKET_OPTION_DOCS.kmsKey],
  ["cluster.stores.database.tier", "gcp", GCP_DATABASE_OPTION_DOCS.tier],
  ["cluster.stores.database.version", "gcp", GCP_DATABASE_OPTION_DOCS.version],
  ["cluster.stores.database.diskSizeGb", "gcp", GCP_DATABASE_OPTION_DOCS.diskSizeGb],
  ["cluster.stores.database.highAvailability", "gcp", GCP_DATABASE_OPTION_DOCS.highAvailability],
  [
    "cluster.stores.database.transactionLogRetentionDays",
    "gcp",
    GCP_DATABASE_OPTION_DOCS.transactionLogRetentionDays,
  ],
  ["cluster.stores.database.retainedBackups", "gcp", GCP_DATABASE_OPTION_DOCS.retainedBackups],
  ["cluster.stores.database.backupStartTime", "gcp", GCP_DATABASE_OPTION_DOCS.backupStartTime],
  ["cluster.stores.database.sslMode", "gcp", GCP_DATABASE_OPTION_DOCS.sslMode],
  [
    "cluster.stores.database.privateServicesAccess",
    "gcp",
    GCP_DATABASE_OPTION_DOCS.privateServicesAccess,
  ],
  [
    "cluster.stores.database.privateRangePrefixLength",
    "gcp",
    GCP_DATABASE_OPTION_DOCS.privateRangePrefixLength,
  ],
  ["cluster.entry.dnsZone", "gcp", GCP_PUBLIC_ENTRY_OPTION_DOCS.dnsZone],
  ["cluster.entry.identity", "gcp", GCP_PUBLIC_ENTRY_OPTION_DOCS.iap],
  ["cluster.entry.identity.members", "gcp", GCP_PUBLIC_ENTRY_IAP_DOCS.members],
  ["cluster.entry.identity.oauthClient", "gcp", GCP_PUBLIC_ENTRY_IAP_DOCS.oauthClient],
  ["cluster.entry.identity.oauthClient.clientId", "gcp", GCP_IAP_OAUTH_CLIENT_DOCS.clientId],
  ["cluster.region", "aws", EKS_CLUSTER_OPTION_DOCS.region],
  ["cluster.kubernetesVersion", "aws", EKS_CLUSTER_OPTION_DOCS.kubernetesVersion],
  ["cluster.network", "aws", EKS_CLUSTER_OPTION_DOCS.network],
  ["cluster.network.vpcCidr", "aws", EKS_NETWORK_OPTION_DOCS.vpcCidr],
  ["cluster.network.availabilityZones", "aws", EKS_NETWORK_OPTION_DOCS.availabilityZones],
  ["cluster.network.singleNatGateway", "aws", EKS_NETWORK_OPTION_DOCS.singleNatGateway],
  ["cluster.network.vpcId", "aws", EKS_NETWORK_OPTION_DOCS.vpcId],
  ["cluster.network.privateSubnetIds", "aws", EKS_NETWORK_OPTION_DOCS.privateSubnetIds],
  ["cluster.endpointPrivateAccess", "aws", EKS_CLUSTER_OPTION_DOCS.endpointPrivateAccess],
  ["cluster.endpointPublicAccess", "aws", EKS_CLUSTER_OPTION_DOCS.endpointPublicAccess],
  ["cluster.publicAccessCidrs", "aws", EKS_CLUSTER_OPTION_DOCS.publicAccessCidrs],
  ["cluster.secretsEncryptionKeyArn", "aws", EKS_CLUSTER_OPTION_DOCS.secretsEncryptionKeyArn],
  ["cluster.logTypes", "aws", EKS_CLUSTER_OPTION_DOCS.logTypes],
  ["cluster.admins", "aws", EKS_CLUSTER_OPTION_DOCS.admins],
  ["cluster.admins[].name", "aws", EKS_CLUSTER_ADMIN_DOCS.name],
  ["cluster.admins[].principalArn", "aws", EKS_CLUSTER_ADMIN_DOCS.principalArn],
  ["cluster.addons", "aws", EKS_CLUSTER_OPTION_DOCS.addons],
  ["cluster.addons.vpcCni", "aws", EKS_ADDON_VERSIONS_DOCS.vpcCni],
  ["cluster.addons.coredns", "aws", EKS_ADDON_VERSIONS_DOCS.coredns],
  ["cluster.addons.kubeProxy", "aws", EKS_ADDON_VERSIONS_DOCS.kubeProxy],
  ["cluster.addons.ebsCsiDriver", "aws", EKS_ADDON_VERSIONS_DOCS.ebsCsiDriver],
  ["cluster.addons.snapshotController", "aws", EKS_ADDON_VERSIONS_DOCS.snapshotController],
  ["cluster.clusterAutoscaler", "aws", EKS_CLUSTER_OPTION_DOCS.clusterAutoscaler],
  ["cluster.clusterAutoscaler.enabled", "aws", EKS_CLUSTER_AUTOSCALER_ARGS_DOCS.enabled],
  ["cluster.clusterAutoscaler.version", "aws", CLUSTER_AUTOSCALER_OPTION_DOCS.version],
  ["cluster.systemPool", "aws", EKS_CLUSTER_OPTION_DOCS.systemPool],
  ["cluster.systemPool.instanceTypes", "aws", EKS_SYSTEM_POOL_OPTION_DOCS.instanceTypes],
  ["cluster.systemPool.min", "aws", EKS_SYSTEM_POOL_OPTION_DOCS.min],
  ["cluster.systemPool.max", "aws", EKS_SYSTEM_POOL_OPTION_DOCS.max],
  ["cluster.systemPool.diskSizeGb", "aws", EKS_SYSTEM_POOL_OPTION_DOCS.diskSizeGb],
  ["cluster.accelerators", "aws", EKS_CLUSTER_OPTION_DOCS.accelerators],
  ["cluster.accelerators[].instanceType", "aws", EKS_ACCELERATOR_POOL_ARGS_DOCS.instanceType],
  ["cluster.accelerators[].spot", "aws", EKS_ACCELERATOR_POOL_ARGS_DOCS.spot],
  ["cluster.accelerators[].os", "aws", EKS_ACCELERATOR_POOL_ARGS_DOCS.os],
  ["cluster.accelerators[].zones", "aws", EKS_ACCELERATOR_POOL_ARGS_DOCS.zones],
  ["cluster.accelerators[].diskSizeGb", "aws", EKS_ACCELERATOR_POOL_ARGS_DOCS.diskSizeGb],
  ["cluster.stores.bucket.name", "aws", AWS_BUCKET_OPTION_DOCS.name],
  ["cluster.stores.database.instanceClass", "aws", AWS_DATABASE_OPTION_DOCS.instanceClass],
  [
    "cluster.stores.database.allocatedStorageGb",
    "aws",
    AWS_DATABASE_OPTION_DOCS.allocatedStorageGb,
  ],
  [
    "cluster.stores.database.maxAllocatedStorageGb",
    "aws",
    AWS_DATABASE_OPTION_DOCS.maxAllocatedStorageGb,
  ],
  ["cluster.stores.database.multiAz", "aws", AWS_DATABASE_OPTION_DOCS.multiAz],
  ["cluster.stores.database.engineVersion", "aws", AWS_DATABASE_OPTION_DOCS.engineVersion],
  [
    "cluster.stores.database.backupRetentionDays",
    "aws",
    AWS_DATABASE_OPTION_DOCS.backupRetentionDays,
  ],
  ["cluster.entry.dnsZone", "aws", AWS_PUBLIC_ENTRY_OPTION_DOCS.dnsZoneId],
  ["cluster.entry.loadBalancerName", "aws", AWS_PUBLIC_ENTRY_OPTION_DOCS.loadBalancerName],
  ["cluster.entry.sslPolicy", "aws", AWS_PUBLIC_ENTRY_OPTION_DOCS.sslPolicy],
  ["cluster.entry.inboundCidrs", "aws", AWS_PUBLIC_ENTRY_OPTION_DOCS.inboundCidrs],
  ["cluster.entry.publicSubnetIds", "aws", AWS_PUBLIC_ENTRY_OPTION_DOCS.publicSubnetIds],
  ["cluster.entry.sourceRanges", "aws", AWS_PUBLIC_ENTRY_OPTION_DOCS.sourceRanges],
  ["cluster.entry.identity", "aws", AWS_PUBLIC_ENTRY_OPTION_DOCS.identity],
];

/**
 * The rows that keep a description of their own, by reason. Each is a key no component field has, or one the
 * stack fills in its own way.
 */
const CONFIG_ONLY: Readonly<Record<string, readonly string[]>> = {
  "a secret reference (the config key of a secret the stack reads and passes on)": [
    "cluster.kubeconfigSecret (existing)",
    "services.dex.staticUsers[].passwordSecret (existing, gcp, aws)",
    "services.dex.existing.oauth2ProxyClientSecretSecret (existing, gcp, aws)",
    "kubeflow.pipelines.objectStore.accessKeySecret (existing, gcp, aws)",
    "kubeflow.pipelines.objectStore.secretKeySecret (existing, gcp, aws)",
    "kubeflow.pipelines.database.passwordSecret (existing, gcp, aws)",
    "profiles[].owner.passwordSecret (existing, gcp, aws)",
    "profiles[].contributors[].passwordSecret (existing, gcp, aws)",
    "cluster.entry.identity.oauthClient.clientSecretSecret (gcp)",
  ],
  "a section that groups keys the component takes flat, or groups components the stack composes": [
    "cluster.snapshots (existing)",
    "services.charts (existing, gcp, aws)",
    "services.istio.mtls (existing, gcp, aws)",
    "services.istio.istiod (existing, gcp, aws)",
    "services.istio.gateway (existing, gcp, aws)",
    "kubeflow.applications (existing, gcp, aws)",
    "profiles (existing, gcp, aws)",
    "cluster.stores (gcp)",
    "cluster.entry (gcp)",
    "cluster.stores (aws)",
    "cluster.entry (aws)",
  ],
  "spelt otherwise in the config (a flat chart source with a relative directory; a Subject as user or group; IAP as an identity type)":
    [
      "services.charts.source (existing, gcp, aws)",
      "services.charts.directory (existing, gcp, aws)",
      "services.charts.registry (existing, gcp, aws)",
      "profiles[].owner.user (existing, gcp, aws)",
      "profiles[].owner.group (existing, gcp, aws)",
      "profiles[].contributors[].user (existing, gcp, aws)",
      "profiles[].contributors[].group (existing, gcp, aws)",
      "cluster.entry.identity.type (gcp)",
    ],
  "the stack's own (a component's name, a stack decision, a key it gives two components or none)": [
    "platform (existing, gcp, aws)",
    "cluster.name (existing)",
    "services.metrics.scrape (existing, gcp, aws)",
    "kubeflow.bundleDir (existing, gcp, aws)",
    "kubeflow.applications.<app>.allowDeletion (existing, gcp, aws)",
    "kubeflow.upgradeAcknowledgements (existing, gcp, aws)",
    "profiles[].name (existing, gcp, aws)",
    "allowSetOnceChanges (existing, gcp, aws)",
    "cluster.name (gcp)",
    "cluster.stores.bucket (gcp)",
    "cluster.stores.database (gcp)",
    "cluster.entry.dnsZoneDomain (gcp)",
    "cluster.name (aws)",
    "cluster.stores.bucket (aws)",
    "cluster.stores.bucket.kmsKeyArn (aws)",
    "cluster.stores.database (aws)",
  ],
};

describe("the generated description constants", () => {
  it("are all exported by the library, so the checks below see every one", () => {
    const generated = readOptionDocs(
      componentSources(path.resolve(__dirname, "../../../components")),
    )
      .map((d) => d.constant)
      .sort();
    expect(generated.filter((c) => DOCS[c] === undefined)).toEqual([]);
    expect(Object.keys(DOCS).sort()).toEqual(generated);
  });
});

describe("the stack schema's parameter descriptions", () => {
  it("take services.istio.hostname's from IstioOptions' TSDoc, with the schema's own default text", () => {
    const hostname = rows.filter((r) => r.key === "services.istio.hostname");
    expect(hostname).toHaveLength(1);
    expect(hostname[0]!.description).toBe(ISTIO_OPTION_DOCS.hostname);
    expect(hostname[0]!.default).toBe("- none (port-forward)");
  });

  it("take each option's, or nested field's, description from its component (232 rows)", () => {
    // A key can have a row per union member (kubeflow.pipelines.objectStore.type): the one with this text.
    const actual = FROM_OPTIONS.map(([key, platforms, text]) => {
      const same = rows.filter((r) => r.key === key && platformsOf(r) === platforms);
      return [key, platforms, (same.find((r) => r.description === text) ?? same[0])?.description];
    });
    expect(actual).toEqual(FROM_OPTIONS);
    expect(FROM_OPTIONS).toHaveLength(232);
  });

  it("are a component's description in exactly those rows; every other row is config-only", () => {
    const fromComponents = rows
      .filter((r) => OPTION_TEXTS.has(r.description))
      .map((r) => `${r.key} (${platformsOf(r)})`);
    expect(fromComponents).toEqual(FROM_OPTIONS.map(([key, platforms]) => `${key} (${platforms})`));
    const own = rows
      .filter((r) => !OPTION_TEXTS.has(r.description))
      .map((r) => `${r.key} (${platformsOf(r)})`)
      .sort();
    expect(own).toEqual(Object.values(CONFIG_ONLY).flat().sort());
    expect(rows).toHaveLength(FROM_OPTIONS.length + own.length);
  });

  it("are never a component's description written again as a literal in stacks/config", () => {
    const dir = path.resolve(__dirname, "..", "..", "..", "stacks", "config");
    const copies: string[] = [];
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const sf = ts.createSourceFile(
        file,
        fs.readFileSync(path.join(dir, file), "utf8"),
        ts.ScriptTarget.ES2022,
        true,
      );
      const visit = (node: ts.Node): void => {
        if (
          (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
          OPTION_TEXTS.has(node.text)
        ) {
          copies.push(`${file}: ${JSON.stringify(node.text)}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(copies).toEqual([]);
  });
});
