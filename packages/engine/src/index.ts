/**
 * `@stageflow/engine` — Stageflow in one call. `createStageflow` opens the database from a URL
 * (`sqlite:PATH` embedded, `postgres://…` for several workers), migrates it, builds the kernel
 * over the Kysely adapters with your workflows and plugins, and starts a worker in this process
 * with instant wake-ups. `sf.run(workflow, input)` is typed by the workflow's schemas and returns
 * a handle whose `result()` resolves with the output or rejects with `RunFailedError` /
 * `RunCancelledError`. Re-exports `@stageflow/core`, so one import defines and runs workflows.
 *
 * @example
 * ```ts
 * import { createStageflow, defineStage, WorkflowBuilder } from "@stageflow/engine";
 * import { z } from "zod";
 *
 * const count = defineStage({
 *   id: "count",
 *   name: "Count",
 *   schemas: { input: z.object({ text: z.string() }), output: z.number(), config: z.object({}) },
 *   async execute(ctx) {
 *     return { output: ctx.input.text.split(/\s+/).length };
 *   },
 * });
 * const wordCount = new WorkflowBuilder(
 *   "word-count", "Word count", "Counts words", z.object({ text: z.string() }), z.number(),
 * ).pipe(count).build();
 *
 * const sf = await createStageflow({ database: "sqlite:.stageflow/app.db", workflows: [wordCount] });
 * const run = await sf.run(wordCount, { text: "a b c" }, { idempotencyKey: "doc-1" });
 * console.log(await run.result()); // 3
 * await sf.close();
 * ```
 *
 * @packageDocumentation
 */

export * from "@stageflow/core";
export { type HostLogger, RunWaitTimeoutError } from "@stageflow/host-node";
export {
  definePlugin,
  describeSchedule,
  type FinalRunStatus,
  type Kernel,
  type ListEventsOptions,
  type ListRunsOptions,
  listSchedules,
  type MetadataValue,
  type OutboxRecord,
  type Persistence,
  type Plugin,
  type RunDetail,
  type RunFilterOptions,
  RunNotFoundError,
  type RunQueryApi,
  type RunRecord,
  type RunStatus,
  type RunSummary,
  type ScheduleDefinition,
  type ScheduleDescription,
  ScheduleNotFoundError,
  type ScheduleRecord,
  type StoredError,
  syncSchedules,
  WorkflowNotFoundError,
} from "@stageflow/kernel";
export {
  type DatabaseStatus,
  getDatabaseStatus,
  type MigrationState,
  migrateToLatest,
  type TableSize,
} from "@stageflow/persistence-kysely";
export type { StageflowAIGuards } from "./ai/stageflow-ai-guards";
export { createStageflow } from "./create-stageflow";
export { type OpenDatabaseOptions, openDatabase } from "./database/open-database";
export { type DatabaseLocation, parseDatabaseUrl } from "./database/parse-database-url";
export type { DatabaseOption } from "./database/resolve-database";
export { InvalidDatabaseUrlError } from "./errors/invalid-database-url-error";
export { InvalidStageflowOptionsError } from "./errors/invalid-stageflow-options-error";
export { isRunCancelledError, RunCancelledError } from "./errors/run-cancelled-error";
export { isRunFailedError, RunFailedError } from "./errors/run-failed-error";
export { StageflowClosedError } from "./errors/stageflow-closed-error";
export type { RunHandle, RunResultOptions } from "./runs/run-handle";
export type { RunOptions, Stageflow, StageflowRuns, WorkflowOutputOf } from "./stageflow";
export type {
  StageflowAIOptions,
  StageflowKernelOptions,
  StageflowOptions,
  StageflowWorkerOptions,
} from "./stageflow-options";
