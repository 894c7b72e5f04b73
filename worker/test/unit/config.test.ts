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

  it("has no cheat: a testing section is refused like any unknown key", () => {
    expect(() =>
      resolveConfig(
        { ...minimal, testing: { corruptActivation: { layer: 1, index: 0 } } },
        "/",
        {},
      ),
    ).toThrow(/Unknown key "testing"/);
  });

  it("refuses an unknown key, naming it and the closest known key", () => {
    expect(() => resolveConfig({ ...minimal, pricing: { marginbps: 500 } }, "/", {})).toThrow(
      /Unknown key "marginbps" in pricing \(did you mean "marginBps"\?\)/,
    );
    expect(() => resolveConfig({ ...minimal, pollIntervalMS: 100 }, "/", {})).toThrow(
      /Unknown key "pollIntervalMS" \(did you mean "pollIntervalMs"\?\)/,
    );
    expect(() =>
      resolveConfig({ ...minimal, models: [{ id: 1, flie: "m.onnx" }] }, "/", {}),
    ).toThrow(/Unknown key "flie" in models\[0\] \(did you mean "file"\?\)/);
    expect(() => resolveConfig({ ...minimal, watch: { enabled: true, zzz: 1 } }, "/", {})).toThrow(
      /Unknown key "zzz" in watch; known keys: enabled, lossProbability, gasCostTokens/,
    );
  });

  it("reads prices in whole tokens when pricing.decimals is set, and base units otherwise", () => {
    const human = resolveConfig(
      {
        ...minimal,
        pricing: {
          decimals: 6,
          costPerComputeUnit: "0.0000005",
          fixedCostPerJob: "0.1",
          minPrice: 1.5,
        },
      },
      "/",
      {},
    );
    expect(human.pricing).toEqual({
      decimals: 6,
      costPerComputeUnit: "0.5",
      fixedCostPerJob: 100_000n,
      marginBps: 2000,
      minPrice: 1_500_000n,
    });
    const base = resolveConfig(
      {
        ...minimal,
        pricing: { costPerComputeUnit: "0.5", fixedCostPerJob: "100000", minPrice: "1000" },
      },
      "/",
      {},
    );
    expect(base.pricing).toMatchObject({
      costPerComputeUnit: "0.5",
      fixedCostPerJob: 100_000n,
      minPrice: 1000n,
    });
    expect(() =>
      resolveConfig({ ...minimal, pricing: { decimals: 6, minPrice: "0.0000001" } }, "/", {}),
    ).toThrow(/pricing.minPrice has more than the token's 6 decimals/);
  });

  it("keeps finished jobs' records for retentionDays (7 by default)", () => {
    expect(resolveConfig(minimal, "/", {}).retentionDays).toBe(7);
    expect(resolveConfig({ ...minimal, retentionDays: 0.5 }, "/", {}).retentionDays).toBe(0.5);
  });
});
