import { describe, expect, it } from "vitest";
import { endpointFlags } from "../src/commands/devnet.js";

describe("the devnet's printed hints", () => {
  it("add nothing on the default ports", () => {
    expect(
      endpointFlags({
        rpcUrl: "http://127.0.0.1:8545",
        graphqlUrl: "http://127.0.0.1:42069/graphql",
      }),
    ).toBe("");
    expect(endpointFlags({ rpcUrl: "http://127.0.0.1:8545/", graphqlUrl: undefined })).toBe("");
  });

  it("name this devnet's own endpoints on any other port", () => {
    expect(
      endpointFlags({
        rpcUrl: "http://127.0.0.1:9545",
        graphqlUrl: "http://127.0.0.1:42069/graphql",
      }),
    ).toBe(" --rpc http://127.0.0.1:9545");
    expect(
      endpointFlags({
        rpcUrl: "http://127.0.0.1:9545",
        graphqlUrl: "http://127.0.0.1:43000/graphql",
      }),
    ).toBe(" --rpc http://127.0.0.1:9545 --graphql http://127.0.0.1:43000/graphql");
  });
});
