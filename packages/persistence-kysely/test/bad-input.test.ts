import { isStageflowError } from "@stageflow/core";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import {
  createKyselyAICallLogger,
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
} from "../src/index";
import { newEvent, newJob, newRun, T0 } from "./helpers/fixtures";
import { rowCounts } from "./helpers/table-rows";
import { TARGET_NAMES, TARGETS, type TestTarget } from "./helpers/targets";

const HOSTILE = `it's "quoted" \\ back\`tick'; DROP TABLE stageflow_runs; -- %_ */ /* $1 ? 🚀`;

async function expectNotJson(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isStageflowError(error) ? error.code : error).toBe("NOT_JSON_SERIALIZABLE");
}

const cycle = (): Record<string, unknown> => {
  const value: Record<string, unknown> = {};
  value.self = value;
  return value;
};
const BAD: [string, () => unknown][] = [
  ["a BigInt", () => ({ n: 1n })],
  ["a cycle", cycle],
  ["a function", () => ({ f: () => 1 })],
];

for (const name of TARGET_NAMES) {
  describe(`bad input: ${name}`, () => {
    let target: TestTarget | undefined;
    afterEach(async () => {
      await target?.teardown();
      target = undefined;
    });

    for (const [kind, make] of BAD) {
      it(`rejects ${kind} with NotJsonSerializableError before writing anything, in every table`, async () => {
        target = await TARGETS[name]();
        const persistence = createKyselyPersistence(target.db);
        const run = await persistence.createRun(newRun());
        const [stage] = await persistence.createStages([
          { workflowRunId: run.id, stageId: "a", stageName: "A", groupIndex: 1, now: T0 },
        ]);
        const before = await rowCounts(target.db);
        const bad = make();
        await expectNotJson(persistence.createRun(newRun({ input: bad })));
        await expectNotJson(persistence.updateRun(run.id, { output: bad }, T0));
        await expectNotJson(
          persistence.updateStage(stage?.id ?? "", { metrics: bad as Record<string, number> }, T0),
        );
        await expectNotJson(
          persistence.enqueueJobs([
            newJob(run.id),
            newJob(run.id, { payload: bad as Record<string, unknown> }),
          ]),
        );
        await expectNotJson(
          createKyselyJobTransport(target.db).enqueue([
            newJob(run.id, { payload: bad as Record<string, unknown> }),
          ]),
        );
        await expectNotJson(
          persistence.appendOutboxEvents([
            newEvent(run.id),
            { ...newEvent(run.id), payload: bad as Record<string, unknown> },
          ]),
        );
        await expectNotJson(
          persistence.appendLogs([
            {
              workflowRunId: run.id,
              stageId: null,
              stageRecordId: null,
              level: "INFO",
              message: "x",
              meta: bad as Record<string, unknown>,
              createdAt: T0,
            },
          ]),
        );
        await persistence.acquireIdempotencyKey({
          key: "k",
          commandType: "c",
          now: T0,
          reclaimAfterMs: 1,
        });
        const afterKey = await rowCounts(target.db);
        await expectNotJson(persistence.completeIdempotencyKey("k", "c", bad, T0));
        await expectNotJson(createKyselyBlobStore(target.db).put("blob", bad));
        expect(await rowCounts(target.db)).toEqual(afterKey);
        expect(afterKey).toEqual({
          ...before,
          stageflow_idempotency_keys: before.stageflow_idempotency_keys! + 1,
        });
        expect(await persistence.getRun(run.id)).toEqual(run);
      });
    }

    it("round-trips a 10 MB stage output through the blob store", async () => {
      target = await TARGETS[name]();
      const blobStore = createKyselyBlobStore(target.db);
      const line = `${"x".repeat(1_000)}"\\\n🚀`;
      const output = {
        lines: Array.from({ length: 10_000 }, (_, i) => `${i}:${line}`),
        n: 0.1 + 0.2,
      };
      expect(JSON.stringify(output).length).toBeGreaterThan(10_000_000);
      await blobStore.put("runs/r/stages/a/output", output);
      const stored = await blobStore.get<typeof output>("runs/r/stages/a/output");
      expect(JSON.stringify(stored)).toBe(JSON.stringify(output));
      const { rows } = await sql<{
        size: number | string;
      }>`select size_bytes as size from stageflow_blobs`.execute(target.db);
      expect(Number(rows[0]?.size)).toBe(Buffer.byteLength(JSON.stringify(output)));
    });

    it("stores ids, keys and names with quotes and SQL fragments verbatim", async () => {
      target = await TARGETS[name]();
      const persistence = createKyselyPersistence(target.db);
      expect(await persistence.getRun(HOSTILE)).toBeNull();
      expect(await persistence.getStagesByRun(HOSTILE)).toEqual([]);
      const run = await persistence.createRun(
        newRun({ workflowId: HOSTILE, metadata: { [HOSTILE]: HOSTILE } }),
      );
      const [job] = await persistence.enqueueJobs([
        newJob(run.id, { stageId: HOSTILE, workflowId: HOSTILE }),
      ]);
      const transport = createKyselyJobTransport(target.db);
      const [leased] = await transport.dequeue({ workerId: HOSTILE, limit: 1, now: T0 });
      expect(leased).toMatchObject({
        id: job?.id,
        stageId: HOSTILE,
        workflowId: HOSTILE,
        lockedBy: HOSTILE,
      });
      expect(
        await transport.heartbeat({ workerId: HOSTILE, jobIds: [job?.id ?? "", HOSTILE], now: T0 }),
      ).toEqual([job?.id]);
      expect(await persistence.completeJob(job?.id ?? "", T0, { workerId: HOSTILE })).toBe(true);
      expect(await persistence.getRun(run.id)).toMatchObject({
        workflowId: HOSTILE,
        metadata: { [HOSTILE]: HOSTILE },
      });
      await persistence.acquireIdempotencyKey({
        key: HOSTILE,
        commandType: HOSTILE,
        now: T0,
        reclaimAfterMs: 1,
      });
      await persistence.completeIdempotencyKey(HOSTILE, HOSTILE, { [HOSTILE]: HOSTILE }, T0);
      expect(
        await persistence.acquireIdempotencyKey({
          key: HOSTILE,
          commandType: HOSTILE,
          now: T0,
          reclaimAfterMs: 1,
        }),
      ).toEqual({
        status: "replay",
        result: { [HOSTILE]: HOSTILE },
      });
      const blobs = createKyselyBlobStore(target.db);
      await blobs.put(HOSTILE, HOSTILE);
      await blobs.put(`${HOSTILE}/child`, 1);
      expect(await blobs.get(HOSTILE)).toBe(HOSTILE);
      expect(await blobs.list(HOSTILE)).toEqual([HOSTILE, `${HOSTILE}/child`].sort());
      const logger = createKyselyAICallLogger(target.db);
      await logger.logCall({
        topic: HOSTILE,
        provider: HOSTILE,
        model: HOSTILE,
        kind: "text",
        inputTokens: 1,
        outputTokens: 2,
        cost: 0.5,
        batch: false,
        status: "failed",
        error: HOSTILE,
        durationMs: 3,
        createdAt: T0,
      });
      expect(await logger.getStats(HOSTILE)).toMatchObject({
        calls: 1,
        failedCalls: 1,
        totalTokens: 3,
      });
      expect(await rowCounts(target.db)).toMatchObject({ stageflow_runs: 1, stageflow_jobs: 1 });
    });
  });
}
