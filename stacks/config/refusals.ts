/**
 * Messages for config that must never reach the cluster: secret material in plain config, keys under a
 * misspelt namespace, paths set as flat keys and keys of another platform. Each names the key, says what was
 * given (a secret only by what it looks like), what is allowed and the command that fixes it.
 */
import { Platform } from "./cluster";
import { SecretFinding, SecretKind, URL_KINDS } from "./leaks";
import { ForeignKey, PLATFORM_LABEL, secretFieldFor } from "./platform-keys";

/** A key path as messages show it: `cluster.accelerators[0].name`, after `prefix`. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return `${prefix}${out}`;
}

/** Secrets kept in files are set from the file, so that they never pass through the shell's history. */
const FROM_FILE: ReadonlySet<string> = new Set([
  "a kubeconfig's text",
  "a PEM private key",
  "a PEM certificate",
  "a GCP service-account key",
]);

export function secretProblem(prefix: string, platform: string, leak: SecretFinding): string {
  const rel = formatPath("", leak.path);
  const preferred = leak.kind === "a kubeconfig's text" ? "kubeconfigSecret" : undefined;
  const field = secretFieldFor(platform, leak.path, preferred);
  const given = leak.masked ? `got "${leak.masked}"` : "value not shown";
  const head = `${prefix}${rel}: holds ${leak.kind} (${given}); plain config never holds secrets.`;
  if (field) {
    const input =
      leak.kind === "a kubeconfig's text"
        ? "< kubeconfig"
        : FROM_FILE.has(leak.kind)
          ? "< <file>"
          : "<value>";
    const ref = formatPath("", [...leak.path.slice(0, -1), field]);
    const instead = ref === rel ? "(the name of that key, not the secret)" : `in place of ${rel}`;
    return (
      `${head} Run \`pulumi config set --secret <configKey> ${input}\`, set ${ref} to <configKey> ` +
      `${instead}, and rotate the secret`
    );
  }
  const remove = URL_KINDS.has(leak.kind)
    ? `Set the URL without its credentials (\`pulumi config set --path '${rel}' <url>\`) and rotate them; `
    : `Remove it (\`pulumi config rm --path '${rel}'\`, or set the value without it) and rotate it; `;
  return (
    `${head} ${remove}` +
    `a secret goes only in a key set with \`pulumi config set --secret <configKey>\`, named by a "...Secret" field`
  );
}

/** An unknown top-level key in plain text whose value is secret material. */
export function unknownSecretKeyProblem(prefix: string, key: string, kind: SecretKind): string {
  return (
    `${prefix}${key}: unknown key holding ${kind} (value not shown) in plain text. ` +
    `Remove it with \`pulumi config rm ${prefix}${key}\` and rotate it; a secret goes only in a key set with ` +
    `\`pulumi config set --secret <configKey>\`, named by a "...Secret" field`
  );
}

export function namespaceProblem(fullKey: string, namespace: string, project: string): string {
  const key = fullKey.slice(namespace.length + 1);
  return (
    `${fullKey}: namespace "${namespace}" is a near miss of this project's, so the key is never read; ` +
    `this project's keys are "${project}:<key>". Did you mean "${project}:${key}"? ` +
    "Rename the key in Pulumi.<stack>.yaml"
  );
}

export function flatKeyProblem(prefix: string, key: string, secret: boolean): string {
  return (
    `${prefix}${key}: is one flat key named "${key}" (set without --path), so the path ${key} is never read. ` +
    `Run \`pulumi config rm '${key}' && pulumi config set ${secret ? "--secret " : ""}--path '${key}' <value>\``
  );
}

export function foreignKeyProblem(
  prefix: string,
  platform: Platform,
  path: readonly PropertyKey[],
  key: string,
  foreign: ForeignKey,
): string {
  const rel = formatPath("", [...path, key]);
  const owners = foreign.owners.map((p) => PLATFORM_LABEL[p]).join(" and ");
  const head = `${prefix}${rel}: is a${/^[AEIOU]/.test(owners) ? "n" : ""} ${owners} key; this stack's platform is ${platform}`;
  const rm = `\`pulumi config rm --path '${rel}'\``;
  if (foreign.equivalent) {
    const equivalent = formatPath("", [...path, foreign.equivalent]);
    return `${head}, where the equivalent is ${equivalent}. Set that instead and run ${rm}`;
  }
  const platforms = foreign.owners.map((p) => `"${p}"`).join(" or ");
  return `${head}, which has no such key. Remove it with ${rm} (or set platform to ${platforms} if the stack is meant for it)`;
}
