/** Rows of cells as aligned text columns two spaces apart, each line after `indent` and without trailing spaces. */
export function formatColumns(rows: readonly (readonly string[])[], indent = ""): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => row[col].length))) ?? [];
  return rows.map((row) => `${indent}${row.map((cell, col) => cell.padEnd(widths[col])).join("  ").trimEnd()}`).join("\n");
}
