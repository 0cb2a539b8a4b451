/**
 * Outputs the mocks return for resource types whose outputs the program reads (ids, endpoints, generated
 * values), and answers for provider function calls. Keep one entry per type, with the real output names.
 */
type Inputs = Record<string, unknown>;

const outputsByType: Record<string, (name: string, inputs: Inputs) => Record<string, unknown>> = {
  "random:index/randomPassword:RandomPassword": (name, inputs) => ({
    result: `mock-password-${name}`.padEnd(Number(inputs.length ?? 16), "x"),
    bcryptHash: `$2a$10$mock-bcrypt-${name}`,
  }),
  "random:index/randomBytes:RandomBytes": (name) => ({
    base64: Buffer.from(`mock-bytes-${name}`.padEnd(32, "x").slice(0, 32)).toString("base64"),
    hex: Buffer.from(`mock-bytes-${name}`.padEnd(32, "x").slice(0, 32)).toString("hex"),
  }),
};

export function mockOutputs(type: string, name: string, inputs: Inputs): Record<string, unknown> {
  return outputsByType[type]?.(name, inputs) ?? {};
}

const callResults: Record<string, (inputs: Inputs) => Record<string, unknown>> = {};

export function mockCall(token: string, inputs: Inputs): Record<string, unknown> {
  return callResults[token]?.(inputs) ?? inputs;
}
