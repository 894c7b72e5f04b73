/**
 * A real <table> with a caption and column headers, so that screen readers can navigate it. A
 * sortable column's header is a link that sorts by it (the server sorts: the column is stored),
 * and the sorted column says so with `aria-sort`.
 */
import type { ComponentChildren } from "preact";

export type Column<row> = {
  label: string;
  render: (row: row) => ComponentChildren;
  /** Right-aligned (amounts, counts). */
  numeric?: boolean;
  /** The stored column this one sorts by, if it can. */
  sortKey?: string;
};

export type SortDirection = "asc" | "desc";

export type TableSort = {
  by: string;
  direction: SortDirection;
  /** Where a click on a header goes: the same page sorted by `by`, in `direction`. */
  link: (by: string, direction: SortDirection) => string;
};

function Header<row>({ column, sort }: { column: Column<row>; sort: TableSort | undefined }) {
  const numeric = column.numeric ? "num" : undefined;
  if (sort === undefined || column.sortKey === undefined) {
    return (
      <th scope="col" class={numeric}>
        {column.label}
      </th>
    );
  }
  const sorted = sort.by === column.sortKey;
  // A first click sorts numbers largest first; a second click on the sorted column flips it.
  const next: SortDirection = sorted ? (sort.direction === "desc" ? "asc" : "desc") : "desc";
  const ariaSort = sorted ? (sort.direction === "desc" ? "descending" : "ascending") : "none";
  return (
    <th scope="col" class={numeric} aria-sort={ariaSort}>
      <a class="sort" href={sort.link(column.sortKey, next)}>
        {column.label}
        <span aria-hidden="true">{sorted ? (sort.direction === "desc" ? " ▼" : " ▲") : ""}</span>
      </a>
    </th>
  );
}

export function Table<row>(props: {
  caption: string;
  columns: Column<row>[];
  rows: row[] | undefined;
  rowKey: (row: row) => string;
  empty?: string;
  id?: string;
  sort?: TableSort;
}) {
  const { caption, columns, rows, rowKey } = props;
  return (
    <div class="table-scroll">
      <table id={props.id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <Header key={c.label} column={c} sort={props.sort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows === undefined ? (
            <tr>
              <td colSpan={columns.length}>Loading…</td>
            </tr>
          ) : rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length}>{props.empty ?? "Nothing yet."}</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.label} class={c.numeric ? "num" : undefined}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
