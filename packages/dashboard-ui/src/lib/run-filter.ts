/**
 * The runs list filter and its codec: the URL query string of the runs page uses the API's
 * parameter names (`status`, `workflow`, `from`, `to`, `q`, `field`, `value`), so a shared link
 * reloads the same list and the same string is sent to `/api/runs` and `/api/runs/count`.
 */

/** The filter of the runs list. Empty strings and lists mean "no filter". */
export interface RunFilter {
  status: string[];
  workflow: string[];
  /** ISO datetime, createdAt at or after. */
  from: string;
  /** ISO datetime, createdAt before (exclusive). */
  to: string;
  /** Run id prefix. */
  q: string;
  /** `metadata.<path>`, `input.<path>` or `output.<path>`. */
  field: string;
  value: string;
}

/** The filter that matches every run. */
export const EMPTY_FILTER: RunFilter = {
  status: [],
  workflow: [],
  from: "",
  to: "",
  q: "",
  field: "",
  value: "",
};

function list(text: string | null, normalize: (item: string) => string = (s) => s): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  for (const part of text.split(",")) {
    const item = normalize(part.trim());
    if (item !== "") seen.add(item);
  }
  return [...seen];
}

/** Reads a filter from a query string (with or without the leading "?"). Unknown keys are ignored. */
export function parseRunFilter(search: string): RunFilter {
  const params = new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  const text = (key: string): string => params.get(key)?.trim() ?? "";
  return {
    status: list(params.get("status"), (s) => s.toUpperCase()),
    workflow: list(params.get("workflow")),
    from: text("from"),
    to: text("to"),
    q: text("q"),
    field: text("field"),
    value: params.get("value") ?? "",
  };
}

/**
 * The filter as query parameters, in a fixed order, leaving out what is empty (`value` only with a
 * `field`). Returns "" for the empty filter, else the string without a leading "?".
 */
export function formatRunFilter(filter: RunFilter): string {
  const params = new URLSearchParams();
  if (filter.status.length > 0) params.set("status", filter.status.join(","));
  if (filter.workflow.length > 0) params.set("workflow", filter.workflow.join(","));
  if (filter.from !== "") params.set("from", filter.from);
  if (filter.to !== "") params.set("to", filter.to);
  if (filter.q !== "") params.set("q", filter.q);
  if (filter.field !== "") {
    params.set("field", filter.field);
    params.set("value", filter.value);
  }
  return params.toString();
}

/** The filter as the body object of `POST /api/runs/bulk` (only the parts that are set). */
export function runFilterBody(filter: RunFilter): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  if (filter.status.length > 0) body.status = [...filter.status];
  if (filter.workflow.length > 0) body.workflow = [...filter.workflow];
  if (filter.from !== "") body.from = filter.from;
  if (filter.to !== "") body.to = filter.to;
  if (filter.q !== "") body.q = filter.q;
  if (filter.field !== "") {
    body.field = filter.field;
    body.value = filter.value;
  }
  return body;
}

/** True when the filter restricts nothing. */
export function isEmptyFilter(filter: RunFilter): boolean {
  return formatRunFilter(filter) === "";
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * An ISO datetime as the value of a `datetime-local` input, in the browser's time zone
 * ("" when not a valid date).
 */
export function isoToLocalInput(iso: string): string {
  if (iso === "") return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` input value (local time) as an ISO datetime ("" when empty or invalid). */
export function localInputToIso(local: string): string {
  if (local === "") return "";
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

const FIELD_PATTERN = /^(metadata|input|output)\.[^.]+(\.[^.]+)*$/;

/**
 * Why a JSON field path is not usable yet (`null` when it is, or when empty): it must be
 * `metadata.<path>`, `input.<path>` or `output.<path>`, segments separated by dots.
 */
export function fieldProblem(field: string): string | null {
  if (field === "" || FIELD_PATTERN.test(field)) return null;
  return 'Use "metadata.<path>", "input.<path>" or "output.<path>", e.g. metadata.customer.';
}
