/**
 * Cross-run batching at scale: N runs (default 10,000) of a workflow with one batched request
 * each, against the OpenAI loopback fake (real `openai` SDK), its batches ending at once. Prints
 * the provider batches submitted (goal: ≤ 1 per maxRequests), the time from the last run's
 * creation to the last batch's submission, the database rows per request, and the end-to-end
 * time. `tsx src/ai-batching/cross-run-batching-bench.ts [runs] [sqlite|postgres]`.
 */
import { createHarness } from "../../../tests/ai-batching/src/harness";
import { batchingPortFor, openaiVendor } from "../../../tests/ai-batching/src/vendors";
import { askWorkflow } from "../../../tests/ai-batching/src/workflow";

const runs = Number(process.argv[2] ?? 10_000);
const database = (process.argv[3] ?? "sqlite") as "sqlite" | "postgres";
const MAX_REQUESTS = 1_000;

const vendor = await openaiVendor();
const workflow = askWorkflow(vendor.model);
const t = await createHarness(database, [workflow], (logger) =>
  batchingPortFor(vendor, logger, {
    maxRequests: MAX_REQUESTS,
    maxDelayMs: 5_000,
    pollIntervalMs: 1_000,
  }),
);
try {
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    await t.kernel.dispatch({
      type: "run.create",
      workflowId: workflow.id,
      input: { prompt: `document ${i}` },
    });
  }
  const lastCreated = performance.now();
  let lastSubmission = lastCreated;
  let collectorMs = 0;
  let seen = 0;
  for (let round = 0; round < 60; round++) {
    await t.round({
      // The collector's own time: from the moment every due stage body has run (and suspended)
      // to the end of the flush that submitted batches.
      onFlushed: (flushStartedAt) => {
        if (vendor.submissions() > seen) {
          seen = vendor.submissions();
          lastSubmission = performance.now();
          collectorMs += lastSubmission - flushStartedAt;
        }
      },
    });
    const open = await t.db
      .selectFrom("stageflow_runs")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("status", "in", ["PENDING", "RUNNING"])
      .executeTakeFirstOrThrow();
    if (Number(open.n) === 0) break;
    t.clock.advance(1_000);
  }
  const ended = performance.now();
  const count = async (table: "stageflow_ai_batch_requests" | "stageflow_ai_batches") =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const requests = await count("stageflow_ai_batch_requests");
  const batches = await count("stageflow_ai_batches");
  const batchStatuses = Object.fromEntries(
    (
      await t.db
        .selectFrom("stageflow_ai_batches")
        .select((eb) => ["status", "error", eb.fn.countAll().as("n")])
        .groupBy(["status", "error"])
        .execute()
    ).map((row) => [`${row.status}${row.error ? `: ${row.error}` : ""}`, Number(row.n)]),
  );
  const completed = Number(
    (
      await t.db
        .selectFrom("stageflow_runs")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("status", "=", "COMPLETED")
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log(
    JSON.stringify(
      {
        database,
        runs,
        completed,
        maxRequests: MAX_REQUESTS,
        providerBatchesSubmitted: vendor.submissions(),
        goalAtMost: Math.ceil(runs / MAX_REQUESTS),
        msLastRunCreatedToLastBatchSubmitted: Math.round(lastSubmission - lastCreated),
        msCollectingAndSubmitting: Math.round(collectorMs),
        batchingRowsPerRequest: (requests + batches) / requests,
        batchRows: batchStatuses,
        msEndToEnd: Math.round(ended - started),
        msCreatingRuns: Math.round(lastCreated - started),
      },
      null,
      2,
    ),
  );
} finally {
  await t.teardown();
  await vendor.close();
}
