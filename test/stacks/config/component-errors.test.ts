/** The stack layer's translation of a component's InputPropertiesError into a ConfigError naming keys. */
import { inputError } from "../../../components/shared/input-error";
import { ConfigError } from "../../../stacks/config";
import {
  componentConfigError,
  configKeys,
  withConfigKeys,
} from "../../../stacks/config/component-errors";

const keyOf = configKeys({
  exposure: "services.istio.exposure",
  mtlsExceptions: "services.istio.mtls.exceptions",
  certManager: "services.certManager",
  "certManager.acmeIssuer": "services.certManager.acme",
});

describe("configKeys", () => {
  it("maps a property path by its longest listed prefix, keeping the rest of the path", () => {
    expect(keyOf("exposure")).toBe("services.istio.exposure");
    expect(keyOf("mtlsExceptions[1].ports")).toBe("services.istio.mtls.exceptions[1].ports");
    expect(keyOf("certManager.acmeIssuer")).toBe("services.certManager.acme");
    expect(keyOf("certManager.ready")).toBe("services.certManager.ready");
  });

  it("maps no path it does not list, nor one that only starts with the same letters", () => {
    expect(keyOf("cluster")).toBeUndefined();
    expect(keyOf("exposures")).toBeUndefined();
  });
});

describe("componentConfigError", () => {
  const error = inputError("Istio mesh", [
    { path: ["exposure"], message: "needs a load balancer" },
    { path: ["certManager", "acmeIssuer"], message: "needs an ACME issuer" },
    { path: ["cluster", "cniBinDir"], message: "is empty" },
  ]);

  it("names the config key of each problem, and the component's path where no key sets it", () => {
    const translated = componentConfigError(error, keyOf, "kubeflow-platform");
    expect(translated).toBeInstanceOf(ConfigError);
    expect((translated as ConfigError).problems).toEqual([
      "kubeflow-platform:services.istio.exposure: needs a load balancer",
      "kubeflow-platform:services.certManager.acme: needs an ACME issuer",
      "cluster.cniBinDir (set by the program, not by a config key): is empty",
    ]);
    expect((translated as ConfigError).message).toContain("Invalid stack config: 3 problems.");
  });

  it("returns any other error as it is", () => {
    const other = new TypeError("boom");
    expect(componentConfigError(other, keyOf, "kubeflow-platform")).toBe(other);
  });

  it("withConfigKeys throws the translation, and returns what the build returns", () => {
    expect(() =>
      withConfigKeys(
        () => {
          throw error;
        },
        keyOf,
        "kubeflow-platform",
      ),
    ).toThrow(ConfigError);
    expect(withConfigKeys(() => 42, keyOf, "kubeflow-platform")).toBe(42);
  });
});
