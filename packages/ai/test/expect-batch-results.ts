/**
 * A check shared by the provider packages' batch tests. Imported by relative path:
 * `import { expectResultsById } from "../../ai/test/expect-batch-results";`
 */
import { expect } from "vitest";
import type { ProviderBatchResult } from "../src/provider";

/**
 * Checks a batch's results the way readers must take them: not in submission order (the fakes
 * deliver them reversed), one per request, and each equal to its expectation when matched by id.
 *
 * @param results - what `batch.getResults` returned
 * @param expected - every request's result without its id, by id, in submission order
 */
export function expectResultsById(
  results: readonly ProviderBatchResult[],
  expected: Readonly<Record<string, Omit<ProviderBatchResult, "id">>>,
): void {
  const ids = Object.keys(expected);
  expect(results.map((r) => r.id)).not.toEqual(ids);
  expect(results.map((r) => r.id).sort()).toEqual([...ids].sort());
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const [id, result] of Object.entries(expected)) {
    expect(byId.get(id)).toEqual({ id, ...result });
  }
}
