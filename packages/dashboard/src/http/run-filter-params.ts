import type { RunFilterOptions, RunStatus } from "@stageflow/kernel";
import { RUN_STATUSES } from "@stageflow/kernel";
import { z } from "zod";
import { parseParams } from "./parse-params";

type FieldFilter = NonNullable<RunFilterOptions["field"]>;

const isoDate = z.iso.datetime({ offset: true, local: true }).or(z.iso.date());
const fieldText = z
  .string()
  .regex(
    /^(metadata|input|output)\.[^.]+(\.[^.]+)*$/,
    'must be "metadata.<path>", "input.<path>" or "output.<path>" (path segments separated by dots)',
  );

/** The filter of a bulk body: the query parameters as an object. */
export const filterObjectSchema = z
  .object({
    status: z
      .array(z.enum(RUN_STATUSES as [RunStatus, ...RunStatus[]]))
      .min(1)
      .optional(),
    workflow: z.array(z.string().min(1).max(512)).min(1).max(100).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    q: z.string().min(1).max(512).optional(),
    field: fieldText.optional(),
    value: z.string().max(512).optional(),
  })
  .strict()
  .refine((f) => f.field === undefined || f.value !== undefined, {
    message: "value is required with field",
    path: ["value"],
  })
  .refine((f) => f.value === undefined || f.field !== undefined, {
    message: "field is required with value",
    path: ["field"],
  });

/** A filter of the API (bulk body form). */
export type FilterObject = z.infer<typeof filterObjectSchema>;

function commaList(text: string | undefined): string[] | undefined {
  const items = (text ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return items.length === 0 ? undefined : items;
}

const emptyAsAbsent = (text: string | undefined) => (text === "" ? undefined : text);

const rawQuerySchema = z
  .object({
    status: z.string().optional().transform(commaList),
    workflow: z.string().optional().transform(commaList),
    from: z.string().optional().transform(emptyAsAbsent),
    to: z.string().optional().transform(emptyAsAbsent),
    q: z.string().optional().transform(emptyAsAbsent),
    field: z.string().optional().transform(emptyAsAbsent),
    value: z.string().optional(),
  })
  .strict();

/**
 * The filter of the run filter query parameters (`status`, `workflow`, `from`, `to`, `q`,
 * `field`, `value`; lists comma-separated, empty values absent).
 *
 * @throws 400 `INVALID_PARAMETER` for an unknown parameter or a bad value.
 */
export function parseFilterQuery(query: Record<string, string>): FilterObject {
  const raw = parseParams(rawQuerySchema, query, "query");
  const present = Object.fromEntries(
    Object.entries(raw).filter(([, value]) => value !== undefined),
  );
  return parseParams(filterObjectSchema, present, "query");
}

/** The value of `value`: `true`/`false` a boolean, a finite number literal a number, else text. */
export function parseFieldValue(text: string): string | number | boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
    const number = Number(text);
    if (Number.isFinite(number)) return number;
  }
  return text;
}

/** The kernel filter of an API filter. */
export function toRunFilter(filter: FilterObject): RunFilterOptions {
  const result: { -readonly [K in keyof RunFilterOptions]: RunFilterOptions[K] } = {};
  if (filter.status) result.status = filter.status;
  if (filter.workflow) result.workflowId = filter.workflow;
  if (filter.from) result.createdAfter = filter.from;
  if (filter.to) result.createdBefore = filter.to;
  if (filter.q) result.idPrefix = filter.q;
  if (filter.field !== undefined && filter.value !== undefined) {
    const [source, ...path] = filter.field.split(".");
    result.field = {
      source: source as FieldFilter["source"],
      path,
      value: parseFieldValue(filter.value),
    };
  }
  return result;
}
