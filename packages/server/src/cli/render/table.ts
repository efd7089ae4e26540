// Plain-text tables for the terminal: a header row, columns padded to their widest cell, two spaces
// between columns. Pure, so that what `localscale status` prints can be tested as text.
export type Cell = string | number | boolean | null | undefined;

const text = (cell: Cell): string => (cell === null || cell === undefined || cell === '' ? '-' : typeof cell === 'boolean' ? (cell ? 'yes' : 'no') : String(cell));

export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = [headers.map((h) => h.toUpperCase()), ...rows.map((r) => headers.map((_, i) => text(r[i])))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  // The last column is not padded, so lines carry no trailing spaces.
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}
