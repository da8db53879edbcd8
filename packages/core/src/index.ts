/**
 * `@stageflow/core`: typed stages and workflows for Stageflow. Define stages with zod
 * schemas, compose them into groups with {@link WorkflowBuilder}, and hand the built
 * {@link Workflow} to a Stageflow kernel. No I/O and no Node-only APIs: runs anywhere.
 *
 * @example
 * ```ts
 * import { defineStage, WorkflowBuilder } from "@stageflow/core";
 * import { z } from "zod";
 *
 * const extract = defineStage({
 *   id: "extract",
 *   name: "Extract",
 *   schemas: {
 *     input: z.object({ text: z.string() }),
 *     output: z.object({ words: z.array(z.string()) }),
 *     config: z.object({}),
 *   },
 *   async execute(ctx) {
 *     return { output: { words: ctx.input.text.split(/\s+/) } };
 *   },
 * });
 *
 * const count = defineStage.withContext<{ extract: { words: string[] } }>()({
 *   id: "count",
 *   name: "Count",
 *   dependencies: ["extract"],
 *   schemas: { input: "none", output: z.object({ n: z.number() }), config: z.object({}) },
 *   async execute(ctx) {
 *     return { output: { n: ctx.require("extract").words.length } };
 *   },
 * });
 *
 * const workflow = new WorkflowBuilder(
 *   "word-count", "Word count", "Counts words",
 *   z.object({ text: z.string() }), z.object({ n: z.number() }),
 * ).pipe(extract).pipe(count).build();
 * ```
 *
 * @packageDocumentation
 */

export type {
  AIBatchingPort,
  AttributedBatchResult,
  BatchedRequestRoute,
  BatchGroupSettings,
  PortBatchRequest,
  PortBatchResult,
  ProviderBatchRef,
} from "./batching/ai-batching-port";
export type {
  BatchedRequestOutcome,
  BatchedRequestStatus,
  BatchedResult,
} from "./batching/batched-outcome";
export {
  type BatchedRequest,
  type BatchedRequestKind,
  type BatchedRequestOptions,
  type BatchedRequestSpec,
  type BatchedResultOf,
  batched,
} from "./batching/batched-request";
export {
  BATCHED_REQUEST_KEY,
  type BatchedRequests,
  type BatchedResults,
  type BatchedStageDefinition,
  type CrossRunBatchState,
  DEFAULT_BATCHED_MAX_WAIT_MS,
  defineBatchedStage,
} from "./batching/define-batched-stage";
export type { CheckCompletionContext } from "./context/check-completion-context";
export {
  type CreateStageContextOptions,
  createStageContext,
} from "./context/create-stage-context";
export {
  LOG_LEVELS,
  type LogFunction,
  type LogLevel,
  type ProgressFunction,
  type ProgressUpdate,
} from "./context/log";
export { type StageClock, systemStageClock } from "./context/stage-clock";
export type { StageContext } from "./context/stage-context";
export type { StageStorage } from "./context/stage-storage";
export type {
  AICallEnd,
  AICallObservation,
  AICallStart,
  StageTelemetry,
} from "./context/stage-telemetry";
export {
  createUsageRecorder,
  type UsageRecord,
  type UsageRecorder,
  type UsageTotals,
} from "./context/usage-recorder";
export type { EmptyWorkflowContext, WorkflowContextShape } from "./context/workflow-context";
export { MissingStageOutputError } from "./errors/missing-stage-output-error";
export {
  isNonRetryableError,
  NonRetryableError,
  type NonRetryableErrorOptions,
} from "./errors/non-retryable-error";
export {
  isStageDeferral,
  type StageDeferral,
  StageDeferredError,
  type StageDeferredErrorOptions,
} from "./errors/stage-deferred-error";
export {
  isStageflowError,
  STAGEFLOW_ERROR_BRAND,
  StageflowError,
  type StageflowErrorOptions,
} from "./errors/stageflow-error";
export {
  ValidationError,
  type ValidationErrorOptions,
  type ValidationIssue,
} from "./errors/validation-error";
export {
  WorkflowDefinitionError,
  type WorkflowDefinitionErrorCode,
  type WorkflowDefinitionErrorOptions,
} from "./errors/workflow-definition-error";
export { findSecret } from "./secrets/find-secret";
export { containsSecretText, REDACTED, redactText } from "./secrets/redact-text";
export { redactValue } from "./secrets/redact-value";
export { isSecretKey } from "./secrets/secret-key";
export {
  MIN_SECRET_VALUE_LENGTH,
  registeredSecretValues,
  registerSecretValue,
} from "./secrets/secret-values";
export {
  type DefineAsyncBatchStage,
  type DefinedAsyncBatchStage,
  defineAsyncBatchStage,
} from "./stage/define-async-batch-stage";
export { type DefinedSyncStage, type DefineStage, defineStage } from "./stage/define-stage";
export type {
  InferStageConfig,
  InferStageContext,
  InferStageId,
  InferStageInput,
  InferStageOutput,
} from "./stage/infer-stage";
export {
  computeBackoffDelay,
  DEFAULT_RETRY_POLICY,
  type ResolvedRetryPolicy,
  type RetryPolicy,
  resolveRetryPolicy,
} from "./stage/retry-policy";
export type {
  AnyStage,
  AsyncBatchCancelReason,
  AsyncBatchStage,
  Stage,
  StageBase,
  StageMode,
  StageSchemas,
  StageTypes,
  SyncStage,
} from "./stage/stage";
export type {
  AsyncBatchStageDefinition,
  InferInputOption,
  InputSchemaOption,
  StageContextFor,
  StageDefinitionBase,
  StageDefinitionSchemas,
  SyncStageDefinition,
} from "./stage/stage-definition";
export {
  type CompletionCheckResult,
  isSuspendedResult,
  type PollConfig,
  type StageResult,
  type SuspendedResult,
  type SuspendedState,
} from "./stage/stage-result";
export { STAGE_ID_PATTERN } from "./stage/validate-stage-definition";
export type {
  AddStage,
  AddStages,
  CheckStage,
  CheckStages,
  StageflowTypeError,
  UnmetRequirements,
} from "./workflow/builder-checks";
export type { ExecutionGroup } from "./workflow/execution-group";
export type {
  InferWorkflowContext,
  InferWorkflowInput,
  InferWorkflowOutput,
} from "./workflow/infer-workflow";
export type {
  ConfigValidationResult,
  InputValidationResult,
  OutputValidationResult,
} from "./workflow/validation-result";
export {
  type AnyWorkflow,
  Workflow,
  type WorkflowDefinition,
  type WorkflowTypes,
} from "./workflow/workflow";
export { WorkflowBuilder } from "./workflow/workflow-builder";
