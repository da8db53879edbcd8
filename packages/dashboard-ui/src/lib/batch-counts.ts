/** Keys of a suspended state that hold a number of requests, or an object of counts by state. */
const COUNT_KEYS = new Set([
  "requestCount",
  "requests",
  "requestCounts",
  "request_counts",
  "counts",
]);

/**
 * The request counts found in an async-batch stage's suspended state (at the top, or under
 * `metadata` / `metadata.aiBatch` as the AI helper stores them), as `[label, count]` pairs:
 * `requestCount: 3` gives `["requests", 3]`, `requestCounts: { succeeded: 2 }` gives
 * `["succeeded", 2]`. Each label once, first found wins.
 */
export function batchRequestCounts(state: Record<string, unknown> | null): [string, number][] {
  const found = new Map<string, number>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== "object" || value === null || Array.isArray(value) || depth > 2) return;
    for (const [key, item] of Object.entries(value)) {
      if (COUNT_KEYS.has(key)) {
        if (typeof item === "number" && Number.isFinite(item)) {
          if (!found.has("requests")) found.set("requests", item);
        } else if (typeof item === "object" && item !== null && !Array.isArray(item)) {
          for (const [label, count] of Object.entries(item)) {
            if (typeof count === "number" && !found.has(label)) found.set(label, count);
          }
        }
      } else if (key === "metadata" || key === "aiBatch") {
        visit(item, depth + 1);
      }
    }
  };
  visit(state, 0);
  return [...found.entries()];
}
