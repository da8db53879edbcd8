import { InvalidQueryError } from "../errors/command-errors";
import type { RunFieldFilter, RunFieldSource } from "../ports/run-queries";

const SOURCES: readonly RunFieldSource[] = ["metadata", "input", "output"];

/** Most segments of a field path. */
export const MAX_FIELD_PATH_SEGMENTS = 8;

/** Most characters of one field path segment. */
export const MAX_FIELD_SEGMENT_LENGTH = 128;

/**
 * Letters, digits and `_ - : @ $` and spaces: no dots (they separate segments in URLs), quotes,
 * backslashes or brackets, so every adapter can address the key exactly.
 */
const SEGMENT = /^[\p{L}\p{N}\p{M}_\-:@$ ]+$/u;

/**
 * The validated field filter of `value` (`query` names the method in errors).
 *
 * @throws {@link InvalidQueryError} unless `value` is `{ source, path, value }` with a known
 * source, 1..8 path segments of 1..128 safe characters each, and a JSON scalar value.
 */
export function parseFieldFilter(query: string, value: unknown): RunFieldFilter {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidQueryError(query, "field", "must be an object { source, path, value }");
  }
  const { source, path, value: expected } = value as Record<string, unknown>;
  if (typeof source !== "string" || !(SOURCES as readonly string[]).includes(source)) {
    throw new InvalidQueryError(query, "field.source", `must be one of ${SOURCES.join(", ")}`);
  }
  if (!Array.isArray(path) || path.length === 0 || path.length > MAX_FIELD_PATH_SEGMENTS) {
    throw new InvalidQueryError(
      query,
      "field.path",
      `must be a list of 1 to ${MAX_FIELD_PATH_SEGMENTS} object keys`,
    );
  }
  for (const segment of path) {
    if (
      typeof segment !== "string" ||
      segment.length === 0 ||
      segment.length > MAX_FIELD_SEGMENT_LENGTH ||
      !SEGMENT.test(segment)
    ) {
      throw new InvalidQueryError(
        query,
        "field.path",
        `segment ${JSON.stringify(segment)} must be 1 to ${MAX_FIELD_SEGMENT_LENGTH} letters, digits, spaces or _ - : @ $`,
      );
    }
  }
  const scalar =
    typeof expected === "string" ||
    typeof expected === "boolean" ||
    (typeof expected === "number" && Number.isFinite(expected));
  if (!scalar) {
    throw new InvalidQueryError(
      query,
      "field.value",
      "must be a string, a finite number or a boolean",
    );
  }
  if (typeof expected === "string" && expected.length > 4096) {
    throw new InvalidQueryError(query, "field.value", "must be at most 4096 characters");
  }
  return { source: source as RunFieldSource, path: [...(path as string[])], value: expected };
}
