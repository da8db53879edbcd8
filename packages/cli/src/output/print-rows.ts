import Table from "cli-table3";
import pc from "picocolors";
import type { CliIO } from "./cli-io";
import type { OutputFormat } from "./output-format";

/** One column of a table: its header and how a row shows in it. */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => string;
}

/**
 * Prints a listing: as a table (with `columns`), as one JSON array, or as one JSON object a line.
 * JSON carries the rows as they are (dates as ISO strings); tables show what people read.
 */
export function printRows<Row>(
  io: CliIO,
  format: OutputFormat,
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  options: { empty?: string; json?: (row: Row) => unknown } = {},
): void {
  const toJson = options.json ?? ((row: Row) => row);
  if (format === "json") {
    io.stdout.write(`${JSON.stringify(rows.map(toJson), null, 2)}\n`);
    return;
  }
  if (format === "jsonl") {
    for (const row of rows) io.stdout.write(`${JSON.stringify(toJson(row))}\n`);
    return;
  }
  if (rows.length === 0) {
    io.stderr.write(`${pc.dim(options.empty ?? "nothing found")}\n`);
    return;
  }
  io.stdout.write(
    `${renderTable(
      columns.map((c) => c.header),
      rows.map((r) => columns.map((c) => c.cell(r))),
    )}\n`,
  );
}

/** No frame: columns two spaces apart, a thin rule under the header. */
const BORDERLESS = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "─",
  "mid-mid": "──",
  right: "",
  "right-mid": "",
  middle: "  ",
};

/** A table of plain cells with bold headers (cli-table3), without a frame. */
export function renderTable(
  headers: readonly string[],
  cells: readonly (readonly string[])[],
): string {
  const table = new Table({
    head: headers.map((h) => pc.bold(h)),
    style: { head: [], border: [], compact: true, "padding-left": 0, "padding-right": 0 },
    chars: BORDERLESS,
  });
  for (const row of cells) table.push([...row]);
  return table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}

/** Prints one object: key / value lines on a terminal, JSON otherwise. */
export function printObject(io: CliIO, format: OutputFormat, value: Record<string, unknown>): void {
  if (format === "table") {
    for (const [key, entry] of Object.entries(value)) {
      io.stdout.write(
        `${pc.bold(key)}: ${typeof entry === "string" ? entry : JSON.stringify(entry)}\n`,
      );
    }
    return;
  }
  io.stdout.write(
    format === "json" ? `${JSON.stringify(value, null, 2)}\n` : `${JSON.stringify(value)}\n`,
  );
}
