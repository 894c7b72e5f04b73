/**
 * Refuses a bad GraphQL query with HTTP 400 and a message that says what to write instead, before
 * Ponder sees it: Ponder answers a bad `orderBy`, two sort keys or `limit: 1001` with
 * "Unexpected error." and HTTP 200, and subgraph habits (`first`, `skip`, `orderBy` as an enum,
 * `_meta`) with GraphQL's bare validation messages. Checked against the served schema
 * (generated/schema.graphql, kept fresh by `npm run check:abis`); answers are memoized per query.
 */
import { readFileSync } from "node:fs";
import {
  buildSchema,
  type DocumentNode,
  type GraphQLField,
  GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isLeafType,
  Kind,
  parse,
  TypeInfo,
  type ValueNode,
  validate,
  visit,
  visitWithTypeInfo,
} from "graphql";
import type { MiddlewareHandler } from "hono";

/** Ponder's largest page. */
export const MAX_LIMIT = 1000;

export type QueryProblem = { message: string; hint?: string };

/** Subgraph habits and their Ponder form (docs/indexer.md, "Coming from subgraphs"). */
const SUBGRAPH_HINTS: [RegExp, string][] = [
  [/"first"/, "Ponder pages with limit (at most 1000), not first"],
  [/"skip"/, "Ponder skips with offset, or better with after: <endCursor> from pageInfo, not skip"],
  [
    /on type "Meta"/,
    "Ponder's _meta has one field, status (per chain: the last indexed block's number and timestamp): _meta { status }, or GET /status",
  ],
  [/"orderBy".*Enum|enum/i, 'orderBy takes a column name as a string, e.g. orderBy: "postedAt"'],
  [
    /Field "\w+" is not defined by type "\w+Filter"/,
    "filters are on the table's own columns (e.g. where: { modelId: 1 }); nested filters are not supported: filter the related table, or query it with its own where",
  ],
];

function hintFor(message: string): string | undefined {
  return SUBGRAPH_HINTS.find(([pattern]) => pattern.test(message))?.[1];
}

export function loadServedSchema(path: string): GraphQLSchema {
  return buildSchema(readFileSync(path, "utf8"));
}

/** The items' type of a page field (`jobs: jobPage` -> `job`), or undefined for other fields. */
function itemTypeOf(field: GraphQLField<unknown, unknown>): GraphQLObjectType | undefined {
  const page = getNamedType(field.type);
  if (!(page instanceof GraphQLObjectType)) return undefined;
  const items = page.getFields().items;
  if (items === undefined) return undefined;
  const item = getNamedType(items.type);
  return item instanceof GraphQLObjectType ? item : undefined;
}

function argumentValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    default:
      return undefined;
  }
}

/** The problems of `query` against `schema` (empty when Ponder should answer it). */
export function checkQuery(
  schema: GraphQLSchema,
  query: string,
  variables: Record<string, unknown> = {},
): QueryProblem[] {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return [{ message: (error as Error).message }];
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) {
    return invalid.map((e) => {
      const hint = hintFor(e.message);
      return hint === undefined ? { message: e.message } : { message: e.message, hint };
    });
  }
  const problems: QueryProblem[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (field === null || field === undefined) return;
        const item = itemTypeOf(field);
        if (item === undefined) return;
        for (const arg of node.arguments ?? []) {
          const value = argumentValue(arg.value, variables);
          if (arg.name.value === "limit" && typeof value === "number") {
            if (value < 0 || value > MAX_LIMIT) {
              problems.push({
                message: `${node.name.value}: limit ${value} is out of range`,
                hint: `a page holds 0 to ${MAX_LIMIT} items; page further with after: <pageInfo.endCursor>`,
              });
            }
          }
          if (arg.name.value === "orderBy" && typeof value === "string") {
            const sortable = Object.values(item.getFields())
              .filter((f) => isLeafType(getNamedType(f.type)))
              .map((f) => f.name);
            if (value.includes(",")) {
              problems.push({
                message: `${node.name.value}: orderBy takes one column, got "${value}"`,
                hint: "sort by one column; the id breaks ties",
              });
            } else if (!sortable.includes(value)) {
              problems.push({
                message: `${node.name.value}: cannot order by "${value}"`,
                hint: `one of ${sortable.join(", ")}`,
              });
            }
          }
          if (
            arg.name.value === "orderDirection" &&
            typeof value === "string" &&
            value !== "asc" &&
            value !== "desc"
          ) {
            problems.push({
              message: `${node.name.value}: orderDirection "${value}" is neither "asc" nor "desc"`,
            });
          }
        }
      },
    }),
  );
  return problems;
}

/** `checkQuery` memoized per (query, variables), bounded. */
export function queryChecker(schema: GraphQLSchema, capacity = 1000) {
  const seen = new Map<string, QueryProblem[]>();
  return (query: string, variables: Record<string, unknown> = {}): QueryProblem[] => {
    const key = `${query}\u0000${JSON.stringify(variables)}`;
    const known = seen.get(key);
    if (known !== undefined) return known;
    const problems = checkQuery(schema, query, variables);
    if (seen.size >= capacity) seen.delete(seen.keys().next().value as string);
    seen.set(key, problems);
    return problems;
  };
}

/** Hono middleware: a POSTed GraphQL query with problems gets 400 and `errors` with hints. */
export function queryGuard(
  check: (query: string, variables?: Record<string, unknown>) => QueryProblem[],
): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    let body: { query?: unknown; variables?: unknown };
    try {
      body = JSON.parse(await c.req.raw.clone().text());
    } catch {
      return next();
    }
    if (typeof body.query !== "string") return next();
    const variables =
      typeof body.variables === "object" && body.variables !== null
        ? (body.variables as Record<string, unknown>)
        : {};
    const problems = check(body.query, variables);
    if (problems.length === 0) return next();
    return c.json(
      {
        errors: problems.map((p) => ({
          message: p.message,
          ...(p.hint !== undefined ? { extensions: { hint: p.hint } } : {}),
        })),
      },
      400,
    );
  };
}
