/**
 * Invalid `profiles` configs and the exact problems loadConfig reports for each. The lead's corpus runner
 * feeds every case to loadConfig and to the harness (nothing may be registered).
 */
const P = "kubeflow-platform:profiles";

const gpuCluster = {
  name: "kubeflow",
  accelerators: [
    { name: "l4", type: "nvidia-l4", nodeSelector: { pool: "l4" } },
    { name: "a100", type: "nvidia-a100", nodeSelector: { pool: "a100" } },
  ],
};

const alice = { user: "alice@example.com" };

export const cases: Array<{
  name: string;
  config: Record<string, unknown>;
  secrets?: Record<string, string>;
  problems: string[];
}> = [
  {
    name: "a profile name that is not a DNS label",
    config: { platform: "existing", profiles: [{ name: "Team_A", owner: alice }] },
    problems: [
      `${P}[0].name: must be a lowercase RFC 1123 label (a-z, 0-9, '-', starting and ending alphanumeric) (got "Team_A")`,
    ],
  },
  {
    name: "two profiles with the same name",
    config: {
      platform: "existing",
      profiles: [
        { name: "team-a", owner: alice },
        { name: "team-a", owner: { user: "bob@example.com" } },
      ],
    },
    problems: [
      `${P}[1].name: duplicate profile name "team-a"; names must be unique (got "team-a")`,
    ],
  },
  {
    name: "a profile named like a platform namespace",
    config: { platform: "existing", profiles: [{ name: "kubeflow", owner: alice }] },
    problems: [
      `${P}[0].name: "kubeflow" is a namespace the platform owns; choose another name (reserved: cert-manager, istio-system, auth, oauth2-proxy, kubeflow, kubeflow-system, knative-serving, gpu-system, default, kube-system, kube-public, kube-node-lease) (got "kubeflow")`,
    ],
  },
  {
    name: "an owner that is neither a user nor a group",
    config: { platform: "existing", profiles: [{ name: "team-a", owner: {} }] },
    problems: [`${P}[0].owner: set exactly one of "user" (an email) or "group" (got {})`],
  },
  {
    name: "an owner that is both a user and a group",
    config: {
      platform: "existing",
      profiles: [{ name: "team-a", owner: { user: "alice@example.com", group: "ml" } }],
    },
    problems: [
      `${P}[0].owner: set exactly one of "user" (an email) or "group" (got {"user":"alice@example.com","group":"ml"})`,
    ],
  },
  {
    name: "an owner user that is not an email",
    config: { platform: "existing", profiles: [{ name: "team-a", owner: { user: "alice" } }] },
    problems: [
      `${P}[0].owner.user: must be an email address such as alice@example.com (got "alice")`,
    ],
  },
  {
    name: "a password written in plain text",
    config: {
      platform: "existing",
      profiles: [{ name: "team-a", owner: { user: "alice@example.com", password: "hunter22" } }],
    },
    problems: [
      `${P}[0].owner: "password" would hold a secret in plain text, which is refused. Store it with \`pulumi config set --secret <configKey> <value>\` and reference it as "passwordSecret: <configKey>"`,
    ],
  },
  {
    name: "a passwordSecret naming a config key that is not set",
    config: {
      platform: "existing",
      profiles: [
        { name: "team-a", owner: { user: "alice@example.com", passwordSecret: "alicePassword" } },
      ],
    },
    problems: [
      `${P}[0].owner.passwordSecret: names config key "alicePassword", which is not set. Run \`pulumi config set --secret alicePassword <value>\``,
    ],
  },
  {
    name: "a group owner with a password",
    config: {
      platform: "existing",
      profiles: [{ name: "team-a", owner: { group: "ml", passwordSecret: "mlPassword" } }],
    },
    secrets: { mlPassword: "x" },
    problems: [
      `${P}[0].owner.passwordSecret: only a user can have a password; remove passwordSecret or set user instead of group (got "mlPassword")`,
    ],
  },
  {
    name: "a contributor listed twice",
    config: {
      platform: "existing",
      profiles: [
        {
          name: "team-a",
          owner: alice,
          contributors: [
            { user: "bob@example.com", role: "edit" },
            { user: "bob@example.com", role: "view" },
          ],
        },
      ],
    },
    problems: [
      `${P}[0].contributors[1]: user bob@example.com is listed twice; keep one entry with the role it needs (got {"user":"bob@example.com","role":"view"})`,
    ],
  },
  {
    name: "two contributors whose KFAM binding names collide",
    config: {
      platform: "existing",
      profiles: [
        {
          name: "team-a",
          owner: alice,
          contributors: [{ user: "bob.smith@example.com" }, { user: "bob-smith@example.com" }],
        },
      ],
    },
    problems: [
      `${P}[0].contributors[1]: user bob-smith@example.com and user bob.smith@example.com map to the same RoleBinding name; Kubeflow keeps only letters and digits of a name, so keep one of them (got {"user":"bob-smith@example.com"})`,
    ],
  },
  {
    name: "the owner listed as a contributor",
    config: {
      platform: "existing",
      profiles: [{ name: "team-a", owner: alice, contributors: [{ user: "alice@example.com" }] }],
    },
    problems: [
      `${P}[0].contributors[0].user: alice@example.com owns this profile already; remove this contributor entry (got "alice@example.com")`,
    ],
  },
  {
    name: "a contributor role that Kubeflow does not have",
    config: {
      platform: "existing",
      profiles: [
        {
          name: "team-a",
          owner: alice,
          contributors: [{ user: "bob@example.com", role: "admin" }],
        },
      ],
    },
    problems: [`${P}[0].contributors[0].role: got "admin"; allowed: "edit", "view"`],
  },
  {
    name: "a misspelt contributor key",
    config: {
      platform: "existing",
      profiles: [{ name: "team-a", owner: alice, contributors: [{ usr: "bob@example.com" }] }],
    },
    problems: [
      `${P}[0].contributors[0]: unknown key "usr". Did you mean "user"? Allowed keys: user, group, role, passwordSecret`,
      `${P}[0].contributors[0]: set exactly one of "user" (an email) or "group" (got {"usr":"bob@example.com"})`,
    ],
  },
  {
    name: "a quota that is not a Kubernetes quantity",
    config: {
      platform: "existing",
      profiles: [{ name: "team-a", owner: alice, quota: { cpu: "lots", memory: "16GB" } }],
    },
    problems: [
      `${P}[0].quota.cpu: must be a Kubernetes quantity: a number with an optional suffix (binary Ki, Mi, Gi, Ti, Pi, Ei; decimal m, k, M, G, T, P, E; or an exponent such as 1e3), e.g. 500m, 2 (got "lots")`,
      `${P}[0].quota.memory: must be a Kubernetes quantity: a number with an optional suffix (binary Ki, Mi, Gi, Ti, Pi, Ei; decimal m, k, M, G, T, P, E; or an exponent such as 1e3), e.g. 512Mi, 16Gi (got "16GB")`,
    ],
  },
  {
    name: "a negative GPU quota",
    config: {
      platform: "existing",
      cluster: gpuCluster,
      profiles: [{ name: "team-a", owner: alice, quota: { gpus: -1 } }],
    },
    problems: [`${P}[0].quota.gpus: must be at least 0 (got -1)`],
  },
  {
    name: "an accelerator pool the cluster does not have",
    config: {
      platform: "existing",
      cluster: gpuCluster,
      profiles: [{ name: "team-a", owner: alice, accelerators: ["h100"] }],
    },
    problems: [
      `${P}[0].accelerators[0]: unknown accelerator pool "h100"; the cluster's pools are: l4, a100 (got "h100")`,
    ],
  },
  {
    name: "an accelerator pool on a cluster without pools",
    config: {
      platform: "existing",
      profiles: [{ name: "team-a", owner: alice, accelerators: ["l4"] }],
    },
    problems: [
      `${P}[0].accelerators[0]: unknown accelerator pool "l4": the cluster has no accelerator pools (cluster.accelerators); remove it (got "l4")`,
    ],
  },
  {
    name: "a GPU quota on a cluster without pools",
    config: {
      platform: "existing",
      profiles: [{ name: "team-a", owner: alice, quota: { gpus: 2 } }],
    },
    problems: [
      `${P}[0].quota.gpus: the cluster has no accelerator pools (cluster.accelerators), so there is no GPU to limit; remove quota.gpus or declare the pool (got 2)`,
    ],
  },
  {
    name: "a GPU quota for a profile offered no pool",
    config: {
      platform: "existing",
      cluster: gpuCluster,
      profiles: [{ name: "team-a", owner: alice, accelerators: [], quota: { gpus: 2 } }],
    },
    problems: [
      `${P}[0].quota.gpus: the profile is offered no accelerator pool (accelerators: []); remove quota.gpus (got 2)`,
    ],
  },
  {
    name: "one user with two different passwords",
    config: {
      platform: "existing",
      profiles: [
        { name: "team-a", owner: { user: "alice@example.com", passwordSecret: "alicePassword" } },
        {
          name: "team-b",
          owner: { user: "bob@example.com" },
          contributors: [{ user: "alice@example.com", passwordSecret: "alicePassword2" }],
        },
      ],
    },
    secrets: { alicePassword: "x", alicePassword2: "y" },
    problems: [
      `${P}[1].contributors[0].passwordSecret: alice@example.com already has passwordSecret "alicePassword"; a user has one password, so name the same config key or drop this one (got "alicePassword2")`,
    ],
  },
  {
    name: "allowDeletion given as a string",
    config: {
      platform: "existing",
      profiles: [{ name: "team-a", owner: alice, allowDeletion: "yes" }],
    },
    problems: [`${P}[0].allowDeletion: expected true or false, got "yes"`],
  },
  // Values checked where mistakes cost most (issue 12): quantities, names of the release, contradictions.
  {
    name: "quota of zero CPU, unitless memory and negative storage",
    config: {
      platform: "existing",
      profiles: [
        {
          name: "team-a",
          owner: { user: "alice@example.com" },
          quota: { cpu: "0", memory: "64", storage: "-1Gi" },
        },
      ],
    },
    problems: [
      'kubeflow-platform:profiles[0].quota.cpu: must be greater than zero (a zero amount is refused); give a positive quantity or remove the key (got "0")',
      'kubeflow-platform:profiles[0].quota.memory: is 64 bytes, surely a missing or wrong unit: give at least 1M with a unit, e.g. 512Mi, 16Gi. Did you mean 64Mi or 64Gi? (got "64")',
      'kubeflow-platform:profiles[0].quota.storage: must not be negative; give a positive quantity such as 512Mi, 16Gi (got "-1Gi")',
    ],
  },
  {
    name: "GKE profile naming a pool the cluster lacks",
    config: {
      platform: "gcp",
      cluster: {
        project: "acme-ml",
        region: "europe-west4",
        accelerators: [{ name: "l4", type: "nvidia-l4", machineType: "g2-standard-16" }],
      },
      profiles: [
        { name: "team-a", owner: { user: "alice@example.com" }, accelerators: ["l4", "h100"] },
      ],
    },
    problems: [
      'kubeflow-platform:profiles[0].accelerators[1]: unknown accelerator pool "h100"; the cluster\'s pools are: l4 (got "h100")',
    ],
  },
  {
    name: "a profile owner's Dex password too short",
    config: {
      platform: "existing",
      profiles: [
        { name: "team-a", owner: { user: "alice@example.com", passwordSecret: "alicePassword" } },
      ],
    },
    secrets: { alicePassword: "short" },
    problems: [
      'kubeflow-platform:profiles[0].owner.passwordSecret: config key "alicePassword": the password of alice@example.com is shorter than 8 characters. Set a password of 8 to 72 bytes with `pulumi config set --secret alicePassword <password>`',
    ],
  },
  {
    name: "a quota below the default request every container gets",
    config: {
      platform: "existing",
      profiles: [
        {
          name: "team-a",
          owner: { user: "alice@example.com" },
          quota: { cpu: "50m", memory: "128Mi" },
        },
      ],
    },
    problems: [
      `${P}[0].quota.cpu: is less than the cpu request every container without its own gets (100m), so no such pod could start; give at least 100m (got "50m")`,
      `${P}[0].quota.memory: is less than the memory request every container without its own gets (256Mi), so no such pod could start; give at least 256Mi (got "128Mi")`,
    ],
  },
];
