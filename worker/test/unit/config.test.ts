import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/errors.js";

const minimal = {
  deploymentFile: "../deployments/31337.json",
  models: [{ id: 1, file: "m.onnx" }],
};

describe("configuration", () => {
  it("fills defaults and resolves paths against the file's directory", () => {
    const config = resolveConfig(minimal, "/etc/verity", {});
    expect(config.deploymentFile).toBe("/etc/deployments/31337.json");
    expect(config.stateDir).toBe("/etc/verity/state");
    expect(config.models).toEqual([{ id: 1n, file: "m.onnx" }]);
    expect(config.confirmations).toBe(2);
    expect(config.watch.enabled).toBe(false);
  });

  it("lets the environment override the file", () => {
    const config = resolveConfig({ ...minimal, watch: { lossProbability: 0.5 } }, "/w", {
      VERITY_RPC_URL: "http://node:8545",
      VERITY_STATE_DIR: "/var/lib/verity",
      VERITY_CONFIRMATIONS: "5",
      VERITY_WATCH: "1",
      VERITY_METRICS_PORT: "9000",
    });
    expect(config.rpcUrl).toBe("http://node:8545");
    expect(config.stateDir).toBe("/var/lib/verity");
    expect(config.confirmations).toBe(5);
    expect(config.watch).toMatchObject({ enabled: true, lossProbability: 0.5 });
    expect(config.metrics.port).toBe(9000);
  });

  it("rejects bad values with the field's name", () => {
    expect(() => resolveConfig({ ...minimal, confirmations: -1 }, "/", {})).toThrow(
      /confirmations/,
    );
    expect(() => resolveConfig({ ...minimal, pricing: { minPrice: 1.5 } }, "/", {})).toThrow(
      /pricing.minPrice/,
    );
    expect(() =>
      resolveConfig({ ...minimal, pricing: { costPerComputeUnit: "abc" } }, "/", {}),
    ).toThrow(/costPerComputeUnit/);
    expect(() => resolveConfig({ models: [] }, "/", {})).toThrow(/deploymentFile/);
  });

  it("throws a ConfigError naming every bad field", () => {
    const error = (() => {
      try {
        resolveConfig({ ...minimal, confirmations: "2", watch: { lossProbability: 2 } }, "/", {});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).retryable).toBe(false);
    expect(String((error as ConfigError).message)).toMatch(
      /confirmations[\s\S]*watch.lossProbability/,
    );
  });

  it("has no cheat: a testing section is not part of the worker's configuration", () => {
    const config = resolveConfig(
      { ...minimal, testing: { corruptActivation: { layer: 1, index: 0 } } },
      "/",
      {},
    );
    expect(config).not.toHaveProperty("testing");
  });
});
