import * as fs from "fs";
import * as path from "path";
import { K8sObject } from "../../../components/kubeflow/types";
import { podTemplateOf } from "../../../tools/verify/objects";
import {
  namespaceLevel,
  podSecurityViolations,
  PssLevel,
  PssPod,
} from "../../../tools/verify/pod-security";
import { bundleDir } from "../../harness/upstream";
import { fileObjects } from "../../components/kubeflow/transforms/bundles";

type Spec = Record<string, unknown>;

/** Violations as `check` or `check:container`, sorted, so a table row states them exactly. */
function found(level: PssLevel, pod: PssPod): string[] {
  return podSecurityViolations(level, pod)
    .map((v) => (v.container !== undefined ? `${v.check}:${v.container}` : v.check))
    .sort();
}

/** A pod with one container `app`; `sc` is its securityContext, `spec` adds pod fields. */
function pod(sc?: Spec, spec: Spec = {}, annotations?: Record<string, string>): PssPod {
  return {
    ...(annotations !== undefined ? { metadata: { annotations } } : {}),
    spec: {
      containers: [{ name: "app", ...(sc !== undefined ? { securityContext: sc } : {}) }],
      ...spec,
    },
  };
}

/** What restricted asks of a container, set on the container itself. */
const hardenedSc: Spec = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
};

/** A restricted-clean pod with pod-level runAsNonRoot and seccomp, to mutate one field at a time. */
function hardened(sc: Spec = {}, spec: Spec = {}): PssPod {
  return pod(
    { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, ...sc },
    {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      ...spec,
    },
  );
}

describe("baseline checks", () => {
  it.each<[string, PssPod, string[]]>([
    ["a plain pod passes", pod(), []],
    [
      "pod hostProcess=true",
      pod(undefined, { securityContext: { windowsOptions: { hostProcess: true } } }),
      ["windowsHostProcess"],
    ],
    [
      "container hostProcess=true",
      pod({ windowsOptions: { hostProcess: true } }),
      ["windowsHostProcess:app"],
    ],
    ["hostProcess=false", pod({ windowsOptions: { hostProcess: false } }), []],
    ["hostNetwork=true", pod(undefined, { hostNetwork: true }), ["hostNamespaces"]],
    ["hostPID=true", pod(undefined, { hostPID: true }), ["hostNamespaces"]],
    ["hostIPC=true", pod(undefined, { hostIPC: true }), ["hostNamespaces"]],
    ["hostNetwork=false", pod(undefined, { hostNetwork: false }), []],
    ["privileged=true", pod({ privileged: true }), ["privileged:app"]],
    ["privileged=false", pod({ privileged: false }), []],
    ["adding NET_RAW", pod({ capabilities: { add: ["NET_RAW"] } }), ["capabilities_baseline:app"]],
    [
      "adding SYS_ADMIN",
      pod({ capabilities: { add: ["SYS_ADMIN"] } }),
      ["capabilities_baseline:app"],
    ],
    ["adding CHOWN (a default capability)", pod({ capabilities: { add: ["CHOWN"] } }), []],
    [
      "a hostPath volume",
      pod(undefined, { volumes: [{ name: "h", hostPath: { path: "/" } }] }),
      ["hostPathVolumes"],
    ],
    [
      "an nfs volume (allowed at baseline)",
      pod(undefined, { volumes: [{ name: "n", nfs: { server: "s", path: "/" } }] }),
      [],
    ],
    [
      "a non-zero hostPort",
      { spec: { containers: [{ name: "app", ports: [{ containerPort: 80, hostPort: 8080 }] }] } },
      ["hostPorts:app"],
    ],
    [
      "hostPort 0",
      { spec: { containers: [{ name: "app", ports: [{ containerPort: 80, hostPort: 0 }] }] } },
      [],
    ],
    [
      "a probe with an httpGet host",
      {
        spec: {
          containers: [{ name: "app", livenessProbe: { httpGet: { host: "10.0.0.1", port: 80 } } }],
        },
      },
      ["hostProbesAndHostLifecycle:app"],
    ],
    [
      "a preStop handler with a tcpSocket host",
      {
        spec: {
          containers: [
            { name: "app", lifecycle: { preStop: { tcpSocket: { host: "db", port: 5432 } } } },
          ],
        },
      },
      ["hostProbesAndHostLifecycle:app"],
    ],
    [
      "a probe without a host",
      { spec: { containers: [{ name: "app", readinessProbe: { httpGet: { port: 80 } } }] } },
      [],
    ],
    [
      "pod AppArmor Unconfined",
      pod(undefined, { securityContext: { appArmorProfile: { type: "Unconfined" } } }),
      ["appArmorProfile"],
    ],
    [
      "container AppArmor Unconfined",
      pod({ appArmorProfile: { type: "Unconfined" } }),
      ["appArmorProfile:app"],
    ],
    [
      "container AppArmor Localhost",
      pod({ appArmorProfile: { type: "Localhost", localhostProfile: "p" } }),
      [],
    ],
    [
      "an AppArmor annotation set to unconfined",
      pod(undefined, {}, { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }),
      ["appArmorProfile:app"],
    ],
    [
      "an AppArmor annotation set to runtime/default",
      pod(
        undefined,
        {},
        { "container.apparmor.security.beta.kubernetes.io/app": "runtime/default" },
      ),
      [],
    ],
    ["SELinux type spc_t", pod({ seLinuxOptions: { type: "spc_t" } }), ["seLinuxOptions:app"]],
    [
      "SELinux type container_engine_t",
      pod({ seLinuxOptions: { type: "container_engine_t" } }),
      [],
    ],
    [
      "SELinux user on the pod",
      pod(undefined, { securityContext: { seLinuxOptions: { user: "system_u" } } }),
      ["seLinuxOptions"],
    ],
    ["SELinux role", pod({ seLinuxOptions: { role: "sysadm_r" } }), ["seLinuxOptions:app"]],
    ["SELinux level alone", pod({ seLinuxOptions: { level: "s0:c1,c2" } }), []],
    ["procMount Unmasked", pod({ procMount: "Unmasked" }), ["procMount:app"]],
    ["procMount Default", pod({ procMount: "Default" }), []],
    [
      "procMount Unmasked in a user namespace",
      pod({ procMount: "Unmasked" }, { hostUsers: false }),
      [],
    ],
    [
      "pod seccomp Unconfined",
      pod(undefined, { securityContext: { seccompProfile: { type: "Unconfined" } } }),
      ["seccompProfile_baseline"],
    ],
    [
      "container seccomp Unconfined",
      pod({ seccompProfile: { type: "Unconfined" } }),
      ["seccompProfile_baseline:app"],
    ],
    ["no seccomp at all (baseline does not require one)", pod(), []],
    [
      "the alpha seccomp annotation (no longer read since policy v1.19)",
      pod(undefined, {}, { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" }),
      [],
    ],
    [
      "an unsafe sysctl",
      pod(undefined, { securityContext: { sysctls: [{ name: "kernel.msgmax", value: "1" }] } }),
      ["sysctls"],
    ],
    [
      "a sysctl of the newest safe set",
      pod(undefined, {
        securityContext: { sysctls: [{ name: "net.ipv4.tcp_notsent_lowat", value: "1" }] },
      }),
      [],
    ],
  ])("%s", (_name, p, expected) => {
    expect(found("baseline", p)).toEqual(expected);
  });
});

describe("restricted checks", () => {
  it.each<[string, PssPod, string[]]>([
    [
      "pod-level runAsNonRoot and seccomp are inherited by a container leaving them unset",
      hardened(),
      [],
    ],
    ["a hardened container needs nothing from the pod", pod(hardenedSc), []],
    [
      "a plain pod misses four restricted settings",
      pod(),
      [
        "allowPrivilegeEscalation:app",
        "capabilities_restricted:app",
        "runAsNonRoot:app",
        "seccompProfile_restricted:app",
      ],
    ],
    [
      "an nfs volume",
      hardened({}, { volumes: [{ name: "n", nfs: { server: "s", path: "/" } }] }),
      ["restrictedVolumes"],
    ],
    [
      "configMap, secret, projected and PVC volumes",
      hardened(
        {},
        {
          volumes: [
            { name: "a", configMap: { name: "c" } },
            { name: "b", secret: { secretName: "s" } },
            { name: "c", projected: { sources: [] } },
            { name: "d", persistentVolumeClaim: { claimName: "p" } },
          ],
        },
      ),
      [],
    ],
    [
      "a volume with no source (the API defaults it to emptyDir)",
      hardened({}, { volumes: [{ name: "e" }] }),
      [],
    ],
    [
      "allowPrivilegeEscalation unset",
      hardened({ allowPrivilegeEscalation: undefined }),
      ["allowPrivilegeEscalation:app"],
    ],
    [
      "allowPrivilegeEscalation=true",
      hardened({ allowPrivilegeEscalation: true }),
      ["allowPrivilegeEscalation:app"],
    ],
    ["capabilities not dropped", hardened({ capabilities: {} }), ["capabilities_restricted:app"]],
    [
      "drop in lower case (the check wants exactly ALL)",
      hardened({ capabilities: { drop: ["all"] } }),
      ["capabilities_restricted:app"],
    ],
    [
      "adding NET_BIND_SERVICE",
      hardened({ capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } }),
      [],
    ],
    [
      "adding CHOWN (a baseline default, not allowed at restricted)",
      hardened({ capabilities: { drop: ["ALL"], add: ["CHOWN"] } }),
      ["capabilities_restricted:app"],
    ],
    [
      "runAsUser 1000 without runAsNonRoot does not satisfy runAsNonRoot",
      hardened(
        { runAsUser: 1000 },
        { securityContext: { seccompProfile: { type: "RuntimeDefault" } } },
      ),
      ["runAsNonRoot:app"],
    ],
    [
      "a container setting runAsNonRoot=false under a true pod",
      hardened({ runAsNonRoot: false }),
      ["runAsNonRoot:app"],
    ],
    [
      "a pod setting runAsNonRoot=false under true containers",
      pod(hardenedSc, { securityContext: { runAsNonRoot: false } }),
      ["runAsNonRoot"],
    ],
    ["runAsUser 0 on a container", hardened({ runAsUser: 0 }), ["runAsUser:app"]],
    [
      "runAsUser 0 on the pod, even with the container overriding it",
      hardened(
        { runAsUser: 1000 },
        {
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 0,
            seccompProfile: { type: "RuntimeDefault" },
          },
        },
      ),
      ["runAsUser"],
    ],
    ["runAsUser 1000", hardened({ runAsUser: 1000 }), []],
    [
      "a root pod in a user namespace (hostUsers: false)",
      pod(
        { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsUser: 0 },
        {
          hostUsers: false,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        },
      ),
      [],
    ],
    [
      "procMount Unmasked even in a user namespace",
      hardened({ procMount: "Unmasked" }, { hostUsers: false }),
      ["procMount_restricted:app"],
    ],
    [
      "seccomp Localhost on every container instead of the pod",
      pod({ ...hardenedSc, seccompProfile: { type: "Localhost", localhostProfile: "p" } }),
      [],
    ],
    [
      "a pod seccomp Unconfined under RuntimeDefault containers",
      pod(hardenedSc, { securityContext: { seccompProfile: { type: "Unconfined" } } }),
      ["seccompProfile_restricted"],
    ],
  ])("%s", (_name, p, expected) => {
    expect(found("restricted", p)).toEqual(expected);
  });

  it("reports a restricted check in place of the baseline check it overrides", () => {
    const p = hardened(
      {
        capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] },
        seccompProfile: { type: "Unconfined" },
      },
      { volumes: [{ name: "h", hostPath: { path: "/" } }] },
    );
    expect(found("baseline", p)).toEqual([
      "capabilities_baseline:app",
      "hostPathVolumes",
      "seccompProfile_baseline:app",
    ]);
    expect(found("restricted", p)).toEqual([
      "capabilities_restricted:app",
      "restrictedVolumes",
      "seccompProfile_restricted:app",
    ]);
  });

  it("keeps the baseline checks that nothing overrides at restricted", () => {
    expect(found("restricted", hardened({ privileged: true }, { hostNetwork: true }))).toEqual([
      "hostNamespaces",
      "privileged:app",
    ]);
  });

  it("exempts Windows pods from the Linux-only checks but not from runAsNonRoot", () => {
    expect(found("restricted", pod(undefined, { os: { name: "windows" } }))).toEqual([
      "runAsNonRoot:app",
    ]);
  });

  it("reports a container that leaves seccomp unset when the pod sets none, by name", () => {
    const p: PssPod = {
      spec: {
        containers: [
          { name: "good", securityContext: hardenedSc },
          { name: "bad", securityContext: { ...hardenedSc, seccompProfile: undefined } },
        ],
      },
    };
    expect(podSecurityViolations("restricted", p)).toEqual([
      {
        check: "seccompProfile_restricted",
        container: "bad",
        message:
          'pod or container must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
      },
    ]);
  });
});

describe("containers of every kind", () => {
  it("checks init and ephemeral containers as well as containers", () => {
    const p: PssPod = {
      spec: {
        initContainers: [{ name: "init", securityContext: { privileged: true } }],
        containers: [{ name: "app" }],
        ephemeralContainers: [{ name: "debug", securityContext: { privileged: true } }],
      },
    };
    expect(found("baseline", p)).toEqual(["privileged:debug", "privileged:init"]);
  });

  it("judges an init container against the pod-level settings it inherits", () => {
    const p = hardened();
    p.spec.initContainers = [
      {
        name: "init",
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      },
    ];
    expect(found("restricted", p)).toEqual([]);
    p.spec.securityContext = { seccompProfile: { type: "RuntimeDefault" } };
    expect(found("restricted", p)).toEqual(["runAsNonRoot:app", "runAsNonRoot:init"]);
  });
});

describe("levels", () => {
  it("privileged allows anything", () => {
    const p = pod(
      { privileged: true, capabilities: { add: ["SYS_ADMIN"] } },
      { hostNetwork: true },
    );
    expect(podSecurityViolations("privileged", p)).toEqual([]);
  });

  it.each<[string, Record<string, string>, PssLevel | undefined]>([
    ["no label", { "kubernetes.io/metadata.name": "x" }, undefined],
    ["only a warn label", { "pod-security.kubernetes.io/warn": "restricted" }, undefined],
    ["enforce privileged", { "pod-security.kubernetes.io/enforce": "privileged" }, "privileged"],
    ["enforce baseline", { "pod-security.kubernetes.io/enforce": "baseline" }, "baseline"],
    ["enforce restricted", { "pod-security.kubernetes.io/enforce": "restricted" }, "restricted"],
    [
      "an invalid enforce value (admission fails closed)",
      { "pod-security.kubernetes.io/enforce": "strict" },
      "restricted",
    ],
  ])("a namespace with %s enforces %s", (_name, labels, level) => {
    expect(namespaceLevel(labels)).toBe(level);
  });
});

describe("the Kubeflow 26.03 bundle", () => {
  const dir = bundleDir("26.03");
  const bundle = JSON.parse(fs.readFileSync(path.join(dir, "bundle.json"), "utf8")) as {
    example: string[];
    paths: Record<string, { file: string }>;
  };
  const load = (file: string): K8sObject[] => fileObjects("26.03", file);

  it("ships every workload of the example install clean for its namespace's enforce level", () => {
    // Upstream labels cert-manager, istio-system, auth, oauth2-proxy, knative-serving, kubeflow and
    // kubeflow-system `restricted`, and hardens every Deployment and StatefulSet in them: as shipped, none breaks
    // its level. These are the templates before Istio injects its sidecar into pods of istio-injection namespaces.
    const objects = bundle.example.flatMap((p) => load(bundle.paths[p]!.file));
    const levels = new Map(
      objects
        .filter((o) => o.kind === "Namespace")
        .map((n) => [n.metadata.name, namespaceLevel(n.metadata.labels ?? {})] as const),
    );
    const checked = objects.flatMap((o) => {
      const t = podTemplateOf(o);
      const level = t !== undefined ? levels.get(t.namespace) : undefined;
      if (t === undefined || level === undefined) return [];
      const violations = podSecurityViolations(level, {
        metadata: { annotations: t.annotations },
        spec: t.spec,
      });
      return [{ workload: `${t.namespace}/${o.metadata.name}`, level, violations }];
    });
    expect(checked.length).toBeGreaterThan(40);
    expect(checked.every((c) => c.level === "restricted")).toBe(true);
    expect(checked.filter((c) => c.violations.length > 0)).toEqual([]);
    expect(checked.map((c) => c.workload)).toContain("kubeflow/centraldashboard");
  });

  it("needs privileged for the ambient overlay's ztunnel, as that overlay labels istio-system", () => {
    // ztunnel adds NET_ADMIN, SYS_ADMIN and NET_RAW and mounts a hostPath CNI socket directory: baseline rejects it,
    // so the istio-system namespace of the istio-namespace base (restricted) could not run it.
    const objects = load("common__istio__istio-install__overlays__ambient-oauth2-proxy.yaml");
    const istioSystem = objects.find(
      (o) => o.kind === "Namespace" && o.metadata.name === "istio-system",
    )!;
    const ztunnel = podTemplateOf(
      objects.find((o) => o.kind === "DaemonSet" && o.metadata.name === "ztunnel")!,
    )!;
    const p = { metadata: { annotations: ztunnel.annotations }, spec: ztunnel.spec };
    expect(namespaceLevel(istioSystem.metadata.labels ?? {})).toBe("privileged");
    expect(found("baseline", p)).toEqual(["capabilities_baseline:istio-proxy", "hostPathVolumes"]);
    expect(podSecurityViolations("privileged", p)).toEqual([]);
  });
});
