import Table from "cli-table3";
import { formatMs } from "../progress/progress-tracker";
import type { QuickstartSummary } from "./collect-summary";

type Align = "left" | "right";

/** No borders: columns two spaces apart, a rule of `─` under the header. */
const PLAIN_CHARS = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: " ",
  "left-mid": " ",
  mid: "─",
  "mid-mid": "──",
  right: "",
  "right-mid": "",
  middle: "  ",
};

/**
 * A plain-text table drawn by cli-table3: a header, a rule, the rows, and an optional footer
 * under a second rule. Colour is off, so the text is the same on a terminal and in a file.
 */
export function formatTable(
  columns: readonly { title: string; align?: Align }[],
  rows: readonly (readonly string[])[],
  footer?: readonly string[],
): string {
  const table = new Table({
    head: columns.map((c) => c.title),
    colAligns: columns.map((c) => c.align ?? "left"),
    chars: PLAIN_CHARS,
    style: { head: [], border: [], compact: true, "padding-left": 0, "padding-right": 0 },
  });
  for (const row of footer ? [...rows, footer] : rows) table.push([...row]);
  const lines = table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd());
  // The footer goes under a second rule, the same as the header's.
  if (footer) lines.splice(lines.length - 1, 0, lines[1] ?? "");
  return lines.join("\n");
}

/** `$0.0000` (four decimals: single calls cost fractions of a cent). */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

/** The summary the demo ends with: a table of runs and a table of stages. */
export function formatSummary(summary: QuickstartSummary): string {
  const { totals } = summary;
  const runs = formatTable(
    [
      { title: "document" },
      { title: "run" },
      { title: "status" },
      { title: "this time" },
      { title: "stages", align: "right" },
      { title: "duration", align: "right" },
      { title: "tokens", align: "right" },
      { title: "cost", align: "right" },
    ],
    summary.runs.map((r) => [
      r.documentId,
      r.workflowRunId.slice(-8),
      r.status,
      r.origin === "new" ? "created" : "existing",
      `${r.completedStages}/${r.stages}`,
      formatMs(r.durationMs),
      String(r.tokens),
      formatUsd(r.cost),
    ]),
    [
      `${totals.runs} runs`,
      "",
      `${totals.completed} done`,
      `${totals.created} new`,
      String(totals.stages),
      "",
      String(totals.tokens),
      formatUsd(totals.cost),
    ],
  );
  const stages = formatTable(
    [
      { title: "stage" },
      { title: "completed", align: "right" },
      { title: "total time", align: "right" },
      { title: "mean", align: "right" },
      { title: "tokens", align: "right" },
      { title: "cost", align: "right" },
    ],
    summary.stages.map((s) => [
      s.name,
      String(s.completed),
      formatMs(s.totalMs),
      formatMs(s.completed === 0 ? 0 : s.totalMs / s.completed),
      String(s.tokens),
      formatUsd(s.cost),
    ]),
  );
  const verdict =
    totals.existing === totals.runs && totals.runs > 0
      ? `All ${totals.runs} documents already had runs (idempotency keys): nothing was duplicated.`
      : totals.existing > 0
        ? `${totals.created} runs created, ${totals.existing} found from an earlier start and resumed or reused.`
        : `${totals.created} runs created.`;
  return [
    "Runs",
    runs,
    "",
    "Stages",
    stages,
    "",
    `  ${verdict}`,
    `  Provider: ${summary.provider}. Database: ${summary.database}. Wall time: ${formatMs(totals.wallMs)}.`,
  ].join("\n");
}
