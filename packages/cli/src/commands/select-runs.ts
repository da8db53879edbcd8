import type { RunFilterOptions, RunQueryApi } from "@stageflow/engine";

/** Every run id the filter matches, newest first, read page by page. */
export async function selectRunIds(
  queries: RunQueryApi,
  filter: RunFilterOptions,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await queries.listRuns({ ...filter, limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const run of page.runs) ids.push(run.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
