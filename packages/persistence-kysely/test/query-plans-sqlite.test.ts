import type { RunPageRequest } from "@stageflow/kernel";
import { CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabaseContext } from "../src/database/database-context";
import { aiCostsByDayQuery } from "../src/queries/ai-costs-by-day";
import { runPageQuery } from "../src/queries/run-page-query";
import { deleteIdempotencyKeysOfRuns } from "../src/sql/delete-runs";
import { T0 } from "./helpers/fixtures";
import { TARGETS, type TestTarget } from "./helpers/targets";

/**
 * SQLite's plans of the query API's statements (its planner does not depend on table sizes
 * without ANALYZE): every listing is one index range in the listing's order, never a table scan
 * nor a temporary B-tree to sort. Fails without migration 0004's indexes.
 */
describe("query plans on SQLite", () => {
  let target: TestTarget;
  beforeAll(async () => {
    target = await TARGETS["sqlite (file)"]();
  });
  afterAll(async () => {
    await target.teardown();
  });

  async function planOf(compiled: CompiledQuery): Promise<string[]> {
    const { rows } = await target.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
    );
    return rows.map((row) => row.detail);
  }

  const page = (request: Partial<RunPageRequest>): RunPageRequest => ({
    filter: {},
    order: "newest",
    limit: 51,
    ...request,
  });
  const after = { createdAt: T0, id: "run-1" };
  const cases: [string, RunPageRequest, RegExp, { sorts?: boolean }?][] = [
    ["no filter", page({}), /stageflow_runs USING (COVERING )?INDEX stageflow_runs_created_idx/],
    [
      "no filter, after a cursor, oldest first",
      page({ order: "oldest", after }),
      /SEARCH stageflow_runs USING INDEX stageflow_runs_created_idx/,
    ],
    [
      "a status",
      page({ filter: { statuses: ["FAILED"] } }),
      /SEARCH stageflow_runs USING INDEX stageflow_runs_status_created_idx \(status=\?\)/,
    ],
    [
      "a status after a cursor",
      page({ filter: { statuses: ["FAILED"] }, after }),
      /SEARCH stageflow_runs USING INDEX stageflow_runs_status_created_idx \(status=\? AND \(created_at,id\)<\(\?,\?\)\)/,
    ],
    [
      "a workflow",
      page({ filter: { workflowIds: ["docs"] } }),
      /SEARCH stageflow_runs USING INDEX stageflow_runs_workflow_created_idx \(workflow_id=\?\)/,
    ],
    [
      "a status and a creation range (run.purge)",
      page({
        filter: { statuses: ["COMPLETED"], createdBefore: T0, finishedBefore: T0 },
        order: "oldest",
      }),
      /SEARCH stageflow_runs USING INDEX stageflow_runs_status_created_idx \(status=\? AND created_at<\?\)/,
    ],
    [
      "an id prefix",
      page({ filter: { idPrefix: "0b1f" } }),
      /SEARCH stageflow_runs USING INDEX (sqlite_autoindex_stageflow_runs_1|stageflow_runs_pkey) \(id>\? AND id<\?\)/,
      // Only the runs of the prefix are read, then sorted.
      { sorts: true },
    ],
  ];

  for (const [name, request, expected, options] of cases) {
    it(`lists runs by ${name} from one index range${options?.sorts ? "" : ", without sorting"}`, async () => {
      const context = getDatabaseContext(target.db, "test");
      const plan = await planOf(runPageQuery(target.db, context, request).compile());
      const text = plan.join("; ");
      expect(
        plan.some((detail) => expected.test(detail)),
        text,
      ).toBe(true);
      if (!options?.sorts) expect(text).not.toMatch(/TEMP B-TREE/);
      expect(
        plan.some((detail) => /^SCAN stageflow_runs$/.test(detail)),
        text,
      ).toBe(false);
    });
  }

  it("finds a failed stage among the FAILED runs, through the stage index of each", async () => {
    const context = getDatabaseContext(target.db, "test");
    const plan = await planOf(
      runPageQuery(target.db, context, page({ filter: { failedStageId: "embed" } })).compile(),
    );
    const text = plan.join("; ");
    expect(text).toMatch(
      /SEARCH stageflow_runs USING INDEX stageflow_runs_status_created_idx \(status=\?\)/,
    );
    expect(text).toMatch(/SEARCH stageflow_stages (EXISTS )?USING (COVERING )?INDEX/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });

  it("deletes a run's idempotency keys by the run-id expression index", async () => {
    const plan = await planOf(
      deleteIdempotencyKeysOfRuns(target.db, "sqlite", ["r1", "r2"]).compile(),
    );
    expect(plan.join("; ")).toMatch(
      /SEARCH stageflow_idempotency_keys USING INDEX stageflow_idempotency_run_idx/,
    );
  });

  it("sums the daily AI costs from a created_at range of the AI calls (migration 0010)", async () => {
    const context = getDatabaseContext(target.db, "test");
    const range = { from: T0, to: new Date(T0.getTime() + 86_400_000) };
    const all = (await planOf(aiCostsByDayQuery(target.db, context, range).compile())).join("; ");
    expect(all).toMatch(
      /SEARCH c USING INDEX stageflow_ai_calls_created_idx \(created_at>\? AND created_at<\?\)/,
    );
    expect(all).toMatch(
      /SEARCH r USING INDEX (sqlite_autoindex_stageflow_runs_1|stageflow_runs_pkey)/,
    );
    // One workflow: its runs by the workflow index, then each run's calls; never a table scan.
    const one = (
      await planOf(
        aiCostsByDayQuery(target.db, context, { ...range, workflowId: "docs" }).compile(),
      )
    ).join("; ");
    expect(one).toMatch(/SEARCH (c|r) USING (COVERING )?INDEX/);
    for (const text of [all, one]) expect(text).not.toMatch(/SCAN (c|r)\b/);
  });
});
