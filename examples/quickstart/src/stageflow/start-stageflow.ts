import { type AIProviders, createAIBatching } from "@stageflow/ai";
import type { AnyWorkflow } from "@stageflow/core";
import { createStageflow, type Plugin, type Stageflow } from "@stageflow/engine";
import type { StageProgressEvent } from "@stageflow/kernel";
import type { StageflowDatabase } from "@stageflow/persistence-kysely";
import type { Kysely } from "kysely";

/** Options of {@link startStageflow}. */
export interface StartStageflowOptions {
  /** The SQLite database (opened first: the AI call log and offline batches live in it too). */
  readonly db: Kysely<StageflowDatabase>;
  readonly workflows: readonly AnyWorkflow[];
  /** Receive outbox events (after commit, in per-run order). */
  readonly plugins: readonly Plugin[];
  /** Receives `stage:progress` live, in the process running the stage. */
  readonly onProgress?: (event: StageProgressEvent) => void;
  readonly workerId: string;
  /** Drain on SIGINT / SIGTERM (the demo: yes; tests: no). */
  readonly handleSignals: boolean;
  /** Cross-run AI batching of the `embed` stage: the providers its requests go to. */
  readonly aiProviders: AIProviders;
}

/**
 * `createStageflow` on the demo's database (migrated on start) with cross-run AI batching and a
 * worker in this process, on
 * the host's defaults: wake-ups from the transport, sleeps until the next due batch poll, and (with
 * the stable worker id) a restart resumes the jobs the previous start left running.
 */
export function startStageflow(options: StartStageflowOptions): Promise<Stageflow> {
  return createStageflow({
    database: options.db,
    workflows: options.workflows,
    plugins: options.plugins,
    // The embed stages of every document share provider batches (`defineBatchedStage`); each
    // request's AI call record lands in this database's ai_calls table.
    ai: { batching: (logger) => createAIBatching({ providers: options.aiProviders, logger }) },
    ...(options.onProgress ? { kernel: { hooks: { onProgress: options.onProgress } } } : {}),
    worker: {
      workerId: options.workerId,
      concurrency: 8,
      shutdownTimeoutMs: 5_000,
      handleSignals: options.handleSignals,
    },
  });
}
