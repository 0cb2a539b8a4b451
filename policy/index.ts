/**
 * The CrossGuard pack: `pulumi preview --policy-pack policy` (add `--policy-pack-config <file>` for the
 * facts below). A thin adapter over the pure rules of ./rules.ts, which the tests call directly: building a
 * PolicyPack starts the analyzer's gRPC server, so nothing imports this file.
 *
 * Every rule runs as a stack policy, because one fact (the namespaces holding PVCs) comes from the whole
 * stack. The other facts are the pack's config, which Pulumi keys by policy name, so a fact goes under each
 * policy that reads it: `{ "images-from-mirror": { "imageMirror": "registry.example.com/kubeflow" },
 * "load-balancers-are-platform-gateway": { "serviceAnnotations": {...} } }` (also `dataProtection`,
 * `protectCluster`, `secretsEncryptionKey`, `warmAcceleratorPools`, named as in the stack config).
 * The analyzer unwraps secrets before a policy sees them, so here a Secret's data cannot be checked for the
 * secret marker (the tests check it on the wire inputs); the literal-credential env check still applies.
 */
import { PolicyPack, StackValidationArgs } from "@pulumi/policy";
import { dataNamespacesOf, PolicyResource, RULES, StackFacts } from "./rules";

const PACK = "kubeflow-platform";

function resourcesOf(args: StackValidationArgs): PolicyResource[] {
  return args.resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    inputs: r.props as Record<string, unknown>,
    protect: r.opts.protect,
  }));
}

new PolicyPack(PACK, {
  policies: RULES.map((rule) => ({
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    configSchema: {
      properties: {
        dataProtection: { type: "string", enum: ["protect", "retain", "none"] },
        protectCluster: { type: "boolean" },
        imageMirror: { type: "string" },
        serviceAnnotations: { type: "object", additionalProperties: { type: "string" } },
        secretsEncryptionKey: { type: "string" },
        warmAcceleratorPools: { type: "array", items: { type: "string" } },
      },
    },
    validateStack: (args, reportViolation) => {
      const config = args.getConfig<Omit<StackFacts, "dataNamespaces">>();
      const resources = resourcesOf(args);
      const facts: StackFacts = { ...config, dataNamespaces: dataNamespacesOf(resources) };
      for (const r of resources) {
        for (const message of rule.check(r, facts)) reportViolation(message, r.urn);
      }
    },
  })),
});
