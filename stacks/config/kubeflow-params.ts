/**
 * Upgrade-safe and set-once parameters of the Kubeflow applications (image mirror, scheduling, notebooks,
 * pipelines storage, KServe, PVC storage, data protection). Spread into the `kubeflow` section's schema.
 * Each leaf carries its class and a one-line description; the transforms in
 * components/kubeflow/transforms read the parsed values.
 */
import { z } from "zod";
import { secretRef } from "./secrets";
import { bytesQuantity, cpuQuantity, volumeSize } from "./quantity";
import { dnsLabel, setOnce, strict, upgradeSafe, type Fits } from "./schema";

import { APPLICATION_KEYS, ApplicationKey } from "../../components/catalog/types";
import {
  KUBEFLOW_PARAMS_DEFAULTS as D,
  type KubeflowParams as ComponentKubeflowParams,
} from "../../components/kubeflow/params";
import {
  KUBEFLOW_RELEASE_DEFAULTS,
  KubeflowReleaseOptions,
} from "../../components/kubeflow/release";
import { DATA_PROTECTION_MODES } from "../../components/kubeflow/transforms/protection";
import {
  APP_DATABASE_CHOICE_DOCS as APP_DATABASE,
  APPLICATION_PARAMS_DOCS as APPLICATION,
  EXTERNAL_DATABASE_PARAMS_DOCS as EXTERNAL_DATABASE,
  IN_CLUSTER_DATABASE_PARAMS_DOCS as IN_CLUSTER_DATABASE,
  IN_CLUSTER_OBJECT_STORE_PARAMS_DOCS as IN_CLUSTER_OBJECT_STORE,
  KSERVE_PARAMS_DOCS as KSERVE,
  KUBEFLOW_PARAMS_OPTION_DOCS as PARAMS,
  KUBEFLOW_RELEASE_OPTION_DOCS as RELEASE,
  MANAGED_DATABASE_PARAMS_DOCS as MANAGED_DATABASE,
  MANAGED_OBJECT_STORE_PARAMS_DOCS as MANAGED_OBJECT_STORE,
  NOTEBOOK_CULLING_PARAMS_DOCS as CULLING,
  NOTEBOOKS_PARAMS_DOCS as NOTEBOOKS,
  S3_OBJECT_STORE_PARAMS_DOCS as S3_OBJECT_STORE,
  SCHEDULING_PARAMS_DOCS as SCHEDULING,
  STORAGE_PARAMS_DOCS as STORAGE,
  WORKLOAD_PARAMS_DOCS as WORKLOAD,
} from "../../components/kubeflow/option-docs";
import { MIRROR_SPEC_DOCS as MIRROR } from "../../components/shared/option-docs";

export { APPLICATION_KEYS };
export type { ApplicationKey };

const HOST = "(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*";
const PATH = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REGISTRY_PREFIX = new RegExp(`^${HOST}(?::[0-9]{1,5})?(?:/${PATH})*$`);

/** A registry host with optional path: `registry.example.com/kubeflow`, `localhost:5000`. */
const registryPrefix = z.string().superRefine((v, ctx) => {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(v);
  if (scheme) {
    ctx.addIssue({
      code: "custom",
      message: `must be a registry host and optional path without a scheme; remove "${scheme[0]}"`,
    });
    return;
  }
  const host = v.split("/")[0]!;
  const hostOk = host === "localhost" || /[.:]/.test(host);
  if (!REGISTRY_PREFIX.test(v) || !hostOk || v.endsWith("/")) {
    ctx.addIssue({
      code: "custom",
      message:
        "must be a registry host (with a dot or a port, or localhost) and an optional lowercase path, " +
        "without tag or trailing slash, e.g. registry.example.com/kubeflow",
    });
  }
});

/** A source registry named in the mapping: a host with a dot or a port, or `docker.io` for Docker Hub. */
const SOURCE_REGISTRY =
  /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z0-9.-]+:[0-9]{1,5}|localhost)(?::[0-9]{1,5})?$/;

const imageRegistrySchema = strict({
  prefix: upgradeSafe(
    registryPrefix.optional(),
    MIRROR.prefix,
    "none: images are pulled from their public registries",
  ),
  includeSourceRegistry: upgradeSafe(
    z.boolean().default(D.imageRegistry.includeSourceRegistry),
    MIRROR.includeSourceRegistry,
  ),
  mapping: upgradeSafe(
    z
      .record(z.string(), registryPrefix)
      .superRefine((m, ctx) => {
        for (const key of Object.keys(m)) {
          if (!SOURCE_REGISTRY.test(key)) {
            ctx.addIssue({
              code: "custom",
              path: [key],
              message:
                `"${key}" is not a registry host; ` +
                "use a host such as docker.io, ghcr.io, quay.io or localhost:5000",
            });
          }
        }
      })
      .default(D.imageRegistry.mapping),
    MIRROR.mapping,
    "{}",
  ),
});

const resourceList = strict({
  cpu: cpuQuantity.optional(),
  memory: bytesQuantity.optional(),
  "ephemeral-storage": bytesQuantity.optional(),
});
const resources = strict({ requests: resourceList.optional(), limits: resourceList.optional() });

const labelKey = z
  .string()
  .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, {
    error: "must be a Kubernetes label key such as cloud.google.com/gke-nodepool",
  });
const toleration = strict({
  key: z.string().optional(),
  operator: z.enum(["Exists", "Equal"]).optional(),
  value: z.string().optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
  tolerationSeconds: z.number().int().optional(),
});

const replicaCount = z
  .number({ error: "must be a whole number of replicas from 0 to 20" })
  .int({ error: "must be a whole number of replicas from 0 to 20" })
  .min(0, { error: "must be a whole number of replicas from 0 to 20" })
  .max(20, { error: "must be a whole number of replicas from 0 to 20" });

const workloadSchema = strict({
  replicas: upgradeSafe(replicaCount.optional(), WORKLOAD.replicas, "upstream's"),
  resources: upgradeSafe(resources.optional(), WORKLOAD.resources, "upstream's"),
});

/**
 * Per-application parameters. The kubeflow section merges these with each application's `enabled` and `mode`
 * (stacks/config/kubeflow.ts), so `kubeflow.applications.<app>` is one map.
 */
export const applicationParamsShape = {
  replicas: upgradeSafe(replicaCount.optional(), APPLICATION.replicas, "upstream's (1)"),
  resources: upgradeSafe(resources.optional(), APPLICATION.resources, "upstream's"),
  nodeSelector: upgradeSafe(
    z.record(labelKey, z.string()).optional(),
    APPLICATION.nodeSelector,
    "kubeflow.scheduling.nodeSelector",
  ),
  tolerations: upgradeSafe(
    z.array(toleration).optional(),
    APPLICATION.tolerations,
    "kubeflow.scheduling.tolerations",
  ),
  workloads: upgradeSafe(
    z.record(dnsLabel, workloadSchema).optional(),
    APPLICATION.workloads,
    "{}",
  ),
};
const applicationSchema = strict(applicationParamsShape);

const applicationsSchema = strict(
  Object.fromEntries(APPLICATION_KEYS.map((k) => [k, applicationSchema.optional()])) as Record<
    ApplicationKey,
    z.ZodOptional<typeof applicationSchema>
  >,
);

const schedulingSchema = strict({
  nodeSelector: upgradeSafe(
    z.record(labelKey, z.string()).default(D.scheduling.nodeSelector),
    SCHEDULING.nodeSelector,
    "{}",
  ),
  tolerations: upgradeSafe(
    z.array(toleration).default([...D.scheduling.tolerations]),
    SCHEDULING.tolerations,
    "[]",
  ),
});

/** A GPU vendor offered in the notebook spawner. */
const gpuVendor = strict({
  limitsKey: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/, {
    error: "must be an extended resource name such as nvidia.com/gpu",
  }),
  uiName: z.string().min(1),
});

const imageString = z.string().min(1);

const notebooksSchema = strict({
  images: upgradeSafe(z.array(imageString).min(1).optional(), NOTEBOOKS.images, "upstream's list"),
  defaultImage: upgradeSafe(
    imageString.optional(),
    NOTEBOOKS.defaultImage,
    "the first of notebooks.images, or upstream's",
  ),
  gpuVendors: upgradeSafe(
    z.array(gpuVendor).optional(),
    NOTEBOOKS.gpuVendors,
    "upstream's: NVIDIA, AMD, Intel Gaudi",
  ),
  culling: strict({
    enabled: upgradeSafe(z.boolean().default(D.notebooks.culling.enabled), CULLING.enabled),
    idleMinutes: upgradeSafe(
      z
        .number()
        .int()
        .min(10, { error: "must be at least 10 minutes (upstream's default is 1440, one day)" })
        .max(43200, { error: "must be at most 43200 minutes (30 days)" })
        .default(D.notebooks.culling.idleMinutes),
      CULLING.idleMinutes,
    ),
    checkPeriodMinutes: upgradeSafe(
      z
        .number()
        .int()
        .min(1, { error: "must be from 1 to 1440 minutes" })
        .max(1440, { error: "must be from 1 to 1440 minutes" })
        .default(D.notebooks.culling.checkPeriodMinutes),
      CULLING.checkPeriodMinutes,
    ),
  }).prefault({}),
});

const endpoint = z.string().superRefine((v, ctx) => {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
    ctx.addIssue({
      code: "custom",
      message: "must be host[:port] without a scheme; set secure: true for TLS",
    });
  } else if (!/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(v)) {
    ctx.addIssue({
      code: "custom",
      message: "must be host[:port], e.g. s3.eu-west-1.amazonaws.com",
    });
  }
});

const objectStoreSchema = z.discriminatedUnion(
  "type",
  [
    strict({
      type: setOnce(z.literal("in-cluster"), IN_CLUSTER_OBJECT_STORE.type),
    }),
    strict({
      type: setOnce(z.literal("s3"), S3_OBJECT_STORE.type),
      endpoint: setOnce(endpoint, S3_OBJECT_STORE.endpoint),
      bucket: setOnce(
        z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
          error: "must be an S3 bucket name (3-63 lowercase letters, digits, '.', '-')",
        }),
        S3_OBJECT_STORE.bucket,
      ),
      region: setOnce(z.string().min(1).default("us-east-1"), S3_OBJECT_STORE.region),
      secure: setOnce(z.boolean().default(true), S3_OBJECT_STORE.secure),
      accessKeySecret: secretRef("Config key holding the access key id."),
      secretKeySecret: secretRef("Config key holding the secret access key."),
    }),
    strict({
      type: setOnce(z.literal("managed"), MANAGED_OBJECT_STORE.type),
    }),
  ],
  {
    error: (iss) =>
      iss.code === "invalid_union" ? 'allowed types: "in-cluster", "s3", "managed"' : undefined,
  },
);

const databaseSchema = z.discriminatedUnion(
  "type",
  [
    strict({
      type: setOnce(z.literal("in-cluster"), IN_CLUSTER_DATABASE.type),
    }),
    strict({
      type: setOnce(z.literal("external"), EXTERNAL_DATABASE.type),
      host: setOnce(
        z.string().regex(/^[A-Za-z0-9.-]+$/, { error: "must be a hostname or IP address" }),
        EXTERNAL_DATABASE.host,
      ),
      port: setOnce(z.number().int().min(1).max(65535).default(3306), EXTERNAL_DATABASE.port),
      user: setOnce(z.string().min(1).default("kubeflow"), EXTERNAL_DATABASE.user),
      passwordSecret: secretRef("Config key holding the MySQL password."),
    }),
    strict({
      type: setOnce(z.literal("managed"), MANAGED_DATABASE.type),
    }),
  ],
  {
    error: (iss) =>
      iss.code === "invalid_union"
        ? 'allowed types: "in-cluster", "external", "managed"'
        : undefined,
  },
);

const pipelinesSchema = strict({
  objectStore: objectStoreSchema.default(D.pipelines.objectStore),
  database: databaseSchema.default(D.pipelines.database),
});

/** The database choice of an application whose in-cluster MySQL the managed server can replace. */
const appDatabaseSchema = (def: (typeof D)["katib" | "modelRegistry"]["database"]["type"]) =>
  strict({
    database: strict({
      type: setOnce(z.enum(["in-cluster", "managed"]).default(def), APP_DATABASE.type),
    }).prefault({}),
  });

const katibSchema = appDatabaseSchema(D.katib.database.type);
const modelRegistrySchema = appDatabaseSchema(D.modelRegistry.database.type);

const kserveSchema = strict({
  deploymentMode: upgradeSafe(
    z.enum(["Serverless", "RawDeployment"]).optional(),
    KSERVE.deploymentMode,
    '- "Serverless" when knative is installed, else "RawDeployment"',
  ),
  ingressDomain: upgradeSafe(
    z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/, {
        error: "must be a lowercase DNS domain without scheme, e.g. models.example.com",
      })
      .default(D.kserve.ingressDomain),
    KSERVE.ingressDomain,
  ),
});

/** A StorageClass name: a lowercase RFC 1123 subdomain. */
export const STORAGE_CLASS_PATTERN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const storageSchema = strict({
  storageClassName: setOnce(
    z
      .string()
      .regex(STORAGE_CLASS_PATTERN, {
        error: "must be a StorageClass name (lowercase RFC 1123 subdomain)",
      })
      .optional(),
    STORAGE.storageClassName,
    "the cluster's default StorageClass",
  ),
  sizes: setOnce(
    z.record(dnsLabel, volumeSize).default(D.storage.sizes),
    STORAGE.sizes,
    "upstream's sizes",
  ),
});

export const kubeflowParamsShape = {
  imageRegistry: imageRegistrySchema.optional(),
  scheduling: schedulingSchema.prefault({}),
  notebooks: notebooksSchema
    .superRefine((n, ctx) => {
      if (
        n.defaultImage !== undefined &&
        n.images !== undefined &&
        !n.images.includes(n.defaultImage)
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["defaultImage"],
          message: `must be one of notebooks.images (${n.images.join(", ")})`,
        });
      }
      const keys = (n.gpuVendors ?? []).map((v) => v.limitsKey);
      const dup = keys.find((k, i) => keys.indexOf(k) !== i);
      if (dup !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["gpuVendors"],
          message: `lists limitsKey "${dup}" twice; each vendor once`,
        });
      }
    })
    .prefault({}),
  pipelines: pipelinesSchema.prefault({}),
  katib: katibSchema.prefault({}),
  modelRegistry: modelRegistrySchema.prefault({}),
  kserve: kserveSchema.prefault({}),
  storage: storageSchema.prefault({}),
  // Upgrade-safe: it changes only webhook namespaceSelectors and one label of Kubeflow's own namespaces, in
  // place (no object is replaced, no data is touched), and turning it off restores upstream's reach.
  confineToProfiles: upgradeSafe(
    z.boolean().default(D.confineToProfiles),
    PARAMS.confineToProfiles,
  ),
  dataProtection: setOnce(
    z.enum(DATA_PROTECTION_MODES).default(KUBEFLOW_RELEASE_DEFAULTS.dataProtection),
    // The release's own option (the parameter passes the same mode to the stack's transforms).
    RELEASE.dataProtection,
  ),
};

const kubeflowParamsSchema = z.object({
  ...kubeflowParamsShape,
  applications: applicationsSchema.prefault({}),
});
/**
 * The parsed parameters (with the secret references the stack resolves). Checked at compile time to fit the
 * component's own KubeflowParams (components/kubeflow/params.ts), which the transforms read.
 */
export type KubeflowParams = Fits<z.output<typeof kubeflowParamsSchema>, ComponentKubeflowParams>;
/** `kubeflow.dataProtection` is the release's own option: a mode the component does not take fails to compile. */
export type DataProtectionParam = Fits<
  KubeflowParams["dataProtection"],
  NonNullable<KubeflowReleaseOptions["dataProtection"]>
>;
/** Parse the parameters alone (tests, tools); the stack config parses them inside the kubeflow section. */
export function parseKubeflowParams(raw: unknown): KubeflowParams {
  return kubeflowParamsSchema.parse(raw);
}
