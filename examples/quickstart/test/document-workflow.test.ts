import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createAIBatching, offlineProvider } from "@stageflow/ai";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { createTestKernel, FakeClock } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import type { DocumentAI } from "../src/workflow/document-ai";
import { createDocumentWorkflow, DOCUMENT_WORKFLOW_ID } from "../src/workflow/document-workflow";

// The workflow alone on an in-memory SQLite database and a fake clock: no host, no waiting for
// the batch (the clock jumps to the collector's and the batch's due times).
describe("the document workflow", () => {
  it("runs extract → [summarize ‖ keywords] → embed (batched across runs) → merge", async () => {
    const clock = new FakeClock("2030-01-01T00:00:00Z");
    const ai: DocumentAI = {
      label: "offline",
      providers: [offlineProvider({ batchDelayMs: 60_000, now: () => clock.now().getTime() })],
      textModel: "offline-text",
      embedModel: "offline-embed",
      batchPollMs: 10_000,
    };
    const db = createSqliteDatabase(":memory:");
    await migrateToLatest(db);
    const t = createTestKernel({
      workflows: [createDocumentWorkflow(ai)],
      clock,
      persistence: createKyselyPersistence(db),
      jobTransport: createKyselyJobTransport(db),
      blobStore: createKyselyBlobStore(db),
      aiBatching: createAIBatching({ providers: ai.providers }),
    });
    const text = await readFile(
      join(import.meta.dirname, "..", "documents", "river-mill.txt"),
      "utf8",
    );
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: DOCUMENT_WORKFLOW_ID,
      input: { documentId: "river-mill", text },
    });

    const run = await t.runToCompletion(workflowRunId);

    expect(run.status).toBe("COMPLETED");
    expect(run.output).toMatchObject({
      documentId: "river-mill",
      title: "The Mill on the Slow River",
      embedding: { model: "offline-embed", chunks: 4, dimensions: 256 },
    });
    expect(run.totalTokens).toBeGreaterThan(0);
    const stages = await t.persistence.getStagesByRun(workflowRunId);
    expect(stages.map((s) => [s.stageId, s.groupIndex, s.status])).toEqual([
      ["extract", 1, "COMPLETED"],
      ["keywords", 2, "COMPLETED"],
      ["summarize", 2, "COMPLETED"],
      ["embed", 3, "COMPLETED"],
      ["merge", 4, "COMPLETED"],
    ]);
    expect(t.eventSink.types()).toContain("stage:suspended");
    // The four paragraphs went out as one provider batch.
    const batches = await db.selectFrom("stageflow_ai_batches").selectAll().execute();
    expect(batches.map((b) => [b.status, JSON.parse(String(b.request_ids)).length])).toEqual([
      ["ENDED", 4],
    ]);
    await db.destroy();
  });
});
