import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { bcryptKey, GeneratedSecretSpec } from "./plan";

/** Arguments of GeneratedSecrets. */
export interface GeneratedSecretsArgs {
  /**
   * The secrets to generate, from `planGeneratedSecrets()`. Each key names one RandomPassword, so adding or
   * removing an application never regenerates another application's password.
   */
  secrets: readonly GeneratedSecretSpec[];
}

/**
 * One RandomPassword per planned secret, named `${name}-<key>`. Values are kept in state encrypted
 * (RandomPassword's `result` and `bcryptHash` are secret outputs) and handed on as Pulumi secrets.
 */
export class GeneratedSecrets extends pulumi.ComponentResource {
  /** Secret values by stable key; `<key>-bcrypt` holds the bcrypt hash where the plan asks for one. */
  public readonly values: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: GeneratedSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubeflow:kubeflow:GeneratedSecrets", name, {}, opts);
    const values: Record<string, pulumi.Output<string>> = {};
    for (const spec of args.secrets) {
      const password = new random.RandomPassword(
        `${name}-${spec.key}`,
        {
          length: spec.length,
          special: spec.special,
          // Mixed classes, so the value satisfies MySQL's and Postgres' password policies.
          minLower: 2,
          minUpper: 2,
          minNumeric: 2,
        },
        { parent: this },
      );
      values[spec.key] = pulumi.secret(password.result);
      if (spec.bcrypt) values[bcryptKey(spec.key)] = pulumi.secret(password.bcryptHash);
    }
    this.values = values;
    this.registerOutputs({});
  }
}
