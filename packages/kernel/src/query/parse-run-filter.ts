import { InvalidQueryError } from "../errors/command-errors";
import type { MetadataValue, RunFilter } from "../ports/run-queries";
import { parseFieldFilter } from "./parse-field-filter";
import {
  isRunStatus,
  isShortText,
  listField,
  rangeField,
  textField,
  timeField,
} from "./query-fields";
import type { RunFilterOptions } from "./run-query-types";

/**
 * The validated port filter of `options` (`query` names the method in errors).
 *
 * @throws {@link InvalidQueryError} for an unknown status, an empty list, an invalid time, an
 * empty range, a metadata value that is not a JSON scalar, a bad `field` (see
 * `parseFieldFilter`), or an over-long string.
 */
export function parseRunFilter(query: string, options: RunFilterOptions | undefined): RunFilter {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new InvalidQueryError(query, "options", "must be an object");
  }
  const o = options ?? {};
  const filter: {
    -readonly [K in keyof RunFilter]: RunFilter[K];
  } = {};
  const statuses = listField(query, "status", o.status, isRunStatus, "a run status");
  if (statuses) filter.statuses = statuses;
  const workflowIds = listField(query, "workflowId", o.workflowId, isShortText, "a workflow id");
  if (workflowIds) filter.workflowIds = workflowIds;
  const createdAfter = timeField(query, "createdAfter", o.createdAfter);
  const createdBefore = timeField(query, "createdBefore", o.createdBefore);
  const finishedAfter = timeField(query, "finishedAfter", o.finishedAfter);
  const finishedBefore = timeField(query, "finishedBefore", o.finishedBefore);
  rangeField(query, "createdAfter", createdAfter, createdBefore);
  rangeField(query, "finishedAfter", finishedAfter, finishedBefore);
  if (createdAfter) filter.createdAfter = createdAfter;
  if (createdBefore) filter.createdBefore = createdBefore;
  if (finishedAfter) filter.finishedAfter = finishedAfter;
  if (finishedBefore) filter.finishedBefore = finishedBefore;
  const failedStageId = textField(query, "failedStageId", o.failedStageId);
  if (failedStageId !== undefined) filter.failedStageId = failedStageId;
  const idPrefix = textField(query, "idPrefix", o.idPrefix);
  if (idPrefix !== undefined) filter.idPrefix = idPrefix;
  if (o.metadata !== undefined) filter.metadata = parseMetadata(query, o.metadata);
  if (o.field !== undefined) filter.field = parseFieldFilter(query, o.field);
  return filter;
}

function parseMetadata(query: string, value: unknown): Record<string, MetadataValue> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidQueryError(query, "metadata", "must be an object of key = value pairs");
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > 20) {
    throw new InvalidQueryError(query, "metadata", "must have 1 to 20 key = value pairs");
  }
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, item] of entries) {
    if (!isShortText(key) || /["\\]/.test(key)) {
      throw new InvalidQueryError(
        query,
        "metadata",
        `key ${JSON.stringify(key)} must be a non-empty string without quotes or backslashes`,
      );
    }
    const scalar =
      typeof item === "string" ||
      typeof item === "boolean" ||
      (typeof item === "number" && Number.isFinite(item));
    if (!scalar) {
      throw new InvalidQueryError(
        query,
        `metadata.${key}`,
        "must be a string, a finite number or a boolean",
      );
    }
    metadata[key] = item;
  }
  return metadata;
}
