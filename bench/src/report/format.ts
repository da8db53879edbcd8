import type { CaseResult, ResultsFile } from "./results";

/** Looks up a median metric of a case; undefined when the case or metric is missing. */
export function metric(r: ResultsFile, id: string, key: string): number | undefined {
  const c: CaseResult | undefined = r.cases.find((x) => x.id === id);
  const v = c?.median[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Whether any repetition of a case saw more than 10 % foreign CPU. */
export function loaded(r: ResultsFile, id: string): boolean {
  return (r.cases.find((x) => x.id === id)?.maxForeignCpuPct ?? 0) > 10;
}

/** 12,345 / 2.41 / "—". */
export function num(v: number | undefined, digits = 0): string {
  if (v === undefined || Number.isNaN(v)) return "—";
  return v.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** `a / b` as "0.85×" (or "—"). */
export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || b === 0) return "—";
  return `${(a / b).toFixed(2)}×`;
}

/** Renders a Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** "met" / "NOT met" / "not measured" for a goal `value <= limit` (or `>=` with `atLeast`). */
export function goal(value: number | undefined, limit: number, atLeast: boolean): string {
  if (value === undefined) return "not measured";
  return (atLeast ? value >= limit : value <= limit) ? "met" : "NOT met";
}

/** A numeric parameter of the first case of `test` (optionally whose id starts with `prefix`). */
export function params(r: ResultsFile, test: string, key: string, prefix = ""): number {
  const c = r.cases.find((x) => x.test === test && x.id.startsWith(prefix));
  return Number(c?.params[key] ?? Number.NaN);
}
