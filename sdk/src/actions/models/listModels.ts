import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { listModelsQuery } from "../../graphql/documents.js";
import {
  type IndexedModel,
  type Page,
  type PageInfo,
  parseModel,
  parsePage,
} from "../../graphql/types.js";
import { queryIndexer, toVariables } from "../internal/graphql.js";

export type ListModelsParameters = {
  active?: boolean | undefined;
  limit?: number | undefined;
  after?: string | undefined;
};
export type ListModelsReturnType = Page<IndexedModel>;
export type ListModelsErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** Lists registered models from the indexer, by id. */
export async function listModels(
  client: VerityCoreClient,
  parameters: ListModelsParameters = {},
): Promise<ListModelsReturnType> {
  const data = await queryIndexer<{
    models: { items: Record<string, unknown>[]; pageInfo: PageInfo; totalCount: number };
  }>(
    client,
    "listModels",
    listModelsQuery,
    toVariables({
      where: parameters.active === undefined ? undefined : { active: parameters.active },
      limit: parameters.limit ?? 100,
      after: parameters.after,
    }),
  );
  return parsePage(data.models, parseModel);
}
