import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

/*
 * Layering of components/ (enforced below with no-restricted-imports). A folder may import only the ones
 * listed after its arrow, plus npm packages:
 *   shared   -> (nothing)        Kubernetes object types, image references, cross-layer constants
 *   catalog  -> shared           releases, applications, chart pins
 *   cluster  -> shared, catalog  GKE / EKS / existing cluster, ClusterHandle
 *   services -> cluster, ...     cert-manager, Istio, Dex, oauth2-proxy, GPU, ServicesHandle
 *   kubeflow -> services, ...    the release bundle, its transforms and graph
 *   profiles -> services, ...    user profiles; a sibling of kubeflow, neither imports the other
 *   cloud    -> services, ...    a cloud's public entry and managed stores (GCP, AWS), composed by stacks/;
 *                                the layers that consume them read the contracts in components/shared
 * Nothing under components/ imports stacks/ (config is read there and passed in), tools/, test/,
 * scripts/ or bench/.
 */
const LAYERS = ["shared", "catalog", "cluster", "services", "kubeflow", "profiles", "cloud"];
/** Folders each layer must not import (everything not below it). */
const FORBIDDEN = {
  shared: ["catalog", "cluster", "services", "kubeflow", "profiles", "cloud"],
  catalog: ["cluster", "services", "kubeflow", "profiles", "cloud"],
  cluster: ["services", "kubeflow", "profiles", "cloud"],
  services: ["kubeflow", "profiles", "cloud"],
  kubeflow: ["profiles", "cloud"],
  profiles: ["kubeflow", "cloud"],
  cloud: ["kubeflow", "profiles"],
};
const OUTSIDE = ["stacks", "tools", "test", "scripts", "bench"];
const dirPatterns = (dir) => [`**/${dir}`, `**/${dir}/**`];
const outsidePattern = {
  group: OUTSIDE.flatMap(dirPatterns),
  message:
    "components/ never imports stacks/, tools/, test/, scripts/ or bench/: take config values as arguments.",
};
// A later block replaces the rule's options, so each layer repeats the outside pattern; this first block
// covers files of any new folder under components/.
const anyComponent = {
  files: ["components/**/*.ts"],
  rules: { "no-restricted-imports": ["error", { patterns: [outsidePattern] }] },
};
const layering = LAYERS.map((layer) => ({
  files: [`components/${layer}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          outsidePattern,
          ...(FORBIDDEN[layer].length > 0
            ? [
                {
                  group: FORBIDDEN[layer].flatMap(dirPatterns),
                  message: `components/${layer} must not import ${FORBIDDEN[layer].join(", ")} (see the layering in eslint.config.mjs); move shared types to components/shared.`,
                },
              ]
            : []),
        ],
      },
    ],
  },
}));

// A platform team's program (examples/) uses the library as a library: only its public entry point
// (`components`, i.e. components/index.ts), never a component's internals nor the stack program.
const examples = {
  files: ["examples/**/*.ts"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: [
              ...OUTSIDE.flatMap(dirPatterns),
              "**/components/*",
              "**/components/**",
              "**/index",
            ],
            message:
              "examples/ import only the public entry point (../../components), never components/<folder>, stacks/, tools/, test/ or the stack program.",
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "manifests/**", "coverage/**", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { pulumi },
    rules: {
      "pulumi/no-output-in-template-literal": "error",
      "pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/prefer-nullish-coalescing": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "NewExpression[callee.property.name=/./] ObjectExpression > SpreadElement[argument.name='opts']",
          message: "Never forward a component's whole opts to its children; pass { parent: this }.",
        },
      ],
    },
  },
  anyComponent,
  ...layering,
  examples,
);
