import type { ListRunsOptions, RunQueryApi } from "@stageflow/kernel";
import { SEED_NOW } from "./seed-runs";

/** One timed query of the query API. */
export interface QueryCase {
  readonly name: string;
  /** Runs the query once; resolves to the number of rows it returned. */
  run(queries: RunQueryApi): Promise<number>;
}

const HOUR = 3_600_000;

function listing(name: string, options: ListRunsOptions): QueryCase {
  return {
    name,
    async run(queries) {
      return (await queries.listRuns({ limit: 50, ...options })).runs.length;
    },
  };
}

/** The cases: the newest 50 with and without each filter, a second page, counts, a detail. */
export function queryCases(sampleRunId: string): QueryCase[] {
  return [
    listing("newest 50, no filter", {}),
    listing("oldest 50, no filter", { order: "oldest" }),
    listing("newest 50 FAILED", { status: "FAILED" }),
    listing("newest 50 FAILED or CANCELLED", { status: ["FAILED", "CANCELLED"] }),
    listing("newest 50 of one workflow", { workflowId: "wf-3" }),
    listing("newest 50 of one workflow, COMPLETED", { workflowId: "wf-3", status: "COMPLETED" }),
    listing("newest 50 created in the last day", {
      createdAfter: new Date(SEED_NOW.getTime() - 24 * HOUR),
    }),
    listing("newest 50 finished in the last hour", {
      finishedAfter: new Date(SEED_NOW.getTime() - HOUR),
    }),
    listing("newest 50 whose stage 'embed' failed", { failedStageId: "embed" }),
    listing("newest 50 with metadata tenant = t7", { metadata: { tenant: "t7" } }),
    listing("runs by id prefix (8 chars)", { idPrefix: sampleRunId.slice(0, 8) }),
    {
      name: "second page of COMPLETED (cursor)",
      async run(queries) {
        const first = await queries.listRuns({ status: "COMPLETED", limit: 50 });
        const second = await queries.listRuns({
          status: "COMPLETED",
          limit: 50,
          cursor: first.nextCursor ?? undefined,
        });
        return second.runs.length;
      },
    },
    {
      name: "countRuns FAILED in the last day",
      async run(queries) {
        return (
          await queries.countRuns({
            status: "FAILED",
            createdAfter: new Date(SEED_NOW.getTime() - 24 * HOUR),
          })
        ).total;
      },
    },
    {
      name: "countRuns, whole table",
      async run(queries) {
        return (await queries.countRuns()).total;
      },
    },
    {
      name: "getRunDetail",
      async run(queries) {
        return (await queries.getRunDetail(sampleRunId)) === null ? 0 : 1;
      },
    },
  ];
}
