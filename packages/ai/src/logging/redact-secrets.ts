import { redactText } from "@stageflow/core";

/**
 * Removes anything that looks like a credential from a message, so error messages can be logged
 * and stored: registered secret values (every provider registers its API key), provider key
 * formats, bearer tokens, URL passwords and `api_key=…` values. The same rules as `redactText` of
 * `@stageflow/core`, which the kernel applies to everything it stores.
 */
export function redactSecrets(message: string): string {
  return redactText(message);
}

/** A loggable message for any thrown value, secrets redacted. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(message);
}
