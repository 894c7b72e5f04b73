/** A real <table> with a caption and column headers, so that screen readers can navigate it. */
import type { ComponentChildren } from "preact";

export type Column<row> = {
  label: string;
  render: (row: row) => ComponentChildren;
  /** Right-aligned (amounts, counts). */
  numeric?: boolean;
};

export function Table<row>(props: {
  caption: string;
  columns: Column<row>[];
  rows: row[] | undefined;
  rowKey: (row: row) => string;
  empty?: string;
  id?: string;
}) {
  const { caption, columns, rows, rowKey } = props;
  return (
    <div class="table-scroll">
      <table id={props.id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" class={c.numeric ? "num" : undefined}>
                {c.label}
              </th>
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
