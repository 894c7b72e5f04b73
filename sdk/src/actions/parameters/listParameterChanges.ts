import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { listParameterChangesQuery } from "../../graphql/documents.js";
import {
  type IndexedParameterChange,
  type Page,
  type PageInfo,
  parsePage,
  parseParameterChange,
} from "../../graphql/types.js";
import { queryIndexer, toVariables } from "../internal/graphql.js";

export type ListParameterChangesParameters = {
  /** A parameter name such as "challengeWindow". */
  name?: string | undefined;
  limit?: number | undefined;
};
export type ListParameterChangesReturnType = Page<IndexedParameterChange>;
export type ListParameterChangesErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** Parameter changes from the indexer, newest first (the deployment's initial values included). */
export async function listParameterChanges(
  client: VerityCoreClient,
  parameters: ListParameterChangesParameters = {},
): Promise<ListParameterChangesReturnType> {
  const data = await queryIndexer<{
    parameterChanges: { items: Record<string, unknown>[]; pageInfo: PageInfo; totalCount: number };
  }>(
    client,
    "listParameterChanges",
    listParameterChangesQuery,
    toVariables({
      where: parameters.name ? { name: parameters.name } : undefined,
      limit: parameters.limit ?? 50,
    }),
  );
  return parsePage(data.parameterChanges, parseParameterChange);
}
