import { BaseError } from "./base.js";

export type GraphqlUrlRequiredErrorType = GraphqlUrlRequiredError & {
  name: "GraphqlUrlRequiredError";
};

/** An action reads the indexer, but the client was created without `graphqlUrl`. */
export class GraphqlUrlRequiredError extends BaseError {
  override name = "GraphqlUrlRequiredError" as const;
  constructor(action: string) {
    super(`${action} reads the indexer, but the client has no graphqlUrl.`, {
      metaMessages: [
        "Pass `graphqlUrl` (e.g. http://127.0.0.1:42069/graphql) to createVerityClient,",
        "or --graphql / VERITY_GRAPHQL_URL on the CLI.",
      ],
    });
  }
}
