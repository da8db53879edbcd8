import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createNodeHost, runAndWait } from "@stageflow/host-node";
import {
  createKernel,
  createPluginRunner,
  createWorkflowRegistry,
  systemClock,
} from "@stageflow/kernel";
import {
  createKyselyAICallLogger,
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { createEmbeddingsWorkflow, type EmbeddingSetup } from "./embeddings-workflow";

/** What a run of the example produced. */
export interface BatchEmbeddingsResult {
  readonly status: string;
  readonly output: unknown;
  readonly totalTokens: number;
  /** USD, at the batch price. */
  readonly totalCost: number;
}

/**
 * Runs the workflow once over `texts` on SQLite with a node host in this process, and returns
 * the run's output and its token and cost totals.
 */
export async function runBatchEmbeddings(options: {
  readonly filename: string;
  readonly setup: Omit<EmbeddingSetup, "logger">;
  readonly texts: ReadonlyArray<{ id: string; text: string }>;
  readonly idempotencyKey?: string;
}): Promise<BatchEmbeddingsResult> {
  if (options.filename !== ":memory:") mkdirSync(dirname(options.filename), { recursive: true });
  const db = createSqliteDatabase(options.filename);
  await migrateToLatest(db);
  const persistence = createKyselyPersistence(db);
  const jobTransport = createKyselyJobTransport(db);
  const workflow = createEmbeddingsWorkflow({
    ...options.setup,
    logger: createKyselyAICallLogger(db),
  });
  const kernel = createKernel({
    persistence,
    jobTransport,
    blobStore: createKyselyBlobStore(db),
    eventSink: createPluginRunner({ plugins: [] }),
    clock: systemClock,
    registry: createWorkflowRegistry([workflow]),
  });
  // Suspended stages are polled on the orchestration tick: keep it near the batch's poll interval.
  const host = createNodeHost({
    kernel,
    jobTransport,
    workerId: `batch-embeddings-${process.pid}`,
    orchestrationIntervalMs: Math.min(options.setup.pollMs, 10_000),
    handleSignals: false,
  });
  await host.start();
  try {
    const outcome = await runAndWait({
      kernel,
      persistence,
      host,
      command: {
        type: "run.create",
        workflowId: workflow.id,
        input: { texts: options.texts },
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      },
    });
    const run = await persistence.getRun(outcome.workflowRunId);
    return {
      status: outcome.status,
      output: outcome.output ?? outcome.error,
      totalTokens: run?.totalTokens ?? 0,
      totalCost: run?.totalCost ?? 0,
    };
  } finally {
    await host.stop();
    await db.destroy();
  }
}
