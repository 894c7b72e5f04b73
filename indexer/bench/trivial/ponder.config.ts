// The same chain, contracts and database settings as the indexer itself.
export { default } from "../../ponder.config.js";
