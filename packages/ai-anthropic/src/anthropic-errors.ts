import { AIInvalidRequestError, type SdkErrorReaders, SdkMissingError } from "@stageflow/ai";

const PROVIDER = "anthropic";

/**
 * The provider had to construct a client from `{ apiKey }` but `@anthropic-ai/sdk` could not be
 * imported. Install it (`npm i @anthropic-ai/sdk`) or pass `{ client }`. Not retryable.
 */
export class AnthropicSdkMissingError extends SdkMissingError {
  override readonly name: string = "AnthropicSdkMissingError";

  constructor(cause: unknown) {
    super(PROVIDER, "@anthropic-ai/sdk", { label: "Anthropic", cause });
  }
}

/**
 * How `mapSdkError` reads the SDK's errors: the defaults (status, `retry-after` headers; 529
 * "overloaded" is a server error like any ≥ 500), except that without a status the SDK's own
 * client-side refusals (base `AnthropicError`, e.g. "streaming is required" for a huge
 * `max_tokens`) are not retryable, unlike connection failures and timeouts.
 */
export const anthropicErrorReaders: SdkErrorReaders = {
  isClientSideRefusal: (error) => error instanceof Error && error.name === "AnthropicError",
};

/** A request the provider rejects before calling the API (non-retryable). */
export function invalidRequest(message: string): Error {
  return new AIInvalidRequestError(PROVIDER, message);
}
