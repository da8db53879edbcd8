/**
 * Bad input to cross-run batching gets a typed error with a clear message and writes no
 * request: a malformed request key, a kernel without the batching port, an unknown model, a
 * malformed `aiBatch.flush` command.
 */
import { createAIBatching, offlineProvider } from "@stageflow/ai";
import {
  type BatchedRequest,
  type BatchedRequestSpec,
  batched,
  defineBatchedStage,
  WorkflowBuilder,
} from "@stageflow/core";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { createTestKernel } from "@stageflow/testing";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";

const dbs: Array<{ destroy(): Promise<void> }> = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
});

function workflowWith(
  requests: () => Record<string, BatchedRequest<unknown>>,
  maxWaitTime?: number,
) {
  const stage = defineBatchedStage({
    id: "ask",
    name: "Ask",
    ...(maxWaitTime === undefined ? {} : { maxWaitTime }),
    schemas: { input: "none", output: z.object({ n: z.number() }), config: z.object({}) },
    requests,
    complete: (results) => ({ n: Object.keys(results).length }),
  });
  return new WorkflowBuilder("bad", "Bad", "bad input", z.undefined(), z.object({ n: z.number() }))
    .pipe(stage)
    .build();
}

async function kernelFor(
  requests: () => Record<string, BatchedRequest<unknown>>,
  withPort = true,
  maxWaitTime?: number,
) {
  const db = createSqliteDatabase(":memory:");
  dbs.push(db);
  await migrateToLatest(db);
  const t = createTestKernel({
    workflows: [workflowWith(requests, maxWaitTime)],
    persistence: createKyselyPersistence(db),
    jobTransport: createKyselyJobTransport(db),
    blobStore: createKyselyBlobStore(db),
    ...(withPort ? { aiBatching: createAIBatching({ providers: [offlineProvider()] }) } : {}),
  });
  const rows = () => db.selectFrom("stageflow_ai_batch_requests").selectAll().execute();
  const batches = () => db.selectFrom("stageflow_ai_batches").selectAll().execute();
  return { t, rows, batches };
}

async function failureOf(t: Awaited<ReturnType<typeof kernelFor>>["t"]) {
  const { workflowRunId } = await t.kernel.dispatch({
    type: "run.create",
    workflowId: "bad",
    input: undefined,
  });
  const run = await t.runToCompletion(workflowRunId);
  const stage = await t.persistence.getStage(workflowRunId, "ask");
  return { run, stage };
}

describe("cross-run batching refuses bad input", () => {
  it("a malformed request key fails the stage (not retried) and stores no request", async () => {
    const { t, rows } = await kernelFor(() => ({ "bad key!": batched.text("offline-text", "hi") }));
    const { run, stage } = await failureOf(t);
    expect(run.status).toBe("FAILED");
    expect(stage?.attempt).toBe(1);
    expect(stage?.error?.code).toBe("INVALID_SUSPENDED_RESULT");
    expect(stage?.error?.message).toContain("batchedRequests.bad key!");
    expect(await rows()).toEqual([]);
  });

  it("an object request without a JSON Schema fails the stage and stores no request", async () => {
    const spec: BatchedRequestSpec = { kind: "object", model: "offline-text", prompt: "hi" };
    const { t, rows } = await kernelFor(() => ({ a: spec as BatchedRequest<unknown> }));
    const { stage } = await failureOf(t);
    expect(stage?.error?.message).toContain("batchedRequests.a.jsonSchema");
    expect(await rows()).toEqual([]);
  });

  it("a kernel without the batching port fails the stage with AI_BATCHING_NOT_CONFIGURED", async () => {
    const { t, rows } = await kernelFor(() => ({ a: batched.text("offline-text", "hi") }), false);
    const { run, stage } = await failureOf(t);
    expect(run.status).toBe("FAILED");
    expect(stage?.attempt).toBe(1);
    expect(stage?.error?.code).toBe("AI_BATCHING_NOT_CONFIGURED");
    expect(stage?.error?.message).toContain("createAIBatching");
    expect(await rows()).toEqual([]);
  });

  it("an unknown model fails the stage with the registry's AI_UNKNOWN_MODEL and stores no request", async () => {
    const { t, rows } = await kernelFor(() => ({ a: batched.text("no-such-model", "hi") }));
    const { stage } = await failureOf(t);
    expect(stage?.error?.code).toBe("AI_UNKNOWN_MODEL");
    expect(await rows()).toEqual([]);
  });

  it("a malformed aiBatch.flush is refused naming the field, before anything is read", async () => {
    const { t } = await kernelFor(() => ({}));
    await expect(
      t.kernel.dispatch({ type: "aiBatch.flush", workerId: "" } as never),
    ).rejects.toMatchObject({ code: "INVALID_COMMAND", field: "workerId" });
    await expect(
      t.kernel.dispatch({ type: "aiBatch.flush", workerId: "w", maxSubmissions: 0 }),
    ).rejects.toMatchObject({ code: "INVALID_COMMAND", field: "maxSubmissions" });
  });

  it("a stage with no requests completes at once", async () => {
    const { t } = await kernelFor(() => ({}));
    const { run } = await failureOf(t);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ n: 0 });
  });
});

describe("a run that fails", () => {
  it("cancels its batched requests: a stage timed out before its batch was due submits nothing", async () => {
    // The offline group is due after 1 s; the stage gives up after 0.5 s.
    const { t, rows, batches } = await kernelFor(
      () => ({ a: batched.text("offline-text", "too slow") }),
      true,
      500,
    );
    const { run, stage } = await failureOf(t);
    expect(run.status).toBe("FAILED");
    expect(stage?.error?.code).toBe("STAGE_TIMEOUT");
    expect((await rows()).map((r) => r.status)).toEqual(["CANCELLED"]);
    expect(await batches()).toEqual([]);
  });
});
