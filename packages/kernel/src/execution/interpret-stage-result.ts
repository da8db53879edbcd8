import type { AnyStage, AnyWorkflow } from "@stageflow/core";
import { InvalidStageResultError } from "../errors/stage-errors";
import { assertJsonValue } from "../json/assert-json-value";
import type { BlobStore } from "../ports/blob-store";
import { assertStorable } from "./assert-storable";
import { stageOutputKey } from "./blob-keys";
import {
  type ValidatedSuspension,
  validateMetrics,
  validateSuspendedResult,
} from "./validate-suspended-result";

/** What a stage body produced, once checked (and its output stored). */
export type StageBodyOutcome =
  | {
      readonly kind: "completed";
      /** The output, parsed by the output schema. */
      readonly output: unknown;
      /** Where the output is stored. */
      readonly outputRef: string;
      readonly customMetrics: Record<string, number> | undefined;
      /** Set when the output is not stored yet: the completion stores it in its transaction. */
      readonly pendingPut?: true;
    }
  | { readonly kind: "suspended"; readonly suspension: ValidatedSuspension }
  | { readonly kind: "failed"; readonly error: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Checks what `execute` returned. A suspension (async-batch stages only) is validated; an
 * `{ output }` is parsed with the output schema, checked to be JSON, and stored in the blob store
 * at `runs/<runId>/stages/<stageId>/output`. Output, metrics and state holding what a database
 * cannot store (U+0000, a lone surrogate) fail with `UnstorableValueError`, before anything is
 * stored. Every check failure is non-retryable. With `deferPut` (and a blob store that can join a
 * transaction) the output is not stored here: the outcome says `pendingPut` and the completion
 * stores it in its own transaction.
 */
export async function interpretStageResult(options: {
  /** The kernel clock's time, for a suspension's default first check. */
  readonly now: Date;
  readonly blobStore: BlobStore;
  readonly workflow: AnyWorkflow;
  readonly definition: AnyStage;
  readonly workflowRunId: string;
  readonly result: unknown;
  /** Leave the output to the completion's transaction when the blob store can join it. */
  readonly deferPut?: boolean;
}): Promise<StageBodyOutcome> {
  const { definition, result } = options;
  const stageId = definition.id;
  if (isPlainObject(result) && result.suspended === true) {
    if (definition.mode !== "async-batch") {
      throw new InvalidStageResultError(
        stageId,
        "only stages defined with defineAsyncBatchStage may suspend",
      );
    }
    const suspension = validateSuspendedResult(stageId, result, options.now);
    assertStorable(stageId, "state", suspension.state);
    assertStorable(stageId, "customMetrics", suspension.customMetrics);
    return { kind: "suspended", suspension };
  }
  if (!isPlainObject(result) || !Object.hasOwn(result, "output")) {
    throw new InvalidStageResultError(stageId, "expected an object { output }");
  }
  const customMetrics = validateMetrics(result.customMetrics, (problem) => {
    throw new InvalidStageResultError(stageId, problem);
  });
  const parsed = options.workflow.parseStageOutput(stageId, result.output);
  if (!parsed.success) throw parsed.error;
  assertJsonValue(parsed.output, `output of stage "${stageId}"`);
  assertStorable(stageId, "output", parsed.output);
  assertStorable(stageId, "customMetrics", customMetrics);
  const outputRef = stageOutputKey(options.workflowRunId, stageId);
  if (options.deferPut === true && options.blobStore.putInTransaction !== undefined) {
    return { kind: "completed", output: parsed.output, outputRef, customMetrics, pendingPut: true };
  }
  await options.blobStore.put(outputRef, parsed.output);
  return { kind: "completed", output: parsed.output, outputRef, customMetrics };
}
