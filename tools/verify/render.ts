/**
 * Renders the Helm releases a program registers, exactly as registered (chart, version, release name,
 * namespace, values), with the real chart and the real `helm template`, offline. Releases come from
 * `kubernetes:helm.sh/v3:Release` resources and from `@pulumi/kubernetes-cert-manager`'s component, whose
 * typed arguments the component blits over `helmOptions.values` before it installs the chart.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { CrdFacts, isNamespaced } from "../../components/kubeflow/kinds";
import { K8sObject } from "../../components/kubeflow/types";
import { jsonDocuments } from "../offline/json-stream";
import { helmBinary } from "./helm";

export { jsonDocuments };

/** What a registered resource gives the renderer: its type, name and inputs (secrets unwrapped). */
export interface RegisteredResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** URN of the parent resource, "" or absent for the stack. */
  parent?: string;
}

/** One Helm release as the program registers it. */
export interface ReleaseSpec {
  /** Pulumi resource name of the Release (or component). */
  resource: string;
  /** Chart name (`istiod`), a local chart path, or an `oci://` reference, as registered. */
  chart: string;
  version: string;
  /** Helm release name. */
  name: string;
  namespace: string;
  values: Record<string, unknown>;
  /** Repository URL, when the chart comes from a Helm repository. */
  repo?: string;
}

export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
export const CERT_MANAGER_TYPE = "kubernetes-cert-manager:index:CertManager";

const str = (v: unknown, what: string, resource: string): string => {
  if (typeof v !== "string" || v === "") throw new Error(`${resource}: ${what} is not a string`);
  return v;
};

/** Pure: the Helm releases among registered resources. */
export function releaseSpecs(resources: readonly RegisteredResource[]): ReleaseSpec[] {
  const out: ReleaseSpec[] = [];
  for (const r of resources) {
    if (r.type === RELEASE_TYPE) {
      const i = r.inputs;
      const repo = (i.repositoryOpts as { repo?: string } | undefined)?.repo;
      out.push({
        resource: r.name,
        chart: str(i.chart, "chart", r.name),
        version: typeof i.version === "string" ? i.version : "",
        name: str(i.name, "name", r.name),
        namespace: typeof i.namespace === "string" ? i.namespace : "default",
        values: (i.values as Record<string, unknown> | undefined) ?? {},
        ...(repo !== undefined ? { repo } : {}),
      });
    } else if (r.type === CERT_MANAGER_TYPE) {
      // The component's typed args win over helmOptions.values (pulumi-go-helmbase InitDefaults).
      const { helmOptions, ...typed } = r.inputs as { helmOptions?: Record<string, unknown> };
      const h = helmOptions ?? {};
      const repo = (h.repositoryOpts as { repo?: string } | undefined)?.repo;
      out.push({
        resource: r.name,
        chart: typeof h.chart === "string" ? h.chart : "cert-manager",
        version: str(h.version, "helmOptions.version", r.name),
        name: typeof h.name === "string" ? h.name : r.name,
        namespace: typeof h.namespace === "string" ? h.namespace : "default",
        values: { ...((h.values as Record<string, unknown> | undefined) ?? {}), ...typed },
        ...(repo !== undefined ? { repo } : {}),
      });
    }
  }
  return out;
}

/**
 * Where a release's chart is on disk: a local path as registered, or `<chartsDir>/<chart>/<version>/` for a
 * chart from a repository or an OCI registry (the layout of `services.charts.directory`).
 */
export function chartPath(spec: ReleaseSpec, chartsDir: string): string {
  if (spec.chart.startsWith("/") || spec.chart.startsWith(".")) return spec.chart;
  const name = spec.chart.startsWith("oci://") ? spec.chart.split("/").pop()! : spec.chart;
  const dir = path.join(chartsDir, name, spec.version);
  if (!fs.existsSync(path.join(dir, "Chart.yaml"))) {
    throw new Error(
      `chart ${name} ${spec.version} (release ${spec.name}) is not in ${chartsDir}: expected ${dir}/Chart.yaml; ` +
        `fetch it with \`helm pull ${spec.repo !== undefined ? `${name} --repo ${spec.repo}` : spec.chart} ` +
        `--version ${spec.version} --untar --untardir ${path.join(chartsDir, name)}\` and rename the folder to ${spec.version}`,
    );
  }
  return dir;
}

/** Options of a render: the cluster's Kubernetes version, and the API versions it serves beyond the built-ins. */
export interface RenderOptions {
  chartsDir: string;
  /** @default "1.34" */
  kubeVersion?: string;
  /** Extra `--api-versions` (e.g. CRD groups the cluster has), for charts that test `.Capabilities`. @default [] */
  apiVersions?: string[];
  /** Directory of a render cache keyed by the render's inputs, or false. @default - under the OS temp dir */
  cacheDir?: string | false;
}

/**
 * Render one release, objects as the chart prints them. Namespaced objects without a namespace get the
 * release's when installed: `withReleaseNamespace` does that once the scope of custom kinds is known.
 */
export function renderRelease(spec: ReleaseSpec, options: RenderOptions): K8sObject[] {
  const dir = chartPath(spec, options.chartsDir);
  const args = [
    "template",
    spec.name,
    dir,
    "--namespace",
    spec.namespace,
    "--include-crds",
    "--skip-tests",
    "--kube-version",
    options.kubeVersion ?? "1.34",
    ...(options.apiVersions ?? []).flatMap((a) => ["--api-versions", a]),
  ];
  const valuesJson = JSON.stringify(spec.values);
  const key = crypto
    .createHash("sha256")
    .update(JSON.stringify([args, valuesJson, chartFingerprint(dir)]))
    .digest("hex");
  const cacheDir =
    options.cacheDir === false
      ? undefined
      : (options.cacheDir ?? path.join(os.tmpdir(), "kubeflow-platform-render-cache"));
  const cached = cacheDir !== undefined ? path.join(cacheDir, `${key}.json`) : undefined;
  let objects: K8sObject[];
  if (cached !== undefined && fs.existsSync(cached)) {
    objects = JSON.parse(fs.readFileSync(cached, "utf8")) as K8sObject[];
  } else {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kfp-values-"));
    const valuesFile = path.join(tmp, "values.json");
    // Values may hold secrets (unwrapped under mocks): the file lives only for the render, mode 0600.
    fs.writeFileSync(valuesFile, valuesJson, { mode: 0o600 });
    let out: string;
    try {
      out = execFileSync(helmBinary(), [...args, "--values", valuesFile], {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(
        `helm template of release ${spec.name} (${spec.chart} ${spec.version}) failed: ${(err.stderr ?? err.message).trim()}`,
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    objects = parseStream(out);
    if (cached !== undefined) {
      fs.mkdirSync(cacheDir!, { recursive: true });
      const part = `${cached}.${process.pid}`;
      fs.writeFileSync(part, JSON.stringify(objects));
      fs.renameSync(part, cached);
    }
  }
  return objects;
}

/** Pure: the Kubernetes objects of a multi-document YAML stream (documents without a kind are dropped). */
export function parseStream(text: string): K8sObject[] {
  const out: K8sObject[] = [];
  const json = jsonDocuments(text);
  if (json !== undefined) {
    for (const v of json) if (typeof (v as K8sObject).kind === "string") out.push(v as K8sObject);
    return out;
  }
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`unparsable YAML: ${doc.errors[0]!.message}`);
    const v = doc.toJSON() as K8sObject | null;
    if (v !== null && typeof v === "object" && typeof v.kind === "string") out.push(v);
  }
  return out;
}

/**
 * Pure: an object as `helm install` puts it in the release namespace: namespaced kinds (custom ones looked up
 * in `crds`) without a namespace get it.
 */
export function withReleaseNamespace(
  obj: K8sObject,
  namespace: string,
  crds: ReadonlyMap<string, CrdFacts>,
): K8sObject {
  if (obj.metadata.namespace !== undefined || !isNamespaced(obj, crds)) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace } };
}

/** A cheap fingerprint of a chart directory (paths, sizes, mtimes), so an edited chart is rendered anew. */
function chartFingerprint(dir: string): string {
  const h = crypto.createHash("sha256");
  const walk = (d: string): void => {
    for (const e of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = fs.statSync(p);
        h.update(`${p}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  walk(dir);
  return h.digest("hex");
}
