import { StageflowError } from "@stageflow/core";

/**
 * A stage handed batched requests to a kernel that cannot batch them: `createKernel` got no
 * `aiBatching` port, or the persistence adapter has no `aiBatches` store. Not retryable.
 */
export class AIBatchingNotConfiguredError extends StageflowError<"AI_BATCHING_NOT_CONFIGURED"> {
  /** The stage. */
  readonly stageId: string;

  /**
   * @param stageId - the stage whose requests could not be stored.
   * @param missing - what is missing.
   */
  constructor(stageId: string, missing: "port" | "store") {
    super(
      missing === "port"
        ? `Stage "${stageId}" batches AI requests across runs, but the kernel has no aiBatching port: pass createKernel({ aiBatching: createAIBatching({ providers }) }) (from @stageflow/ai)`
        : `Stage "${stageId}" batches AI requests across runs, but the persistence adapter has no aiBatches store (use @stageflow/persistence-kysely)`,
      { code: "AI_BATCHING_NOT_CONFIGURED", retryable: false, details: { stageId, missing } },
    );
    this.name = "AIBatchingNotConfiguredError";
    this.stageId = stageId;
  }
}

/** A batched request failed at the provider (or its batch did): the attempt fails, retryably. */
export class BatchedRequestFailedError extends StageflowError<"BATCHED_REQUEST_FAILED"> {
  /** The stage. */
  readonly stageId: string;

  /**
   * @param stageId - the stage.
   * @param reason - which requests failed and why.
   */
  constructor(stageId: string, reason: string) {
    super(`Stage "${stageId}": ${reason}`, {
      code: "BATCHED_REQUEST_FAILED",
      retryable: true,
      details: { stageId, reason },
    });
    this.name = "BatchedRequestFailedError";
    this.stageId = stageId;
  }
}
