import type { Ponder } from "./ponder.js";

type Page<T> = {
  items: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

/** Every row of a table through GraphQL, following the cursor. */
export async function allRows<T>(
  ponder: Ponder,
  plural: string,
  fields: string,
  where = "",
): Promise<T[]> {
  const rows: T[] = [];
  let after: string | null = null;
  for (;;) {
    const args = [
      `limit: 1000`,
      where === "" ? "" : `where: ${where}`,
      after ? `after: "${after}"` : "",
    ]
      .filter((arg) => arg !== "")
      .join(", ");
    const data: Record<string, Page<T>> = await ponder.graphql(
      `{ ${plural}(${args}) { items { ${fields} } pageInfo { hasNextPage endCursor } } }`,
    );
    const page = data[plural];
    if (page === undefined) throw new Error(`no ${plural} in the answer`);
    rows.push(...page.items);
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) return rows;
    after = page.pageInfo.endCursor;
  }
}

/** A GraphQL BigInt (a decimal string), or null. */
export function big(value: string | null | undefined): bigint | null {
  return value === null || value === undefined ? null : BigInt(value);
}
