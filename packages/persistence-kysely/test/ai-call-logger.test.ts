import { afterEach, describe, expect, it } from "vitest";
import { type AICallRecordShape, createKyselyAICallLogger } from "../src/index";
import { T0 } from "./helpers/fixtures";
import { TARGET_NAMES, TARGETS, type TestTarget } from "./helpers/targets";

const call = (overrides: Partial<AICallRecordShape>): AICallRecordShape => ({
  topic: "summarize",
  provider: "anthropic",
  model: "claude",
  kind: "text",
  inputTokens: 10,
  outputTokens: 5,
  cost: 0.001,
  batch: false,
  status: "succeeded",
  durationMs: 120,
  createdAt: T0,
  ...overrides,
});

for (const name of TARGET_NAMES) {
  describe(`AI call logger: ${name}`, () => {
    let target: TestTarget | undefined;
    afterEach(async () => {
      await target?.teardown();
      target = undefined;
    });

    it("stores the error of a call with its secrets redacted, whoever built the record", async () => {
      target = await TARGETS[name]();
      const logger = createKyselyAICallLogger(target.db);
      await logger.logCall(
        call({
          status: "failed",
          error: "401 x-api-key: sk-ant-api03-leakedleaked via https://u:hunter22@proxy",
        }),
      );
      const rows = await target.db.selectFrom("stageflow_ai_calls").select("error").execute();
      expect(rows.map((row) => row.error)).toEqual([
        "401 x-api-key: [redacted] via https://u:[redacted]@proxy",
      ]);
    });

    it("keeps batch infos for getResults, readable from another logger on the same database", async () => {
      target = await TARGETS[name]();
      const info = {
        v: 1 as const,
        provider: "google",
        batchId: "batches/b 1",
        model: "m",
        requestCount: 2,
        schemas: {},
        requestIds: ["x", "y"],
      };
      await createKyselyAICallLogger(target.db).saveBatchInfo(info);
      const other = createKyselyAICallLogger(target.db);
      expect(await other.loadBatchInfo("google", "batches/b 1")).toEqual(info);
      expect(await other.loadBatchInfo("openai", "batches/b 1")).toBeUndefined();
    });

    it("stores calls and aggregates them by topic prefix", async () => {
      target = await TARGETS[name]();
      const logger = createKyselyAICallLogger(target.db);
      await logger.logCall(
        call({
          topic: "batch.run_1",
          batch: true,
          kind: "batch",
          batchId: "b1",
          requestId: "r1",
          workflowRunId: "run_1",
          stageId: "a",
        }),
      );
      await logger.logCall(
        call({
          topic: "batch.run_1",
          status: "failed",
          error: "rate limited",
          inputTokens: 0,
          outputTokens: 0,
          cost: 0,
        }),
      );
      await logger.logCall(
        call({ topic: "batch.run_2", inputTokens: 100, outputTokens: 50, cost: 0.5 }),
      );
      await logger.logCall(call({ topic: "batch_run_3" }));
      await logger.logCall(call({ topic: "summarize" }));
      expect(await logger.getStats("batch.run_1")).toEqual({
        calls: 2,
        failedCalls: 1,
        inputTokens: 10,
        outputTokens: 5,
        totalTokens: 15,
        cost: 0.001,
      });
      expect(await logger.getStats("batch.")).toMatchObject({
        calls: 3,
        inputTokens: 110,
        totalTokens: 165,
      });
      expect((await logger.getStats("batch."))?.cost).toBeCloseTo(0.501);
      expect(await logger.getStats("")).toMatchObject({ calls: 5 });
      expect(await logger.getStats("nothing")).toEqual({
        calls: 0,
        failedCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
        cost: 0,
      });
      const rows = await target.db
        .selectFrom("stageflow_ai_calls")
        .selectAll()
        .orderBy("id")
        .execute();
      expect(rows[0]).toMatchObject({
        topic: "batch.run_1",
        batch_id: "b1",
        request_id: "r1",
        workflow_run_id: "run_1",
        stage_id: "a",
      });
      expect(Boolean(rows[0]?.batch)).toBe(true);
      expect(rows[1]).toMatchObject({ status: "failed", error: "rate limited", batch_id: null });
    });
  });
}
