/**
 * `@stageflow/kernel` — the command kernel of Stageflow: a pure dispatcher of commands over ports.
 * No background timers, no signals, no globals: hosts (`@stageflow/host-node`,
 * `@stageflow/host-serverless`) give it time and processes; adapters (`@stageflow/persistence-kysely`, `@stageflow/testing`)
 * give it storage.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ persistence, blobStore, jobTransport, eventSink, clock, registry });
 * const { workflowRunId } = await kernel.dispatch({ type: "run.create", workflowId: "docs", input });
 * ```
 *
 * @packageDocumentation
 */

export {
  /** The path of the first secret in a value (alias of `findSecret` in `@stageflow/core`). */
  findSecret as findSecretField,
  isNonRetryableError,
  isSecretKey,
  isStageflowError,
  NonRetryableError,
  type NonRetryableErrorOptions,
  REDACTED,
  redactText,
  redactValue,
  registerSecretValue,
  StageflowError,
  type StageflowErrorOptions,
  ValidationError,
  type ValidationErrorOptions,
  type ValidationIssue,
} from "@stageflow/core";
export {
  AIBatchingNotConfiguredError,
  BatchedRequestFailedError,
} from "./ai-batching/ai-batching-errors";
export { commandIdProblem, MAX_ID_LENGTH, MAX_VALUE_DEPTH } from "./commands/command-fields";
export type * from "./commands/command-types";
export * from "./errors/command-errors";
export * from "./errors/kernel-errors";
export * from "./errors/schedule-errors";
export { StageAlreadyExistsError } from "./errors/stage-already-exists-error";
export * from "./errors/stage-errors";
export { CompletionNotCommittedError, UnstorableValueError } from "./errors/unstorable-value-error";
export type * from "./events/stageflow-event";
export {
  runBlobPrefix,
  stageBlobPrefix,
  stageOutputKey,
  stageStorageKey,
} from "./execution/blob-keys";
export { decideRetry, type RetryDecision } from "./execution/decide-retry";
export { isRetryableFailure, toStoredError } from "./execution/failure-info";
export {
  type ValidatedSuspension,
  validateSuspendedResult,
} from "./execution/validate-suspended-result";
/** Option checks shared by the hosts (`countOption`, `objectOption`, …); each throws `InvalidHostOptionsError`. */
export * as hostOptionChecks from "./host-options/host-option-checks";
export { InvalidHostOptionsError } from "./host-options/invalid-host-options-error";
export { assertJsonValue } from "./json/assert-json-value";
export { createKernel, type Kernel, type KernelConfig } from "./kernel/create-kernel";
export {
  createPluginRunner,
  type PluginRunner,
  type PluginRunnerOptions,
} from "./plugins/create-plugin-runner";
export {
  definePlugin,
  type Plugin,
  type PluginHandler,
  type PluginHandlers,
} from "./plugins/define-plugin";
export { PluginHandlerError } from "./plugins/plugin-handler-error";
export type * from "./ports/ai-batch-store";
export type * from "./ports/blob-store";
export { type Clock, systemClock } from "./ports/clock";
export type * from "./ports/event-sink";
export type * from "./ports/job-transport";
export {
  createConsoleLogger,
  type StageflowLogger,
  type StageflowLogMethod,
  silentLogger,
} from "./ports/logger";
export type * from "./ports/persistence";
export type * from "./ports/run-queries";
export type * from "./ports/schedule-persistence";
export type * from "./ports/scheduler";
export type * from "./ports/speculative-commit";
export type * from "./ports/telemetry";
export { createWorkflowRegistry, type WorkflowRegistry } from "./ports/workflow-registry";
export { createRunQueries } from "./query/create-run-queries";
export { FINAL_RUN_STATUSES, RUN_STATUSES } from "./query/query-fields";
export type * from "./query/run-query-types";
export type * from "./records/idempotency-record";
export type * from "./records/job-record";
export type * from "./records/log-record";
export { newJobRecord, newRunRecord, newStageRecord } from "./records/new-records";
export type * from "./records/outbox-record";
export type * from "./records/run-record";
export type * from "./records/schedule-record";
export type * from "./records/stage-record";
export { type CronSpec, parseCron } from "./schedules/cron-spec";
export {
  type DescribeScheduleOptions,
  describeSchedule,
  listSchedules,
  type ScheduleDescription,
  type ScheduleRunSummary,
} from "./schedules/describe-schedule";
export { DEFAULT_CATCHUP_WINDOW_MS } from "./schedules/resolve-schedule-definition";
export { tickIdempotencyKey } from "./schedules/schedule-ticks";
export { scheduleEventStream } from "./schedules/skipped-ticks";
export {
  type SyncSchedulesOptions,
  type SyncSchedulesResult,
  syncSchedules,
} from "./schedules/sync-schedules";
