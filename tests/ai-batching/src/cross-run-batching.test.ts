/**
 * Cross-run batching end to end, on SQLite and Postgres, through each provider's SDK against its
 * loopback fake (and the offline provider): many runs make few provider batches, every run gets
 * its own answer, a failed request is retried in its own run only, cancelling runs removes their
 * requests (and cancels an all-cancelled batch at the provider), and costs land on each run.
 */
import { createAIBatching } from "@stageflow/ai";
import { afterEach, describe, expect, it } from "vitest";
import { type BatchingHarness, createHarness, DATABASES } from "./harness";
import { anthropicVendor, googleVendor, offlineVendor, openaiVendor, type Vendor } from "./vendors";
import { askWorkflow } from "./workflow";

const VENDORS = {
  openai: openaiVendor,
  anthropic: anthropicVendor,
  google: googleVendor,
  offline: offlineVendor,
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(database: (typeof DATABASES)[number], make: () => Promise<Vendor>) {
  const vendor = await make();
  cleanups.push(() => vendor.close());
  const workflow = askWorkflow(vendor.model);
  const t: BatchingHarness = await createHarness(database, [workflow], (logger) =>
    createAIBatching({
      providers: [vendor.provider],
      logger,
      groups: { [vendor.name]: { maxRequests: 5, maxDelayMs: 5_000, pollIntervalMs: 1_000 } },
    }),
  );
  cleanups.push(() => t.teardown());
  const create = async (prompt: string) =>
    (await t.kernel.dispatch({ type: "run.create", workflowId: workflow.id, input: { prompt } }))
      .workflowRunId;
  return { vendor, t, create };
}

async function runOf(t: BatchingHarness, id: string) {
  const run = await t.persistence.getRun(id);
  if (run === null) throw new Error(`run ${id} is gone`);
  return run;
}

async function outputOf(t: BatchingHarness, id: string) {
  const blob = await t.db
    .selectFrom("stageflow_blobs")
    .select("value")
    .where("key", "=", `runs/${id}/stages/ask/output`)
    .executeTakeFirst();
  const value = blob?.value;
  return (typeof value === "string" ? JSON.parse(value) : value) as {
    answer: string;
    cost: number;
  };
}

for (const database of DATABASES) {
  for (const [name, make] of Object.entries(VENDORS)) {
    describe(`cross-run batching on ${database} with ${name}`, () => {
      it("12 runs make 3 provider batches (5 + 5 + the 2 left after maxDelayMs), each run gets its own answer and its cost", async () => {
        const { vendor, t, create } = await setup(database, make);
        const prompts = Array.from({ length: 12 }, (_, i) => `question number ${i}`);
        const ids: string[] = [];
        for (const prompt of prompts) ids.push(await create(prompt));
        await t.round();
        // Two full groups went at once; the two left wait for maxDelayMs.
        expect(vendor.submissions()).toBe(2);
        await t.drive({ stepMs: 1_000 });
        expect(vendor.submissions()).toBe(3);
        const sent = vendor.submittedIds();
        expect(new Set(sent).size).toBe(12);
        expect(sent.length).toBe(12);
        let total = 0;
        for (const [i, id] of ids.entries()) {
          const run = await runOf(t, id);
          expect(run.status).toBe("COMPLETED");
          const output = await outputOf(t, id);
          if (name !== "offline") expect(output.answer).toContain(`question number ${i}`);
          else expect(output.answer.length).toBeGreaterThan(0);
          const calls = await t.db
            .selectFrom("stageflow_ai_calls")
            .selectAll()
            .where("workflow_run_id", "=", id)
            .execute();
          expect(calls).toHaveLength(1);
          expect(calls[0]).toMatchObject({ stage_id: "ask", status: "succeeded" });
          const expected = vendor.price(
            Number(calls[0]?.input_tokens),
            Number(calls[0]?.output_tokens),
          );
          expect(Number(calls[0]?.cost)).toBeCloseTo(expected, 12);
          expect(run.totalCost).toBeCloseTo(expected, 12);
          expect(output.cost).toBeCloseTo(expected, 12);
          if (name !== "offline") expect(expected).toBeGreaterThan(0);
          total += run.totalCost;
        }
        const batches = await t.db.selectFrom("stageflow_ai_batches").selectAll().execute();
        expect(batches.map((b) => b.status)).toEqual(["ENDED", "ENDED", "ENDED"]);
        const rows = await t.db.selectFrom("stageflow_ai_batch_requests").selectAll().execute();
        expect(rows).toHaveLength(12);
        expect(rows.every((r) => r.status === "SUCCEEDED")).toBe(true);
        expect(total).toBeGreaterThanOrEqual(0);
      });

      if (name !== "offline") {
        it("a failed request is retried in its own run only; the others complete from the first batch", async () => {
          const { vendor, t, create } = await setup(database, make);
          const ids = [
            await create("first plain question"),
            await create("a flaky question"),
            await create("third plain question"),
          ];
          await t.drive({ stepMs: 5_000 });
          for (const id of ids) expect((await runOf(t, id)).status).toBe("COMPLETED");
          const rows = await t.db
            .selectFrom("stageflow_ai_batch_requests")
            .select(["workflow_run_id", "attempt", "status"])
            .orderBy("created_at")
            .execute();
          // The flaky run made a second request (attempt 2); the others made one each.
          expect(
            rows.filter((r) => r.workflow_run_id === ids[1]).map((r) => [r.attempt, r.status]),
          ).toEqual([
            [1, "FAILED"],
            [2, "SUCCEEDED"],
          ]);
          expect(rows.filter((r) => r.workflow_run_id !== ids[1]).map((r) => r.status)).toEqual([
            "SUCCEEDED",
            "SUCCEEDED",
          ]);
          expect(vendor.submissions()).toBe(2);
          const stage = await t.persistence.getStage(ids[1] ?? "", "ask");
          expect(stage?.attempt).toBe(2);
        });

        it("cancelling runs removes their pending requests, and a batch whose every request was cancelled is cancelled at the provider", async () => {
          const { vendor, t, create } = await setup(database, make);
          vendor.hold(true);
          // Five runs fill one batch, which stays running at the provider.
          const batchedIds: string[] = [];
          for (let i = 0; i < 5; i++) batchedIds.push(await create(`held question ${i}`));
          // Two more wait in the collector (not due yet).
          const waiting = [await create("waiting question a"), await create("waiting question b")];
          await t.round();
          expect(vendor.submissions()).toBe(1);
          await t.kernel.dispatch({ type: "run.cancel", workflowRunId: waiting[0] ?? "" });
          for (const id of batchedIds)
            await t.kernel.dispatch({ type: "run.cancel", workflowRunId: id });
          t.clock.advance(5_000);
          await t.round();
          expect(vendor.cancellations()).toBe(1);
          // The surviving waiting run went alone into a second batch; the cancelled one never left.
          expect(vendor.submissions()).toBe(2);
          expect(vendor.submittedIds()).not.toContain(
            (
              await t.db
                .selectFrom("stageflow_ai_batch_requests")
                .select("id")
                .where("workflow_run_id", "=", waiting[0] ?? "")
                .executeTakeFirstOrThrow()
            ).id,
          );
          const batches = await t.db
            .selectFrom("stageflow_ai_batches")
            .select("status")
            .orderBy("created_at")
            .execute();
          expect(batches.map((b) => b.status)).toEqual(["CANCELLED", "SUBMITTED"]);
          vendor.hold(false);
          await t.drive({ stepMs: 1_000 });
          expect((await runOf(t, waiting[1] ?? "")).status).toBe("COMPLETED");
          expect((await runOf(t, waiting[0] ?? "")).status).toBe("CANCELLED");
        });
      }
    });
  }
}
