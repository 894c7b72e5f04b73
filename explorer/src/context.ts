import { createContext } from "preact";
import { DEFAULT_GRAPHQL_URL, type ExplorerConfig } from "./config.js";

export const ConfigContext = createContext<ExplorerConfig>({
  graphqlUrl: DEFAULT_GRAPHQL_URL,
  rpcUrl: null,
  chainId: null,
  addresses: {},
  models: {},
});
