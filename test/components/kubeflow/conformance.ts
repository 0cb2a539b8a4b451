/**
 * Conformance of a release install on its real bundle: builds the graph of every application of a release
 * once (one file per release, so jest runs them in parallel) and asserts the loader's rules on every object.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApplicationKey, getRelease } from "../../../components/catalog";
import { ExistingCluster } from "../../../components/cluster/existing";
import { APPLICATIONS } from "../../../components/kubeflow/applications";
import { readBundle } from "../../../components/kubeflow/bundle";
import { CrdFacts, crdFacts, isCrd, isNamespaced } from "../../../components/kubeflow/kinds";
import { KubeflowRelease } from "../../../components/kubeflow/release";
import { K8sObject, objectKey } from "../../../components/kubeflow/types";
import { ServicesHandle } from "../../../components/services/handle";
import { NAMESPACES } from "../../../components/shared/constants";
import {
  Inventory,
  RecordedResource,
  runProgram,
  SECRET_SIG,
  SPECIAL_SIG_KEY,
} from "../../harness";
import { bundleDir } from "../../harness/upstream";
import { resourceUrns } from "../../../tools/offline/urns";
import { DISTINCTIVE } from "./secure-defaults/upstream-defaults";

export interface ReleaseUnderTest {
  inv: Inventory;
  release: KubeflowRelease;
  /** Marker resources standing for the services' `ready`. */
  markers: Record<"certManager" | "istio" | "auth" | "cluster", RecordedResource>;
  /** Every registered Kubernetes object: its object, its resource (CRDs: their ConfigGroup). */
  objects: Array<{ obj: K8sObject; key: string; res: RecordedResource }>;
  byKey: Map<string, { obj: K8sObject; res: RecordedResource }>;
  /** Transitive dependencies (URNs) of a resource. */
  ancestors(urn: string): Set<string>;
}

/** Every application the release has, enabled, in its default mode. */
export function allApplications(tag: string): Partial<Record<ApplicationKey, { enabled: true }>> {
  const out: Partial<Record<ApplicationKey, { enabled: true }>> = {};
  for (const k of Object.keys(getRelease(tag).applications) as ApplicationKey[]) {
    out[k] = { enabled: true };
  }
  return out;
}

/** A custom resource standing for a service's readiness (dependsOn a childless component is empty). */
class Marker extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:services:Ready", name, {}, {});
  }
}

export async function buildRelease(tag: string): Promise<ReleaseUnderTest> {
  let release!: KubeflowRelease;
  const inv = await runProgram({}, {}, () => {
    const cluster = new ExistingCluster("kubeflow", {});
    const m = {
      certManager: new Marker("cert-manager-ready"),
      istio: new Marker("istio-ready"),
      auth: new Marker("auth-ready"),
      cluster: new Marker("cluster-ready"),
    };
    const services: ServicesHandle = {
      certManager: { ready: [m.certManager], clusterIssuer: "kubeflow-self-signing-issuer" },
      istio: {
        ready: [m.istio],
        ingressGateway: { namespace: NAMESPACES.istio, service: "istio-ingressgateway" },
      },
      auth: { ready: [m.auth] },
      gpu: { ready: [] },
    };
    release = new KubeflowRelease(
      "kubeflow",
      {
        release: tag,
        bundleDir: bundleDir(tag),
        applications: allApplications(tag),
        services,
        cluster: { ready: [m.cluster] },
      },
      { provider: cluster.handle.provider },
    );
  });
  const marker = (name: string) => inv.get("test:services:Ready", name);
  const objects: ReleaseUnderTest["objects"] = [];
  for (const r of inv.resources) {
    if (r.type === "kubernetes:yaml/v2:ConfigGroup") {
      // The group's yaml is JSON documents (valid YAML) separated by `---`.
      for (const doc of String(r.inputs.yaml).split("\n---\n")) {
        const obj = JSON.parse(doc) as K8sObject;
        objects.push({ obj, key: objectKey(obj), res: r });
      }
    } else if (r.type.startsWith("kubernetes:") && r.custom && !r.type.startsWith("pulumi:")) {
      const obj = r.inputs as unknown as K8sObject;
      objects.push({ obj, key: objectKey(obj), res: r });
    }
  }
  const deps = new Map(inv.resources.map((r) => [r.urn, r.dependsOn]));
  const memo = new Map<string, Set<string>>();
  const ancestors = (urn: string): Set<string> => {
    const known = memo.get(urn);
    if (known) return known;
    const out = new Set<string>();
    memo.set(urn, out);
    for (const d of deps.get(urn) ?? []) {
      out.add(d);
      for (const a of ancestors(d)) out.add(a);
    }
    return out;
  };
  return {
    inv,
    release,
    markers: {
      certManager: marker("cert-manager-ready"),
      istio: marker("istio-ready"),
      auth: marker("auth-ready"),
      cluster: marker("cluster-ready"),
    },
    objects,
    byKey: new Map(objects.map((o) => [o.key, o])),
    ancestors,
  };
}

const SERVICE_NAMESPACE_SET = new Set<string>([
  NAMESPACES.certManager,
  NAMESPACES.istio,
  NAMESPACES.auth,
  NAMESPACES.oauth2Proxy,
]);

/**
 * What the bundle says each application must register: the objects of its paths, less the Namespaces the
 * services own, with a namespace for objects rendered without one (Model Registry) and none for built-in
 * cluster-scoped objects.
 */
export function expectedObjects(tag: string): Map<ApplicationKey, Map<string, string>> {
  const release = getRelease(tag);
  const dir = bundleDir(tag);
  const apps = new Map<ApplicationKey, Map<string, string>>();
  const all = Object.entries(release.applications).flatMap(([k, a]) =>
    a!.modes[a!.defaultMode]!.paths.map((p) => [k, p] as const),
  );
  const bundle = readBundle(
    dir,
    tag,
    all.map(([, p]) => p),
  );
  const crds = new Map<string, CrdFacts>();
  for (const [, p] of all) {
    for (const o of bundle.objects(p)) if (isCrd(o)) crds.set(crdFacts(o).key, crdFacts(o));
  }
  for (const [key, p] of all) {
    const app = key as ApplicationKey;
    const placeIn = release.applications[app]!.placeIn;
    const keys = apps.get(app) ?? new Map<string, string>();
    for (const o of bundle.objects(p)) {
      if (o.kind === "Namespace" && SERVICE_NAMESPACE_SET.has(o.metadata.name)) continue;
      const ns = !isNamespaced(o, crds) ? undefined : (o.metadata.namespace ?? placeIn);
      const meta = { ...o.metadata, ...(ns !== undefined ? { namespace: ns } : {}) };
      if (ns === undefined) delete meta.namespace;
      keys.set(objectKey({ ...o, metadata: meta }), p);
    }
    apps.set(app, keys);
  }
  return apps;
}

export function componentOf(app: ApplicationKey): string {
  return `kubeflow:apps:${APPLICATIONS[app].component}`;
}

const SERVICE_GROUP_MARKER: Record<string, "certManager" | "istio"> = {
  "cert-manager.io": "certManager",
  "networking.istio.io": "istio",
  "security.istio.io": "istio",
};

interface Hook {
  failurePolicy?: string;
  clientConfig?: { service?: { name: string; namespace: string } };
  rules?: Array<{ apiGroups?: string[]; operations?: string[]; resources?: string[] }>;
  namespaceSelector?: unknown;
  objectSelector?: unknown;
}

/** The conformance suite of one release. */
export function describeRelease(tag: string, more?: (get: () => ReleaseUnderTest) => void): void {
  describe(`Kubeflow ${tag} on its real bundle, every application enabled`, () => {
    let t: ReleaseUnderTest;
    let expected: Map<ApplicationKey, Map<string, string>>;
    beforeAll(async () => {
      t = await buildRelease(tag);
      expected = expectedObjects(tag);
    });

    const groupOf = (o: K8sObject) =>
      o.apiVersion.includes("/") ? o.apiVersion.slice(0, o.apiVersion.lastIndexOf("/")) : "";
    const dependsOnUrn = (res: RecordedResource, urn: string) => res.dependsOn.includes(urn);

    it("registers each object of every application's bundle paths once, under its application, and nothing else", () => {
      const releaseRes = t.inv.get("kubeflow:apps:KubeflowRelease", "kubeflow");
      const seen = new Set<string>();
      for (const o of t.objects) {
        expect(seen.has(o.key) ? `duplicate ${o.key}` : "").toBe("");
        seen.add(o.key);
      }
      const bundleIndex = readBundle(bundleDir(tag), tag, []).index;
      for (const [app, keys] of expected) {
        const component = t.inv.get(componentOf(app), `kubeflow-${app}`);
        expect(component.parent).toBe(releaseRes.urn);
        const registered = t.objects
          .filter((o) => o.res.parent === component.urn)
          .map((o) => o.key);
        expect(registered.sort()).toEqual([...keys.keys()].sort());
        // Counted against bundle.json: each path's objects, less the service-owned Namespaces dropped.
        const perPath = new Map<string, number>();
        for (const p of keys.values()) perPath.set(p, (perPath.get(p) ?? 0) + 1);
        for (const [p, n] of perPath) {
          const droppedHere = t.release.plan.dropped.filter((d) => d.origin.path === p).length;
          expect({ path: p, count: n + droppedHere }).toEqual({
            path: p,
            count: bundleIndex.paths[p]!.objects,
          });
        }
      }
      const total = [...expected.values()].reduce((n, m) => n + m.size, 0);
      expect(t.objects.length).toBe(total);
    });

    it("never registers a Namespace a platform service owns", () => {
      const names = t.objects
        .filter((o) => o.obj.kind === "Namespace")
        .map((o) => o.obj.metadata.name);
      for (const ns of SERVICE_NAMESPACE_SET) expect(names).not.toContain(ns);
    });

    it("applies every namespaced object after its Namespace, or after the service owning the namespace", () => {
      const markerOf: Record<string, RecordedResource> = {
        [NAMESPACES.certManager]: t.markers.certManager,
        [NAMESPACES.istio]: t.markers.istio,
        [NAMESPACES.auth]: t.markers.auth,
        [NAMESPACES.oauth2Proxy]: t.markers.auth,
      };
      const crdScope = new Map(
        t.objects
          .filter((o) => o.obj.kind === "CustomResourceDefinition")
          .map((o) => {
            const s = o.obj.spec as { group: string; names: { kind: string }; scope: string };
            return [`${s.group}/${s.names.kind}`, s.scope === "Namespaced"] as const;
          }),
      );
      let checked = 0;
      for (const o of t.objects) {
        const namespaced = crdScope.get(`${groupOf(o.obj)}/${o.obj.kind}`) ?? isNamespaced(o.obj);
        if (!namespaced) {
          expect(o.obj.metadata.namespace).toBeUndefined();
          continue;
        }
        const ns = o.obj.metadata.namespace!;
        const nsObj = t.byKey.get(`/Namespace//${ns}`);
        const target = nsObj?.res ?? markerOf[ns];
        expect({
          key: o.key,
          waits: target !== undefined && dependsOnUrn(o.res, target.urn),
        }).toEqual({
          key: o.key,
          waits: true,
        });
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });

    it("applies every custom resource after its CRD, or after the service installing the CRD", () => {
      const crdRes = new Map(
        t.objects
          .filter((o) => o.obj.kind === "CustomResourceDefinition")
          .map((o) => {
            const s = o.obj.spec as { group: string; names: { kind: string } };
            return [`${s.group}/${s.names.kind}`, o.res] as const;
          }),
      );
      for (const o of t.objects) {
        const g = groupOf(o.obj);
        if (!g.includes(".") || g.endsWith(".k8s.io")) continue;
        const target = crdRes.get(`${g}/${o.obj.kind}`) ?? t.markers[SERVICE_GROUP_MARKER[g]!];
        expect({
          key: o.key,
          waits: target !== undefined && dependsOnUrn(o.res, target.urn),
        }).toEqual({
          key: o.key,
          waits: true,
        });
      }
    });

    it("applies a webhook configuration with failurePolicy Fail after its Service, Deployment and certificate", () => {
      for (const w of t.objects.filter((o) => o.obj.kind.endsWith("WebhookConfiguration"))) {
        const hooks = (w.obj.webhooks as Hook[]).filter(
          (h) => (h.failurePolicy ?? "Fail") === "Fail",
        );
        if (hooks.length === 0) continue;
        for (const h of hooks) {
          const svc = h.clientConfig?.service;
          if (!svc) continue;
          const service = t.byKey.get(`/Service/${svc.namespace}/${svc.name}`);
          if (!service) continue; // served by a platform service
          expect({ w: w.key, svc: dependsOnUrn(w.res, service.res.urn) }).toEqual({
            w: w.key,
            svc: true,
          });
          const selector = (service.obj.spec as { selector: Record<string, string> }).selector;
          const deployments = t.objects.filter(
            (d) =>
              d.obj.kind === "Deployment" &&
              d.obj.metadata.namespace === svc.namespace &&
              Object.entries(selector).every(
                ([k, v]) =>
                  (d.obj.spec as { template: { metadata: { labels: Record<string, string> } } })
                    .template.metadata.labels[k] === v,
              ),
          );
          expect(deployments.length).toBeGreaterThan(0);
          for (const d of deployments) {
            expect({ w: w.key, d: d.key, waits: dependsOnUrn(w.res, d.res.urn) }).toEqual({
              w: w.key,
              d: d.key,
              waits: true,
            });
          }
        }
        const ca = w.obj.metadata.annotations?.["cert-manager.io/inject-ca-from"];
        if (ca) {
          const cert = t.byKey.get(`cert-manager.io/Certificate/${ca}`)!;
          expect({ w: w.key, cert: dependsOnUrn(w.res, cert.res.urn) }).toEqual({
            w: w.key,
            cert: true,
          });
        }
      }
    });

    it("applies the objects a Fail webhook intercepts after it (rules without selectors)", () => {
      const plural = new Map(
        t.objects
          .filter((o) => o.obj.kind === "CustomResourceDefinition")
          .map((o) => {
            const s = o.obj.spec as { group: string; names: { kind: string; plural: string } };
            return [`${s.group}/${s.names.kind}`, s.names.plural] as const;
          }),
      );
      let checked = 0;
      for (const w of t.objects.filter((o) => o.obj.kind.endsWith("WebhookConfiguration"))) {
        for (const h of w.obj.webhooks as Hook[]) {
          if ((h.failurePolicy ?? "Fail") !== "Fail" || h.namespaceSelector || h.objectSelector)
            continue;
          for (const rule of h.rules ?? []) {
            if (!(rule.operations ?? []).some((op) => op === "CREATE" || op === "*")) continue;
            for (const o of t.objects) {
              const p = plural.get(`${groupOf(o.obj)}/${o.obj.kind}`);
              if (p === undefined || !(rule.apiGroups ?? []).includes(groupOf(o.obj))) continue;
              if (!(rule.resources ?? []).includes(p)) continue;
              expect({ o: o.key, webhook: w.key, waits: dependsOnUrn(o.res, w.res.urn) }).toEqual({
                o: o.key,
                webhook: w.key,
                waits: true,
              });
              checked++;
            }
          }
        }
      }
      // KServe's ClusterServingRuntimes are intercepted in every release.
      expect(checked).toBeGreaterThan(0);
    });

    it("applies cert-manager objects after cert-manager, Istio objects, injected namespaces, Knative and KServe after Istio", () => {
      for (const o of t.objects) {
        const g = groupOf(o.obj);
        const anc = t.ancestors(o.res.urn);
        const labels = o.obj.metadata.labels ?? {};
        if (g === "cert-manager.io")
          expect({ o: o.key, cm: anc.has(t.markers.certManager.urn) }).toEqual({
            o: o.key,
            cm: true,
          });
        const istio =
          g.endsWith("istio.io") ||
          (o.obj.kind === "Namespace" && labels["istio-injection"] === "enabled") ||
          o.res.parent.includes("kubeflow:apps:KServe") ||
          o.res.parent.includes("kubeflow:apps:KnativeServing");
        if (istio)
          expect({ o: o.key, istio: anc.has(t.markers.istio.urn) }).toEqual({
            o: o.key,
            istio: true,
          });
        if (o.res.parent.includes("kubeflow:apps:CentralDashboard")) {
          expect({ o: o.key, auth: anc.has(t.markers.auth.urn) }).toEqual({ o: o.key, auth: true });
        }
        expect({ o: o.key, deps: o.res.dependsOn.length > 0 }).toEqual({ o: o.key, deps: true });
      }
    });

    it("has an acyclic graph whose critical path is the one the registered dependsOn give", () => {
      expect(t.release.plan.graph.problems).toEqual([]);
      const depth = new Map<string, number>();
      const objectUrns = new Set(t.objects.map((o) => o.res.urn));
      const d = (urn: string): number => {
        if (!objectUrns.has(urn)) return 0;
        if (depth.has(urn)) return depth.get(urn)!;
        const r = t.inv.byUrn(urn)!;
        const v = 1 + Math.max(0, ...r.dependsOn.map(d));
        depth.set(urn, v);
        return v;
      };
      const longest = Math.max(...t.objects.map((o) => d(o.res.urn)));
      // CRDs are grouped, so the registered chain can only be as long as the object graph's or shorter.
      expect(longest).toBeLessThanOrEqual(t.release.plan.graph.depth);
      expect(longest).toBeGreaterThanOrEqual(t.release.plan.graph.depth - 1);
    });

    it("guards data on its own: claims, CRDs, Profiles and the Namespaces holding claims protected and retained, other Namespaces not", () => {
      const claimNamespaces = new Set(
        t.objects
          .filter((o) => o.obj.kind === "PersistentVolumeClaim")
          .map((o) => o.obj.metadata.namespace ?? "kubeflow"),
      );
      expect(claimNamespaces.size).toBeGreaterThan(0);
      const guarded = (o: { obj: K8sObject }) =>
        ["PersistentVolumeClaim", "CustomResourceDefinition", "Profile"].includes(o.obj.kind) ||
        (o.obj.kind === "Namespace" && claimNamespaces.has(o.obj.metadata.name));
      const kinds = ["Namespace", "PersistentVolumeClaim", "CustomResourceDefinition", "Profile"];
      const checked = t.objects.filter((o) => kinds.includes(o.obj.kind));
      expect(checked.some((o) => !guarded(o))).toBe(true);
      for (const o of checked) {
        expect({ o: o.key, protect: o.res.protect, retain: o.res.retainOnDelete }).toEqual({
          o: o.key,
          protect: guarded(o),
          retain: guarded(o),
        });
      }
    });

    it("replaces every upstream default credential by a password it generates as its child, kept through an alias from the top level", () => {
      const secrets = t.inv.get("kubeflow:kubeflow:GeneratedSecrets", "kubeflow-secrets");
      expect(secrets.parent).toBe(t.inv.get("kubeflow:apps:KubeflowRelease", "kubeflow").urn);
      // The stack program created it at the top level before: its alias, and the ones its passwords
      // inherit, name those URNs, so a deployed stack keeps every generated password.
      const urns = new Map(resourceUrns(t.inv.resources, "p", "s").map((r) => [r.name, r]));
      const before = (type: string, name: string) => `urn:pulumi:s::p::${type}::${name}`;
      expect(urns.get("kubeflow-secrets")!.aliases).toContain(
        before("kubeflow:kubeflow:GeneratedSecrets", "kubeflow-secrets"),
      );
      const passwords = t.inv.children(secrets);
      expect(passwords.length).toBeGreaterThan(0);
      for (const p of passwords) {
        expect(urns.get(p.name)!.aliases).toContain(
          before(`kubeflow:kubeflow:GeneratedSecrets$${p.type}`, p.name),
        );
      }
      const generated = t.inv.children(secrets).map((p) => `mock-password-${p.name}`);
      expect(generated.length).toBeGreaterThan(0);
      expect(t.inv.plaintext([...DISTINCTIVE, ...generated])).toEqual([]);
      // The Pipelines database's password, empty upstream, is the generated one (an Output until applied).
      const mysql = t.release.plan.objects.find(
        (o) => o.obj.kind === "Secret" && o.obj.metadata.name === "mysql-secret",
      );
      const password = (mysql!.obj.stringData as Record<string, unknown>).password;
      expect(pulumi.Output.isInstance(password)).toBe(true);
    });

    it("sends every Secret's data as a Pulumi secret", () => {
      const secrets = t.objects.filter(
        (o) =>
          o.obj.kind === "Secret" && (o.obj.data !== undefined || o.obj.stringData !== undefined),
      );
      expect(secrets.length).toBeGreaterThan(0);
      for (const s of secrets) {
        for (const field of ["data", "stringData"]) {
          const wire = s.res.wireInputs[field] as Record<string, unknown> | undefined;
          if (wire !== undefined)
            expect({ s: s.key, sig: wire[SPECIAL_SIG_KEY] }).toEqual({ s: s.key, sig: SECRET_SIG });
        }
      }
    });

    it("registers every object through the cluster's provider, which applies server-side", () => {
      const provider = t.inv.get("pulumi:providers:kubernetes", "kubeflow-k8s");
      expect(provider.inputs.enableServerSideApply).toBe("true");
      for (const o of t.objects) expect(o.res.provider.startsWith(provider.urn)).toBe(true);
    });

    more?.(() => t);
  });
}
