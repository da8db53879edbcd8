/** Characters per token assumed when estimating a request's input tokens before it is sent. */
export const CHARS_PER_TOKEN_ESTIMATE = 4;

/**
 * A rough count of input tokens for the texts of a request: one token per four characters,
 * rounded up (the vendors' tokenizers average 3–4 characters per English token). Used for the
 * rate limiter's token reservation and the budget's estimate, both settled to the real count.
 */
export function estimateInputTokens(texts: readonly (string | undefined)[]): number {
  let chars = 0;
  for (const text of texts) chars += text?.length ?? 0;
  return Math.ceil(chars / CHARS_PER_TOKEN_ESTIMATE);
}
