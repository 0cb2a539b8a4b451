/**
 * The `profiles` key: users and teams, their contributors, quotas and accelerators. Each entry becomes one
 * Kubeflow Profile (a namespace with its owner), the contributor access the dashboard's "Manage
 * contributors" would create, a ResourceQuota, and one PodDefault per accelerator pool offered.
 */
import { z } from "zod";
import { NAMESPACES } from "../../components/shared/constants";
import { CONTRIBUTOR_ROLES, kfamBindingName } from "../../components/profiles/kfam";
import {
  acceleratorProblems,
  Contributor,
  PoolsNaming,
  quotaDefaultsProblems,
} from "../../components/profiles/plan";
import { PROFILE_DEFAULTS, ProfileSpec } from "../../components/profiles/profile";
import {
  CONTRIBUTOR_DOCS as CONTRIBUTOR,
  PROFILE_OPTION_DOCS as PROFILE,
  PROFILE_QUOTA_DOCS as QUOTA,
} from "../../components/profiles/option-docs";
import { quotaBytes, quotaCpu } from "./quantity";
import { dnsLabel, Fits, setOnce, strict, upgradeSafe } from "./schema";
import { secretRef } from "./secrets";

/**
 * An email address as the central dashboard accepts it for contributors (the WHATWG "valid e-mail address"
 * grammar, https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address).
 */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const email = z
  .string()
  .regex(EMAIL, { error: "must be an email address such as alice@example.com" });
/** Group names come from the identity provider's `groups` claim; anything printable. */
const groupName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[^\s,]+$/, { error: "must be a group name without spaces or commas" });

/** Namespaces the platform owns: a profile of that name would take them over. */
export const RESERVED_NAMESPACES: readonly string[] = [
  ...new Set([
    ...Object.values(NAMESPACES),
    "default",
    "kube-system",
    "kube-public",
    "kube-node-lease",
  ]),
];

// The owner's and contributors' `user` and `group` are the config's spelling of a Subject ({kind, name}),
// which has no field of either meaning: they keep their own descriptions, as the password references do.
const ownerSchema = strict({
  user: upgradeSafe(email.optional(), "Email of the user who owns the profile.", "- none"),
  group: upgradeSafe(
    groupName.optional(),
    "Group that owns the profile (instead of a user).",
    "- none",
  ),
  passwordSecret: secretRef(
    "Config key holding the owner's password: declares the owner as a Dex static user.",
  ).optional(),
});

const contributorSchema = strict({
  user: upgradeSafe(email.optional(), "Email of a contributing user.", "- none"),
  group: upgradeSafe(groupName.optional(), "Group of contributors (instead of a user).", "- none"),
  role: upgradeSafe(z.enum(CONTRIBUTOR_ROLES).default("edit"), CONTRIBUTOR.role),
  passwordSecret: secretRef(
    "Config key holding the contributor's password: declares them as a Dex static user.",
  ).optional(),
});

const quotaSchema = strict({
  cpu: upgradeSafe(quotaCpu.optional(), QUOTA.cpu, "- unlimited"),
  memory: upgradeSafe(quotaBytes.optional(), QUOTA.memory, "- unlimited"),
  gpus: upgradeSafe(z.number().int().min(0).optional(), QUOTA.gpus, "- unlimited"),
  storage: upgradeSafe(quotaBytes.optional(), QUOTA.storage, "- unlimited"),
  persistentVolumeClaims: upgradeSafe(
    z.number().int().min(0).optional(),
    QUOTA.persistentVolumeClaims,
    "- unlimited",
  ),
});

export const profileSchema = strict({
  name: setOnce(
    dnsLabel,
    "Name of the profile and of its namespace; the stable key of every resource of the profile.",
  ),
  owner: upgradeSafe(ownerSchema, PROFILE.owner),
  contributors: upgradeSafe(
    z.array(contributorSchema).default(() => [...PROFILE_DEFAULTS.contributors]),
    PROFILE.contributors,
    "[]",
  ),
  quota: upgradeSafe(quotaSchema.optional(), PROFILE.quota, "- no quota"),
  accelerators: upgradeSafe(
    z.array(dnsLabel).optional(),
    PROFILE.accelerators,
    "- every pool of the cluster",
  ),
  allowDeletion: upgradeSafe(
    z.boolean().default(PROFILE_DEFAULTS.allowDeletion),
    PROFILE.allowDeletion,
  ),
}).superRefine((p, ctx) => {
  const o = p.owner;
  if ((o.user === undefined) === (o.group === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["owner"],
      message: 'set exactly one of "user" (an email) or "group"',
    });
  }
  if (o.group !== undefined && o.passwordSecret !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["owner", "passwordSecret"],
      message:
        "only a user can have a password; remove passwordSecret or set user instead of group",
    });
  }
  if (RESERVED_NAMESPACES.includes(p.name)) {
    ctx.addIssue({
      code: "custom",
      path: ["name"],
      message:
        `"${p.name}" is a namespace the platform owns; choose another name ` +
        `(reserved: ${RESERVED_NAMESPACES.join(", ")})`,
    });
  }
  const bindings = new Map<string, string>();
  p.contributors.forEach((c, i) => {
    if ((c.user === undefined) === (c.group === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["contributors", i],
        message: 'set exactly one of "user" (an email) or "group"',
      });
      return;
    }
    if (c.group !== undefined && c.passwordSecret !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["contributors", i, "passwordSecret"],
        message: "only a user can have a password; remove passwordSecret",
      });
    }
    const who = c.user !== undefined ? `user ${c.user}` : `group ${c.group!}`;
    if (c.user !== undefined && c.user === o.user) {
      ctx.addIssue({
        code: "custom",
        path: ["contributors", i, "user"],
        message: `${c.user} owns this profile already; remove this contributor entry`,
      });
      return;
    }
    // KFAM names the binding from the subject only (not the role), so two entries for one subject, or two
    // subjects that differ only in punctuation, would fight over one RoleBinding.
    const key = kfamBindingName(
      c.user !== undefined ? { kind: "User", name: c.user } : { kind: "Group", name: c.group! },
      "edit",
    );
    const previous = bindings.get(key);
    if (previous !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["contributors", i],
        message:
          previous === who
            ? `${who} is listed twice; keep one entry with the role it needs`
            : `${who} and ${previous} map to the same RoleBinding name; Kubeflow keeps only ` +
              "letters and digits of a name, so keep one of them",
      });
    }
    bindings.set(key, who);
  });
  for (const problem of quotaDefaultsProblems(p.quota)) {
    ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  }
  if (p.quota?.gpus !== undefined && p.accelerators !== undefined && p.accelerators.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["quota", "gpus"],
      message: "the profile is offered no accelerator pool (accelerators: []); remove quota.gpus",
    });
  }
});

export const profilesSchema = upgradeSafe(
  z
    .array(profileSchema)
    .default([])
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((p, i) => {
        if (seen.has(p.name)) {
          ctx.addIssue({
            code: "custom",
            path: [i, "name"],
            message: `duplicate profile name "${p.name}"; names must be unique`,
          });
        }
        seen.add(p.name);
      });
      // One person, one password: two entries for the same Dex user must name the same secret.
      const passwords = new Map<string, string>();
      list.forEach((p, i) => {
        const users: Array<{ email?: string; key?: string; path: PropertyKey[] }> = [
          { email: p.owner.user, key: p.owner.passwordSecret?.key, path: [i, "owner"] },
          ...p.contributors.map((c, j) => ({
            email: c.user,
            key: c.passwordSecret?.key,
            path: [i, "contributors", j] as PropertyKey[],
          })),
        ];
        for (const u of users) {
          if (u.email === undefined || u.key === undefined) continue;
          const before = passwords.get(u.email);
          if (before !== undefined && before !== u.key) {
            ctx.addIssue({
              code: "custom",
              path: [...u.path, "passwordSecret"],
              message:
                `${u.email} already has passwordSecret "${before}"; ` +
                "a user has one password, so name the same config key or drop this one",
            });
          }
          if (before === undefined) passwords.set(u.email, u.key);
        }
      });
    }),
  "User and team profiles: owner, contributors, quota and accelerators of each.",
  "[]",
);

export type ProfileConfig = z.output<typeof profileSchema>;

/**
 * The keys of a profile the component takes as they are: a quota, pool or deletion setting the component
 * does not take fails to compile. (`owner` and `contributors` are mapped to subjects by stacks/profiles.ts.)
 */
export type ProfileConfigFits = Fits<
  Pick<ProfileConfig, "quota" | "accelerators" | "allowDeletion">,
  Pick<ProfileSpec, "quota" | "accelerators" | "allowDeletion">
>;
/** A contributor's role is the component's. */
export type ContributorRoleFits = Fits<
  ProfileConfig["contributors"][number]["role"],
  Contributor["role"]
>;

/** The stack's words for the cluster's pools in the component's accelerator check: their config key. */
export const CLUSTER_POOLS_CONFIG: PoolsNaming = {
  key: "cluster.accelerators",
  addPool: "declare the pool",
};

/**
 * Checks that need the cluster section: the accelerator pools a profile names must exist. Called by the
 * root schema, which knows both sections.
 */
export function checkProfilesAgainstCluster(
  profiles: readonly ProfileConfig[],
  poolNames: readonly string[],
  ctx: z.RefinementCtx,
): void {
  profiles.forEach((p, i) => {
    // The component's own check (one implementation), reported under the profile's key path and naming
    // the pools by their config key.
    for (const problem of acceleratorProblems(
      p.accelerators,
      poolNames,
      p.quota?.gpus,
      CLUSTER_POOLS_CONFIG,
    )) {
      ctx.addIssue({
        code: "custom",
        path: ["profiles", i, ...problem.path],
        message: problem.message,
      });
    }
  });
}
