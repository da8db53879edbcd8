import { AIInvalidRequestError, AIProviderError, SdkMissingError } from "@stageflow/ai";

const PROVIDER = "openai";

/**
 * The provider had to construct a client from `{ apiKey }` but the `openai` package could not be
 * imported. Install it (`npm i openai`) or pass `{ client }`. Not retryable.
 */
export class OpenAISdkMissingError extends SdkMissingError {
  override readonly name: string = "OpenAISdkMissingError";

  constructor(cause: unknown) {
    super(PROVIDER, "openai", { label: "OpenAI", cause });
  }
}

/** A request the provider rejects before calling the API (non-retryable). */
export function invalidRequest(message: string): Error {
  return new AIInvalidRequestError(PROVIDER, message);
}

/** The model declined a structured-output request (non-retryable). */
export function refusalError(refusal: string): Error {
  return new AIProviderError(PROVIDER, `The model refused: ${refusal}`, { retryable: false });
}
