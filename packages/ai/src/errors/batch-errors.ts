import type { ProviderName } from "../provider";
import { AIError } from "./ai-error";

/** The provider does not know this batch id (never submitted, expired, or lost). Not retryable. */
export class BatchNotFoundError extends AIError {
  override readonly name: string = "BatchNotFoundError";
  /** The id asked for. */
  readonly batchId: string;
  /** The provider asked. */
  readonly provider: ProviderName;

  constructor(provider: ProviderName, batchId: string, cause?: unknown) {
    super(`Batch "${batchId}" not found on provider "${provider}".`, {
      code: "AI_BATCH_NOT_FOUND",
      cause,
    });
    this.batchId = batchId;
    this.provider = provider;
  }
}

/**
 * Results were asked for before the batch completed. Retryable: poll `getStatus` until it reports
 * `completed`, then call `getResults`.
 */
export class BatchNotReadyError extends AIError {
  override readonly name: string = "BatchNotReadyError";
  /** The batch id. */
  readonly batchId: string;
  /** The provider asked. */
  readonly provider: ProviderName;

  constructor(provider: ProviderName, batchId: string, status: string) {
    super(
      `Batch "${batchId}" on provider "${provider}" is ${status}; results are available once it is completed.`,
      { code: "AI_BATCH_NOT_READY", retryable: true },
    );
    this.batchId = batchId;
    this.provider = provider;
  }
}

/**
 * The `metadata` passed to `getResults` is not what `submit` returned (a malformed `aiBatch`
 * entry, or one for another batch). Not retryable.
 */
export class BatchMetadataError extends AIError {
  override readonly name: string = "BatchMetadataError";

  constructor(message: string, cause?: unknown) {
    super(message, { code: "AI_BATCH_METADATA_INVALID", cause });
  }
}
