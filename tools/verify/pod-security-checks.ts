/**
 * The Pod Security Standards checks, one function per `policy/check_*.go` of kubernetes/pod-security-admission
 * (read at commit 8f84a87, July 2026; newest policy version v1.37), each under the library's check ID.
 * {@link podSecurityViolations} in ./pod-security composes them per level.
 */
import type { PssPod, PssViolation } from "./pod-security";

type Obj = Record<string, unknown>;

/** A container of any kind with its securityContext. */
export interface PssContainer {
  name: string;
  sc: Obj | undefined;
  raw: Obj;
}

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map((x) => obj(x) ?? {}) : [];
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** Init containers, containers, then ephemeral containers: the order and set every container check visits. */
function containersOf(spec: Obj): PssContainer[] {
  return ["initContainers", "containers", "ephemeralContainers"].flatMap((field) =>
    list(spec[field]).map((raw): PssContainer => ({
      name: str(raw.name),
      sc: obj(raw.securityContext),
      raw,
    })),
  );
}

/** What every check reads: the pod's annotations, spec, pod-level securityContext and containers. */
export interface PssContext {
  annotations: Record<string, string>;
  spec: Obj;
  podSc: Obj | undefined;
  containers: PssContainer[];
}

/** A check: what the pod or its containers break, without the check ID. */
export type PssCheckFn = (ctx: PssContext) => Array<Omit<PssViolation, "check">>;

function perContainer(
  ctx: PssContext,
  bad: (c: PssContainer) => string | undefined,
): Array<Omit<PssViolation, "check">> {
  return ctx.containers.flatMap((c) => {
    const message = bad(c);
    return message === undefined ? [] : [{ container: c.name, message }];
  });
}

/** `hostUsers: false` puts the pod in a user namespace; some restricted checks relax for it (v1.35+). */
function inUserNamespace(spec: Obj): boolean {
  return spec.hostUsers === false;
}

/** Windows pods are exempt from the Linux-only restricted checks (v1.25+). */
function isWindows(spec: Obj): boolean {
  return obj(spec.os)?.name === "windows";
}

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_windowsHostProcess.go */
const windowsHostProcess: PssCheckFn = (ctx) => {
  const msg = "must not set securityContext.windowsOptions.hostProcess=true";
  const pod =
    obj(ctx.podSc?.windowsOptions)?.hostProcess === true ? [{ message: `pod ${msg}` }] : [];
  return [
    ...pod,
    ...perContainer(ctx, (c) =>
      obj(c.sc?.windowsOptions)?.hostProcess === true ? `container ${msg}` : undefined,
    ),
  ];
};

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostNamespaces.go */
const hostNamespaces: PssCheckFn = (ctx) =>
  ["hostNetwork", "hostPID", "hostIPC"]
    .filter((f) => ctx.spec[f] === true)
    .map((f) => ({ message: `pod must not set ${f}=true` }));

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_privileged.go */
const privileged: PssCheckFn = (ctx) =>
  perContainer(ctx, (c) =>
    c.sc?.privileged === true ? "must not set securityContext.privileged=true" : undefined,
  );

/** The default container runtime capability set; baseline allows adding only these. */
const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

function addedCapabilities(c: PssContainer): string[] {
  const add = obj(c.sc?.capabilities)?.add;
  return Array.isArray(add) ? add.map(String) : [];
}

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_capabilities_baseline.go */
const capabilitiesBaseline: PssCheckFn = (ctx) =>
  perContainer(ctx, (c) => {
    const bad = addedCapabilities(c).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    return bad.length > 0
      ? `must not include ${bad.join(", ")} in securityContext.capabilities.add (non-default capabilities)`
      : undefined;
  });

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostPathVolumes.go */
const hostPathVolumes: PssCheckFn = (ctx) =>
  list(ctx.spec.volumes)
    .filter((v) => v.hostPath !== undefined && v.hostPath !== null)
    .map((v) => ({ message: `volume ${str(v.name)} must not be a hostPath volume` }));

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostPorts.go */
const hostPorts: PssCheckFn = (ctx) =>
  perContainer(ctx, (c) => {
    const bad = list(c.raw.ports)
      .map((p) => p.hostPort)
      .filter((h) => typeof h === "number" && h !== 0);
    return bad.length > 0 ? `must not use hostPort ${bad.join(", ")}` : undefined;
  });

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostProbesAndhostLifecycle.go (v1.34+) */
const hostProbesAndHostLifecycle: PssCheckFn = (ctx) =>
  perContainer(ctx, (c) => {
    const lifecycle = obj(c.raw.lifecycle);
    const handlers = [
      ["livenessProbe", obj(c.raw.livenessProbe)],
      ["readinessProbe", obj(c.raw.readinessProbe)],
      ["startupProbe", obj(c.raw.startupProbe)],
      ["lifecycle.postStart", obj(lifecycle?.postStart)],
      ["lifecycle.preStop", obj(lifecycle?.preStop)],
    ] as const;
    const bad = handlers.flatMap(([field, h]) =>
      ["httpGet", "tcpSocket"]
        .map((kind) => str(obj(h?.[kind])?.host))
        .filter((host) => host !== "")
        .map((host) => `${field} host ${host}`),
    );
    return bad.length > 0
      ? `must not set a probe or lifecycle host (${bad.join(", ")})`
      : undefined;
  });

const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

function allowedAppArmorType(sc: Obj | undefined): boolean {
  const profile = obj(sc?.appArmorProfile);
  return profile === undefined || ["RuntimeDefault", "Localhost"].includes(str(profile.type));
}

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_appArmorProfile.go */
const appArmorProfile: PssCheckFn = (ctx) => {
  const msg = (t: unknown): string =>
    `must not set AppArmor profile type to ${JSON.stringify(str(t))} (allowed: RuntimeDefault, Localhost)`;
  const pod = allowedAppArmorType(ctx.podSc)
    ? []
    : [{ message: `pod ${msg(obj(ctx.podSc?.appArmorProfile)?.type)}` }];
  const annotations = Object.entries(ctx.annotations)
    .filter(
      ([k, v]) =>
        k.startsWith(APPARMOR_ANNOTATION_PREFIX) &&
        !(v === "" || v === "runtime/default" || v.startsWith("localhost/")),
    )
    .map(([k, v]) => ({
      container: k.slice(APPARMOR_ANNOTATION_PREFIX.length),
      message: `annotation ${k}=${JSON.stringify(v)} is forbidden (allowed: runtime/default, localhost/*)`,
    }));
  return [
    ...pod,
    ...perContainer(ctx, (c) =>
      allowedAppArmorType(c.sc) ? undefined : msg(obj(c.sc?.appArmorProfile)?.type),
    ),
    ...annotations,
  ];
};

/** SELinux types baseline allows (v1.31+ adds container_engine_t). */
const SELINUX_TYPES = new Set([
  "",
  "container_t",
  "container_init_t",
  "container_kvm_t",
  "container_engine_t",
]);

function seLinuxProblems(sc: Obj | undefined): string[] {
  const opts = obj(sc?.seLinuxOptions);
  if (opts === undefined) return [];
  return [
    ...(SELINUX_TYPES.has(str(opts.type)) ? [] : [`type ${JSON.stringify(str(opts.type))}`]),
    ...(str(opts.user) !== "" ? ["user may not be set"] : []),
    ...(str(opts.role) !== "" ? ["role may not be set"] : []),
  ];
}

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_seLinuxOptions.go */
const seLinuxOptions: PssCheckFn = (ctx) => {
  const msg = (p: string[]): string =>
    `sets forbidden securityContext.seLinuxOptions: ${p.join("; ")}`;
  const pod = seLinuxProblems(ctx.podSc);
  return [
    ...(pod.length > 0 ? [{ message: `pod ${msg(pod)}` }] : []),
    ...perContainer(ctx, (c) => {
      const p = seLinuxProblems(c.sc);
      return p.length > 0 ? msg(p) : undefined;
    }),
  ];
};

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_procMount_baseline.go and check_procMount_restricted.go */
function procMountCheck(relaxForUserNamespace: boolean): PssCheckFn {
  return (ctx) => {
    if (relaxForUserNamespace && inUserNamespace(ctx.spec)) return [];
    return perContainer(ctx, (c) => {
      const pm = c.sc?.procMount;
      return pm !== undefined && pm !== null && pm !== "Default"
        ? `must not set securityContext.procMount to ${JSON.stringify(pm)}`
        : undefined;
    });
  };
}

function seccompType(sc: Obj | undefined): string | undefined {
  const profile = obj(sc?.seccompProfile);
  return profile === undefined ? undefined : str(profile.type);
}

function validSeccomp(t: string): boolean {
  return t === "RuntimeDefault" || t === "Localhost";
}

const seccompMsg = (t: string): string =>
  `must not set securityContext.seccompProfile.type to ${JSON.stringify(t)}`;

/**
 * Baseline seccomp, fields only: the v1.19+ version of the check no longer reads the alpha annotations.
 * @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_seccompProfile_baseline.go
 */
const seccompProfileBaseline: PssCheckFn = (ctx) => {
  const podType = seccompType(ctx.podSc);
  return [
    ...(podType !== undefined && !validSeccomp(podType)
      ? [{ message: `pod ${seccompMsg(podType)}` }]
      : []),
    ...perContainer(ctx, (c) => {
      const t = seccompType(c.sc);
      return t !== undefined && !validSeccomp(t) ? seccompMsg(t) : undefined;
    }),
  ];
};

/** Sysctls baseline allows: namespaced and isolated from other pods (v1.37 set). */
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
  "net.ipv4.tcp_slow_start_after_idle",
  "net.ipv4.tcp_notsent_lowat",
]);

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_sysctls.go */
const sysctls: PssCheckFn = (ctx) =>
  list(ctx.podSc?.sysctls)
    .map((s) => str(s.name))
    .filter((name) => !SAFE_SYSCTLS.has(name))
    .map((name) => ({ message: `pod must not set sysctl ${name} (not in the safe set)` }));

/** Inline volume sources restricted allows. */
const RESTRICTED_VOLUME_SOURCES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

/**
 * A volume without any source counts as emptyDir: the API defaults it so before admission sees it ("If not
 * specified, the Volume is implied to be an EmptyDir").
 * @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_restrictedVolumes.go
 * @see https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/
 */
const restrictedVolumes: PssCheckFn = (ctx) =>
  list(ctx.spec.volumes)
    .map((v) => ({ v, sources: Object.keys(v).filter((k) => k !== "name" && v[k] != null) }))
    .filter(
      ({ sources }) => sources.length > 0 && !sources.some((k) => RESTRICTED_VOLUME_SOURCES.has(k)),
    )
    .map(({ v, sources }) => {
      const type = sources[0]!;
      return {
        message: `volume ${str(v.name)} uses restricted volume type ${type} (allowed: ${[...RESTRICTED_VOLUME_SOURCES].join(", ")})`,
      };
    });

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_allowPrivilegeEscalation.go */
const allowPrivilegeEscalation: PssCheckFn = (ctx) =>
  isWindows(ctx.spec)
    ? []
    : perContainer(ctx, (c) =>
        c.sc?.allowPrivilegeEscalation === false
          ? undefined
          : "must set securityContext.allowPrivilegeEscalation=false",
      );

/** @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_capabilities_restricted.go */
const capabilitiesRestricted: PssCheckFn = (ctx) =>
  isWindows(ctx.spec)
    ? []
    : perContainer(ctx, (c) => {
        const drop = obj(c.sc?.capabilities)?.drop;
        const problems = [
          ...(Array.isArray(drop) && drop.includes("ALL")
            ? []
            : ['must set securityContext.capabilities.drop=["ALL"]']),
        ];
        const bad = addedCapabilities(c).filter((cap) => cap !== "NET_BIND_SERVICE");
        if (bad.length > 0) {
          problems.push(
            `must not include ${bad.join(", ")} in securityContext.capabilities.add (only NET_BIND_SERVICE)`,
          );
        }
        return problems.length > 0 ? problems.join("; ") : undefined;
      });

/**
 * runAsNonRoot must be true on the pod (inherited by containers that leave it unset) or on every container; an
 * explicit false anywhere fails. A non-zero runAsUser does not count. Pods with `hostUsers: false` pass (v1.35+).
 * As the library does, containers that merely leave it unset are reported only when nothing sets it false.
 * @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_runAsNonRoot.go
 */
const runAsNonRoot: PssCheckFn = (ctx) => {
  if (inUserNamespace(ctx.spec)) return [];
  const podValue = ctx.podSc?.runAsNonRoot;
  const explicit = [
    ...(podValue === false
      ? [{ message: "pod must not set securityContext.runAsNonRoot=false" }]
      : []),
    ...perContainer(ctx, (c) =>
      c.sc?.runAsNonRoot === false ? "must not set securityContext.runAsNonRoot=false" : undefined,
    ),
  ];
  if (explicit.length > 0) return explicit;
  return perContainer(ctx, (c) =>
    typeof c.sc?.runAsNonRoot !== "boolean" && podValue !== true
      ? "pod or container must set securityContext.runAsNonRoot=true"
      : undefined,
  );
};

/**
 * runAsUser 0 is forbidden wherever it is set, even on the pod with every container overriding it. Pods with
 * `hostUsers: false` pass (v1.35+).
 * @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_runAsUser.go
 */
const runAsUser: PssCheckFn = (ctx) => {
  if (inUserNamespace(ctx.spec)) return [];
  return [
    ...(ctx.podSc?.runAsUser === 0 ? [{ message: "pod must not set runAsUser=0" }] : []),
    ...perContainer(ctx, (c) => (c.sc?.runAsUser === 0 ? "must not set runAsUser=0" : undefined)),
  ];
};

/**
 * seccomp must be RuntimeDefault or Localhost on the pod (inherited by containers that leave it unset) or on every
 * container; containers leaving it unset are reported only when nothing sets a bad value, as the library does.
 * @see https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_seccompProfile_restricted.go
 */
const seccompProfileRestricted: PssCheckFn = (ctx) => {
  if (isWindows(ctx.spec)) return [];
  const explicit = seccompProfileBaseline(ctx);
  if (explicit.length > 0) return explicit;
  const podType = seccompType(ctx.podSc);
  return perContainer(ctx, (c) =>
    seccompType(c.sc) === undefined && podType === undefined
      ? 'pod or container must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"'
      : undefined,
  );
};

/** One check of the library: its ID, level, and the baseline checks it replaces at restricted. */
export interface PssCheck {
  id: string;
  level: "baseline" | "restricted";
  run: PssCheckFn;
  /** Baseline checks this restricted check replaces at the restricted level. */
  overrides?: string[];
}

/** Every check of policy version `latest`: the baseline ones, then the restricted ones. */
export const PSS_CHECKS: PssCheck[] = [
  { id: "windowsHostProcess", level: "baseline", run: windowsHostProcess },
  { id: "hostNamespaces", level: "baseline", run: hostNamespaces },
  { id: "privileged", level: "baseline", run: privileged },
  { id: "capabilities_baseline", level: "baseline", run: capabilitiesBaseline },
  { id: "hostPathVolumes", level: "baseline", run: hostPathVolumes },
  { id: "hostPorts", level: "baseline", run: hostPorts },
  { id: "hostProbesAndHostLifecycle", level: "baseline", run: hostProbesAndHostLifecycle },
  { id: "appArmorProfile", level: "baseline", run: appArmorProfile },
  { id: "seLinuxOptions", level: "baseline", run: seLinuxOptions },
  { id: "procMount", level: "baseline", run: procMountCheck(true) },
  { id: "seccompProfile_baseline", level: "baseline", run: seccompProfileBaseline },
  { id: "sysctls", level: "baseline", run: sysctls },
  {
    id: "restrictedVolumes",
    level: "restricted",
    run: restrictedVolumes,
    overrides: ["hostPathVolumes"],
  },
  { id: "allowPrivilegeEscalation", level: "restricted", run: allowPrivilegeEscalation },
  {
    id: "capabilities_restricted",
    level: "restricted",
    run: capabilitiesRestricted,
    overrides: ["capabilities_baseline"],
  },
  { id: "runAsNonRoot", level: "restricted", run: runAsNonRoot },
  { id: "runAsUser", level: "restricted", run: runAsUser },
  {
    id: "seccompProfile_restricted",
    level: "restricted",
    run: seccompProfileRestricted,
    overrides: ["seccompProfile_baseline"],
  },
  {
    id: "procMount_restricted",
    level: "restricted",
    run: procMountCheck(false),
    overrides: ["procMount"],
  },
];

/** The context the checks read, from a pod. */
export function pssContext(pod: PssPod): PssContext {
  return {
    annotations: pod.metadata?.annotations ?? {},
    spec: pod.spec,
    podSc: obj(pod.spec.securityContext),
    containers: containersOf(pod.spec),
  };
}
