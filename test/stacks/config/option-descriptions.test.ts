/**
 * Each stack-config parameter that is a component option takes its description from the option's TSDoc (the
 * generated X_OPTION_DOCS of components/<folder>/option-docs.ts): written once, in the component. Keys no
 * option has (secret references, the platform, sections the stack composes, nested shapes of types that are
 * not `*Options` interfaces) keep a description of their own.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as library from "../../../components";
import {
  AWS_DATABASE_OPTION_DOCS,
  AWS_PUBLIC_ENTRY_OPTION_DOCS,
  CERT_MANAGER_OPTION_DOCS,
  CLUSTER_AUTOSCALER_OPTION_DOCS,
  CLUSTER_PROTECTION_OPTION_DOCS,
  DEX_OPTION_DOCS,
  EKS_CLUSTER_OPTION_DOCS,
  EKS_NETWORK_OPTION_DOCS,
  EKS_SYSTEM_POOL_OPTION_DOCS,
  EXISTING_CLUSTER_OPTION_DOCS,
  GCP_BUCKET_OPTION_DOCS,
  GCP_DATABASE_OPTION_DOCS,
  GCP_PUBLIC_ENTRY_OPTION_DOCS,
  GKE_CLUSTER_OPTION_DOCS,
  GKE_NETWORK_OPTION_DOCS,
  GKE_SYSTEM_POOL_OPTION_DOCS,
  GPU_SUPPORT_OPTION_DOCS,
  ISTIO_OPTION_DOCS,
  KUBEFLOW_PARAMS_OPTION_DOCS,
  KUBEFLOW_RELEASE_OPTION_DOCS,
  OAUTH2_PROXY_OPTION_DOCS,
  PROFILE_OPTION_DOCS,
  PROMETHEUS_OPERATOR_OPTION_DOCS,
} from "../../../components";
import { paramRows } from "../../../stacks/config/docs";

const rows = paramRows();
const platformsOf = (r: { platforms: string[] }) => r.platforms.join(", ");

/** Every option description of the library, from every generated constant it exports. */
const OPTION_TEXTS = new Set(
  Object.entries(library)
    .filter(([name]) => name.endsWith("_OPTION_DOCS"))
    .flatMap(([, docs]) => Object.values(docs as Record<string, string>)),
);

/** The config keys that are a component option, with the platforms that have them, and the option. */
const FROM_OPTIONS: ReadonlyArray<readonly [string, string, string]> = [
  ["cluster.context", "existing", EXISTING_CLUSTER_OPTION_DOCS.context],
  ["cluster.kubeconfigPath", "existing", EXISTING_CLUSTER_OPTION_DOCS.kubeconfigPath],
  ["cluster.storageClass", "existing", EXISTING_CLUSTER_OPTION_DOCS.storageClass],
  ["cluster.loadBalancer", "existing", EXISTING_CLUSTER_OPTION_DOCS.loadBalancer],
  ["cluster.kubernetesVersion", "existing", EXISTING_CLUSTER_OPTION_DOCS.kubernetesVersion],
  ["cluster.accelerators", "existing", EXISTING_CLUSTER_OPTION_DOCS.accelerators],
  ["cluster.snapshots.driver", "existing", EXISTING_CLUSTER_OPTION_DOCS.snapshotDriver],
  ["services.certManager.mode", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.mode],
  ["services.certManager.replicas", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.replicas],
  ["services.certManager.resources", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.resources],
  [
    "services.certManager.clusterIssuer",
    "existing, gcp, aws",
    CERT_MANAGER_OPTION_DOCS.existingClusterIssuer,
  ],
  ["services.certManager.acme", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.acme],
  ["services.certManager.values", "existing, gcp, aws", CERT_MANAGER_OPTION_DOCS.values],
  ["services.istio.mode", "existing, gcp, aws", ISTIO_OPTION_DOCS.mode],
  ["services.istio.revision", "existing, gcp, aws", ISTIO_OPTION_DOCS.revision],
  ["services.istio.mtls.mode", "existing, gcp, aws", ISTIO_OPTION_DOCS.mtlsMode],
  ["services.istio.mtls.exceptions", "existing, gcp, aws", ISTIO_OPTION_DOCS.mtlsExceptions],
  ["services.istio.exposure", "existing, gcp, aws", ISTIO_OPTION_DOCS.exposure],
  ["services.istio.hostname", "existing, gcp, aws", ISTIO_OPTION_DOCS.hostname],
  ["services.istio.tls", "existing, gcp, aws", ISTIO_OPTION_DOCS.tls],
  ["services.istio.serviceAnnotations", "existing, gcp, aws", ISTIO_OPTION_DOCS.serviceAnnotations],
  ["services.istio.istiod.replicas", "existing, gcp, aws", ISTIO_OPTION_DOCS.istiodReplicas],
  ["services.istio.istiod.resources", "existing, gcp, aws", ISTIO_OPTION_DOCS.istiodResources],
  ["services.istio.gateway.replicas", "existing, gcp, aws", ISTIO_OPTION_DOCS.gatewayReplicas],
  ["services.istio.gateway.resources", "existing, gcp, aws", ISTIO_OPTION_DOCS.gatewayResources],
  ["services.istio.values", "existing, gcp, aws", ISTIO_OPTION_DOCS.values],
  ["services.istio.existing", "existing, gcp, aws", ISTIO_OPTION_DOCS.existing],
  ["services.dex.mode", "existing, gcp, aws", DEX_OPTION_DOCS.mode],
  ["services.dex.replicas", "existing, gcp, aws", DEX_OPTION_DOCS.replicas],
  ["services.dex.resources", "existing, gcp, aws", DEX_OPTION_DOCS.resources],
  ["services.dex.staticUsers", "existing, gcp, aws", DEX_OPTION_DOCS.staticUsers],
  ["services.dex.initialUser", "existing, gcp, aws", DEX_OPTION_DOCS.initialUser],
  ["services.dex.connectors", "existing, gcp, aws", DEX_OPTION_DOCS.connectors],
  ["services.dex.values", "existing, gcp, aws", DEX_OPTION_DOCS.values],
  ["services.dex.existing", "existing, gcp, aws", DEX_OPTION_DOCS.existing],
  ["services.oauth2Proxy.mode", "existing, gcp, aws", OAUTH2_PROXY_OPTION_DOCS.mode],
  ["services.oauth2Proxy.replicas", "existing, gcp, aws", OAUTH2_PROXY_OPTION_DOCS.replicas],
  ["services.oauth2Proxy.resources", "existing, gcp, aws", OAUTH2_PROXY_OPTION_DOCS.resources],
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
  [
    "kubeflow.confineToProfiles",
    "existing, gcp, aws",
    KUBEFLOW_PARAMS_OPTION_DOCS.confineToProfiles,
  ],
  ["kubeflow.dataProtection", "existing, gcp, aws", KUBEFLOW_RELEASE_OPTION_DOCS.dataProtection],
  ["profiles[].owner", "existing, gcp, aws", PROFILE_OPTION_DOCS.owner],
  ["profiles[].contributors", "existing, gcp, aws", PROFILE_OPTION_DOCS.contributors],
  ["profiles[].quota", "existing, gcp, aws", PROFILE_OPTION_DOCS.quota],
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
  ["cluster.addons", "aws", EKS_CLUSTER_OPTION_DOCS.addons],
  ["cluster.clusterAutoscaler", "aws", EKS_CLUSTER_OPTION_DOCS.clusterAutoscaler],
  ["cluster.clusterAutoscaler.version", "aws", CLUSTER_AUTOSCALER_OPTION_DOCS.version],
  ["cluster.systemPool", "aws", EKS_CLUSTER_OPTION_DOCS.systemPool],
  ["cluster.systemPool.instanceTypes", "aws", EKS_SYSTEM_POOL_OPTION_DOCS.instanceTypes],
  ["cluster.systemPool.min", "aws", EKS_SYSTEM_POOL_OPTION_DOCS.min],
  ["cluster.systemPool.max", "aws", EKS_SYSTEM_POOL_OPTION_DOCS.max],
  ["cluster.systemPool.diskSizeGb", "aws", EKS_SYSTEM_POOL_OPTION_DOCS.diskSizeGb],
  ["cluster.accelerators", "aws", EKS_CLUSTER_OPTION_DOCS.accelerators],
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

describe("the stack schema's parameter descriptions", () => {
  it("take services.istio.hostname's from IstioOptions' TSDoc, with the schema's own default text", () => {
    const hostname = rows.filter((r) => r.key === "services.istio.hostname");
    expect(hostname).toHaveLength(1);
    expect(hostname[0]!.description).toBe(ISTIO_OPTION_DOCS.hostname);
    expect(hostname[0]!.default).toBe("- none (port-forward)");
  });

  it("take each option's description from its component (130 rows)", () => {
    const actual = FROM_OPTIONS.map(([key, platforms]) => {
      const row = rows.find((r) => r.key === key && platformsOf(r) === platforms);
      return [key, platforms, row?.description];
    });
    expect(actual).toEqual(FROM_OPTIONS);
  });

  it("are a component's option description in exactly those rows, and at least 130", () => {
    const fromOptions = rows
      .filter((r) => OPTION_TEXTS.has(r.description))
      .map((r) => `${r.key} (${platformsOf(r)})`);
    expect(fromOptions).toEqual(FROM_OPTIONS.map(([key, platforms]) => `${key} (${platforms})`));
    expect(fromOptions.length).toBeGreaterThanOrEqual(130);
  });

  it("are never an option's description written again as a literal in stacks/config", () => {
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
